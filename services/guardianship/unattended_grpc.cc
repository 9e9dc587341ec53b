#include "guardianship/unattended_grpc.h"

#include "common/server/policy_bind.h"
#include "guardianship/access_policy.h"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"

namespace shouhu::guardianship {

MethodTable UnattendedMethods(UnattendedCore* core) {
  MethodTable t = MethodTable::For<pb::UnattendedChildService>();
  const AccessPolicy& policy = GuardianshipAccessPolicy();
  BindPolicy(t, policy, "AssessUnattendedChild", core, &UnattendedCore::Assess);
  BindPolicy(t, policy, "HandOffUnattendedCheck", core, &UnattendedCore::HandOff);
  BindPolicy(t, policy, "RecordUnattendedAnswer", core, &UnattendedCore::RecordAnswer);
  BindPolicy(t, policy, "GetUnattendedCheck", core, &UnattendedCore::Get);
  BindPolicy(t, policy, "ListUnattendedChecks", core, &UnattendedCore::List);
  BindPolicy(t, policy, "ListAddressedUnattendedHandoffs", core, &UnattendedCore::ListAddressed);
  return t;
}

}  // namespace shouhu::guardianship
