// Handlers of VolunteerService: the volunteer operations bound behind the visit access
// policy (every RPC of the service).
#ifndef SHOUHU_VISIT_VOLUNTEER_GRPC_H_
#define SHOUHU_VISIT_VOLUNTEER_GRPC_H_

#include "common/server/rpc_service.h"
#include "visit/volunteer_ops.h"

namespace shouhu::visit {

MethodTable VolunteerMethods(VolunteerCore* core);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_VOLUNTEER_GRPC_H_
