#include "visit/volunteer_grpc.h"

#include "common/server/policy_bind.h"
#include "shouhu/visit/v1/visit.grpc.pb.h"
#include "visit/access_policy.h"

namespace shouhu::visit {

MethodTable VolunteerMethods(VolunteerCore* core) {
  MethodTable t = MethodTable::For<pb::VolunteerService>();
  const AccessPolicy& policy = VisitAccessPolicy();
  BindPolicy(t, policy, "AssignVolunteer", core, &VolunteerCore::AssignVolunteer);
  BindPolicy(t, policy, "EndAssignment", core, &VolunteerCore::EndAssignment);
  BindPolicy(t, policy, "ListAssignments", core, &VolunteerCore::ListAssignments);
  BindPolicy(t, policy, "ListMyAssignments", core, &VolunteerCore::ListMyAssignments);
  BindPolicy(t, policy, "SubmitDailyReport", core, &VolunteerCore::SubmitDailyReport);
  BindPolicy(t, policy, "ListDailyReports", core, &VolunteerCore::ListDailyReports);
  return t;
}

}  // namespace shouhu::visit
