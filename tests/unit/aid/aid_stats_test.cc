// Whole periods, small-count suppression and the figures' arithmetic of aid statistics.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aid/stats.h"
#include "common/base/text.h"

namespace shouhu::aid {
namespace {

namespace pb = ::shouhu::aid::v1;

pb::GetAidStatisticsRequest Req(pb::StatsPeriod period, int year, int number) {
  pb::GetAidStatisticsRequest r;
  r.set_period(period);
  r.set_year(year);
  r.set_number(number);
  return r;
}

pb::AidStatisticsRow Row(const std::string& key, int64_t accepted, int64_t aided = 0) {
  pb::AidStatisticsRow r;
  r.set_group_key(key);
  r.set_applications_accepted(accepted);
  r.set_people_aided(aided);
  r.set_amount_paid_fen(aided * 100000);
  return r;
}

TEST(StatsPeriodTest, WholeMonthsQuartersAndYears) {
  auto feb = PeriodOf(Req(pb::STATS_PERIOD_MONTH, 2024, 2));
  ASSERT_TRUE(feb.ok());
  EXPECT_EQ(feb->from, absl::CivilDay(2024, 2, 1));
  EXPECT_EQ(feb->to, absl::CivilDay(2024, 2, 29));  // leap year
  EXPECT_EQ(feb->label, "2024-02");
  auto q4 = PeriodOf(Req(pb::STATS_PERIOD_QUARTER, 2025, 4));
  ASSERT_TRUE(q4.ok());
  EXPECT_EQ(q4->from, absl::CivilDay(2025, 10, 1));
  EXPECT_EQ(q4->to, absl::CivilDay(2025, 12, 31));
  EXPECT_EQ(q4->label, "2025-Q4");
  auto year = PeriodOf(Req(pb::STATS_PERIOD_YEAR, 2025, 0));
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(year->to, absl::CivilDay(2025, 12, 31));
}

TEST(StatsPeriodTest, ArbitraryRangesAndBadNumbersAreRefusedByField) {
  auto fields = [](const pb::GetAidStatisticsRequest& r) {
    std::vector<std::string> out;
    for (const auto& [f, why] : FieldViolationsOf(PeriodOf(r).status())) out.push_back(f);
    return out;
  };
  EXPECT_THAT(fields(Req(pb::STATS_PERIOD_UNSPECIFIED, 2025, 0)), ::testing::ElementsAre("period"));
  EXPECT_THAT(fields(Req(pb::STATS_PERIOD_MONTH, 2025, 13)), ::testing::ElementsAre("number"));
  EXPECT_THAT(fields(Req(pb::STATS_PERIOD_QUARTER, 2025, 0)), ::testing::ElementsAre("number"));
  EXPECT_THAT(fields(Req(pb::STATS_PERIOD_YEAR, 2025, 1)), ::testing::ElementsAre("number"));
  EXPECT_THAT(fields(Req(pb::STATS_PERIOD_YEAR, 1999, 0)), ::testing::ElementsAre("year"));
}

TEST(StatsSuppressionTest, ASmallRowIsHiddenWithTheNextSmallestSoItCannotBeSubtracted) {
  std::vector<pb::AidStatisticsRow> rows = {Row("u-a", 12, 6), Row("u-b", 3, 0), Row("u-c", 9, 7),
                                            Row("u-d", 20, 10)};
  pb::AidStatisticsRow total = Row("", 44, 23);
  SuppressSmallCounts(rows, total, kSuppressionThreshold);
  EXPECT_FALSE(rows[0].suppressed());
  EXPECT_TRUE(rows[1].suppressed());
  EXPECT_EQ(rows[1].applications_accepted(), 0);
  EXPECT_EQ(rows[1].group_key(), "u-b");
  EXPECT_TRUE(rows[2].suppressed());  // the next smallest (9 accepted)
  EXPECT_EQ(rows[2].amount_paid_fen(), 0);
  EXPECT_FALSE(rows[3].suppressed());
  EXPECT_FALSE(total.suppressed());
  EXPECT_EQ(total.applications_accepted(), 44);
}

TEST(StatsSuppressionTest, ZeroIsNotSmallAndTwoSmallRowsNeedNoCompanion) {
  std::vector<pb::AidStatisticsRow> rows = {Row("a", 0), Row("b", 4), Row("c", 1), Row("d", 8, 5)};
  pb::AidStatisticsRow total = Row("", 13, 5);
  SuppressSmallCounts(rows, total, kSuppressionThreshold);
  EXPECT_FALSE(rows[0].suppressed());
  EXPECT_TRUE(rows[1].suppressed());
  EXPECT_TRUE(rows[2].suppressed());
  EXPECT_FALSE(rows[3].suppressed());
  // A small total is hidden too, and a small measure count makes its row small.
  pb::AidStatisticsRow tiny = Row("", 2);
  std::vector<pb::AidStatisticsRow> none;
  SuppressSmallCounts(none, tiny, kSuppressionThreshold);
  EXPECT_TRUE(tiny.suppressed());
  pb::AidStatisticsRow measured = Row("", 50, 30);
  measured.add_measures()->set_granted(2);
  EXPECT_TRUE(IsSmallRow(measured, kSuppressionThreshold));
}

TEST(StatsFiguresTest, ShareMedianAndSums) {
  EXPECT_EQ(ExOfficioShareBp(1, 3), 3333);
  EXPECT_EQ(ExOfficioShareBp(2, 3), 6667);
  EXPECT_EQ(ExOfficioShareBp(5, 0), 0);
  EXPECT_EQ(Median({9, 1, 5}), 5);
  EXPECT_EQ(Median({4, 1, 3, 2}), 2);
  EXPECT_EQ(Median({}), 0);
  pb::AidStatisticsRow sum;
  AddFigures(Row("a", 3, 2), sum);
  AddFigures(Row("b", 4, 1), sum);
  EXPECT_EQ(sum.applications_accepted(), 7);
  EXPECT_EQ(sum.amount_paid_fen(), 300000);
}

}  // namespace
}  // namespace shouhu::aid
