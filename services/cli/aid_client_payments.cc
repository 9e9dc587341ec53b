// The aid commands of disbursement and payment, the fund and reconciliation.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/aid_catalog.h"
#include "cli/aid_render.h"
#include "cli/aid_runner.h"
#include "cli/money.h"
#include "cli/runner_impl.h"

namespace shouhu::cli {
namespace {

using DisbStub = pb::DisbursementService::StubInterface;
using FundStub = pb::FundService::StubInterface;
using ReconStub = pb::ReconciliationService::StubInterface;

}  // namespace

int AidRunner::Plan() {
  pb::PlanDisbursementRequest req;
  if (!r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  if (req.request_id().empty()) req.set_request_id(r_.request_id_);
  r_.request_id_ = req.request_id();
  req.set_application_id(inv_.args[0]);
  pb::Disbursement d;
  if (!r_.Call(r_.stubs_.disbursements, &DisbStub::PlanDisbursement, req, &d, true)) {
    return kExitRpcError;
  }
  return Done(d, msg::kDonePlanned, RenderDisbursement(d, lang_));
}

int AidRunner::Disbursements() {
  pb::ListDisbursementsRequest req;
  req.set_application_id(inv_.Get("application"));
  req.set_unpaid_due_only(inv_.Flag("unpaid_due"));
  pb::ListDisbursementsResponse resp;
  if (!r_.Page(r_.stubs_.disbursements, &DisbStub::ListDisbursements, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] { return RenderDisbursementTable(resp.disbursements(), lang_); });
}

int AidRunner::ShowDisbursement() {
  pb::GetDisbursementRequest req;
  req.set_disbursement_id(inv_.args[0]);
  pb::Disbursement d;
  if (!r_.Call(r_.stubs_.disbursements, &DisbStub::GetDisbursement, req, &d, false)) {
    return kExitRpcError;
  }
  return Show(d, RenderDisbursement(d, lang_));
}

int AidRunner::FundsArrived() {
  std::optional<int64_t> version = DisbursementVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::RecordFundsArrivedRequest req;
  req.set_request_id(r_.request_id_);
  req.set_disbursement_id(inv_.args[0]);
  req.set_version(*version);
  *req.mutable_arrived_on() = DateOr("on", true);
  pb::Disbursement d;
  if (!r_.Call(r_.stubs_.disbursements, &DisbStub::RecordFundsArrived, req, &d, true)) {
    return kExitRpcError;
  }
  return Done(d, msg::kDoneFundsArrived, RenderDisbursement(d, lang_));
}

int AidRunner::Pay() {
  pb::RecordPaymentRequest req;
  req.set_request_id(r_.request_id_);
  req.set_disbursement_id(inv_.args[0]);
  req.set_instalment_sequence(static_cast<int32_t>(std::stoi(inv_.args[1])));  // Validated.
  req.set_amount_fen(Fen("amount"));
  *req.mutable_paid_on() = DateOr("on", true);
  req.set_voucher_number(inv_.Get("voucher"));
  req.set_bank_reference(inv_.Get("bank_ref"));
  pb::Payment p;
  if (!r_.Call(r_.stubs_.disbursements, &DisbStub::RecordPayment, req, &p, true)) {
    return kExitRpcError;
  }
  return Done(p, msg::kDonePaid, RenderPayment(p, lang_));
}

int AidRunner::PaymentUpdate(bool receipt) {
  pb::PaymentUpdateRequest req;
  req.set_request_id(r_.request_id_);
  req.set_payment_id(inv_.args[0]);
  req.set_version(inv_.Int("version", 0));  // Required by the parser.
  *req.mutable_on() = DateOr("on", true);
  if (receipt) {
    req.set_receipt_number(inv_.Get("receipt"));
  } else {
    req.set_failure_reason(inv_.Get("reason"));
  }
  pb::Payment p;
  if (!r_.Call(r_.stubs_.disbursements,
               receipt ? &DisbStub::ConfirmReceipt : &DisbStub::MarkPaymentFailed, req, &p, true)) {
    return kExitRpcError;
  }
  return Done(p, receipt ? msg::kDoneReceipt : msg::kDonePaymentFailed, RenderPayment(p, lang_));
}

int AidRunner::Notified() {
  std::optional<int64_t> version = DisbursementVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::RecordApplicantNotifiedRequest req;
  req.set_request_id(r_.request_id_);
  req.set_disbursement_id(inv_.args[0]);
  req.set_version(*version);
  req.set_method(EnumArg<pb::NotificationMethod>("NOTIFICATION_METHOD_", inv_.Get("method")));
  req.mutable_notified_at()->set_unix_millis(absl::ToUnixMillis(absl::Now()));
  pb::Disbursement d;
  if (!r_.Call(r_.stubs_.disbursements, &DisbStub::RecordApplicantNotified, req, &d, true)) {
    return kExitRpcError;
  }
  return Done(d, msg::kDoneNotified, RenderDisbursement(d, lang_));
}

int AidRunner::Amend() {
  pb::AmendDisbursementRequest req;
  if (!r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  std::optional<int64_t> version = DisbursementVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  req.set_request_id(r_.request_id_);
  req.set_disbursement_id(inv_.args[0]);
  req.set_version(*version);
  req.set_reason(inv_.Get("reason"));
  pb::Disbursement d;
  if (!r_.Call(r_.stubs_.disbursements, &DisbStub::AmendDisbursement, req, &d, true)) {
    return kExitRpcError;
  }
  return Done(d, msg::kDoneAmended, RenderDisbursement(d, lang_));
}

int AidRunner::Withdrawal() {
  std::optional<int64_t> version = DisbursementVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  pb::RecordGuardianWithdrawalRequest req;
  req.set_request_id(r_.request_id_);
  req.set_disbursement_id(inv_.args[0]);
  req.set_version(*version);
  pb::GuardianWithdrawal* w = req.mutable_withdrawal();
  *w->mutable_withdrawn_on() = DateOr("on", true);
  w->set_amount_fen(Fen("amount"));
  w->set_purpose(inv_.Get("purpose"));
  pb::Disbursement d;
  if (!r_.Call(r_.stubs_.disbursements, &DisbStub::RecordGuardianWithdrawal, req, &d, true)) {
    return kExitRpcError;
  }
  return Done(d, msg::kDoneWithdrawal, RenderDisbursement(d, lang_));
}

// --- Fund --------------------------------------------------------------------------------

int AidRunner::Fund() {
  pb::GetFundRequest req;
  req.set_year(static_cast<int32_t>(inv_.Int("year", TodayInChina().year())));
  pb::GetFundResponse resp;
  if (!r_.Call(r_.stubs_.fund, &FundStub::GetFund, req, &resp, false)) return kExitRpcError;
  return Show(resp, RenderFund(resp, lang_));
}

int AidRunner::FundAllocate() {
  pb::AllocateFundRequest req;
  req.set_request_id(r_.request_id_);
  req.set_year(static_cast<int32_t>(inv_.Int("year", TodayInChina().year())));
  req.set_pot(EnumArg<pb::FundPot>("FUND_POT_", inv_.Get("pot")));
  req.set_amount_fen(Fen("amount"));
  req.set_source(inv_.Get("source"));
  pb::Fund f;
  if (!r_.Call(r_.stubs_.fund, &FundStub::AllocateFund, req, &f, true)) return kExitRpcError;
  return Done(f, msg::kDoneAllocated, RenderFundPot(f, lang_));
}

int AidRunner::FundEntries() {
  pb::ListFundEntriesRequest req;
  req.set_year(static_cast<int32_t>(inv_.Int("year", TodayInChina().year())));
  if (inv_.Has("pot")) req.set_pot(EnumArg<pb::FundPot>("FUND_POT_", inv_.Get("pot")));
  pb::ListFundEntriesResponse resp;
  if (!r_.Page(r_.stubs_.fund, &FundStub::ListFundEntries, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] { return RenderFundEntries(resp.entries(), lang_); });
}

// --- Reconciliation ----------------------------------------------------------------------

int AidRunner::StatementImport() {
  pb::ImportBankStatementRequest req;
  if (!ReadInput(inv_.args[0], req.mutable_csv())) {
    r_.err_ << absl::Substitute(msg::kReadFailed(lang_), inv_.args[0]) << "\n";
    return kExitUsage;
  }
  req.set_request_id(r_.request_id_);
  req.set_account_label(inv_.Get("account"));
  *req.mutable_period_from() = DateOr("from", false);
  *req.mutable_period_to() = DateOr("to", false);
  pb::ImportBankStatementResponse resp;
  if (!r_.Call(r_.stubs_.reconciliation, &ReconStub::ImportBankStatement, req, &resp, true)) {
    return kExitRpcError;
  }
  return Done(resp, msg::kDoneImported, RenderImport(resp, lang_));
}

int AidRunner::ReconciliationIssues() {
  pb::ListReconciliationIssuesRequest req;
  if (inv_.Has("state")) {
    req.set_state(EnumArg<pb::ListReconciliationIssuesRequest::State>("STATE_", inv_.Get("state")));
  }
  pb::ListReconciliationIssuesResponse resp;
  if (!r_.Page(r_.stubs_.reconciliation, &ReconStub::ListReconciliationIssues, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] { return RenderIssues(resp.issues(), lang_); });
}

int AidRunner::ReconciliationResolve() {
  pb::ResolveReconciliationIssueRequest req;
  req.set_request_id(r_.request_id_);
  req.set_issue_id(inv_.args[0]);
  req.set_version(inv_.Int("version", 0));
  req.set_resolution(
      EnumArg<pb::ReconciliationIssue::Resolution>("RESOLUTION_", inv_.Get("resolution")));
  req.set_note(inv_.Get("note"));
  pb::ReconciliationIssue out;
  if (!r_.Call(r_.stubs_.reconciliation, &ReconStub::ResolveReconciliationIssue, req, &out, true)) {
    return kExitRpcError;
  }
  Repeated<pb::ReconciliationIssue> one;
  *one.Add() = out;
  return Done(out, msg::kDoneIssueResolved, RenderIssues(one, lang_));
}

}  // namespace shouhu::cli
