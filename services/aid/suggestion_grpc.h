// SocialAidService's method table (served by the generic adapter, behind the aid access table).
#ifndef SHOUHU_AID_SUGGESTION_GRPC_H_
#define SHOUHU_AID_SUGGESTION_GRPC_H_

#include "aid/suggestion_ops.h"
#include "common/server/rpc_service.h"

namespace shouhu::aid {

MethodTable SocialAidMethods(SuggestionCore* core);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_SUGGESTION_GRPC_H_
