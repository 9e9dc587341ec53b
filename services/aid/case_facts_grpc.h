// The CaseFactsService's method table (proto/shouhu/oversight/v1/review.proto): GetCaseFacts
// bound to CaseFactsCore behind the aid access policy (common/server/policy_bind.h), which
// admits the oversight service only.
#ifndef SHOUHU_AID_CASE_FACTS_GRPC_H_
#define SHOUHU_AID_CASE_FACTS_GRPC_H_

#include "aid/case_facts.h"
#include "common/server/rpc_service.h"

namespace shouhu::aid {

MethodTable CaseFactsMethods(CaseFactsCore* core);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_CASE_FACTS_GRPC_H_
