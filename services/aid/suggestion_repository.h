// Rows of social-aid suggestions (社会救助建议): the only code that reads or writes
// aid_suggestions (migration 0010). Free text, the disclosure purpose and the identity
// disclosed to the agency are sealed (common/crypto/sealed_fields.h), bound to the row.
#ifndef SHOUHU_AID_SUGGESTION_REPOSITORY_H_
#define SHOUHU_AID_SUGGESTION_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "aid/deps.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

// A suggestion as stored: the message plus what is not in every view.
struct SuggestionRow {
  pb::Suggestion suggestion;
  std::string procuratorate;
  cpb::PersonInput disclosed_person;  // set when identity_disclosed
};

struct SuggestionFilter {
  std::string procuratorate;  // staff lists: the caller's procuratorate
  std::string agency;         // agency lists: the addressed agency (then DRAFTs are left out)
  std::string case_id;        // optional
  pb::SuggestionStatus status = pb::SUGGESTION_STATUS_UNSPECIFIED;  // optional
  // Only those still owing an answer whose reply date is before this day.
  std::optional<absl::CivilDay> overdue_before;
  int64_t before_seq = 0;  // paging: rows with a smaller seq (0: from the newest)
  int limit = 50;
};

// The list statement as List assembles it from fixed fragments (parameters in order: the
// procuratorate or agency, the overdue day when `overdue`, the case when `with_case`, the
// status when `with_status`, then the seq bound and the limit). Exposed for the EXPLAIN test.
std::string SuggestionListSql(bool agency, bool overdue, bool with_case, bool with_status);
// Every other named statement (name, SQL), for the EXPLAIN test.
std::vector<std::pair<std::string, std::string>> SuggestionStatements();

class SuggestionRepository {
 public:
  SuggestionRepository(const FieldCipher* cipher, const Clock* clock)
      : sealed_(cipher), clock_(clock) {}

  // ALREADY_EXISTS when a suggestion for the same source need exists.
  [[nodiscard]] absl::Status Insert(db::Tx& tx, const SuggestionRow& row);
  [[nodiscard]] absl::StatusOr<std::optional<SuggestionRow>> Get(db::Tx& tx, const std::string& id,
                                                                 bool for_update);
  // Writes the changed row when its version is still `expected_version` (ABORTED otherwise)
  // and bumps the version.
  [[nodiscard]] absl::Status Update(db::Tx& tx, const SuggestionRow& row, int64_t expected_version);
  [[nodiscard]] absl::StatusOr<std::vector<std::pair<int64_t, SuggestionRow>>> List(
      db::Tx& tx, const SuggestionFilter& f);
  // The case an application belongs to ("" when there is no such application).
  [[nodiscard]] absl::StatusOr<std::string> CaseOfApplication(db::Tx& tx,
                                                              const std::string& application_id);

 private:
  absl::StatusOr<SuggestionRow> FromRow(sql::ResultSet& rs) const;
  int64_t NowMs() const { return absl::ToUnixMillis(clock_->Now()); }

  SealedFields sealed_;
  const Clock* clock_;
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_SUGGESTION_REPOSITORY_H_
