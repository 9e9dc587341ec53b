// Handlers of AidConfigService: the configuration operations bound behind the aid
// service's access policy.
#ifndef SHOUHU_AID_CONFIG_GRPC_H_
#define SHOUHU_AID_CONFIG_GRPC_H_

#include "aid/config_ops.h"
#include "common/server/rpc_service.h"

namespace shouhu::aid {

MethodTable AidConfigMethods(ConfigCore* core);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_CONFIG_GRPC_H_
