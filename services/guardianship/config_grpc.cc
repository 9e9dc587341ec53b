#include "guardianship/config_grpc.h"

#include "common/server/policy_bind.h"
#include "guardianship/access_policy.h"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"

namespace shouhu::guardianship {

MethodTable GuardianshipConfigMethods(ConfigCore* core) {
  MethodTable t = MethodTable::For<pb::GuardianshipConfigService>();
  const AccessPolicy& policy = GuardianshipAccessPolicy();
  BindPolicy(t, policy, "GetOrderPolicy", core, &ConfigCore::GetOrderPolicy);
  BindPolicy(t, policy, "UpdateOrderPolicy", core, &ConfigCore::UpdateOrderPolicy);
  return t;
}

}  // namespace shouhu::guardianship
