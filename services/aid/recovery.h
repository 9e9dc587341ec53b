// RecoveryService (追回/追偿): the chief decides to recover aid (fraud, an advance above
// the award) or to claim it from the liable party; finance records the money received back
// (into the aid fund, which credits the pot, or to the treasury); the chief terminates a
// recovery that cannot be completed, or cancels one opened in error.
#ifndef SHOUHU_AID_RECOVERY_H_
#define SHOUHU_AID_RECOVERY_H_

#include "absl/status/statusor.h"
#include "aid/deps.h"
#include "aid/disbursement_repository.h"
#include "common/crypto/sealed_fields.h"
#include "common/server/principal.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

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
