// Referral statistics without I/O (referral/stats.h): the whole periods of a request and
// its bad fields, the folding of month lines into periods and groups, and the suppression
// of small counts for analysts (rows, their complement, breakdown entries).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/base/periods.h"
#include "referral/stats.h"
#include "support/field_violations.h"

namespace shouhu::referral {
namespace {

using absl::CivilDay;
using ::shouhu::testing::ViolatedFields;

pb::GetReferralStatisticsRequest Request(
    pb::StatisticsPeriod period, int year, int first, int count,
    pb::StatisticsGrouping g = pb::STATISTICS_GROUPING_UNSPECIFIED) {
  pb::GetReferralStatisticsRequest req;
  req.set_period(period);
  req.set_year(year);
  req.set_first_period(first);
  req.set_period_count(count);
  req.set_grouping(g);
  return req;
}

std::vector<std::string> Labels(const StatsQuery& q) {
  std::vector<std::string> out;
  for (const PeriodSpan& s : q.spans) out.push_back(s.label);
  return out;
}

TEST(ReferralStatsTest, MonthsQuartersAndYearsAcrossAYearEnd) {
  auto q = StatsQueryOf(Request(pb::STATISTICS_PERIOD_MONTH, 2024, 12, 2));
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(Labels(*q), (std::vector<std::string>{"2024-12", "2025-01"}));
  EXPECT_EQ(q->spans[0].to, CivilDay(2024, 12, 31));
  q = StatsQueryOf(Request(pb::STATISTICS_PERIOD_QUARTER, 2024, 4, 2));
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(Labels(*q), (std::vector<std::string>{"2024-Q4", "2025-Q1"}));
  EXPECT_EQ(PeriodOfMonth(q->spans, "2025-03"), "2025-Q1");
  EXPECT_EQ(PeriodOfMonth(q->spans, "2025-04"), "");
  q = StatsQueryOf(Request(pb::STATISTICS_PERIOD_YEAR, 2025, 0, 0));
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(Labels(*q), (std::vector<std::string>{"2025"}));
  // Periods start at midnight in China: 2025-01-01T00:00+08:00 is 2024-12-31T16:00Z.
  EXPECT_EQ(ChinaDayStartMillis(CivilDay(2025, 1, 1)), int64_t{1735660800000});
}

TEST(ReferralStatsTest, BadRequestsNameEachField) {
  EXPECT_EQ(ViolatedFields(StatsQueryOf({}).status()),
            (std::vector<std::string>{"period", "year"}));
  EXPECT_EQ(
      ViolatedFields(StatsQueryOf(Request(pb::STATISTICS_PERIOD_MONTH, 1999, 13, 25)).status()),
      (std::vector<std::string>{"year", "period_count", "first_period"}));
  EXPECT_EQ(
      ViolatedFields(StatsQueryOf(Request(pb::STATISTICS_PERIOD_QUARTER, 2025, 5, 1)).status()),
      (std::vector<std::string>{"first_period"}));
  EXPECT_EQ(ViolatedFields(StatsQueryOf(Request(pb::STATISTICS_PERIOD_YEAR, 2025, 0, -1,
                                                static_cast<pb::StatisticsGrouping>(9)))
                               .status()),
            (std::vector<std::string>{"grouping", "period_count"}));
}

ReferralFigures Line(const std::string& month, const std::string& key, int kind,
                     const std::string& agency, int status, int64_t n) {
  ReferralFigures f;
  f.month = month;
  f.key = key;
  f.kind = kind;
  f.agency = agency;
  f.status = status;
  f.count = n;
  f.on_time = n;
  return f;
}

TEST(ReferralStatsTest, FoldsMonthsIntoPeriodsAndEveryPeriodHasARow) {
  auto q = StatsQueryOf(Request(pb::STATISTICS_PERIOD_QUARTER, 2025, 1, 2));
  ASSERT_TRUE(q.ok());
  StatsFolder folder(*q);
  folder.AddReferrals(Line("2025-01", "", 1, "edu", 4, 3));
  folder.AddReferrals(Line("2025-03", "", 2, "edu", 4, 2));
  folder.AddReferrals(Line("2025-03", "", 1, "police", 5, 1));
  folder.AddReferrals(Line("2024-12", "", 1, "edu", 4, 7));  // outside: ignored
  folder.AddCasesOpened("2025-02", "", 4);
  folder.AddCasesClosed("2025-07", "", 9);  // outside
  const auto rows = folder.Rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].period(), "2025-Q1");
  EXPECT_EQ(rows[0].group_key(), "2025-Q1");
  EXPECT_EQ(rows[0].received(), 6);
  EXPECT_EQ(rows[0].acknowledged_on_time(), 6);
  EXPECT_EQ(rows[0].cases_opened(), 4);
  ASSERT_EQ(rows[0].by_kind_size(), 2);
  EXPECT_EQ(rows[0].by_kind(0).kind(), pb::REFERRAL_KIND_JUDICIAL_AID);
  EXPECT_EQ(rows[0].by_kind(0).count(), 4);
  ASSERT_EQ(rows[0].by_agency_size(), 2);
  EXPECT_EQ(rows[0].by_agency(0).agency_code(), "edu");
  EXPECT_EQ(rows[0].by_agency(0).count(), 5);
  ASSERT_EQ(rows[0].by_status_size(), 2);
  EXPECT_EQ(rows[0].by_status(1).status(), pb::REFERRAL_STATUS_DECLINED);
  EXPECT_EQ(rows[1].period(), "2025-Q2");  // empty, still listed
  EXPECT_EQ(rows[1].received(), 0);
}

