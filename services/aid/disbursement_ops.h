// DisbursementService (发放): plans of how an application's money is paid, the funds'
// arrival from 财政, payments exactly once, receipts, failures, the applicant's
// notification, amendments and a guardian's withdrawals from a minor's protected money.
//
// Exactly once: RecordPayment runs through the mutation pipeline (a repeated request id
// replays the stored payment) and an instalment holds at most one live payment (unique
// key aid_payments.live_key), so a second payment of a paid instalment with another request
// id is FAILED_PRECONDITION whatever the interleaving. The payment draws the money on the
// fund in the same transaction (fund_ledger.h) and publishes "aid.paid".
#ifndef SHOUHU_AID_DISBURSEMENT_OPS_H_
#define SHOUHU_AID_DISBURSEMENT_OPS_H_

#include "absl/status/statusor.h"
#include "aid/deps.h"
#include "aid/disbursement_repository.h"
#include "common/crypto/sealed_fields.h"
#include "common/server/principal.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

// Working days between the funds' arrival and the applicant's notification when the
// procuratorate's policy is not available (AidPolicy.notify_working_days default).
inline constexpr int kDefaultNotifyWorkingDays = 2;

class DisbursementCore {
 public:
  explicit DisbursementCore(const AidDeps& deps)
      : d_(deps), mutations_(deps.Mutations()), sealed_(deps.cipher), repo_(&sealed_) {}

  absl::StatusOr<pb::Disbursement> PlanDisbursement(const Principal& p,
                                                    const pb::PlanDisbursementRequest& req);
  absl::StatusOr<pb::Disbursement> GetDisbursement(const Principal& p,
                                                   const pb::GetDisbursementRequest& req);
  absl::StatusOr<pb::ListDisbursementsResponse> ListDisbursements(
      const Principal& p, const pb::ListDisbursementsRequest& req);
  absl::StatusOr<pb::Disbursement> RecordFundsArrived(const Principal& p,
                                                      const pb::RecordFundsArrivedRequest& req);
  absl::StatusOr<pb::Payment> RecordPayment(const Principal& p,
                                            const pb::RecordPaymentRequest& req);
  absl::StatusOr<pb::Payment> ConfirmReceipt(const Principal& p,
                                             const pb::PaymentUpdateRequest& req);
  absl::StatusOr<pb::Payment> MarkPaymentFailed(const Principal& p,
                                                const pb::PaymentUpdateRequest& req);
  absl::StatusOr<pb::Disbursement> RecordApplicantNotified(
      const Principal& p, const pb::RecordApplicantNotifiedRequest& req);
  absl::StatusOr<pb::Disbursement> AmendDisbursement(const Principal& p,
                                                     const pb::AmendDisbursementRequest& req);
  absl::StatusOr<pb::Disbursement> RecordGuardianWithdrawal(
      const Principal& p, const pb::RecordGuardianWithdrawalRequest& req);

 private:
  // The plan as a response shows it: notify_overdue computed at `now`.
  pb::Disbursement Present(pb::Disbursement d, absl::Time now) const;
  // The plan (locked), NOT_FOUND when absent.
  absl::StatusOr<pb::Disbursement> Load(db::Tx& tx, const std::string& id) const;
  // The application (locked), NOT_FOUND when absent.
  absl::StatusOr<ApplicationRow> LoadApplication(db::Tx& tx, const std::string& id) const;
  // APPROVED -> PAID when every AWARD plan is paid and receipted.
  absl::Status MaybePaid(db::Tx& tx, const std::string& application_id, absl::Time now) const;

  AidDeps d_;
  db::MutationRunner mutations_;
  SealedFields sealed_;
  DisbursementRepository repo_;
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_DISBURSEMENT_OPS_H_
