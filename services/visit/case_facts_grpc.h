// The CaseFactsService handler of the visit service: CaseFactsCore behind the visit access
// table (the oversight service only).
#ifndef SHOUHU_VISIT_CASE_FACTS_GRPC_H_
#define SHOUHU_VISIT_CASE_FACTS_GRPC_H_

#include "common/server/rpc_service.h"
#include "visit/case_facts.h"

namespace shouhu::visit {

MethodTable CaseFactsMethods(CaseFactsCore* core);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_CASE_FACTS_GRPC_H_
