// Visit statistics without I/O: the whole periods of a request (months, quarters across a
// year end, years; the deprecated from/to as whole months or refused), the period a month
// falls in, and small-count suppression with its complement.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/base/dates.h"
#include "common/base/suppression.h"
#include "support/field_violations.h"
#include "visit/stats_period.h"

namespace shouhu::visit {
namespace {

using absl::CivilDay;
using ::shouhu::testing::ViolatedFields;

std::vector<std::string> Labels(const StatsQuery& q) {
  std::vector<std::string> out;
  for (const StatsSpan& s : q.spans) out.push_back(s.label);
  return out;
}

TEST(VisitStatsPeriodTest, MonthsQuartersYears) {
  pb::GetVisitStatisticsRequest req;
  req.set_period(pb::STATISTICS_PERIOD_MONTH);
  req.set_year(2024);
  req.set_first_period(11);
  req.set_period_count(3);
  auto q = StatsQueryOf(req);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(Labels(*q), (std::vector<std::string>{"2024-11", "2024-12", "2025-01"}));
  EXPECT_EQ(q->spans[1].to, CivilDay(2024, 12, 31));
  EXPECT_EQ(PeriodOfMonth(*q, "2025-01"), "2025-01");
  EXPECT_EQ(PeriodOfMonth(*q, "2025-02"), "");
  req.set_period(pb::STATISTICS_PERIOD_QUARTER);
  req.set_first_period(4);
  req.set_period_count(2);
  q = StatsQueryOf(req);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(Labels(*q), (std::vector<std::string>{"2024-Q4", "2025-Q1"}));
  EXPECT_EQ(q->spans[1].from, CivilDay(2025, 1, 1));
  EXPECT_EQ(q->spans[1].to, CivilDay(2025, 3, 31));
  EXPECT_EQ(PeriodOfMonth(*q, "2025-02"), "2025-Q1");
  req.set_period(pb::STATISTICS_PERIOD_YEAR);
  req.set_first_period(0);
  req.set_period_count(0);  // one
  q = StatsQueryOf(req);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(Labels(*q), (std::vector<std::string>{"2024"}));
}

TEST(VisitStatsPeriodTest, BadPeriodsNameTheField) {
  pb::GetVisitStatisticsRequest req;
  EXPECT_EQ(ViolatedFields(StatsQueryOf(req).status()), (std::vector<std::string>{"from", "to"}));
  req.set_period(pb::STATISTICS_PERIOD_MONTH);
  req.set_year(1999);
  req.set_first_period(13);
  req.set_period_count(25);
  EXPECT_EQ(ViolatedFields(StatsQueryOf(req).status()),
            (std::vector<std::string>{"year", "period_count", "first_period"}));
  req.set_year(2025);
  req.set_first_period(1);
  req.set_period_count(1);
  *req.mutable_from() = FromCivilDay(CivilDay(2025, 1, 1));
  EXPECT_EQ(ViolatedFields(StatsQueryOf(req).status()), (std::vector<std::string>{"from"}));
}

TEST(VisitStatsPeriodTest, DeprecatedRangeIsWholeMonths) {
  pb::GetVisitStatisticsRequest req;
  *req.mutable_from() = FromCivilDay(CivilDay(2024, 12, 1));
  *req.mutable_to() = FromCivilDay(CivilDay(2025, 2, 28));
  req.set_by_caseworker(true);
  auto q = StatsQueryOf(req);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(Labels(*q), (std::vector<std::string>{"2024-12", "2025-01", "2025-02"}));
  EXPECT_EQ(q->grouping, pb::STATISTICS_GROUPING_CASEWORKER);
  *req.mutable_from() = FromCivilDay(CivilDay(2024, 12, 2));
  *req.mutable_to() = FromCivilDay(CivilDay(2025, 2, 27));
  EXPECT_EQ(ViolatedFields(StatsQueryOf(req).status()), (std::vector<std::string>{"from", "to"}));
  *req.mutable_from() = FromCivilDay(CivilDay(2023, 1, 1));
  *req.mutable_to() = FromCivilDay(CivilDay(2025, 1, 31));  // 25 months
  EXPECT_EQ(ViolatedFields(StatsQueryOf(req).status()), (std::vector<std::string>{"to"}));
}

pb::VisitStatisticsRow Row(const std::string& period, const std::string& key, int64_t due,
                           int64_t on_time) {
  pb::VisitStatisticsRow r;
  r.set_period(period);
  r.set_group_key(key);
  r.set_slots_due(due);
  r.set_done_on_time(on_time);
  return r;
}

TEST(VisitStatsPeriodTest, SmallRowsAndTheirComplementPerPeriod) {
  std::vector<pb::VisitStatisticsRow> rows = {
      Row("2025-03", "u-a", 20, 10), Row("2025-03", "u-b", 12, 3),  // small: 3
      Row("2025-03", "u-c", 9, 9),   Row("2025-04", "u-a", 0, 0),  Row("2025-04", "u-b", 30, 30),
  };
  pb::NeedCount* n = rows[4].add_needs();
  n->set_count(2);  // a need count of 2 makes the row small too
  SuppressSmallVisitRows(rows);
  EXPECT_FALSE(rows[0].suppressed());
  EXPECT_TRUE(rows[1].suppressed());
  EXPECT_EQ(rows[1].slots_due(), 0);
  EXPECT_EQ(rows[1].group_key(), "u-b");
  EXPECT_TRUE(rows[2].suppressed());  // the next smallest of March (9)
  EXPECT_EQ(rows[2].slots_due(), 0);
  EXPECT_TRUE(rows[4].suppressed());
  EXPECT_EQ(rows[4].needs_size(), 0);
  EXPECT_TRUE(rows[3].suppressed());  // April's complement, although all zero
  // Zero is not small; 5 is not small.
  EXPECT_FALSE(IsSmallCount(0));
  EXPECT_TRUE(IsSmallCount(1));
  EXPECT_TRUE(IsSmallCount(4));
  EXPECT_FALSE(IsSmallCount(5));
  EXPECT_EQ(RowsToSuppress<int64_t>({false, true}, {7, 3}), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(RowsToSuppress<int64_t>({true}, {3}), (std::vector<size_t>{0}));
  EXPECT_TRUE(RowsToSuppress<int64_t>({false, false}, {7, 8}).empty());
}

}  // namespace
}  // namespace shouhu::visit
