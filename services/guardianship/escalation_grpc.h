// Handlers of EscalationService: the escalation operations bound behind the guardianship
// access policy.
#ifndef SHOUHU_GUARDIANSHIP_ESCALATION_GRPC_H_
#define SHOUHU_GUARDIANSHIP_ESCALATION_GRPC_H_

#include "common/server/rpc_service.h"
#include "guardianship/escalation_ops.h"

namespace shouhu::guardianship {

MethodTable EscalationMethods(EscalationCore* core);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_ESCALATION_GRPC_H_
