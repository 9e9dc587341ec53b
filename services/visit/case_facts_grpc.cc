#include "visit/case_facts_grpc.h"

#include "common/server/policy_bind.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"
#include "visit/access_policy.h"

namespace shouhu::visit {

MethodTable CaseFactsMethods(CaseFactsCore* core) {
  MethodTable t = MethodTable::For<opb::CaseFactsService>();
  BindPolicy(t, VisitAccessPolicy(), "GetCaseFacts", core, &CaseFactsCore::GetCaseFacts);
  return t;
}

}  // namespace shouhu::visit
