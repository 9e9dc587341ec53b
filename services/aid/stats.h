// Aid statistics (救助统计) without I/O: whole periods, grouping keys and small-count
// suppression. The figures themselves are read by stats_ops.cc.
//
// Periods are whole months, quarters or years only, so that overlapping ranges cannot be
// differenced to expose a single application; every application counts in exactly one
// row of a grouping (month of the date the figure is about, department, caseworker or
// channel), so the rows add up to the total.
#ifndef SHOUHU_AID_STATS_H_
#define SHOUHU_AID_STATS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/base/suppression.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

inline constexpr int kSuppressionThreshold = kStatisticsSuppressionThreshold;

struct StatsPeriod {
  absl::CivilDay from;  // inclusive
  absl::CivilDay to;    // inclusive
  std::string label;    // "2025-03", "2025-Q1", "2025"
};

// The period a request names; INVALID_ARGUMENT on "period", "year" or "number" otherwise.
absl::StatusOr<StatsPeriod> PeriodOf(const ::shouhu::aid::v1::GetAidStatisticsRequest& req);

// The counts of `row` that identify few people (applications, people, ex officio,
// emergency, decisions, suggestions): any of them from 1 to threshold - 1 makes the row
// small. Amounts are not counts but are hidden with the row.
bool IsSmallRow(const ::shouhu::aid::v1::AidStatisticsRow& row, int threshold);

// Zeroes every figure of the small rows and marks them suppressed; when exactly one row of
// `rows` is small, the next smallest row (by applications_accepted, then key) is
// suppressed too, so that it cannot be derived from the total. The total is suppressed
// when it is small itself.
void SuppressSmallCounts(std::vector<::shouhu::aid::v1::AidStatisticsRow>& rows,
                         ::shouhu::aid::v1::AidStatisticsRow& total, int threshold);

// Adds every figure of `from` to `into` (keys and labels untouched; the share and the
// median are recomputed by the caller).
void AddFigures(const ::shouhu::aid::v1::AidStatisticsRow& from,
                ::shouhu::aid::v1::AidStatisticsRow& into);

// ex_officio_count / applications_accepted in basis points (0 when nothing accepted).
int ExOfficioShareBp(int64_t ex_officio, int64_t accepted);

// The median of `days` (the lower middle for an even count; 0 when empty).
int64_t Median(std::vector<int64_t> days);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_STATS_H_
