// Needs found on visits or raised in daily reports (visit_needs, migration 0016): insert
// one sealed (description) and publish its visit.need_found through the caller's mutation,
// read the needs of a visit, a report or a case, and move a need along its statuses
// (OPEN -> SUGGESTED -> MET | NOT_MET; OPEN | SUGGESTED -> WITHDRAWN). Every function runs
// in the caller's transaction.
#ifndef SHOUHU_VISIT_NEED_STORE_H_
#define SHOUHU_VISIT_NEED_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/base/clock.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/mutation.h"
#include "common/db/transaction.h"
#include "shouhu/common/v1/common.pb.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

inline constexpr char kTopicNeedFound[] = "visit.need_found";
inline constexpr char kTopicNeedWithdrawn[] = "visit.need_withdrawn";

// Where a need was found: a visit or a daily report (one of visit_id, report_id).
struct NeedOrigin {
  std::string procuratorate;
  std::string case_id;
  std::string visit_id;
  std::string report_id;
  std::string person_id;    // the person visited, if known
  std::string assigned_to;  // the caseworker responsible, if known
  ::shouhu::common::v1::Actor raised_by;
  absl::CivilDay found_on;
  std::string department;  // the visit's (statistics); '' for a daily report's
};

// A stored need with what lists and changes need besides the message.
struct NeedRow {
  int64_t seq = 0;
  std::string procuratorate;
  std::string case_id;
  int64_t version = 0;
  ::shouhu::visit::v1::Need need;
};

class NeedStore {
 public:
  NeedStore(const FieldCipher* cipher, IdGenerator* ids) : sealed_(cipher), ids_(ids) {}

  // Stores `need` (kind, description, urgent; a new id, status OPEN, status_on found_on)
  // and publishes one visit.need_found (ids and codes only) through `m`. Returns the need
  // as stored. Validation is the caller's.
  absl::StatusOr<::shouhu::visit::v1::Need> Add(db::Mutation& m, const NeedOrigin& origin,
                                                const ::shouhu::visit::v1::Need& need);
  // The needs of a visit / a daily report, oldest first.
  absl::StatusOr<std::vector<::shouhu::visit::v1::Need>> OfVisit(db::Tx& tx,
                                                                 const std::string& visit_id);
  absl::StatusOr<std::vector<::shouhu::visit::v1::Need>> OfReport(db::Tx& tx,
                                                                  const std::string& report_id);
  // One need (nullopt: none); `lock`: FOR UPDATE.
  absl::StatusOr<std::optional<NeedRow>> Get(db::Tx& tx, const std::string& need_id, bool lock);
  // The needs of a case (status 0: any), newest first, before `before_seq` (0: first page).
  absl::StatusOr<std::vector<NeedRow>> OfCase(db::Tx& tx, const std::string& case_id, int status,
                                              int64_t before_seq, int limit);
  // The needs a suggestion of the aid service came from.
  absl::StatusOr<std::vector<NeedRow>> OfSuggestion(db::Tx& tx, const std::string& suggestion_id);
  // Sets status (and suggestion id when non-empty, withdraw reason sealed when non-empty)
  // and status_on; ABORTED when the version is no longer `expected_version`.
  absl::Status SetStatus(db::Tx& tx, const NeedRow& row, ::shouhu::visit::v1::NeedStatus status,
                         const std::string& suggestion_id, const std::string& withdraw_reason,
                         absl::CivilDay on);

 private:
  absl::StatusOr<NeedRow> FromRow(sql::ResultSet& rs) const;
  absl::StatusOr<std::vector<::shouhu::visit::v1::Need>> Read(db::Tx& tx, const char* sql,
                                                              const std::string& key);
  SealedFields sealed_;
  IdGenerator* ids_;
};

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_NEED_STORE_H_
