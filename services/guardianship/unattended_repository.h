// Storage of 事实无人抚养 checks (guard_unattended_checks). The parents' statuses with their
// evidence and notes, the explanation and the assessor are sealed in parents_enc, the
// hand-off (stages, notes, document references) in handoff_enc (associated data
// "guard_unattended_checks/<id>/<column>"); the columns repeat what lists and overdue reads
// select on.
#ifndef SHOUHU_GUARDIANSHIP_UNATTENDED_REPOSITORY_H_
#define SHOUHU_GUARDIANSHIP_UNATTENDED_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;

struct UnattendedRow {
  pb::UnattendedCheck c;  // version from the column; overdue flags not set
  std::string assigned_to;
  int64_t seq = 0;
};

struct UnattendedFilter {
  std::string procuratorate;  // staff lists
  std::string agency;         // the 民政 agency's list; the other filters are ignored
  std::string case_id;
  pb::UnattendedCheckStatus status = pb::UNATTENDED_CHECK_STATUS_UNSPECIFIED;
  std::optional<absl::CivilDay> overdue_on;
  int64_t before_seq = 0;
  int limit = 50;
};

// The list statement (parameters: procuratorate or agency, [case], [status], [overdue day
// twice], [before seq], limit). Exposed for the EXPLAIN test.
std::string UnattendedListSql(bool agency, bool with_case, bool with_status, bool overdue,
                              bool after_first_page);

class UnattendedRepository {
 public:
  explicit UnattendedRepository(const SealedFields& sealed) : sealed_(sealed) {}
  [[nodiscard]] absl::Status Insert(db::Tx& tx, const UnattendedRow& row, absl::Time now) const;
  // ABORTED when the row changed since `expected_version`.
  [[nodiscard]] absl::Status Update(db::Tx& tx, const UnattendedRow& row, int64_t expected_version,
                                    absl::Time now) const;
  [[nodiscard]] absl::StatusOr<UnattendedRow> Get(db::Tx& tx, const std::string& id,
                                                  bool for_update) const;
  [[nodiscard]] absl::StatusOr<std::vector<UnattendedRow>> List(
      db::Tx& tx, const UnattendedFilter& filter) const;

 private:
  absl::StatusOr<UnattendedRow> Read(sql::ResultSet& rs) const;
  const SealedFields& sealed_;
};

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_UNATTENDED_REPOSITORY_H_
