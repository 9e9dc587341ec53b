// RecoveryService (追回/追偿): the chief decides to recover aid (fraud, an advance above
// the award) or to claim it from the liable party; finance records the money received back
// (into the aid fund, which credits the pot, or to the treasury); the chief terminates a
// recovery that cannot be completed, or cancels one opened in error.
#ifndef SHOUHU_AID_RECOVERY_H_
#define SHOUHU_AID_RECOVERY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "aid/deps.h"
#include "aid/disbursement_repository.h"
#include "common/crypto/sealed_fields.h"
#include "common/server/principal.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

// A recovery to open (the row's fields; the debtor and reason are sealed).
struct NewRecovery {
  std::string procuratorate;
  std::string application_id;
  pb::RecoveryKind kind = pb::RECOVERY_KIND_UNSPECIFIED;
  std::string debtor;
  std::string reason;
  int64_t amount_due_fen = 0;
  pb::RecoveryDestination destination = pb::RECOVERY_DESTINATION_UNSPECIFIED;  // default by kind
};

// Writes the recovery in the caller's transaction (status OPEN, opened today) and returns its
// id ("rec-<procuratorate>-..."). The caller checks the amount and writes the audit record.
absl::StatusOr<std::string> InsertRecovery(db::Tx& tx, const AidDeps& d, const NewRecovery& r,
                                           absl::Time now);

// What recoveries not cancelled or terminated already claim of the application's payments.
absl::StatusOr<int64_t> ClaimedByRecoveries(db::Tx& tx, const std::string& application_id);

// An emergency advance (先行救助) paid out on an application that ends without an award
// (refused, withdrawn, closed with its case): opens, in the caller's transaction, the
// recovery (追回, kind ADVANCE_EXCESS, back to the fund) of what was paid of the advance less
// what recoveries already claim, with `debtor` (the applicant) and `reason`; audited as
// "aid.recovery.open" by `actor` with `request_id`. Returns the recovery id, or "" when
// nothing is to be recovered.
absl::StatusOr<std::string> OpenAdvanceRecovery(db::Tx& tx, const AidDeps& d,
                                                const pb::Application& a, const std::string& debtor,
                                                const std::string& reason, const std::string& actor,
                                                const std::string& request_id, absl::Time now);

class RecoveryCore {
 public:
  explicit RecoveryCore(const AidDeps& deps)
      : d_(deps), mutations_(deps.Mutations()), sealed_(deps.cipher), apps_(&sealed_) {}

  absl::StatusOr<pb::Recovery> OpenRecovery(const Principal& p, const pb::OpenRecoveryRequest& req);
  absl::StatusOr<pb::Recovery> RecordRecoveryReceipt(const Principal& p,
                                                     const pb::RecordRecoveryReceiptRequest& req);
  absl::StatusOr<pb::Recovery> CloseRecovery(const Principal& p,
                                             const pb::CloseRecoveryRequest& req);
  absl::StatusOr<pb::ListRecoveriesResponse> ListRecoveries(const Principal& p,
                                                            const pb::ListRecoveriesRequest& req);

 private:
  absl::StatusOr<pb::Recovery> FromRow(db::Tx& tx, sql::ResultSet& rs) const;
  // The recovery (locked), NOT_FOUND when absent.
  absl::StatusOr<pb::Recovery> Load(db::Tx& tx, const std::string& id) const;

  AidDeps d_;
  db::MutationRunner mutations_;
  SealedFields sealed_;
  DisbursementRepository apps_;  // the application's columns
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_RECOVERY_H_
