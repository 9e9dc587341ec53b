#include "guardianship/order_grpc.h"

#include "common/server/policy_bind.h"
#include "guardianship/access_policy.h"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"

namespace shouhu::guardianship {

MethodTable GuardianshipOrderMethods(OrderCore* core) {
  MethodTable t = MethodTable::For<pb::GuardianshipOrderService>();
  const AccessPolicy& policy = GuardianshipAccessPolicy();
  BindPolicy(t, policy, "DraftOrder", core, &OrderCore::DraftOrder);
  BindPolicy(t, policy, "SubmitOrder", core, &OrderCore::SubmitOrder);
  BindPolicy(t, policy, "ApproveOrder", core, &OrderCore::ApproveOrder);
  BindPolicy(t, policy, "RecordService", core, &OrderCore::RecordService);
  BindPolicy(t, policy, "RecordCourtOrder", core, &OrderCore::RecordCourtOrder);
  BindPolicy(t, policy, "CancelOrder", core, &OrderCore::CancelOrder);
  BindPolicy(t, policy, "ExtendCompliancePeriod", core, &OrderCore::ExtendCompliancePeriod);
  BindPolicy(t, policy, "TerminateOrder", core, &OrderCore::TerminateOrder);
  BindPolicy(t, policy, "GetOrder", core, &OrderCore::GetOrder);
  BindPolicy(t, policy, "ListOrders", core, &OrderCore::ListOrders);
  BindPolicy(t, policy, "GetAgencyOrder", core, &OrderCore::GetAgencyOrder);
  BindPolicy(t, policy, "ListAgencyOrders", core, &OrderCore::ListAgencyOrders);
  BindPolicy(t, policy, "RecordGuidanceSession", core, &OrderCore::RecordGuidanceSession);
  BindPolicy(t, policy, "ListGuidanceSessions", core, &OrderCore::ListGuidanceSessions);
  BindPolicy(t, policy, "RecordComplianceCheck", core, &OrderCore::RecordComplianceCheck);
  BindPolicy(t, policy, "ListComplianceChecks", core, &OrderCore::ListComplianceChecks);
  BindPolicy(t, policy, "GetSupervisionSummary", core, &OrderCore::GetSupervisionSummary);
  BindPolicy(t, policy, "EvaluateOrder", core, &OrderCore::EvaluateOrder);
  BindPolicy(t, policy, "DiscloseOrderIdentity", core, &OrderCore::DiscloseOrderIdentity);
  return t;
}

}  // namespace shouhu::guardianship
