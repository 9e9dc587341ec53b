// The case-quality review's repository: its three tables (migration 0022) through the
// named statements of review_sql.h, inside the caller's transaction. Driver exceptions
// are left to RunInTransaction (common/db/transaction.h).
#ifndef SHOUHU_OVERSIGHT_REVIEW_STORE_H_
#define SHOUHU_OVERSIGHT_REVIEW_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "shouhu/oversight/v1/review.pb.h"

namespace shouhu::oversight {

// ---- Rule sets.
[[nodiscard]] absl::StatusOr<std::optional<v1::RuleSet>> GetActiveRuleSet(
    db::Tx& tx, const std::string& procuratorate);
// version > 0.
[[nodiscard]] absl::StatusOr<std::optional<v1::RuleSet>> GetRuleSet(
    db::Tx& tx, const std::string& procuratorate, int version);
[[nodiscard]] absl::StatusOr<std::vector<v1::RuleSet>> ListRuleSets(
    db::Tx& tx, const std::string& procuratorate, int limit);
// Installs `shipped` as version 1, active, unless the procuratorate has a rule set.
[[nodiscard]] absl::Status InstallShippedRuleSet(db::Tx& tx, const std::string& procuratorate,
                                                 const std::vector<v1::Rule>& shipped,
                                                 absl::Time now);
// The procuratorate's highest version (0: none), locking the rows.
[[nodiscard]] absl::StatusOr<int> LockLastRuleSetVersion(db::Tx& tx,
                                                         const std::string& procuratorate);
[[nodiscard]] absl::Status InsertRuleSet(db::Tx& tx, const v1::RuleSet& set);
// Retires the active version and switches `version` on.
[[nodiscard]] absl::Status ActivateRuleSet(db::Tx& tx, const std::string& procuratorate,
                                           int version, const std::string& by, absl::Time now);

// ---- Reviews.
struct ReviewRow {
  std::string case_id;
  std::string procuratorate;
  int state = 1;  // v1::ReviewState
  int64_t run_at_ms = 0;
  int attempts = 0;
  std::string missing_sources;  // comma-separated
  std::string caseworker;
  std::string department;
  int64_t closed_at_ms = 0;
  int64_t reviewed_at_ms = 0;
  int rule_set_version = 0;
  int runs = 0;
  int findings_open = 0;
  std::string facts_pb;  // v1::StoredFacts
  int64_t version = 0;
};

// Queues the review of a closed case (nothing when it is queued or done already).
[[nodiscard]] absl::Status EnqueueReview(db::Tx& tx, const std::string& case_id,
                                         const std::string& procuratorate, absl::Time closed_at,
                                         absl::Time run_at);
[[nodiscard]] absl::StatusOr<std::vector<std::string>> DueReviews(db::Tx& tx, absl::Time now,
                                                                  int limit);
[[nodiscard]] absl::StatusOr<std::optional<ReviewRow>> GetReview(db::Tx& tx,
                                                                 const std::string& case_id,
                                                                 bool for_update);
[[nodiscard]] absl::Status SaveReview(db::Tx& tx, const ReviewRow& r);
// Done reviews of cases closed in [from_ms, to_ms), by closing time, at most `limit`.
[[nodiscard]] absl::StatusOr<std::vector<ReviewRow>> ReviewsClosedBetween(
    db::Tx& tx, const std::string& procuratorate, int64_t from_ms, int64_t to_ms, int limit);

// ---- Findings.
struct FindingRow {
  v1::Finding finding;  // without rule_title, appeal_reason, decision_note
  int64_t seq = 0;
  int64_t closed_at_ms = 0;
  std::string appeal_reason_enc;
  std::string decision_note_enc;
};

[[nodiscard]] absl::StatusOr<std::vector<FindingRow>> FindingsOfCase(db::Tx& tx,
                                                                     const std::string& case_id,
                                                                     bool for_update);
[[nodiscard]] absl::StatusOr<std::optional<FindingRow>> GetFindingForUpdate(
    db::Tx& tx, const std::string& finding_id);
[[nodiscard]] absl::Status InsertFinding(db::Tx& tx, const FindingRow& f);
// A run's outcome for a stored finding (state, severity, version, owner, times).
[[nodiscard]] absl::Status UpdateFindingRun(db::Tx& tx, const v1::Finding& f, int64_t found_at_ms,
                                            int64_t cleared_at_ms);
[[nodiscard]] absl::Status AppealFinding(db::Tx& tx, const std::string& finding_id,
                                         const std::string& reason_enc, absl::Time now);
[[nodiscard]] absl::Status DecideAppeal(db::Tx& tx, const std::string& finding_id,
                                        v1::FindingState state, const std::string& by,
                                        const std::string& note_enc, bool rejected);

struct FindingQuery {
  enum class Scope { kCaseworker, kDepartment, kProcuratorate };
  Scope scope = Scope::kCaseworker;
  std::string procuratorate;
  std::string who;  // caseworker or department
  v1::FindingFilter filter = v1::FILTER_TO_ACT;
  std::optional<int64_t> after_seq;
  int limit = 51;
};
std::string FindingQuerySql(const FindingQuery& q);
[[nodiscard]] absl::StatusOr<std::vector<FindingRow>> ListFindings(db::Tx& tx,
                                                                   const FindingQuery& q);

// ---- The summary.
struct SummaryCounts {
  std::string key;
  int64_t cases_reviewed = 0;
  int64_t cases_with_findings = 0;
  int64_t findings = 0;
  int64_t open = 0;
  int64_t fixed = 0;
  int64_t waived = 0;
};
// Rows by `grouping` for cases closed in [from_ms, to_ms) of the procuratorate (and the
// department, when not empty), ordered by key.
[[nodiscard]] absl::StatusOr<std::vector<SummaryCounts>> SummaryRows(
    db::Tx& tx, const std::string& procuratorate, const std::string& department,
    v1::ReviewGrouping grouping, int64_t from_ms, int64_t to_ms);
std::string SummarySql(bool cases, v1::ReviewGrouping grouping, bool in_department);

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_REVIEW_STORE_H_
