// No full scans for the referral statistics at a realistic size: 100,000 referrals and
// 50,000 cases (half in each of two procuratorates, spread over two years, 40 caseworkers
// in 4 departments) filled directly in SQL, then EXPLAIN of every statement of
// referral/stats_sql.h for each grouping, over a year of one procuratorate: each must be a
// range of its (procuratorate, instant) index of migration 0020. Also prints how long
// GetReferralStatistics takes at that size (measured, not asserted).
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/periods.h"
#include "integration/referral_fixture.h"
#include "referral/stats.h"
#include "support/explain_check.h"

namespace shouhu::testing {
namespace {

constexpr int kReferrals = 100000;
constexpr int64_t kBaseMs = 1704038400000;              // 1 January 2024, 00:00 in China
constexpr int64_t kSpreadMs = int64_t{730} * 86400000;  // two years

class ReferralStatsExplainTest : public ReferralCoreFixture {
 protected:
  void Fill() {
    const std::string proc = "IF(seq % 2 = 0, '520382', '520330')";
    const std::string at = absl::StrCat(kBaseMs, " + (seq * 7919 % ", kReferrals, ") * (",
                                        kSpreadMs / kReferrals, ")");
    Exec(absl::StrCat(
        "INSERT INTO referrals (id, procuratorate_code, agency_code, kind, status, urgent,"
        " facts, occurred_on, subject_person_id, submitted_at_ms, response_due_at_ms,"
        " assigned_to, case_id, version, updated_at_ms, answered_at_ms, answer_due_at_ms,"
        " department) SELECT CONCAT('ref-', ",
        proc, ", '-', LPAD(seq, 16, '0')), ", proc,
        ", CONCAT('agency-', seq % 12), 1 + seq % 4, 1 + seq % 6, seq % 7 = 0, 'x',"
        " DATE '2024-01-01', CONCAT('p-', seq), ",
        at, ", IF(seq % 6 IN (0, 1), ", at, " + 432000000, NULL),",
        " IF(seq % 5 = 0, NULL, CONCAT('u-', seq % 40)), NULL, 1, ", at,
        ", IF(seq % 6 IN (0, 1), NULL, ", at,
        " + 86400000 * (seq % 9)), IF(seq % 6 IN (0, 1),"
        " NULL, ",
        at, " + 432000000), CONCAT('部门', seq % 4) FROM seq_1_to_", kReferrals));
    Exec(absl::StrCat(
        "INSERT INTO cases (id, procuratorate_code, status, subject_person_id, kind, assigned_to,"
        " opened_at_ms, closed_at_ms, close_reason, version, updated_at_ms, department)"
        " SELECT CONCAT('case-', ",
        proc, ", '-', LPAD(seq, 16, '0')), ", proc,
        ", IF(seq % 3 = 0, 3, 1), CONCAT('p-', seq), 1 + seq % 4, CONCAT('u-', seq % 40), ", at,
        ", IF(seq % 3 = 0, ", at, " + 2592000000, NULL), IF(seq % 3 = 0, 1, 0), 1, ", at,
        ", CONCAT('部门', seq % 4) FROM seq_1_to_", kReferrals / 2));
    for (const char* t : {"referrals", "cases"}) Strings(absl::StrCat("ANALYZE TABLE ", t));
  }
};

TEST_F(ReferralStatsExplainTest, EveryStatisticsStatementIsARangeOfItsIndex) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_EQ(Count("referrals"), kReferrals);
  const int64_t from = ChinaDayStartMillis(absl::CivilDay(2025, 1, 1));
  const int64_t to = ChinaDayStartMillis(absl::CivilDay(2026, 1, 1)) - 1;
  const int64_t now = to;
  std::vector<NamedStatement> all;
  for (auto g :
       {referral::pb::STATISTICS_GROUPING_UNSPECIFIED, referral::pb::STATISTICS_GROUPING_CASEWORKER,
        referral::pb::STATISTICS_GROUPING_DEPARTMENT}) {
    const auto statements = referral::StatsStatements(g);
    ASSERT_EQ(statements.size(), 3u);
    all.push_back(
        {statements[0].first, statements[0].second, {now, std::string(kRenhuai), from, to}});
    all.push_back({statements[1].first, statements[1].second, {std::string(kRenhuai), from, to}});
    all.push_back({statements[2].first, statements[2].second, {std::string(kRenhuai), from, to}});
  }
  ExpectEveryConstantExplained(SourceDir() + "/services/referral/stats_sql.h", all);
  EXPECT_EQ(ExpectNoFullScans(*pool_, all), 0);
  for (const NamedStatement& s : all) {
    auto plan = Explain(*pool_, s);
    ASSERT_TRUE(plan.ok()) << plan.status();
    ASSERT_EQ(plan->size(), 1u) << s.name << "\n" << DescribePlan(*plan);
    const PlanRow& r = plan->front();
    EXPECT_EQ(r.type, "range") << s.name << "\n" << DescribePlan(*plan);
    const std::string want = s.name.find("Referral") != std::string::npos ? "idx_ref_proc_submitted"
                             : s.name.find("Opened") != std::string::npos ? "idx_case_proc_opened"
                                                                          : "idx_case_proc_closed";
    EXPECT_EQ(r.key, want) << s.name << "\n" << DescribePlan(*plan);
  }
}

TEST_F(ReferralStatsExplainTest, AYearByCaseworkerAtOneHundredThousandReferrals) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  clock_.Set(China(2026, 1, 5, 10));
  referral::pb::GetReferralStatisticsRequest req;
  req.set_period(referral::pb::STATISTICS_PERIOD_MONTH);
  req.set_year(2025);
  req.set_first_period(1);
  req.set_period_count(12);
  req.set_grouping(referral::pb::STATISTICS_GROUPING_CASEWORKER);
  const auto start = std::chrono::steady_clock::now();
  auto s = core_->Statistics(head_, req);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(s.ok()) << s.status();
  int64_t received = 0;
  for (const auto& r : s->rows()) received += r.received();
  // Half the referrals are Renhuai's, about half of those in 2025.
  EXPECT_GT(received, kReferrals / 5);
  EXPECT_LT(received, kReferrals * 3 / 10);
  std::cout << "GetReferralStatistics, 12 months by caseworker, " << received
            << " referrals: " << ms << " ms\n";
}

}  // namespace
}  // namespace shouhu::testing
