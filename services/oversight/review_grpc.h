// QualityReviewService's handlers: bound through the access table (policy_bind.h) to the
// operations of ReviewCore.
#ifndef SHOUHU_OVERSIGHT_REVIEW_GRPC_H_
#define SHOUHU_OVERSIGHT_REVIEW_GRPC_H_

#include "common/server/rpc_service.h"
#include "oversight/review_core.h"

namespace shouhu::oversight {

MethodTable QualityReviewMethods(ReviewCore* core);

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_REVIEW_GRPC_H_
