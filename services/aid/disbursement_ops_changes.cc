// Changes of a plan after it is made: the applicant's notification, amendments of the
// unpaid instalments or the payee, and a guardian's withdrawals from protected money.
#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "aid/deadline_changes.h"
#include "aid/disbursement_ops.h"
#include "aid/disbursement_ops_internal.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"

namespace shouhu::aid {

namespace {

bool PayeeGiven(const pb::PayeeInput& payee) {
  return !payee.name().empty() || !payee.bank_name().empty() || !payee.account_number().empty();
}

}  // namespace

absl::StatusOr<pb::Disbursement> DisbursementCore::RecordApplicantNotified(
    const Principal& p, const pb::RecordApplicantNotifiedRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "DisbursementService", "RecordApplicantNotified"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.disbursement_id(), "disbursement_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckVersion(errors, req.version());
  if (req.method() < pb::NOTIFICATION_METHOD_IN_PERSON ||
      req.method() > pb::NOTIFICATION_METHOD_SMS) {
    errors.Add("method", "IN_PERSON, PHONE, LETTER or SMS");
  }
  const absl::Time at = FromTimestamp(req.notified_at());
  if (!req.has_notified_at() || req.notified_at().unix_millis() <= 0) {
    errors.Add("notified_at", "required");
  } else if (at > d_.clock->Now()) {
    errors.Add("notified_at", "not in the future");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Disbursement>(
      MutationOf(p, "RecordApplicantNotified", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Disbursement> {
        db::Tx& tx = m.tx();
        ASSIGN_OR_RETURN(pb::Disbursement d, Load(tx, req.disbursement_id()));
        ASSIGN_OR_RETURN(ApplicationRow app, LoadApplication(tx, d.application_id()));
        RETURN_IF_ERROR(Require(
            AssignedOrHead(), p,
            {.procuratorate = app.procuratorate, .agency = "", .assigned_to = app.assigned_to},
            "record the applicant's notification"));
        RETURN_IF_ERROR(m.CheckVersion(d.version(), req.version()));
        if (!d.has_funds_arrived_on() && d.purpose() == pb::DISBURSEMENT_PURPOSE_AWARD) {
          return absl::FailedPreconditionError("the funds have not arrived yet");
        }
        RETURN_IF_ERROR(
            repo_.SetNotified(tx, d.disbursement_id(), d.version(), at, req.method(), m.now()));
        RETURN_IF_ERROR(m.Audit("aid.disbursement.notified", "disbursement", d.disbursement_id(),
                                app.procuratorate));
        ASSIGN_OR_RETURN(pb::Disbursement stored, Load(tx, d.disbursement_id()));
        if (!d.has_applicant_notified_at()) {  // the first notification meets the deadline
          RETURN_IF_ERROR(PublishNotificationMet(tx, *d_.ids, stored, app, at, m.now()));
        }
        return Present(std::move(stored), m.now());
      });
}

absl::StatusOr<pb::Disbursement> DisbursementCore::AmendDisbursement(
    const Principal& p, const pb::AmendDisbursementRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "DisbursementService", "AmendDisbursement"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.disbursement_id(), "disbursement_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckVersion(errors, req.version());
  CheckText(errors, "reason", req.reason(), 1, 500);
  const bool payee_given = PayeeGiven(req.payee());
  if (payee_given) CheckPayee(errors, "payee", req.payee());
  if (!payee_given && req.instalments().empty()) {
    errors.Add("instalments", "give the new unpaid instalments, a new payee, or both");
  }
  int64_t amounts = 0;
  for (int i = 0; i < req.instalments_size(); ++i) {
    const pb::Instalment& in = req.instalments(i);
    const std::string field = absl::StrCat("instalments[", i, "]");
    if (in.amount_fen() <= 0) errors.Add(field + ".amount_fen", "must be positive");
    amounts += in.amount_fen() > 0 ? in.amount_fen() : 0;
    CheckDay(errors, field + ".due_on", in.due_on());
  }
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Disbursement>(
      MutationOf(p, "AmendDisbursement", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Disbursement> {
        db::Tx& tx = m.tx();
        ASSIGN_OR_RETURN(pb::Disbursement d, Load(tx, req.disbursement_id()));
        ASSIGN_OR_RETURN(ApplicationRow app, LoadApplication(tx, d.application_id()));
        RETURN_IF_ERROR(Require(
            AssignedOrHead(), p,
            {.procuratorate = app.procuratorate, .agency = "", .assigned_to = app.assigned_to},
            "amend a disbursement"));
        RETURN_IF_ERROR(m.CheckVersion(d.version(), req.version()));
        // Instalments up to the last one paid stay as they are.
        int last_paid = 0;
        int64_t kept = 0;
        for (const pb::Instalment& i : d.instalments()) {
          if (!i.payment_id().empty()) last_paid = i.sequence();
        }
        for (const pb::Instalment& i : d.instalments()) {
          if (i.sequence() <= last_paid) kept += i.amount_fen();
        }
        if (!req.instalments().empty()) {
          if (last_paid == static_cast<int>(d.instalments().size()) && last_paid > 0 &&
              d.paid_fen() == d.total_fen()) {
            return absl::FailedPreconditionError("everything is paid: nothing to amend");
          }
          pb::Disbursement next = d;
          next.clear_instalments();
          for (const pb::Instalment& i : d.instalments()) {
            if (i.sequence() <= last_paid) *next.add_instalments() = i;
          }
          for (const pb::Instalment& i : req.instalments()) *next.add_instalments() = i;
          FieldErrors shape;
          CheckInstalments(shape, d.method(), next.instalments());
          if (!shape.empty()) {
            FieldErrors e;
            e.Add("instalments",
                  absl::StrCat("the unpaid instalments continue from ", last_paid + 1,
                               " with due dates after the paid ones"));
            return e.ToStatus();
          }
          if (kept + amounts != d.total_fen()) {
            FieldErrors e;
            e.Add("instalments", absl::StrCat("the unpaid instalments must sum to ",
                                              d.total_fen() - kept, " fen"));
            return e.ToStatus();
          }
          d = std::move(next);
        }
        RETURN_IF_ERROR(repo_.Amend(tx, d, payee_given ? &req.payee() : nullptr,
                                    req.instalments().empty() ? 1 << 30 : last_paid + 1,
                                    req.reason(), m.now()));
        RETURN_IF_ERROR(m.Audit("aid.disbursement.amend", "disbursement", d.disbursement_id(),
                                app.procuratorate,
                                absl::StrCat("{\"payee_changed\":", payee_given ? "true" : "false",
                                             ",\"instalments\":", req.instalments_size(), "}")));
        ASSIGN_OR_RETURN(pb::Disbursement stored, Load(tx, d.disbursement_id()));
        return Present(std::move(stored), m.now());
      });
}

absl::StatusOr<pb::Disbursement> DisbursementCore::RecordGuardianWithdrawal(
    const Principal& p, const pb::RecordGuardianWithdrawalRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "DisbursementService", "RecordGuardianWithdrawal"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.disbursement_id(), "disbursement_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckVersion(errors, req.version());
  const pb::GuardianWithdrawal& w = req.withdrawal();
  std::optional<absl::CivilDay> on = CheckDay(errors, "withdrawal.withdrawn_on", w.withdrawn_on());
  if (on.has_value() && *on > ChinaDay(d_.clock->Now())) {
    errors.Add("withdrawal.withdrawn_on", "not in the future");
  }
  if (w.amount_fen() <= 0) errors.Add("withdrawal.amount_fen", "must be positive");
  CheckText(errors, "withdrawal.purpose", w.purpose(), 1, 200);
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Disbursement>(
      MutationOf(p, "RecordGuardianWithdrawal", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Disbursement> {
        db::Tx& tx = m.tx();
        ASSIGN_OR_RETURN(pb::Disbursement d, Load(tx, req.disbursement_id()));
        RETURN_IF_ERROR(m.CheckVersion(d.version(), req.version()));
        if (d.custody() == pb::CUSTODY_NONE) {
          return absl::FailedPreconditionError("the money is not held in custody");
        }
        if (d.guardian_monthly_limit_fen() > 0) {
          const absl::CivilMonth month(*on);
          const absl::CivilDay first(month);
          const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
          ASSIGN_OR_RETURN(int64_t used,
                           repo_.WithdrawnBetween(tx, d.disbursement_id(), first, last));
          if (used + w.amount_fen() > d.guardian_monthly_limit_fen()) {
            return absl::FailedPreconditionError(
                absl::StrCat("the monthly limit is ", d.guardian_monthly_limit_fen(), " fen; ",
                             used, " fen already withdrawn in ", DateString(first).substr(0, 7)));
          }
        }
        if (w.amount_fen() > d.custody_balance_fen()) {
          return absl::FailedPreconditionError(
              absl::StrCat("the protected balance is ", d.custody_balance_fen(), " fen"));
        }
        pb::GuardianWithdrawal stored = w;
        stored.set_sequence(d.withdrawals_size() + 1);
        stored.set_balance_after_fen(d.custody_balance_fen() - w.amount_fen());
        RETURN_IF_ERROR(repo_.InsertWithdrawal(tx, d, stored, p.Name(), m.now()));
        RETURN_IF_ERROR(m.Audit("aid.disbursement.withdrawal", "disbursement", d.disbursement_id(),
                                p.procuratorate,
                                absl::StrCat("{\"amount_fen\":", w.amount_fen(), "}")));
        ASSIGN_OR_RETURN(pb::Disbursement out, Load(tx, d.disbursement_id()));
        return Present(std::move(out), m.now());
      });
}

}  // namespace shouhu::aid
