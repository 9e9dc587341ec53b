// The gRPC method tables of the aid service's money part, each handler admitted by the aid
// access policy (BindPolicy) before its core operation runs.
#ifndef SHOUHU_AID_MONEY_GRPC_H_
#define SHOUHU_AID_MONEY_GRPC_H_

#include "aid/disbursement_ops.h"
#include "aid/fund_ops.h"
#include "aid/reconciliation.h"
#include "aid/recovery.h"
#include "common/server/rpc_service.h"

namespace shouhu::aid {

MethodTable FundMethods(FundCore* core);
MethodTable DisbursementMethods(DisbursementCore* core);
MethodTable ReconciliationMethods(ReconciliationCore* core);
MethodTable RecoveryMethods(RecoveryCore* core);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_MONEY_GRPC_H_
