// Storage of disbursements (发放): plans, instalments, payments and guardian withdrawals,
// and the columns of aid_applications the money part reads and writes. Every function runs
// inside the caller's transaction (statements in disbursement_sql.h); database failures are
// handled by the transaction runner. The payee's name and account number are sealed; a
// Disbursement read from here shows the account masked ("**** 1234").
#ifndef SHOUHU_AID_DISBURSEMENT_REPOSITORY_H_
#define SHOUHU_AID_DISBURSEMENT_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

// The application as the money part sees it (aid_applications).
struct ApplicationRow {
  std::string id;
  std::string procuratorate;
  std::string case_id;
  ::shouhu::aid::v1::ApplicationStatus status = ::shouhu::aid::v1::APPLICATION_STATUS_UNSPECIFIED;
  std::string assigned_to;
  std::string applicant_person_id;
  bool victim_minor = false;
  int64_t approved_fen = 0;
  int64_t emergency_fen = 0;
  int64_t paid_fen = 0;
  int64_t recovered_fen = 0;
  int64_t version = 0;
};

// A payment with what the stored row adds to the message.
struct PaymentRow {
  ::shouhu::aid::v1::Payment payment;
  std::string procuratorate;
  std::string application_id;
  int fund_year = 0;
};

// A payment row read with the columns of the payment statements (disbursement_sql.h).
PaymentRow PaymentFromRow(sql::ResultSet& rs);

// "**** 1234" for an account ending in 1234 ("****" for a shorter one).
std::string MaskedAccount(const std::string& last4);

class DisbursementRepository {
 public:
  explicit DisbursementRepository(const SealedFields* sealed) : sealed_(sealed) {}

  // Locks the application row (FOR UPDATE) for the rest of the transaction.
  absl::StatusOr<std::optional<ApplicationRow>> GetApplication(db::Tx& tx,
                                                               const std::string& id) const;
  // paid_fen += delta (delta may be negative; never below 0), version + 1.
  absl::Status AddApplicationPaid(db::Tx& tx, const std::string& id, int64_t delta,
                                  absl::Time now) const;
  // status from -> to (no change when it is not `from`), version + 1.
  absl::Status SetApplicationStatus(db::Tx& tx, const std::string& id,
                                    ::shouhu::aid::v1::ApplicationStatus from,
                                    ::shouhu::aid::v1::ApplicationStatus to, absl::Time now) const;
  absl::Status AddApplicationRecovered(db::Tx& tx, const std::string& id, int64_t amount,
                                       absl::Time now) const;
  // Live emergency advance paid on the application, and the total planned for a purpose.
  absl::StatusOr<int64_t> EmergencyPaid(db::Tx& tx, const std::string& application_id) const;
  absl::StatusOr<int64_t> Planned(db::Tx& tx, const std::string& application_id,
                                  ::shouhu::aid::v1::DisbursementPurpose purpose) const;
  // Whether every AWARD plan is paid in full and every payment of the application receipted.
  absl::StatusOr<bool> AwardComplete(db::Tx& tx, const std::string& application_id) const;

  // A new plan (instalments included), version 1.
  absl::Status Insert(db::Tx& tx, const ::shouhu::aid::v1::Disbursement& d,
                      const ::shouhu::aid::v1::PayeeInput& payee, absl::Time now) const;
  // The plan with instalments (payment ids filled in), payments and withdrawals.
  // `lock`: FOR UPDATE on the plan's row.
  absl::StatusOr<std::optional<::shouhu::aid::v1::Disbursement>> Get(db::Tx& tx,
                                                                     const std::string& id,
                                                                     bool lock) const;
  // A page of plans (with their instalments and payments), ordered as the list requires.
  struct ListQuery {
    std::string procuratorate;
    std::string application_id;            // optional
    std::optional<absl::CivilDay> due_by;  // finance's queue: next due on or before
    std::string after;                     // decoded page token
    int limit = 0;
  };
  // Rows as (token of the row, plan).
  absl::StatusOr<std::vector<std::pair<std::string, ::shouhu::aid::v1::Disbursement>>> List(
      db::Tx& tx, const ListQuery& q) const;

  // Conditional on `version` (ABORTED otherwise).
  absl::Status SetFundsArrived(db::Tx& tx, const std::string& id, int64_t version,
                               absl::CivilDay arrived, absl::CivilDay notify_due,
                               absl::Time now) const;
  absl::Status SetNotified(db::Tx& tx, const std::string& id, int64_t version, absl::Time at,
                           ::shouhu::aid::v1::NotificationMethod method, absl::Time now) const;
  // New payee (when given), the unpaid instalments from `first_unpaid` replaced, reason.
  absl::Status Amend(db::Tx& tx, const ::shouhu::aid::v1::Disbursement& d,
                     const ::shouhu::aid::v1::PayeeInput* payee, int first_unpaid,
                     const std::string& reason, absl::Time now) const;
  // Recomputes paid amount, custody balance (+delta) and next due date from the rows.
  absl::Status RefreshPaidState(db::Tx& tx, const std::string& id, int64_t custody_delta,
                                absl::Time now) const;

  // ALREADY_EXISTS when the instalment already has a live payment.
  absl::Status InsertPayment(db::Tx& tx, const PaymentRow& row, absl::Time now) const;
  absl::StatusOr<std::optional<PaymentRow>> GetPayment(db::Tx& tx, const std::string& id) const;
  absl::Status SetPaymentReceipted(db::Tx& tx, const std::string& id, int64_t version,
                                   const std::string& receipt, absl::CivilDay on,
                                   absl::Time now) const;
  absl::Status SetPaymentFailed(db::Tx& tx, const std::string& id, int64_t version,
                                const std::string& reason, absl::CivilDay on, absl::Time now) const;

  // Withdrawals: the sum in [from, to], and a new one (custody balance set, version checked).
  absl::StatusOr<int64_t> WithdrawnBetween(db::Tx& tx, const std::string& id, absl::CivilDay from,
                                           absl::CivilDay to) const;
  absl::Status InsertWithdrawal(db::Tx& tx, const ::shouhu::aid::v1::Disbursement& d,
                                const ::shouhu::aid::v1::GuardianWithdrawal& w,
                                const std::string& actor, absl::Time now) const;

 private:
  absl::StatusOr<::shouhu::aid::v1::Disbursement> FromRow(db::Tx& tx, sql::ResultSet& rs) const;
  const SealedFields* sealed_;
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_DISBURSEMENT_REPOSITORY_H_
