// The VisitService handlers: VisitCore behind the visit access table.
#ifndef SHOUHU_VISIT_VISIT_GRPC_H_
#define SHOUHU_VISIT_VISIT_GRPC_H_

#include "common/server/rpc_service.h"
#include "visit/visit_core.h"

namespace shouhu::visit {

MethodTable VisitMethods(VisitCore* core);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_VISIT_GRPC_H_
