#include "aid/money_grpc.h"

#include "aid/access_policy.h"
#include "common/server/policy_bind.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"

namespace shouhu::aid {

namespace {

template <typename Core, typename Req, typename Resp>
void Bind(MethodTable& table, absl::string_view name, Core* core,
          absl::StatusOr<Resp> (Core::*op)(const Principal&, const Req&)) {
  BindPolicy(table, AidAccessPolicy(), name, core, op);
}

}  // namespace

MethodTable FundMethods(FundCore* core) {
  MethodTable t = MethodTable::For<pb::FundService>();
  Bind(t, "AllocateFund", core, &FundCore::AllocateFund);
  Bind(t, "GetFund", core, &FundCore::GetFund);
  Bind(t, "ListFundEntries", core, &FundCore::ListFundEntries);
  return t;
}

MethodTable DisbursementMethods(DisbursementCore* core) {
  MethodTable t = MethodTable::For<pb::DisbursementService>();
  Bind(t, "PlanDisbursement", core, &DisbursementCore::PlanDisbursement);
  Bind(t, "GetDisbursement", core, &DisbursementCore::GetDisbursement);
  Bind(t, "ListDisbursements", core, &DisbursementCore::ListDisbursements);
  Bind(t, "RecordFundsArrived", core, &DisbursementCore::RecordFundsArrived);
  Bind(t, "RecordPayment", core, &DisbursementCore::RecordPayment);
  Bind(t, "ConfirmReceipt", core, &DisbursementCore::ConfirmReceipt);
  Bind(t, "MarkPaymentFailed", core, &DisbursementCore::MarkPaymentFailed);
  Bind(t, "RecordApplicantNotified", core, &DisbursementCore::RecordApplicantNotified);
  Bind(t, "AmendDisbursement", core, &DisbursementCore::AmendDisbursement);
  Bind(t, "RecordGuardianWithdrawal", core, &DisbursementCore::RecordGuardianWithdrawal);
  return t;
}

MethodTable ReconciliationMethods(ReconciliationCore* core) {
  MethodTable t = MethodTable::For<pb::ReconciliationService>();
  Bind(t, "ImportBankStatement", core, &ReconciliationCore::ImportBankStatement);
  Bind(t, "ListReconciliationIssues", core, &ReconciliationCore::ListReconciliationIssues);
  Bind(t, "ResolveReconciliationIssue", core, &ReconciliationCore::ResolveReconciliationIssue);
  return t;
}

MethodTable RecoveryMethods(RecoveryCore* core) {
  MethodTable t = MethodTable::For<pb::RecoveryService>();
  Bind(t, "OpenRecovery", core, &RecoveryCore::OpenRecovery);
  Bind(t, "RecordRecoveryReceipt", core, &RecoveryCore::RecordRecoveryReceipt);
  Bind(t, "CloseRecovery", core, &RecoveryCore::CloseRecovery);
  Bind(t, "ListRecoveries", core, &RecoveryCore::ListRecoveries);
  return t;
}

}  // namespace shouhu::aid
