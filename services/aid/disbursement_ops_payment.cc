// Payments: RecordPayment exactly once, ConfirmReceipt, MarkPaymentFailed.
#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "aid/disbursement_ops.h"
#include "aid/disbursement_ops_internal.h"
#include "aid/disbursement_sql.h"
#include "aid/fund_ledger.h"
#include "aid/ids.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "shouhu/aid/v1/events.pb.h"

namespace shouhu::aid {

namespace {

pb::FundPot PotOf(bool emergency) {
  return emergency ? pb::FUND_POT_EMERGENCY : pb::FUND_POT_REGULAR;
}

}  // namespace

absl::StatusOr<pb::Payment> DisbursementCore::RecordPayment(const Principal& p,
                                                            const pb::RecordPaymentRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "DisbursementService", "RecordPayment"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.disbursement_id(), "disbursement_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  if (req.instalment_sequence() <= 0) errors.Add("instalment_sequence", "1 or more");
  if (req.amount_fen() <= 0) errors.Add("amount_fen", "must be positive");
  std::optional<absl::CivilDay> paid_on = CheckDay(errors, "paid_on", req.paid_on());
  if (paid_on.has_value() && *paid_on > ChinaDay(d_.clock->Now())) {
    errors.Add("paid_on", "not in the future");
  }
  CheckReference(errors, "voucher_number", req.voucher_number(), /*required=*/true);
  CheckReference(errors, "bank_reference", req.bank_reference(), /*required=*/true);
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Payment>(
      MutationOf(p, "RecordPayment", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Payment> {
        db::Tx& tx = m.tx();
        // The plan's row lock serializes payments of one plan; the unique live key is what
        // guarantees one live payment per instalment.
        ASSIGN_OR_RETURN(pb::Disbursement d, Load(tx, req.disbursement_id()));
        const pb::Instalment* instalment = nullptr;
        for (const pb::Instalment& i : d.instalments()) {
          if (i.sequence() == req.instalment_sequence()) instalment = &i;
        }
        if (instalment == nullptr) {
          FieldErrors e;
          e.Add("instalment_sequence", "the plan has no such instalment");
          return e.ToStatus();
        }
        if (instalment->amount_fen() != req.amount_fen()) {
          FieldErrors e;
          e.Add("amount_fen",
                absl::StrCat("must equal the instalment: ", instalment->amount_fen(), " fen"));
          return e.ToStatus();
        }
        if (!instalment->payment_id().empty()) {
          return absl::FailedPreconditionError(
              absl::StrCat("instalment ", req.instalment_sequence(), " is already paid (",
                           instalment->payment_id(), ")"));
        }
        const bool emergency = d.purpose() == pb::DISBURSEMENT_PURPOSE_EMERGENCY_ADVANCE;
        if (!emergency && !d.has_funds_arrived_on()) {
          return absl::FailedPreconditionError(
              "the funds have not arrived from 财政: record their arrival first");
        }
        ASSIGN_OR_RETURN(ApplicationRow app, LoadApplication(tx, d.application_id()));
        if (!emergency && app.status != pb::APPLICATION_STATUS_APPROVED) {
          return absl::FailedPreconditionError("the application is no longer APPROVED");
        }
        const pb::FundPot pot = PotOf(emergency);
        PaymentRow row;
        row.procuratorate = app.procuratorate;
        row.application_id = app.id;
        pb::Payment& pay = row.payment;
        pay.set_payment_id(NewAidId(*d_.ids, AidIdKind::kPayment, app.procuratorate));
        pay.set_disbursement_id(d.disbursement_id());
        pay.set_instalment_sequence(req.instalment_sequence());
        pay.set_amount_fen(req.amount_fen());
        *pay.mutable_paid_on() = req.paid_on();
        pay.set_voucher_number(req.voucher_number());
        pay.set_bank_reference(req.bank_reference());
        pay.set_status(pb::PAYMENT_STATUS_PAID);
        pay.mutable_recorded_by()->set_principal(p.Name());
        pay.mutable_recorded_by()->set_display_name(p.display_name);
        pay.set_emergency(emergency);
        pay.set_reconciliation(pb::RECONCILIATION_STATUS_PENDING);
        pay.set_version(1);
        // The draw hits the pot that holds the approval's reservation (REGULAR at the
        // decision, EMERGENCY at the advance's approval).
        row.fund_year = ReservationYear(tx, app.id, pot, static_cast<int>(paid_on->year()));
        absl::Status inserted = repo_.InsertPayment(tx, row, m.now());
        if (absl::IsAlreadyExists(inserted)) {
          return absl::FailedPreconditionError(absl::StrCat(
              "instalment ", req.instalment_sequence(), " already has a live payment"));
        }
        RETURN_IF_ERROR(inserted);
        FundMove move{.procuratorate = app.procuratorate,
                      .year = row.fund_year,
                      .pot = pot,
                      .amount_fen = req.amount_fen(),
                      .application_id = app.id,
                      .payment_id = pay.payment_id(),
                      .actor = p.Name(),
                      .at = m.now()};
        RETURN_IF_ERROR(DrawFunds(tx, move));
        RETURN_IF_ERROR(repo_.AddApplicationPaid(tx, app.id, req.amount_fen(), m.now()));
        const bool protect = d.custody() != pb::CUSTODY_NONE;
        RETURN_IF_ERROR(repo_.RefreshPaidState(tx, d.disbursement_id(),
                                               protect ? req.amount_fen() : 0, m.now()));
        RETURN_IF_ERROR(m.Audit("aid.pay", "payment", pay.payment_id(), app.procuratorate,
                                absl::StrCat("{\"disbursement_id\":\"", d.disbursement_id(),
                                             "\",\"amount_fen\":", req.amount_fen(), "}")));
        pb::AidPaid event;
        event.set_payment_id(pay.payment_id());
        event.set_disbursement_id(d.disbursement_id());
        event.set_application_id(app.id);
        event.set_case_id(app.case_id);
        event.set_person_id(app.applicant_person_id);
        event.set_amount_fen(req.amount_fen());
        *event.mutable_paid_on() = req.paid_on();
        event.set_emergency(emergency);
        RETURN_IF_ERROR(m.Emit("aid.paid", pay.payment_id(), app.procuratorate, event));
        return pay;
      });
}

absl::StatusOr<pb::Payment> DisbursementCore::ConfirmReceipt(const Principal& p,
                                                             const pb::PaymentUpdateRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "DisbursementService", "ConfirmReceipt"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.payment_id(), "payment_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckVersion(errors, req.version());
  CheckReference(errors, "receipt_number", req.receipt_number(), /*required=*/true);
  std::optional<absl::CivilDay> on = CheckDay(errors, "on", req.on());
  if (!req.failure_reason().empty()) errors.Add("failure_reason", "not for a receipt");
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Payment>(
      MutationOf(p, "ConfirmReceipt", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Payment> {
        db::Tx& tx = m.tx();
        ASSIGN_OR_RETURN(std::optional<PaymentRow> row, repo_.GetPayment(tx, req.payment_id()));
        if (!row.has_value()) return absl::NotFoundError("payment_id: no such payment");
        RETURN_IF_ERROR(m.CheckVersion(row->payment.version(), req.version()));
        if (row->payment.status() != pb::PAYMENT_STATUS_PAID) {
          return absl::FailedPreconditionError("only a PAID payment gets a receipt");
        }
        if (*on < ToCivilDay(row->payment.paid_on())) {
          FieldErrors e;
          e.Add("on", "the receipt cannot precede the payment");
          return e.ToStatus();
        }
        RETURN_IF_ERROR(repo_.SetPaymentReceipted(tx, req.payment_id(), req.version(),
                                                  req.receipt_number(), *on, m.now()));
        // Lock order as RecordPayment: plan, then application.
        ASSIGN_OR_RETURN(pb::Disbursement d, Load(tx, row->payment.disbursement_id()));
        ASSIGN_OR_RETURN(ApplicationRow app, LoadApplication(tx, row->application_id));
        RETURN_IF_ERROR(MaybePaid(tx, app.id, m.now()));
        RETURN_IF_ERROR(
            m.Audit("aid.payment.receipt", "payment", req.payment_id(), row->procuratorate));
        ASSIGN_OR_RETURN(std::optional<PaymentRow> out, repo_.GetPayment(tx, req.payment_id()));
        return out->payment;
      });
}

absl::StatusOr<pb::Payment> DisbursementCore::MarkPaymentFailed(
    const Principal& p, const pb::PaymentUpdateRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "DisbursementService", "MarkPaymentFailed"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.payment_id(), "payment_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckVersion(errors, req.version());
  CheckText(errors, "failure_reason", req.failure_reason(), 1, 500);
  std::optional<absl::CivilDay> on = CheckDay(errors, "on", req.on());
  if (!req.receipt_number().empty()) errors.Add("receipt_number", "not for a failure");
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Payment>(
      MutationOf(p, "MarkPaymentFailed", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Payment> {
        db::Tx& tx = m.tx();
        ASSIGN_OR_RETURN(std::optional<PaymentRow> row, repo_.GetPayment(tx, req.payment_id()));
        if (!row.has_value()) return absl::NotFoundError("payment_id: no such payment");
        RETURN_IF_ERROR(m.CheckVersion(row->payment.version(), req.version()));
        if (row->payment.status() != pb::PAYMENT_STATUS_PAID) {
          return absl::FailedPreconditionError("only a PAID payment (not receipted) can fail");
        }
        ASSIGN_OR_RETURN(pb::Disbursement d, Load(tx, row->payment.disbursement_id()));
        ASSIGN_OR_RETURN(ApplicationRow app, LoadApplication(tx, row->application_id));
        RETURN_IF_ERROR(repo_.SetPaymentFailed(tx, req.payment_id(), req.version(),
                                               req.failure_reason(), *on, m.now()));
        const int64_t amount = row->payment.amount_fen();
        RETURN_IF_ERROR(UndrawFunds(tx, {.procuratorate = row->procuratorate,
                                         .year = row->fund_year,
                                         .pot = PotOf(row->payment.emergency()),
                                         .amount_fen = amount,
                                         .application_id = app.id,
                                         .payment_id = req.payment_id(),
                                         .actor = p.Name(),
                                         .at = m.now()}));
        RETURN_IF_ERROR(repo_.AddApplicationPaid(tx, app.id, -amount, m.now()));
        const bool protect = d.custody() != pb::CUSTODY_NONE;
        RETURN_IF_ERROR(
            repo_.RefreshPaidState(tx, d.disbursement_id(), protect ? -amount : 0, m.now()));
        RETURN_IF_ERROR(
            m.Audit("aid.payment.failed", "payment", req.payment_id(), row->procuratorate));
        ASSIGN_OR_RETURN(std::optional<PaymentRow> out, repo_.GetPayment(tx, req.payment_id()));
        return out->payment;
      });
}

}  // namespace shouhu::aid
