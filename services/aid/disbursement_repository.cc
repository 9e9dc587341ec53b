#include "aid/disbursement_repository.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "aid/disbursement_sql.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/db/mutation.h"
#include "common/server/tenant.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;

namespace {

constexpr char kEntity[] = "aid_disbursements";

// Sets a wire date from a DATE column (left unset for NULL).
template <typename Setter>
void ReadDate(sql::ResultSet& rs, const char* column, Setter set) {
  if (rs.isNull(column)) return;
  std::optional<absl::CivilDay> d = ParseDateString(rs.getString(column).asStdString());
  if (d.has_value()) *set() = FromCivilDay(*d);
}

std::string Last4(const std::string& account) {
  return account.size() <= 4 ? account : account.substr(account.size() - 4);
}

absl::Status Applied(int64_t rows, const char* what) {
  if (rows == 1) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat("the ", what, " changed since it was read"));
}

}  // namespace

PaymentRow PaymentFromRow(sql::ResultSet& rs) {
  PaymentRow row;
  pb::Payment& p = row.payment;
  p.set_payment_id(rs.getString("id"));
  p.set_disbursement_id(rs.getString("disbursement_id"));
  p.set_instalment_sequence(rs.getInt("instalment_sequence"));
  p.set_amount_fen(rs.getInt64("amount_fen"));
  ReadDate(rs, "paid_on", [&] { return p.mutable_paid_on(); });
  p.set_voucher_number(rs.getString("voucher_number"));
  p.set_bank_reference(rs.getString("bank_reference"));
  p.set_status(static_cast<pb::PaymentStatus>(rs.getInt("status")));
  p.set_receipt_number(rs.getString("receipt_number"));
  ReadDate(rs, "receipt_on", [&] { return p.mutable_receipt_on(); });
  p.set_failure_reason(rs.getString("failure_reason"));
  p.mutable_recorded_by()->set_principal(rs.getString("recorded_by"));
  p.mutable_recorded_by()->set_display_name(rs.getString("recorded_by_name"));
  p.set_emergency(rs.getBoolean("emergency"));
  p.set_reconciliation(static_cast<pb::ReconciliationStatus>(rs.getInt("reconciliation")));
  p.set_statement_id(db::GetStr(rs, "statement_id"));
  p.set_version(rs.getInt64("version"));
  row.procuratorate = rs.getString("procuratorate_code");
  row.application_id = rs.getString("application_id");
  row.fund_year = rs.getInt("fund_year");
  return row;
}

std::string MaskedAccount(const std::string& last4) {
  return last4.size() == 4 ? absl::StrCat("**** ", last4) : "****";
}

absl::StatusOr<std::optional<ApplicationRow>> DisbursementRepository::GetApplication(
    db::Tx& tx, const std::string& id) const {
  auto rs = tx.Sql(kGetApplication).Str(id).Rows();
  if (!rs->next()) return std::nullopt;
  ApplicationRow a;
  a.id = rs->getString("id");
  a.procuratorate = rs->getString("procuratorate_code");
  a.case_id = rs->getString("case_id");
  a.status = static_cast<pb::ApplicationStatus>(rs->getInt("status"));
  a.assigned_to = db::GetStr(*rs, "assigned_to");
  a.applicant_person_id = db::GetStr(*rs, "applicant_person_id");
  a.victim_minor = rs->getBoolean("victim_minor");
  a.approved_fen = rs->getInt64("approved_fen");
  a.emergency_fen = rs->getInt64("emergency_fen");
  a.paid_fen = rs->getInt64("paid_fen");
  a.recovered_fen = rs->getInt64("recovered_fen");
  a.version = rs->getInt64("version");
  return a;
}

absl::Status DisbursementRepository::AddApplicationPaid(db::Tx& tx, const std::string& id,
                                                        int64_t delta, absl::Time now) const {
  const int64_t n =
      tx.Sql(kAddApplicationPaid).Int(delta).Int(absl::ToUnixMillis(now)).Str(id).Int(delta).Exec();
  if (n != 1) return absl::FailedPreconditionError("the application's paid amount would be < 0");
  return absl::OkStatus();
}

absl::Status DisbursementRepository::SetApplicationStatus(db::Tx& tx, const std::string& id,
                                                          pb::ApplicationStatus from,
                                                          pb::ApplicationStatus to,
                                                          absl::Time now) const {
  tx.Sql(kSetApplicationStatus).Int(to).Int(absl::ToUnixMillis(now)).Str(id).Int(from).Exec();
  return absl::OkStatus();
}

