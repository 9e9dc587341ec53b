#include "guardianship/escalation_grpc.h"

#include "common/server/policy_bind.h"
#include "guardianship/access_policy.h"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"

namespace shouhu::guardianship {

MethodTable EscalationMethods(EscalationCore* core) {
  MethodTable t = MethodTable::For<pb::EscalationService>();
  const AccessPolicy& policy = GuardianshipAccessPolicy();
  BindPolicy(t, policy, "DraftEscalation", core, &EscalationCore::Draft);
  BindPolicy(t, policy, "SubmitEscalation", core, &EscalationCore::Submit);
  BindPolicy(t, policy, "ApproveEscalation", core, &EscalationCore::Approve);
  BindPolicy(t, policy, "RecordEscalationServed", core, &EscalationCore::RecordServed);
  BindPolicy(t, policy, "RecordEscalationReply", core, &EscalationCore::RecordReply);
  BindPolicy(t, policy, "RecordCourtAnswer", core, &EscalationCore::RecordCourtAnswer);
  BindPolicy(t, policy, "CloseEscalation", core, &EscalationCore::Close);
  BindPolicy(t, policy, "GetEscalation", core, &EscalationCore::Get);
  BindPolicy(t, policy, "ListEscalations", core, &EscalationCore::List);
  BindPolicy(t, policy, "GetAgencyEscalation", core, &EscalationCore::GetAgency);
  BindPolicy(t, policy, "ListAgencyEscalations", core, &EscalationCore::ListAgency);
  BindPolicy(t, policy, "DiscloseEscalationIdentity", core, &EscalationCore::DiscloseIdentity);
  return t;
}

}  // namespace shouhu::guardianship
