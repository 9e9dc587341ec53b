#include "aid/config_grpc.h"

#include "aid/access_policy.h"
#include "common/server/policy_bind.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"

namespace shouhu::aid {

MethodTable AidConfigMethods(ConfigCore* core) {
  MethodTable t = MethodTable::For<pb::AidConfigService>();
  const AccessPolicy& policy = AidAccessPolicy();
  BindPolicy(t, policy, "UpsertWageEntry", core, &ConfigCore::UpsertWageEntry);
  BindPolicy(t, policy, "ListWageEntries", core, &ConfigCore::ListWageEntries);
  BindPolicy(t, policy, "GetAidPolicy", core, &ConfigCore::GetAidPolicy);
  BindPolicy(t, policy, "UpdateAidPolicy", core, &ConfigCore::UpdateAidPolicy);
  return t;
}

}  // namespace shouhu::aid
