// Whole statistics periods (months, quarters, years) as the statistics RPCs name them:
// a unit, a year, the first month or quarter and a number of consecutive periods. Whole
// periods only, so that small counts cannot be recovered by overlapping ranges. Dates are
// China dates (common/base/dates.h).
#ifndef SHOUHU_COMMON_BASE_PERIODS_H_
#define SHOUHU_COMMON_BASE_PERIODS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace shouhu {

enum class PeriodUnit { kMonth, kQuarter, kYear };

inline constexpr int kMaxStatisticsPeriods = 24;

struct PeriodSpan {
  absl::CivilDay from;  // inclusive
  absl::CivilDay to;    // inclusive
  std::string label;    // "2025-03", "2025-Q1", "2025"
};

struct PeriodRequest {
  PeriodUnit unit = PeriodUnit::kMonth;
  int year = 0;   // 2000-2200
  int first = 0;  // month 1-12 or quarter 1-4 (ignored for years)
  int count = 0;  // 1-24 periods (0: 1)
  // Field names for the violations (the request's own names).
  std::string year_field = "year";
  std::string first_field = "first_period";
  std::string count_field = "period_count";
};

// The consecutive periods of `req`, oldest first; INVALID_ARGUMENT naming each bad field.
[[nodiscard]] absl::StatusOr<std::vector<PeriodSpan>> WholePeriods(const PeriodRequest& req);

// The label of the span of `spans` that `month` ("YYYY-MM") falls in ("" when none).
std::string PeriodOfMonth(const std::vector<PeriodSpan>& spans, const std::string& month);

// The first instant (China time) of `day`, in Unix milliseconds.
int64_t ChinaDayStartMillis(absl::CivilDay day);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_PERIODS_H_
