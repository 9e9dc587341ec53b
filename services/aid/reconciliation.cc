#include "aid/reconciliation.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "aid/disbursement_ops_internal.h"
#include "aid/disbursement_repository.h"
#include "aid/disbursement_sql.h"
#include "aid/ids.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"

namespace shouhu::aid {

namespace {

using Issue = pb::ReconciliationIssue;

void InsertIssue(db::Tx& tx, const std::string& procuratorate, Issue::Kind kind,
                 const std::string& statement_id, int line, const std::string& payment_id,
                 const std::string& reference, int64_t statement_fen, int64_t payment_fen,
                 const std::string& on) {
  tx.Sql(kInsertIssue)
      .Str(procuratorate)
      .Int(kind)
      .Str(statement_id)
      .Int(line)
      .StrOrNull(payment_id)
      .Str(reference)
      .Int(statement_fen)
      .Int(payment_fen)
      .StrOrNull(on)
      .Exec();
}

void SetReconciliation(db::Tx& tx, const std::string& payment_id, pb::ReconciliationStatus s,
                       const std::string& statement_id, absl::Time now) {
  tx.Sql(kSetPaymentReconciliation)
      .Int(s)
      .Str(statement_id)
      .Int(absl::ToUnixMillis(now))
      .Str(payment_id)
      .Exec();
}

}  // namespace

absl::StatusOr<pb::ImportBankStatementResponse> ReconciliationCore::ImportBankStatement(
    const Principal& p, const pb::ImportBankStatementRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "ReconciliationService", "ImportBankStatement"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckText(errors, "account_label", req.account_label(), 1, 64);
  std::optional<absl::CivilDay> from = CheckDay(errors, "period_from", req.period_from());
  std::optional<absl::CivilDay> to = CheckDay(errors, "period_to", req.period_to());
  if (from.has_value() && to.has_value() && *to < *from) {
    errors.Add("period_to", "not before period_from");
  }
  absl::StatusOr<std::vector<ParsedLine>> parsed = ParseStatement(req.csv());
  if (!parsed.ok()) {
    for (const auto& [field, why] : FieldViolationsOf(parsed.status())) errors.Add(field, why);
  }
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::ImportBankStatementResponse>(
      MutationOf(p, "ImportBankStatement", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::ImportBankStatementResponse> {
        db::Tx& tx = m.tx();
        const std::string& proc = p.procuratorate;
        pb::ImportBankStatementResponse out;
        const std::string id = NewAidId(*d_.ids, AidIdKind::kStatement, proc);
        out.set_statement_id(id);
        tx.Sql(kInsertStatement)
            .Str(id)
            .Str(proc)
            .Str(req.account_label())
            .Str(DateString(*from))
            .Str(DateString(*to))
            .Int(static_cast<int64_t>(parsed->size()))
            .Str(p.Name())
            .Int(absl::ToUnixMillis(m.now()))
            .Exec();
        std::set<std::string> seen;          // references on this statement
        std::set<std::string> on_statement;  // payments found on it
        for (const ParsedLine& in : *parsed) {
          pb::StatementLine* line = out.add_lines();
          line->set_line_number(in.line_number);
          if (in.date.has_value()) *line->mutable_date() = FromCivilDay(*in.date);
          line->set_bank_reference(in.bank_reference);
          line->set_amount_fen(in.amount_fen);
          const std::string date = in.date.has_value() ? DateString(*in.date) : "";
          if (!in.problem.empty()) {
            line->set_result(pb::STATEMENT_LINE_RESULT_INVALID);
            line->set_problem(in.problem);
            out.set_invalid(out.invalid() + 1);
          } else if (!seen.insert(in.bank_reference).second || tx.Sql(kReferenceOnStatement)
                                                                   .Str(proc)
                                                                   .Str(in.bank_reference)
                                                                   .Rows()
                                                                   ->next()) {
            line->set_result(pb::STATEMENT_LINE_RESULT_DUPLICATE);
            out.set_duplicate(out.duplicate() + 1);
            InsertIssue(tx, proc, Issue::KIND_DUPLICATE, id, in.line_number, "", in.bank_reference,
                        in.amount_fen, 0, date);
          } else {
            auto rs = tx.Sql(kPaymentsByReference).Str(proc).Str(in.bank_reference).Rows();
            if (!rs->next()) {
              line->set_result(pb::STATEMENT_LINE_RESULT_UNMATCHED);
              out.set_unmatched(out.unmatched() + 1);
              InsertIssue(tx, proc, Issue::KIND_EXTRA, id, in.line_number, "", in.bank_reference,
                          in.amount_fen, 0, date);
            } else {
              const PaymentRow pay = PaymentFromRow(*rs);
              const pb::Payment& pm = pay.payment;
              line->set_payment_id(pm.payment_id());
              on_statement.insert(pm.payment_id());
              if (pm.amount_fen() == in.amount_fen) {
                line->set_result(pb::STATEMENT_LINE_RESULT_MATCHED);
                out.set_matched(out.matched() + 1);
                SetReconciliation(tx, pm.payment_id(), pb::RECONCILIATION_STATUS_MATCHED, id,
                                  m.now());
              } else {
                line->set_result(pb::STATEMENT_LINE_RESULT_AMOUNT_DIFFERS);
                line->set_expected_fen(pm.amount_fen());
                out.set_amount_differs(out.amount_differs() + 1);
                SetReconciliation(tx, pm.payment_id(), pb::RECONCILIATION_STATUS_AMOUNT_DIFFERS, id,
                                  m.now());
                InsertIssue(tx, proc, Issue::KIND_AMOUNT_DIFFERS, id, in.line_number,
                            pm.payment_id(), in.bank_reference, in.amount_fen, pm.amount_fen(),
                            date);
              }
            }
          }
          tx.Sql(kInsertStatementLine)
              .Str(id)
              .Int(line->line_number())
              .Str(proc)
              .StrOrNull(date)
              .Str(line->bank_reference())
              .Int(line->amount_fen())
              .Int(line->result())
              .StrOrNull(line->payment_id())
              .Int(line->expected_fen())
              .Str(line->problem())
              .Exec();
        }
        // Payments paid in the period, not yet found on any statement, and not on this one.
        std::vector<PaymentRow> missing;
        {
          auto rs = tx.Sql(kPaymentsPaidBetween)
                        .Str(proc)
                        .Str(DateString(*from))
                        .Str(DateString(*to))
                        .Rows();
          while (rs->next()) {
            PaymentRow pay = PaymentFromRow(*rs);
            const pb::ReconciliationStatus r = pay.payment.reconciliation();
            if (on_statement.contains(pay.payment.payment_id()) ||
                r == pb::RECONCILIATION_STATUS_MATCHED ||
                r == pb::RECONCILIATION_STATUS_AMOUNT_DIFFERS) {
              continue;
            }
            missing.push_back(std::move(pay));
          }
        }
        for (const PaymentRow& pay : missing) {
          const pb::Payment& pm = pay.payment;
          out.add_missing_payment_ids(pm.payment_id());
          SetReconciliation(tx, pm.payment_id(), pb::RECONCILIATION_STATUS_MISSING, id, m.now());
          InsertIssue(tx, proc, Issue::KIND_MISSING, id, 0, pm.payment_id(), pm.bank_reference(), 0,
                      pm.amount_fen(), DateString(pm.paid_on()));
        }
        RETURN_IF_ERROR(
            m.Audit("aid.statement.import", "bank_statement", id, proc,
                    absl::StrCat("{\"lines\":", out.lines_size(), ",\"matched\":", out.matched(),
                                 ",\"missing\":", out.missing_payment_ids_size(), "}")));
        return out;
      });
}

}  // namespace shouhu::aid
