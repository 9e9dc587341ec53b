// Visit statistics without I/O: the whole periods a GetVisitStatisticsRequest names (or
// the deprecated from/to mapped onto whole months), the period a month falls in, and the
// suppression of small counts for analysts.
#ifndef SHOUHU_VISIT_STATS_PERIOD_H_
#define SHOUHU_VISIT_STATS_PERIOD_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/base/periods.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

namespace pb = ::shouhu::visit::v1;

// A whole period: first and last China date, label ("2025-03", "2025-Q1", "2025").
using StatsSpan = PeriodSpan;

struct StatsQuery {
  pb::StatisticsPeriod period = pb::STATISTICS_PERIOD_MONTH;
  std::vector<StatsSpan> spans;  // consecutive, oldest first
  pb::StatisticsGrouping grouping = pb::STATISTICS_GROUPING_UNSPECIFIED;
};

// The periods of `req`: period (MONTH, QUARTER or YEAR), year 2000-2200, first_period
// (month 1-12, quarter 1-4; ignored for YEAR), period_count 1-24 (0: 1); or, deprecated,
// from = the first day of a month and to = the last day of a month (at most 24 months,
// by_caseworker: grouping CASEWORKER), not both forms. INVALID_ARGUMENT naming the field
// otherwise.
absl::StatusOr<StatsQuery> StatsQueryOf(const pb::GetVisitStatisticsRequest& req);

// The label of the period of `q` that `month` ("YYYY-MM") falls in ("" when none).
std::string PeriodOfMonth(const StatsQuery& q, const std::string& month);

// For analysts: a row with a count from 1 to 4 (figures or need counts) is blanked (keys
// kept, suppressed = true, need counts dropped); when exactly one row of a period's
// groups is small, the period's next smallest row (by slots_due) is blanked too, as it
// could be had from the period's total.
void SuppressSmallVisitRows(std::vector<pb::VisitStatisticsRow>& rows);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_STATS_PERIOD_H_
