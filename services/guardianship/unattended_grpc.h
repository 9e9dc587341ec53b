// Handlers of UnattendedChildService: the 事实无人抚养 operations bound behind the
// guardianship access policy.
#ifndef SHOUHU_GUARDIANSHIP_UNATTENDED_GRPC_H_
#define SHOUHU_GUARDIANSHIP_UNATTENDED_GRPC_H_

#include "common/server/rpc_service.h"
#include "guardianship/unattended_ops.h"

namespace shouhu::guardianship {

MethodTable UnattendedMethods(UnattendedCore* core);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_UNATTENDED_GRPC_H_
