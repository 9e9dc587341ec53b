#include "visit/plan_grpc.h"

#include "common/server/policy_bind.h"
#include "shouhu/visit/v1/visit.grpc.pb.h"
#include "visit/access_policy.h"

namespace shouhu::visit {

MethodTable VisitPlanMethods(PlanCore* core) {
  MethodTable t = MethodTable::For<pb::VisitPlanService>();
  const AccessPolicy& policy = VisitAccessPolicy();
  BindPolicy(t, policy, "CreatePlan", core, &PlanCore::CreatePlan);
  BindPolicy(t, policy, "GetPlan", core, &PlanCore::GetPlan);
  BindPolicy(t, policy, "ListPlans", core, &PlanCore::ListPlans);
  BindPolicy(t, policy, "WaiveSlot", core, &PlanCore::WaiveSlot);
  BindPolicy(t, policy, "CancelPlan", core, &PlanCore::CancelPlan);
  BindPolicy(t, policy, "AssignPlan", core, &PlanCore::AssignPlan);
  BindPolicy(t, policy, "ListDueVisits", core, &PlanCore::ListDueVisits);
  BindPolicy(t, policy, "UpsertScheduleTemplate", core, &PlanCore::UpsertScheduleTemplate);
  BindPolicy(t, policy, "ListScheduleTemplates", core, &PlanCore::ListScheduleTemplates);
  BindPolicy(t, policy, "GetVisitPolicy", core, &PlanCore::GetVisitPolicy);
  BindPolicy(t, policy, "UpdateVisitPolicy", core, &PlanCore::UpdateVisitPolicy);
  return t;
}

}  // namespace shouhu::visit
