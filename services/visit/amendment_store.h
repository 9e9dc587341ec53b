// History of visits and daily reports (visit_amendments, migration 0016): one row per
// amendment with who, when, which fields changed, why (sealed) and the record as it was
// before (sealed). Read oldest first. Every function runs in the caller's transaction.
#ifndef SHOUHU_VISIT_AMENDMENT_STORE_H_
#define SHOUHU_VISIT_AMENDMENT_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

class AmendmentStore {
 public:
  explicit AmendmentStore(const FieldCipher* cipher) : sealed_(cipher) {}

  // Appends `a` (record_id, amended_by, amended_at, reason, changed_fields and one of
  // visit_before / report_before) as the record's next amendment; returns its sequence
  // (1-based). The sequence in `a` is ignored.
  absl::StatusOr<int> Append(db::Tx& tx, const std::string& procuratorate,
                             const ::shouhu::visit::v1::Amendment& a);
  // The record's amendments after `after_sequence` (0: from the first), oldest first, at
  // most `limit`.
  absl::StatusOr<std::vector<::shouhu::visit::v1::Amendment>> List(db::Tx& tx,
                                                                   const std::string& record_id,
                                                                   int after_sequence, int limit);

 private:
  SealedFields sealed_;
};

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_AMENDMENT_STORE_H_
