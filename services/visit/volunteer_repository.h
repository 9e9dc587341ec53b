// Storage of volunteers' assignments and daily reports (migration 0016). The alias, care
// notes and end reason of an assignment are sealed; a report is stored sealed whole
// (body_enc: the DailyReport without its needs, which live in visit_needs), the columns
// repeat what lists select on. Every function runs in the caller's transaction.
#ifndef SHOUHU_VISIT_VOLUNTEER_REPOSITORY_H_
#define SHOUHU_VISIT_VOLUNTEER_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

namespace pb = ::shouhu::visit::v1;

struct AssignmentFilter {
  std::string procuratorate;
  std::string case_id;       // non-empty: the case's assignments
  std::string volunteer_id;  // non-empty: the volunteer's (in `procuratorate`)
  bool active_only = false;
  int64_t before_seq = 0;  // 0: the first page
  int limit = 51;
};

struct ReportFilter {
  std::string assignment_id;
  std::optional<absl::CivilDay> from, to;
  bool concern_only = false;
  std::optional<absl::CivilDay> before;  // the page token's day
  int limit = 51;
};

class VolunteerRepository {
 public:
  explicit VolunteerRepository(const FieldCipher* cipher) : sealed_(cipher) {}

  // A new assignment (version 1, active), of the procuratorate its id names.
  absl::Status InsertAssignment(db::Tx& tx, const pb::VolunteerAssignment& a, int64_t now_ms);
  // With its current version; `lock`: FOR UPDATE.
  absl::StatusOr<std::optional<pb::VolunteerAssignment>> GetAssignment(db::Tx& tx,
                                                                       const std::string& id,
                                                                       bool lock);
  // Ends an active assignment (ended_on, end_reason); ABORTED when its version is no
  // longer `expected_version`.
  absl::Status EndAssignment(db::Tx& tx, const pb::VolunteerAssignment& a, int64_t expected_version,
                             int64_t now_ms);
  // last_report_on = `day` unless a later day is recorded.
  absl::Status NoteReport(db::Tx& tx, const std::string& assignment_id, absl::CivilDay day);
  // (seq, assignment) newest first, at most f.limit.
  absl::StatusOr<std::vector<std::pair<int64_t, pb::VolunteerAssignment>>> ListAssignments(
      db::Tx& tx, const AssignmentFilter& f);

  // A new report (version 1) by `submitted_by`.
  absl::Status InsertReport(db::Tx& tx, const std::string& procuratorate, const pb::DailyReport& r,
                            const std::string& submitted_by, int64_t now_ms);
  // The report of an assignment's day, locked (its needs not loaded).
  absl::StatusOr<std::optional<pb::DailyReport>> ReportOfDay(db::Tx& tx,
                                                             const std::string& assignment_id,
                                                             absl::CivilDay day);
  // Replaces a report (amendments + 1); ABORTED when its version is no longer
  // `expected_version`.
  absl::Status ReplaceReport(db::Tx& tx, const pb::DailyReport& r, int64_t expected_version,
                             int64_t now_ms);
  // Reports newest day first (needs not loaded), at most f.limit.
  absl::StatusOr<std::vector<pb::DailyReport>> ListReports(db::Tx& tx, const ReportFilter& f);

 private:
  absl::StatusOr<pb::VolunteerAssignment> AssignmentFromRow(sql::ResultSet& rs) const;
  absl::StatusOr<pb::DailyReport> ReportFromRow(sql::ResultSet& rs) const;
  SealedFields sealed_;
};

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_VOLUNTEER_REPOSITORY_H_
