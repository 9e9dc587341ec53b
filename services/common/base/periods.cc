#include "common/base/periods.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/base/dates.h"
#include "common/base/text.h"

namespace shouhu {

absl::StatusOr<std::vector<PeriodSpan>> WholePeriods(const PeriodRequest& req) {
  FieldErrors e;
  if (req.year < 2000 || req.year > 2200) e.Add(req.year_field, "2000-2200");
  const int count = req.count == 0 ? 1 : req.count;
  if (count < 1 || count > kMaxStatisticsPeriods) {
    e.Add(req.count_field, absl::StrCat("1-", kMaxStatisticsPeriods, " periods"));
  }
  if (req.unit == PeriodUnit::kMonth && (req.first < 1 || req.first > 12)) {
    e.Add(req.first_field, "a month 1-12");
  }
  if (req.unit == PeriodUnit::kQuarter && (req.first < 1 || req.first > 4)) {
    e.Add(req.first_field, "a quarter 1-4");
  }
  if (!e.empty()) return e.ToStatus();
  std::vector<PeriodSpan> spans;
  for (int k = 0; k < count; ++k) {
    switch (req.unit) {
      case PeriodUnit::kMonth: {
        const absl::CivilMonth m = absl::CivilMonth(req.year, req.first) + k;
        spans.push_back({absl::CivilDay(m), absl::CivilDay(m + 1) - 1,
                         absl::StrFormat("%04d-%02d", m.year(), m.month())});
        break;
      }
      case PeriodUnit::kQuarter: {
        const int n = req.first - 1 + k;
        const int y = req.year + n / 4;
        const int quarter = n % 4 + 1;
        const absl::CivilMonth first(y, 3 * (quarter - 1) + 1);
        spans.push_back({absl::CivilDay(first), absl::CivilDay(first + 3) - 1,
                         absl::StrFormat("%04d-Q%d", y, quarter)});
        break;
      }
      case PeriodUnit::kYear: {
        const int y = req.year + k;
        spans.push_back(
            {absl::CivilDay(y, 1, 1), absl::CivilDay(y, 12, 31), absl::StrFormat("%04d", y)});
        break;
      }
    }
  }
  return spans;
}

std::string PeriodOfMonth(const std::vector<PeriodSpan>& spans, const std::string& month) {
  std::optional<absl::CivilDay> day = ParseDateString(absl::StrCat(month, "-01"));
  if (!day.has_value()) return "";
  for (const PeriodSpan& s : spans) {
    if (s.from <= *day && *day <= s.to) return s.label;
  }
  return "";
}

int64_t ChinaDayStartMillis(absl::CivilDay day) {
  return absl::ToUnixMillis(absl::FromCivil(day, ChinaTime()));
}

}  // namespace shouhu
