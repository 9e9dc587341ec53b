// Referral statistics without I/O (GetReferralStatistics): the whole periods a request
// names, the folding of the figures read by month and group (stats_sql.h) into the
// periods and groups asked for, and the suppression of small counts for analysts.
// Tested in tests/unit/referral/referral_stats_fold_test.cc; the reads are in stats_ops.cc.
#ifndef SHOUHU_REFERRAL_STATS_H_
#define SHOUHU_REFERRAL_STATS_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/base/periods.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::referral {

namespace pb = ::shouhu::referral::v1;

// The group of rows without a caseworker or department.
inline constexpr char kUnassignedKey[] = "unassigned";

struct StatsQuery {
  std::vector<PeriodSpan> spans;  // consecutive, oldest first
  pb::StatisticsGrouping grouping = pb::STATISTICS_GROUPING_UNSPECIFIED;
};

// The periods and grouping of `req`: period MONTH, QUARTER or YEAR, year 2000-2200,
// first_period (month 1-12, quarter 1-4; ignored for YEAR), period_count 1-24 (0: 1), a
// known grouping. INVALID_ARGUMENT naming each bad field otherwise.
[[nodiscard]] absl::StatusOr<StatsQuery> StatsQueryOf(const pb::GetReferralStatisticsRequest& req);

// The named statements GetReferralStatistics runs for `grouping` (name, SQL), in the
// order it runs them, for the EXPLAIN test.
std::vector<std::pair<std::string, std::string>> StatsStatements(pb::StatisticsGrouping grouping);

// One line of kReferralFigures*.
struct ReferralFigures {
  std::string month;  // "YYYY-MM" in China time
  std::string key;    // group key as read ('' when none)
  int kind = 0;
  std::string agency;
  int status = 0;
  int64_t count = 0, on_time = 0, late = 0, untimed = 0, overdue = 0;
};

// Folds the lines read into rows: one per period (grouping UNSPECIFIED; every period,
// even without figures) or per period and group (groups with figures only).
class StatsFolder {
 public:
  explicit StatsFolder(const StatsQuery& q);

  void AddReferrals(const ReferralFigures& f);
  void AddCasesOpened(const std::string& month, const std::string& key, int64_t n);
  void AddCasesClosed(const std::string& month, const std::string& key, int64_t n);

  // Periods in order, then groups by key; breakdowns in enum or code order.
  std::vector<pb::ReferralStatisticsRow> Rows() const;

 private:
  using Key = std::pair<std::string, std::string>;  // (period, group)
  // The row of `month` and `key`, or null when the month is in no period asked for.
  pb::ReferralStatisticsRow* Row(const std::string& month, const std::string& key);

  const StatsQuery& q_;
  std::map<Key, pb::ReferralStatisticsRow> rows_;
  std::map<Key, std::map<int, int64_t>> kinds_;
  std::map<Key, std::map<std::string, int64_t>> agencies_;
  std::map<Key, std::map<int, int64_t>> statuses_;
};

// For analysts: a row with a headline figure of 1-4 is blanked (period and key kept,
// suppressed, every figure zero, no breakdowns); when exactly one row of a period is, the
// period's next smallest row (by received, then key) is blanked too. In the rows left,
// each breakdown entry of 1-4 is zeroed and marked suppressed, and when exactly one entry
// of a breakdown is, its next smallest entry too.
void SuppressSmallReferralRows(std::vector<pb::ReferralStatisticsRow>& rows);

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_STATS_H_