absl::Status DisbursementRepository::AddApplicationRecovered(db::Tx& tx, const std::string& id,
                                                             int64_t amount, absl::Time now) const {
  tx.Sql(kAddApplicationRecovered).Int(amount).Int(absl::ToUnixMillis(now)).Str(id).Exec();
  return absl::OkStatus();
}

absl::StatusOr<int64_t> DisbursementRepository::EmergencyPaid(
    db::Tx& tx, const std::string& application_id) const {
  auto rs = tx.Sql(kEmergencyPaid).Str(application_id).Rows();
  return rs->next() ? rs->getInt64(1) : 0;
}

absl::StatusOr<int64_t> DisbursementRepository::Planned(db::Tx& tx,
                                                        const std::string& application_id,
                                                        pb::DisbursementPurpose purpose) const {
  auto rs = tx.Sql(kPlannedOfApp).Str(application_id).Int(purpose).Rows();
  return rs->next() ? rs->getInt64(1) : 0;
}

absl::StatusOr<bool> DisbursementRepository::AwardComplete(
    db::Tx& tx, const std::string& application_id) const {
  auto rs = tx.Sql(kAwardProgress).Str(application_id).Str(application_id).Rows();
  if (!rs->next()) return false;
  return rs->getInt64("plans") > 0 && rs->getInt64("unpaid") == 0 &&
         rs->getInt64("unreceipted") == 0;
}

absl::Status DisbursementRepository::Insert(db::Tx& tx, const pb::Disbursement& d,
                                            const pb::PayeeInput& payee, absl::Time now) const {
  const std::string& id = d.disbursement_id();
  ASSIGN_OR_RETURN(std::string name, sealed_->Seal(payee.name(), kEntity, id, "payee_name"));
  ASSIGN_OR_RETURN(std::string account,
                   sealed_->Seal(payee.account_number(), kEntity, id, "payee_account"));
  const std::string proc = TenantOfId(id);
  const int64_t ms = absl::ToUnixMillis(now);
  tx.Sql(kInsertDisbursement)
      .Str(id)
      .Str(proc)
      .Str(d.application_id())
      .Str(d.case_id())
      .Int(d.purpose())
      .Int(d.method())
      .Int(d.custody())
      .Str(d.custodian())
      .Int(d.guardian_monthly_limit_fen())
      .Blob(name)
      .Str(payee.bank_name())
      .Blob(account)
      .Str(Last4(payee.account_number()))
      .Int(d.total_fen())
      .Str(d.custody_agreement_ref())
      .Str(d.release_condition())
      .Str(DateString(d.instalments(0).due_on()))
      .Int(ms)
      .Int(ms)
      .Exec();
  for (const pb::Instalment& i : d.instalments()) {
    tx.Sql(kInsertInstalment)
        .Str(id)
        .Int(i.sequence())
        .Str(proc)
        .Str(DateString(i.due_on()))
        .Int(i.amount_fen())
        .Exec();
  }
  return absl::OkStatus();
}