TEST(ReferralStatsTest, GroupsByKeyWithUnassignedForNone) {
  auto q = StatsQueryOf(
      Request(pb::STATISTICS_PERIOD_MONTH, 2025, 3, 1, pb::STATISTICS_GROUPING_CASEWORKER));
  ASSERT_TRUE(q.ok());
  StatsFolder folder(*q);
  folder.AddReferrals(Line("2025-03", "u-zhang", 1, "edu", 4, 2));
  folder.AddReferrals(Line("2025-03", "", 1, "edu", 1, 5));
  folder.AddCasesClosed("2025-03", "u-zhang", 1);
  const auto rows = folder.Rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].group_key(), "u-zhang");
  EXPECT_EQ(rows[0].cases_closed(), 1);
  EXPECT_EQ(rows[1].group_key(), kUnassignedKey);
  EXPECT_EQ(rows[1].received(), 5);
}

pb::ReferralStatisticsRow Row(const std::string& key, int64_t received) {
  pb::ReferralStatisticsRow r;
  r.set_period("2025-03");
  r.set_group_key(key);
  r.set_received(received);
  pb::ReferralKindCount* k = r.add_by_kind();
  k->set_kind(pb::REFERRAL_KIND_JUDICIAL_AID);
  k->set_count(received);
  return r;
}

TEST(ReferralStatsTest, SmallRowsAndTheirComplementAreBlankedForAnalysts) {
  std::vector<pb::ReferralStatisticsRow> rows = {Row("a", 20), Row("b", 3), Row("c", 8),
                                                 Row("d", 12)};
  SuppressSmallReferralRows(rows);
  EXPECT_FALSE(rows[0].suppressed());
  EXPECT_TRUE(rows[1].suppressed());
  EXPECT_EQ(rows[1].received(), 0);
  EXPECT_EQ(rows[1].by_kind_size(), 0);
  EXPECT_EQ(rows[1].group_key(), "b");
  EXPECT_TRUE(rows[2].suppressed()) << "the next smallest, or b = total - others";
  EXPECT_FALSE(rows[3].suppressed());
  EXPECT_EQ(rows[3].received(), 12);
}

TEST(ReferralStatsTest, SmallBreakdownEntriesAndTheirComplementAreZeroed) {
  pb::ReferralStatisticsRow r = Row("a", 30);
  r.clear_by_agency();
  for (auto [code, n] : {std::pair{"edu", 20}, std::pair{"police", 2}, std::pair{"school", 8}}) {
    pb::ReferralAgencyCount* c = r.add_by_agency();
    c->set_agency_code(code);
    c->set_count(n);
  }
  r.set_acknowledged_on_time(0);
  r.set_cases_opened(5);
  std::vector<pb::ReferralStatisticsRow> rows = {r};
  SuppressSmallReferralRows(rows);
  ASSERT_FALSE(rows[0].suppressed());
  EXPECT_EQ(rows[0].received(), 30);
  EXPECT_FALSE(rows[0].by_agency(0).suppressed());
  EXPECT_EQ(rows[0].by_agency(0).count(), 20);
  EXPECT_TRUE(rows[0].by_agency(1).suppressed());
  EXPECT_EQ(rows[0].by_agency(1).count(), 0);
  EXPECT_EQ(rows[0].by_agency(1).agency_code(), "police");
  EXPECT_TRUE(rows[0].by_agency(2).suppressed());
  EXPECT_EQ(rows[0].by_agency(2).count(), 0);
  EXPECT_FALSE(rows[0].by_kind(0).suppressed());
}

TEST(ReferralStatsTest, ASmallTimelinessFigureBlanksTheRow) {
  pb::ReferralStatisticsRow r = Row("a", 30);
  r.set_open_overdue(1);
  std::vector<pb::ReferralStatisticsRow> rows = {r};
  SuppressSmallReferralRows(rows);
  EXPECT_TRUE(rows[0].suppressed());
  EXPECT_EQ(rows[0].open_overdue(), 0);
}

}  // namespace
}  // namespace shouhu::referral
