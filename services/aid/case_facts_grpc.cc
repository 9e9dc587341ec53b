#include "aid/case_facts_grpc.h"

#include "aid/access_policy.h"
#include "common/server/policy_bind.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"

namespace shouhu::aid {

MethodTable CaseFactsMethods(CaseFactsCore* core) {
  MethodTable t = MethodTable::For<opb::CaseFactsService>();
  BindPolicy(t, AidAccessPolicy(), "GetCaseFacts", core, &CaseFactsCore::GetCaseFacts);
  return t;
}

}  // namespace shouhu::aid