absl::StatusOr<pb::Disbursement> DisbursementRepository::FromRow(db::Tx& tx,
                                                                 sql::ResultSet& rs) const {
  pb::Disbursement d;
  const std::string id = rs.getString("id");
  d.set_disbursement_id(id);
  d.set_application_id(rs.getString("application_id"));
  d.set_case_id(rs.getString("case_id"));
  d.set_purpose(static_cast<pb::DisbursementPurpose>(rs.getInt("purpose")));
  d.set_method(static_cast<pb::DisbursementMethod>(rs.getInt("method")));
  d.set_custody(static_cast<pb::Custody>(rs.getInt("custody")));
  d.set_custodian(rs.getString("custodian"));
  d.set_guardian_monthly_limit_fen(rs.getInt64("guardian_monthly_limit_fen"));
  ASSIGN_OR_RETURN(std::string name,
                   sealed_->Open(db::GetBlob(rs, "payee_name_enc"), kEntity, id, "payee_name"));
  d.set_payee_name(name);
  d.set_payee_bank(rs.getString("payee_bank"));
  d.set_payee_account(MaskedAccount(rs.getString("payee_account_last4")));
  d.set_total_fen(rs.getInt64("total_fen"));
  d.set_paid_fen(rs.getInt64("paid_fen"));
  ReadDate(rs, "funds_arrived_on", [&] { return d.mutable_funds_arrived_on(); });
  ReadDate(rs, "notify_due_on", [&] { return d.mutable_notify_due_on(); });
  if (!rs.isNull("applicant_notified_at_ms")) {
    *d.mutable_applicant_notified_at() =
        TimestampFromMillis(rs.getInt64("applicant_notified_at_ms"));
  }
  d.set_notification_method(static_cast<pb::NotificationMethod>(rs.getInt("notification_method")));
  d.set_custody_agreement_ref(rs.getString("custody_agreement_ref"));
  d.set_release_condition(rs.getString("release_condition"));
  d.set_custody_balance_fen(rs.getInt64("custody_balance_fen"));
  ASSIGN_OR_RETURN(std::string reason, sealed_->Open(db::GetBlob(rs, "amendment_reason_enc"),
                                                     kEntity, id, "amendment_reason"));
  d.set_amendment_reason(reason);
  d.set_version(rs.getInt64("version"));

  auto ins = tx.Sql(kInstalmentsOf).Str(id).Rows();
  while (ins->next()) {
    pb::Instalment* i = d.add_instalments();
    i->set_sequence(ins->getInt("sequence"));
    ReadDate(*ins, "due_on", [&] { return i->mutable_due_on(); });
    i->set_amount_fen(ins->getInt64("amount_fen"));
  }
  auto pays = tx.Sql(kPaymentsOf).Str(id).Rows();
  while (pays->next()) {
    PaymentRow p = PaymentFromRow(*pays);
    if (p.payment.status() != pb::PAYMENT_STATUS_FAILED) {
      for (pb::Instalment& i : *d.mutable_instalments()) {
        if (i.sequence() == p.payment.instalment_sequence()) {
          i.set_payment_id(p.payment.payment_id());
        }
      }
    }
    *d.add_payments() = std::move(p.payment);
  }
  auto wds = tx.Sql(kWithdrawalsOf).Str(id).Rows();
  while (wds->next()) {
    pb::GuardianWithdrawal* w = d.add_withdrawals();
    w->set_sequence(wds->getInt("sequence"));
    ReadDate(*wds, "withdrawn_on", [&] { return w->mutable_withdrawn_on(); });
    w->set_amount_fen(wds->getInt64("amount_fen"));
    ASSIGN_OR_RETURN(std::string purpose,
                     sealed_->Open(db::GetBlob(*wds, "purpose_enc"), "aid_withdrawals",
                                   absl::StrCat(id, ":", w->sequence()), "purpose"));
    w->set_purpose(purpose);
    w->set_balance_after_fen(wds->getInt64("balance_after_fen"));
    w->mutable_recorded_by()->set_principal(wds->getString("recorded_by"));
  }
  return d;
}

absl::StatusOr<std::optional<pb::Disbursement>> DisbursementRepository::Get(db::Tx& tx,
                                                                            const std::string& id,
                                                                            bool lock) const {
  auto rs = tx.Sql(lock ? kGetDisbursementForUpdate : kGetDisbursement).Str(id).Rows();
  if (!rs->next()) return std::nullopt;
  return FromRow(tx, *rs);
}

absl::StatusOr<std::vector<std::pair<std::string, pb::Disbursement>>> DisbursementRepository::List(
    db::Tx& tx, const ListQuery& q) const {
  std::unique_ptr<sql::ResultSet> rs;
  if (q.due_by.has_value()) {
    // Token "<next_due_on>|<seq>".
    std::string after_day = "0000-01-01";
    int64_t after_seq = 0;
    if (!q.after.empty()) {
      std::vector<std::string> parts = absl::StrSplit(q.after, '|');
      if (parts.size() != 2 || !ParseDateString(parts[0]).has_value() ||
          !absl::SimpleAtoi(parts[1], &after_seq)) {
        return absl::InvalidArgumentError("page_token: not a token of this list");
      }
      after_day = parts[0];
    }
    rs = tx.Sql(kDisbursementsDue)
             .Str(q.procuratorate)
             .Str(DateString(*q.due_by))
             .Str(after_day)
             .Str(after_day)
             .Int(after_seq)
             .Int(q.limit)
             .Rows();
  } else {
    int64_t after_seq = 0;
    if (!q.after.empty() && !absl::SimpleAtoi(q.after, &after_seq)) {
      return absl::InvalidArgumentError("page_token: not a token of this list");
    }
    if (q.application_id.empty()) {
      rs = tx.Sql(kDisbursementsOfProc).Str(q.procuratorate).Int(after_seq).Int(q.limit).Rows();
    } else {
      rs = tx.Sql(kDisbursementsOfApp)
               .Str(q.application_id)
               .Str(q.procuratorate)
               .Int(after_seq)
               .Int(q.limit)
               .Rows();
    }
  }
  std::vector<std::pair<std::string, pb::Disbursement>> out;
  while (rs->next()) {
    std::string token = absl::StrCat(rs->getInt64("seq"));
    if (q.due_by.has_value()) {
      token = absl::StrCat(rs->getString("next_due_on").asStdString(), "|", token);
    }
    ASSIGN_OR_RETURN(pb::Disbursement d, FromRow(tx, *rs));
    out.emplace_back(std::move(token), std::move(d));
  }
  return out;
}

