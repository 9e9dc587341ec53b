// Rendering of disbursements, payments, the fund, reconciliation and recoveries.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "cli/aid_render.h"
#include "cli/aid_render_util.h"
#include "cli/money.h"

namespace shouhu::cli {
namespace {

using aid_render::ActorText;
using aid_render::CountLine;
using aid_render::EnumOrEmpty;
using aid_render::Fields;
using aid_render::Heading;
using aid_render::TimeOrEmpty;
using aid_render::WithFlag;

std::string YuanIf(int64_t fen, Lang lang) { return fen == 0 ? "" : Yuan(fen, lang); }

std::string PaymentTable(const Repeated<pb::Payment>& payments, Lang lang) {
  Table table({msg::kPaymentId(lang), msg::kSequence(lang), msg::kAmountYuan(lang),
               msg::kPaidOn(lang), msg::kStatus(lang), msg::kVoucher(lang), msg::kBankRef(lang),
               msg::kReceipt(lang), msg::kReconciliation(lang), msg::kVersion(lang)});
  for (const pb::Payment& p : payments) {
    std::string status = EnumName(p.status(), lang);
    if (!p.failure_reason().empty()) absl::StrAppend(&status, " (", p.failure_reason(), ")");
    if (p.emergency()) absl::StrAppend(&status, " ", msg::kEmergency(lang));
    table.AddRow({p.payment_id(), absl::StrCat(p.instalment_sequence()), FormatYuan(p.amount_fen()),
                  FormatDate(p.paid_on()), status, p.voucher_number(), p.bank_reference(),
                  p.receipt_number(), EnumOrEmpty(p.reconciliation(), lang),
                  absl::StrCat(p.version())});
  }
  return table.Render();
}

}  // namespace

std::string RenderDisbursement(const pb::Disbursement& d, Lang lang) {
  std::string notify_due =
      WithFlag(FormatDate(d.notify_due_on()), d.notify_overdue(), msg::kOverdue, lang);
  std::string notified = TimeOrEmpty(d.applicant_notified_at());
  if (!notified.empty())
    absl::StrAppend(&notified, " ", EnumOrEmpty(d.notification_method(), lang));
  Fields fields = {
      {msg::kDisbursementId(lang), d.disbursement_id()},
      {msg::kApplicationId(lang), d.application_id()},
      {msg::kCaseId(lang), d.case_id()},
      {msg::kPurpose(lang), EnumOrEmpty(d.purpose(), lang)},
      {msg::kMethod(lang), EnumOrEmpty(d.method(), lang)},
      {msg::kCustody(lang), EnumOrEmpty(d.custody(), lang)},
      {msg::kCustodian(lang), d.custodian()},
      {msg::kAgreement(lang), d.custody_agreement_ref()},
      {msg::kReleaseCondition(lang), d.release_condition()},
      {msg::kGuardianLimit(lang), YuanIf(d.guardian_monthly_limit_fen(), lang)},
      {msg::kCustodyBalance(lang), YuanIf(d.custody_balance_fen(), lang)},
      {msg::kPayee(lang),
       absl::StrCat(d.payee_name(), " ", d.payee_bank(), " ", d.payee_account())},
      {msg::kTotal(lang), Yuan(d.total_fen(), lang)},
      {msg::kPaid(lang), Yuan(d.paid_fen(), lang)},
      {msg::kFundsArrived(lang), FormatDate(d.funds_arrived_on())},
      {msg::kNotifyDue(lang), notify_due},
      {msg::kNotified(lang), notified},
      {msg::kAmendmentReason(lang), d.amendment_reason()},
      {msg::kVersion(lang), absl::StrCat(d.version())},
  };
  std::string out = RenderFields(fields);
  if (d.instalments_size() > 0) {
    Table table(
        {msg::kSequence(lang), msg::kDueOn(lang), msg::kAmountYuan(lang), msg::kPaymentId(lang)});
    for (const pb::Instalment& i : d.instalments()) {
      table.AddRow({absl::StrCat(i.sequence()), FormatDate(i.due_on()), FormatYuan(i.amount_fen()),
                    i.payment_id()});
    }
    absl::StrAppend(&out, Heading(msg::kInstalments, lang), table.Render());
  }
  if (d.payments_size() > 0) {
    absl::StrAppend(&out, Heading(msg::kPayments, lang), PaymentTable(d.payments(), lang));
  }
  if (d.withdrawals_size() > 0) {
    Table table({msg::kSequence(lang), msg::kTime(lang), msg::kAmountYuan(lang),
                 msg::kPurpose(lang), msg::kCustodyBalance(lang)});
    for (const pb::GuardianWithdrawal& w : d.withdrawals()) {
      table.AddRow({absl::StrCat(w.sequence()), FormatDate(w.withdrawn_on()),
                    FormatYuan(w.amount_fen()), w.purpose(), FormatYuan(w.balance_after_fen())});
    }
    absl::StrAppend(&out, Heading(msg::kWithdrawals, lang), table.Render());
  }
  return out;
}

std::string RenderDisbursementTable(const Repeated<pb::Disbursement>& list, Lang lang) {
  if (list.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kDisbursementId(lang), msg::kApplicationId(lang), msg::kMethod(lang),
               msg::kCustody(lang), msg::kTotal(lang), msg::kPaid(lang), msg::kFundsArrived(lang),
               msg::kNotifyDue(lang)});
  for (const pb::Disbursement& d : list) {
    table.AddRow(
        {d.disbursement_id(), d.application_id(), EnumOrEmpty(d.method(), lang),
         EnumOrEmpty(d.custody(), lang), FormatYuan(d.total_fen()), FormatYuan(d.paid_fen()),
         FormatDate(d.funds_arrived_on()),
         WithFlag(FormatDate(d.notify_due_on()), d.notify_overdue(), msg::kOverdue, lang)});
  }
  return absl::StrCat(table.Render(), CountLine(list.size(), lang));
}

