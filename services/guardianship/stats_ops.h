// Guardianship statistics (GetOrderStatistics): whole months, quarters or years only (no
// arbitrary ranges that could be differenced), one grouping per request, every order or
// escalation in exactly one row. Analysts get rows with a count from 1 to 4 suppressed
// (figures zeroed, suppressed = true), and one more row when only one is small so it
// cannot be recovered from the others; department heads and chiefs see every figure.
// GetOrderStatistics belongs to GuardianshipOrderService: BindOrderStatistics adds its
// handler to that service's method table.
#ifndef SHOUHU_GUARDIANSHIP_STATS_OPS_H_
#define SHOUHU_GUARDIANSHIP_STATS_OPS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/base/suppression.h"
#include "common/server/principal.h"
#include "common/server/rpc_service.h"
#include "guardianship/deps.h"

namespace shouhu::guardianship {

inline constexpr int kStatsSuppressionThreshold = kStatisticsSuppressionThreshold;

struct StatsPeriod {
  absl::CivilDay from;  // inclusive
  absl::CivilDay to;    // inclusive
};

// INVALID_ARGUMENT on "period", "year" or "index" unless the request names a whole period.
absl::StatusOr<StatsPeriod> StatsPeriodOf(const pb::GetOrderStatisticsRequest& req);

// The counts of a row (orders served or escalations issued) below the threshold and above
// zero make it small: zeroed and marked suppressed; when exactly one row is small, the
// next smallest is suppressed too.
void SuppressSmallRows(std::vector<pb::OrderStatisticsRow>& rows, int threshold);

class StatsCore {
 public:
  explicit StatsCore(const GuardDeps& deps) : d_(deps) {}
  absl::StatusOr<pb::GetOrderStatisticsResponse> GetOrderStatistics(
      const Principal& p, const pb::GetOrderStatisticsRequest& req);

 private:
  GuardDeps d_;
};

// Binds GetOrderStatistics of `core` in the GuardianshipOrderService table `t`.
void BindOrderStatistics(MethodTable& t, StatsCore* core);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_STATS_OPS_H_
