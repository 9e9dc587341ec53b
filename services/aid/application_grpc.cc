#include "aid/application_grpc.h"

#include "aid/access_policy.h"
#include "common/server/policy_bind.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"

namespace shouhu::aid {

MethodTable AidApplicationMethods(ApplicationCore* core) {
  MethodTable t = MethodTable::For<pb::AidApplicationService>();
  const AccessPolicy& policy = AidAccessPolicy();
  using C = ApplicationCore;
  BindPolicy(t, policy, "RegisterApplication", core, &C::RegisterApplication);
  BindPolicy(t, policy, "GetApplication", core, &C::GetApplication);
  BindPolicy(t, policy, "ListApplications", core, &C::ListApplications);
  BindPolicy(t, policy, "UpdateApplication", core, &C::UpdateApplication);
  BindPolicy(t, policy, "ComputeAmount", core, &C::ComputeAmount);
  BindPolicy(t, policy, "ProposeDecision", core, &C::ProposeDecision);
  BindPolicy(t, policy, "ReviewProposal", core, &C::ReviewProposal);
  BindPolicy(t, policy, "DecideApplication", core, &C::DecideApplication);
  BindPolicy(t, policy, "RecordCommitteeResolution", core, &C::RecordCommitteeResolution);
  BindPolicy(t, policy, "RecordHigherApproval", core, &C::RecordHigherApproval);
  BindPolicy(t, policy, "ApproveEmergencyAid", core, &C::ApproveEmergencyAid);
  BindPolicy(t, policy, "WithdrawApplication", core, &C::WithdrawApplication);
  BindPolicy(t, policy, "EvaluateEligibility", core, &C::EvaluateEligibility);
  BindPolicy(t, policy, "RequestMaterials", core, &C::RequestMaterials);
  BindPolicy(t, policy, "MaterialsReceived", core, &C::MaterialsReceived);
  BindPolicy(t, policy, "CompleteEmergencyPaperwork", core, &C::CompleteEmergencyPaperwork);
  BindPolicy(t, policy, "RevokeDecision", core, &C::RevokeDecision);
  BindPolicy(t, policy, "CloseUnpaid", core, &C::CloseUnpaid);
  BindPolicy(t, policy, "RecordRightsNotice", core, &C::RecordRightsNotice);
  BindPolicy(t, policy, "ListRightsNotices", core, &C::ListRightsNotices);
  BindPolicy(t, policy, "RecordPriorAid", core, &C::RecordPriorAid);
  return t;
}

}  // namespace shouhu::aid
