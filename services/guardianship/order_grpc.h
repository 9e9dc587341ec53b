// Handlers of GuardianshipOrderService: the order operations bound behind the guardianship
// access policy. GetOrderStatistics is added by BindOrderStatistics (stats_ops.h, main.cc).
#ifndef SHOUHU_GUARDIANSHIP_ORDER_GRPC_H_
#define SHOUHU_GUARDIANSHIP_ORDER_GRPC_H_

#include "common/server/rpc_service.h"
#include "guardianship/order_ops.h"

namespace shouhu::guardianship {

MethodTable GuardianshipOrderMethods(OrderCore* core);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_ORDER_GRPC_H_
