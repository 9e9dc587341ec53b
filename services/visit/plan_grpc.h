// Handlers of VisitPlanService: the plan operations bound behind the visit access policy
// (every RPC of the service).
#ifndef SHOUHU_VISIT_PLAN_GRPC_H_
#define SHOUHU_VISIT_PLAN_GRPC_H_

#include "common/server/rpc_service.h"
#include "visit/plan_ops.h"

namespace shouhu::visit {

MethodTable VisitPlanMethods(PlanCore* core);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_PLAN_GRPC_H_