std::string RenderPayment(const pb::Payment& p, Lang lang) {
  return RenderFields({
      {msg::kPaymentId(lang), p.payment_id()},
      {msg::kDisbursementId(lang), p.disbursement_id()},
      {msg::kSequence(lang), absl::StrCat(p.instalment_sequence())},
      {msg::kAmount(lang), Yuan(p.amount_fen(), lang)},
      {msg::kPaidOn(lang), FormatDate(p.paid_on())},
      {msg::kStatus(lang), EnumName(p.status(), lang)},
      {msg::kVoucher(lang), p.voucher_number()},
      {msg::kBankRef(lang), p.bank_reference()},
      {msg::kReceipt(lang), absl::StrCat(p.receipt_number(), " ", FormatDate(p.receipt_on()))},
      {msg::kReason(lang), p.failure_reason()},
      {msg::kReconciliation(lang), EnumOrEmpty(p.reconciliation(), lang)},
      {msg::kStatementId(lang), p.statement_id()},
      {msg::kActor(lang), ActorText(p.recorded_by())},
      {msg::kVersion(lang), absl::StrCat(p.version())},
  });
}

std::string RenderFundPot(const pb::Fund& f, Lang lang) {
  return RenderFields({{msg::kYear(lang), absl::StrCat(f.year())},
                       {msg::kPot(lang), EnumName(f.pot(), lang)},
                       {msg::kAllocated(lang), Yuan(f.allocated_fen(), lang)},
                       {msg::kReserved(lang), Yuan(f.reserved_fen(), lang)},
                       {msg::kDrawn(lang), Yuan(f.drawn_fen(), lang)},
                       {msg::kRecovered(lang), Yuan(f.recovered_fen(), lang)},
                       {msg::kAvailable(lang), Yuan(f.available_fen(), lang)},
                       {msg::kVersion(lang), absl::StrCat(f.version())}});
}

std::string RenderFund(const pb::GetFundResponse& fund, Lang lang) {
  Table table({msg::kYear(lang), msg::kPot(lang), msg::kAllocated(lang), msg::kReserved(lang),
               msg::kDrawn(lang), msg::kRecovered(lang), msg::kAvailable(lang)});
  for (const pb::Fund& f : fund.pots()) {
    table.AddRow({absl::StrCat(f.year()), EnumName(f.pot(), lang), FormatYuan(f.allocated_fen()),
                  FormatYuan(f.reserved_fen()), FormatYuan(f.drawn_fen()),
                  FormatYuan(f.recovered_fen()), FormatYuan(f.available_fen())});
  }
  return absl::StrCat(table.Render(),
                      fund.balanced() ? msg::kBalanced(lang) : msg::kNotBalanced(lang), "\n");
}

std::string RenderFundEntries(const Repeated<pb::FundEntry>& entries, Lang lang) {
  if (entries.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kSequence(lang), msg::kTime(lang), msg::kKind(lang), msg::kPot(lang),
               msg::kAmountYuan(lang), msg::kApplicationId(lang), msg::kPaymentId(lang),
               msg::kSource(lang), msg::kAvailableAfter(lang), msg::kActor(lang)});
  for (const pb::FundEntry& e : entries) {
    table.AddRow({absl::StrCat(e.sequence()), TimeOrEmpty(e.at()), EnumName(e.kind(), lang),
                  EnumName(e.pot(), lang), FormatYuan(e.amount_fen()), e.application_id(),
                  e.payment_id(), e.source(), FormatYuan(e.available_after_fen()),
                  ActorText(e.actor())});
  }
  return absl::StrCat(table.Render(), CountLine(entries.size(), lang));
}

