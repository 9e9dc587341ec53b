// The AidApplicationService's method table: every RPC bound to ApplicationCore behind
// the aid access policy (common/server/policy_bind.h).
#ifndef SHOUHU_AID_APPLICATION_GRPC_H_
#define SHOUHU_AID_APPLICATION_GRPC_H_

#include "aid/application_core.h"
#include "common/server/rpc_service.h"

namespace shouhu::aid {

MethodTable AidApplicationMethods(ApplicationCore* core);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_APPLICATION_GRPC_H_
