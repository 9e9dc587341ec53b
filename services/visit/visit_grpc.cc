#include "visit/visit_grpc.h"

#include "common/server/policy_bind.h"
#include "shouhu/visit/v1/visit.grpc.pb.h"
#include "visit/access_policy.h"

namespace shouhu::visit {

MethodTable VisitMethods(VisitCore* core) {
  MethodTable t = MethodTable::For<pb::VisitService>();
  const AccessPolicy& policy = VisitAccessPolicy();
  BindPolicy(t, policy, "RecordVisit", core, &VisitCore::RecordVisit);
  BindPolicy(t, policy, "GetVisit", core, &VisitCore::GetVisit);
  BindPolicy(t, policy, "ListVisits", core, &VisitCore::ListVisits);
  BindPolicy(t, policy, "AmendVisit", core, &VisitCore::AmendVisit);
  BindPolicy(t, policy, "GetVisitStatistics", core, &VisitCore::GetVisitStatistics);
  BindPolicy(t, policy, "ListAmendments", core, &VisitCore::ListAmendments);
  BindPolicy(t, policy, "ListNeeds", core, &VisitCore::ListNeeds);
  BindPolicy(t, policy, "WithdrawNeed", core, &VisitCore::WithdrawNeed);
  BindPolicy(t, policy, "UploadBatch", core, &VisitCore::UploadBatch);
  BindPolicy(t, policy, "ListConflicts", core, &VisitCore::ListConflicts);
  BindPolicy(t, policy, "ResolveConflict", core, &VisitCore::ResolveConflict);
  return t;
}

}  // namespace shouhu::visit