absl::Status DisbursementRepository::SetFundsArrived(db::Tx& tx, const std::string& id,
                                                     int64_t version, absl::CivilDay arrived,
                                                     absl::CivilDay notify_due,
                                                     absl::Time now) const {
  return Applied(tx.Sql(kSetFundsArrived)
                     .Str(DateString(arrived))
                     .Str(DateString(notify_due))
                     .Int(absl::ToUnixMillis(now))
                     .Str(id)
                     .Int(version)
                     .Exec(),
                 "disbursement");
}

absl::Status DisbursementRepository::SetNotified(db::Tx& tx, const std::string& id, int64_t version,
                                                 absl::Time at, pb::NotificationMethod method,
                                                 absl::Time now) const {
  return Applied(tx.Sql(kSetNotified)
                     .Int(absl::ToUnixMillis(at))
                     .Int(method)
                     .Int(absl::ToUnixMillis(now))
                     .Str(id)
                     .Int(version)
                     .Exec(),
                 "disbursement");
}

absl::Status DisbursementRepository::Amend(db::Tx& tx, const pb::Disbursement& d,
                                           const pb::PayeeInput* payee, int first_unpaid,
                                           const std::string& reason, absl::Time now) const {
  const std::string& id = d.disbursement_id();
  auto rs = tx.Sql(kGetDisbursement).Str(id).Rows();
  if (!rs->next()) return absl::NotFoundError("disbursement_id: no such disbursement");
  std::string name = db::GetBlob(*rs, "payee_name_enc");
  std::string account = db::GetBlob(*rs, "payee_account_enc");
  std::string last4 = rs->getString("payee_account_last4");
  std::string bank = rs->getString("payee_bank");
  if (payee != nullptr) {
    ASSIGN_OR_RETURN(name, sealed_->Seal(payee->name(), kEntity, id, "payee_name"));
    ASSIGN_OR_RETURN(account, sealed_->Seal(payee->account_number(), kEntity, id, "payee_account"));
    last4 = Last4(payee->account_number());
    bank = payee->bank_name();
  }
  ASSIGN_OR_RETURN(std::string sealed_reason,
                   sealed_->Seal(reason, kEntity, id, "amendment_reason"));
  RETURN_IF_ERROR(Applied(tx.Sql(kSetAmended)
                              .Blob(name)
                              .Str(bank)
                              .Blob(account)
                              .Str(last4)
                              .Blob(sealed_reason)
                              .Int(absl::ToUnixMillis(now))
                              .Str(id)
                              .Int(d.version())
                              .Exec(),
                          "disbursement"));
  tx.Sql(kDeleteInstalmentsFrom).Str(id).Int(first_unpaid).Exec();
  for (const pb::Instalment& i : d.instalments()) {
    if (i.sequence() < first_unpaid) continue;
    tx.Sql(kInsertInstalment)
        .Str(id)
        .Int(i.sequence())
        .Str(TenantOfId(id))
        .Str(DateString(i.due_on()))
        .Int(i.amount_fen())
        .Exec();
  }
  return RefreshPaidState(tx, id, 0, now);
}

absl::Status DisbursementRepository::RefreshPaidState(db::Tx& tx, const std::string& id,
                                                      int64_t custody_delta, absl::Time now) const {
  ASSIGN_OR_RETURN(std::optional<pb::Disbursement> d, Get(tx, id, /*lock=*/false));
  if (!d.has_value()) return absl::NotFoundError("disbursement_id: no such disbursement");
  int64_t paid = 0;
  for (const pb::Payment& p : d->payments()) {
    if (p.status() != pb::PAYMENT_STATUS_FAILED) paid += p.amount_fen();
  }
  std::string next_due;
  for (const pb::Instalment& i : d->instalments()) {
    if (i.payment_id().empty()) {
      next_due = DateString(i.due_on());
      break;
    }
  }
  const int64_t balance = d->custody_balance_fen() + custody_delta;
  if (balance < 0) {
    return absl::FailedPreconditionError(
        "the protected balance is smaller than the payment being returned");
  }
  tx.Sql(kSetPaidState)
      .Int(paid)
      .Int(balance)
      .StrOrNull(next_due)
      .Int(absl::ToUnixMillis(now))
      .Str(id)
      .Exec();
  return absl::OkStatus();
}