std::string RenderImport(const pb::ImportBankStatementResponse& r, Lang lang) {
  std::string out =
      absl::StrCat(msg::kStatementId(lang), lang == Lang::kEn ? ": " : "：", r.statement_id(), "\n",
                   absl::Substitute(msg::kImportSummary(lang), r.matched(), r.amount_differs(),
                                    r.unmatched(), r.duplicate(), r.invalid()),
                   "\n");
  Table table({msg::kLine(lang), msg::kTime(lang), msg::kBankRef(lang), msg::kAmountYuan(lang),
               msg::kResult(lang), msg::kPaymentId(lang), msg::kExpected(lang),
               msg::kProblem(lang)});
  size_t rows = 0;
  for (const pb::StatementLine& l : r.lines()) {
    if (l.result() == pb::STATEMENT_LINE_RESULT_MATCHED) continue;  // Only what needs a look.
    table.AddRow({absl::StrCat(l.line_number()), FormatDate(l.date()), l.bank_reference(),
                  FormatYuan(l.amount_fen()), EnumName(l.result(), lang), l.payment_id(),
                  l.expected_fen() == 0 ? "" : FormatYuan(l.expected_fen()), l.problem()});
    ++rows;
  }
  if (rows > 0) absl::StrAppend(&out, "\n", table.Render());
  if (r.missing_payment_ids_size() > 0) {
    absl::StrAppend(&out, Heading(msg::kMissingPayments, lang));
    for (const std::string& id : r.missing_payment_ids()) absl::StrAppend(&out, "  ", id, "\n");
  }
  return out;
}

std::string RenderIssues(const Repeated<pb::ReconciliationIssue>& issues, Lang lang) {
  if (issues.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kIssueId(lang), msg::kKind(lang), msg::kTime(lang), msg::kStatementId(lang),
               msg::kLine(lang), msg::kPaymentId(lang), msg::kBankRef(lang), msg::kAmountYuan(lang),
               msg::kExpected(lang), msg::kResolution(lang), msg::kNote(lang),
               msg::kVersion(lang)});
  for (const pb::ReconciliationIssue& i : issues) {
    table.AddRow({i.issue_id(), EnumName(i.kind(), lang), FormatDate(i.date()), i.statement_id(),
                  i.line_number() == 0 ? "" : absl::StrCat(i.line_number()), i.payment_id(),
                  i.bank_reference(), i.statement_fen() == 0 ? "" : FormatYuan(i.statement_fen()),
                  i.payment_fen() == 0 ? "" : FormatYuan(i.payment_fen()),
                  EnumName(i.resolution(), lang), i.resolution_note(), absl::StrCat(i.version())});
  }
  return absl::StrCat(table.Render(), CountLine(issues.size(), lang));
}

std::string RenderRecovery(const pb::Recovery& r, Lang lang) {
  std::string out = RenderFields({
      {msg::kRecoveryId(lang), r.recovery_id()},
      {msg::kApplicationId(lang), r.application_id()},
      {msg::kKind(lang), EnumName(r.kind(), lang)},
      {msg::kStatus(lang), EnumName(r.status(), lang)},
      {msg::kDebtor(lang), r.debtor()},
      {msg::kReason(lang), r.reason()},
      {msg::kAmountDue(lang), Yuan(r.amount_due_fen(), lang)},
      {msg::kRecovered(lang), Yuan(r.recovered_fen(), lang)},
      {msg::kDestination(lang), EnumOrEmpty(r.destination(), lang)},
      {msg::kOpenedAt(lang), FormatDate(r.opened_on())},
      {msg::kTermination(lang), r.termination_reason()},
      {msg::kVersion(lang), absl::StrCat(r.version())},
  });
  if (r.receipts_size() > 0) {
    Table table({msg::kTime(lang), msg::kAmountYuan(lang), msg::kVoucher(lang), msg::kActor(lang)});
    for (const pb::RecoveryReceipt& rc : r.receipts()) {
      table.AddRow({FormatDate(rc.received_on()), FormatYuan(rc.amount_fen()), rc.voucher_number(),
                    ActorText(rc.recorded_by())});
    }
    absl::StrAppend(&out, Heading(msg::kReceipts, lang), table.Render());
  }
  return out;
}

std::string RenderRecoveryTable(const Repeated<pb::Recovery>& list, Lang lang) {
  if (list.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kRecoveryId(lang), msg::kApplicationId(lang), msg::kKind(lang),
               msg::kStatus(lang), msg::kAmountDue(lang), msg::kRecovered(lang),
               msg::kVersion(lang)});
  for (const pb::Recovery& r : list) {
    table.AddRow({r.recovery_id(), r.application_id(), EnumName(r.kind(), lang),
                  EnumName(r.status(), lang), FormatYuan(r.amount_due_fen()),
                  FormatYuan(r.recovered_fen()), absl::StrCat(r.version())});
  }
  return absl::StrCat(table.Render(), CountLine(list.size(), lang));
}

}  // namespace shouhu::cli
