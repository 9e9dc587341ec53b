// Handlers of GuardianshipConfigService: the configuration operations bound behind the
// guardianship access policy.
#ifndef SHOUHU_GUARDIANSHIP_CONFIG_GRPC_H_
#define SHOUHU_GUARDIANSHIP_CONFIG_GRPC_H_

#include "common/server/rpc_service.h"
#include "guardianship/config_ops.h"

namespace shouhu::guardianship {

MethodTable GuardianshipConfigMethods(ConfigCore* core);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_CONFIG_GRPC_H_