absl::Status DisbursementRepository::InsertPayment(db::Tx& tx, const PaymentRow& row,
                                                   absl::Time now) const {
  const pb::Payment& p = row.payment;
  const int64_t ms = absl::ToUnixMillis(now);
  absl::StatusOr<int64_t> n = tx.Sql(kInsertPayment)
                                  .Str(p.payment_id())
                                  .Str(row.procuratorate)
                                  .Str(p.disbursement_id())
                                  .Str(row.application_id)
                                  .Int(p.instalment_sequence())
                                  .Int(p.amount_fen())
                                  .Str(DateString(p.paid_on()))
                                  .Str(p.voucher_number())
                                  .Str(p.bank_reference())
                                  .Str(p.recorded_by().principal())
                                  .Str(p.recorded_by().display_name())
                                  .Bool(p.emergency())
                                  .Int(row.fund_year)
                                  .Int(ms)
                                  .Int(ms)
                                  .ExecOrStatus();
  return n.status();
}

absl::StatusOr<std::optional<PaymentRow>> DisbursementRepository::GetPayment(
    db::Tx& tx, const std::string& id) const {
  auto rs = tx.Sql(kGetPayment).Str(id).Rows();
  if (!rs->next()) return std::nullopt;
  return PaymentFromRow(*rs);
}

absl::Status DisbursementRepository::SetPaymentReceipted(db::Tx& tx, const std::string& id,
                                                         int64_t version,
                                                         const std::string& receipt,
                                                         absl::CivilDay on, absl::Time now) const {
  return Applied(tx.Sql(kSetPaymentReceipted)
                     .Str(receipt)
                     .Str(DateString(on))
                     .Int(absl::ToUnixMillis(now))
                     .Str(id)
                     .Int(version)
                     .Exec(),
                 "payment");
}

absl::Status DisbursementRepository::SetPaymentFailed(db::Tx& tx, const std::string& id,
                                                      int64_t version, const std::string& reason,
                                                      absl::CivilDay on, absl::Time now) const {
  return Applied(tx.Sql(kSetPaymentFailed)
                     .Str(reason)
                     .Str(DateString(on))
                     .Int(absl::ToUnixMillis(now))
                     .Str(id)
                     .Int(version)
                     .Exec(),
                 "payment");
}

absl::StatusOr<int64_t> DisbursementRepository::WithdrawnBetween(db::Tx& tx, const std::string& id,
                                                                 absl::CivilDay from,
                                                                 absl::CivilDay to) const {
  auto rs = tx.Sql(kWithdrawnBetween).Str(id).Str(DateString(from)).Str(DateString(to)).Rows();
  return rs->next() ? rs->getInt64(1) : 0;
}

absl::Status DisbursementRepository::InsertWithdrawal(db::Tx& tx, const pb::Disbursement& d,
                                                      const pb::GuardianWithdrawal& w,
                                                      const std::string& actor,
                                                      absl::Time now) const {
  const std::string& id = d.disbursement_id();
  RETURN_IF_ERROR(Applied(tx.Sql(kSetCustodyBalance)
                              .Int(w.balance_after_fen())
                              .Int(absl::ToUnixMillis(now))
                              .Str(id)
                              .Int(d.version())
                              .Exec(),
                          "disbursement"));
  ASSIGN_OR_RETURN(std::string purpose,
                   sealed_->Seal(w.purpose(), "aid_withdrawals",
                                 absl::StrCat(id, ":", w.sequence()), "purpose"));
  tx.Sql(kInsertWithdrawal)
      .Str(id)
      .Int(w.sequence())
      .Str(TenantOfId(id))
      .Str(DateString(w.withdrawn_on()))
      .Int(w.amount_fen())
      .Blob(purpose)
      .Int(w.balance_after_fen())
      .Str(actor)
      .Int(absl::ToUnixMillis(now))
      .Exec();
  return absl::OkStatus();
}

}  // namespace shouhu::aid
