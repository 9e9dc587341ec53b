// Guardianship statistics without I/O: whole periods only, and small counts suppressed
// with one more row when only one is small.
#include <gtest/gtest.h>

#include "common/base/text.h"
#include "guardianship/stats_ops.h"

namespace shouhu::guardianship {
namespace {

using absl::CivilDay;

pb::GetOrderStatisticsRequest Req(pb::PeriodKind k, int year, int index) {
  pb::GetOrderStatisticsRequest r;
  r.set_period(k);
  r.set_year(year);
  r.set_index(index);
  r.set_dimension(pb::STATISTICS_DIMENSION_KIND);
  return r;
}

TEST(StatsPeriod, WholeMonthsQuartersAndYears) {
  auto feb = StatsPeriodOf(Req(pb::PERIOD_KIND_MONTH, 2024, 2));
  ASSERT_TRUE(feb.ok());
  EXPECT_EQ(feb->from, CivilDay(2024, 2, 1));
  EXPECT_EQ(feb->to, CivilDay(2024, 2, 29));
  auto q4 = StatsPeriodOf(Req(pb::PERIOD_KIND_QUARTER, 2025, 4));
  ASSERT_TRUE(q4.ok());
  EXPECT_EQ(q4->from, CivilDay(2025, 10, 1));
  EXPECT_EQ(q4->to, CivilDay(2025, 12, 31));
  auto y = StatsPeriodOf(Req(pb::PERIOD_KIND_YEAR, 2025, 0));
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->to, CivilDay(2025, 12, 31));
}

bool Names(const absl::Status& s, const std::string& field) {
  for (const auto& [f, d] : FieldViolationsOf(s)) {
    if (f == field) return true;
  }
  return false;
}

TEST(StatsPeriod, AnythingElseNamesTheField) {
  EXPECT_TRUE(Names(StatsPeriodOf(Req(pb::PERIOD_KIND_UNSPECIFIED, 2025, 1)).status(), "period"));
  EXPECT_TRUE(Names(StatsPeriodOf(Req(pb::PERIOD_KIND_MONTH, 2025, 13)).status(), "index"));
  EXPECT_TRUE(Names(StatsPeriodOf(Req(pb::PERIOD_KIND_QUARTER, 2025, 0)).status(), "index"));
  EXPECT_TRUE(Names(StatsPeriodOf(Req(pb::PERIOD_KIND_YEAR, 2025, 3)).status(), "index"));
  EXPECT_TRUE(Names(StatsPeriodOf(Req(pb::PERIOD_KIND_YEAR, 1900, 0)).status(), "year"));
}

pb::OrderStatisticsRow Row(pb::OrderKind kind, int served, int complied) {
  pb::OrderStatisticsRow r;
  r.set_kind(kind);
  r.set_served(served);
  r.set_complied(complied);
  return r;
}

TEST(StatsSuppression, SmallRowsAndOneMore) {
  std::vector<pb::OrderStatisticsRow> rows = {Row(pb::ORDER_KIND_SUPERVISION, 20, 10),
                                              Row(pb::ORDER_KIND_GUIDANCE_DIRECTIVE, 3, 0),
                                              Row(pb::ORDER_KIND_COURT_GUIDANCE_ORDER, 8, 6)};
  SuppressSmallRows(rows, 5);
  EXPECT_FALSE(rows[0].suppressed());
  EXPECT_EQ(rows[0].served(), 20);
  EXPECT_TRUE(rows[1].suppressed());
  EXPECT_EQ(rows[1].served(), 0);
  EXPECT_EQ(rows[1].kind(), pb::ORDER_KIND_GUIDANCE_DIRECTIVE);
  // The only small row would be the total minus the others: the next smallest goes too.
  EXPECT_TRUE(rows[2].suppressed());
  EXPECT_EQ(rows[2].served(), 0);
}

TEST(StatsSuppression, AFigureUnderFiveInABigRowCounts) {
  std::vector<pb::OrderStatisticsRow> rows = {Row(pb::ORDER_KIND_SUPERVISION, 20, 2),
                                              Row(pb::ORDER_KIND_GUIDANCE_DIRECTIVE, 9, 0),
                                              Row(pb::ORDER_KIND_COURT_GUIDANCE_ORDER, 30, 6)};
  SuppressSmallRows(rows, 5);
  EXPECT_TRUE(rows[0].suppressed());
  EXPECT_TRUE(rows[1].suppressed());  // the next smallest
  EXPECT_FALSE(rows[2].suppressed());
  EXPECT_EQ(rows[2].served(), 30);
}

}  // namespace
}  // namespace shouhu::guardianship
