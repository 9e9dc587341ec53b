// Whole statistics periods (common/base/periods.h): consecutive months, quarters and years
// across year ends, the bad fields named as the request names them, the period of a month,
// and midnight in China.
#include "common/base/periods.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/base/text.h"

namespace shouhu {
namespace {

std::vector<std::string> Labels(const std::vector<PeriodSpan>& spans) {
  std::vector<std::string> out;
  for (const PeriodSpan& s : spans) out.push_back(s.label);
  return out;
}

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& [field, description] : FieldViolationsOf(s)) out.push_back(field);
  return out;
}

TEST(PeriodsTest, ConsecutivePeriodsAcrossYearEnds) {
  auto months = WholePeriods({.unit = PeriodUnit::kMonth, .year = 2024, .first = 11, .count = 3});
  ASSERT_TRUE(months.ok()) << months.status();
  EXPECT_EQ(Labels(*months), (std::vector<std::string>{"2024-11", "2024-12", "2025-01"}));
  EXPECT_EQ((*months)[0].from, absl::CivilDay(2024, 11, 1));
  EXPECT_EQ((*months)[0].to, absl::CivilDay(2024, 11, 30));
  auto quarters =
      WholePeriods({.unit = PeriodUnit::kQuarter, .year = 2024, .first = 3, .count = 3});
  ASSERT_TRUE(quarters.ok()) << quarters.status();
  EXPECT_EQ(Labels(*quarters), (std::vector<std::string>{"2024-Q3", "2024-Q4", "2025-Q1"}));
  EXPECT_EQ((*quarters)[2].to, absl::CivilDay(2025, 3, 31));
  auto years = WholePeriods({.unit = PeriodUnit::kYear, .year = 2024, .first = 99, .count = 0});
  ASSERT_TRUE(years.ok()) << years.status();
  EXPECT_EQ(Labels(*years), (std::vector<std::string>{"2024"}));
  EXPECT_EQ(PeriodOfMonth(*quarters, "2025-02"), "2025-Q1");
  EXPECT_EQ(PeriodOfMonth(*quarters, "2025-04"), "");
  EXPECT_EQ(PeriodOfMonth(*quarters, "garbage"), "");
}

TEST(PeriodsTest, BadFieldsAreNamedAsTheRequestNamesThem) {
  EXPECT_EQ(Fields(WholePeriods({.unit = PeriodUnit::kMonth, .year = 1999, .first = 0, .count = 25})
                       .status()),
            (std::vector<std::string>{"year", "period_count", "first_period"}));
  PeriodRequest req{.unit = PeriodUnit::kQuarter, .year = 2025, .first = 5, .count = 1};
  req.first_field = "number";
  EXPECT_EQ(Fields(WholePeriods(req).status()), (std::vector<std::string>{"number"}));
  EXPECT_EQ(WholePeriods({.unit = PeriodUnit::kMonth, .year = 2200, .first = 12, .count = 24})
                .status()
                .code(),
            absl::StatusCode::kOk);
}

TEST(PeriodsTest, DaysStartAtMidnightInChina) {
  // 2025-03-01T00:00+08:00 = 2025-02-28T16:00:00Z.
  EXPECT_EQ(ChinaDayStartMillis(absl::CivilDay(2025, 3, 1)), int64_t{1740758400000});
}

}  // namespace
}  // namespace shouhu
