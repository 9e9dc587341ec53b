// `shouhu stats`: the request built from the options (Chinese or English enum names), the
// table in both languages with suppressed counts as "<5", and the options it requires.
#include <string>

#include "shouhu/referral/v1/referral_mock.grpc.pb.h"
#include "unit/cli/command_fixture.h"

namespace shouhu::cli {
namespace {

namespace rv1 = ::shouhu::referral::v1;

class ReferralStatsCommandTest : public CommandTest {
 protected:
  void Wire(Stubs* stubs) override { stubs->referral = &referral_; }
  rv1::MockReferralServiceStub referral_;
};

rv1::GetReferralStatisticsResponse Figures() {
  rv1::GetReferralStatisticsResponse resp;
  auto* big = resp.add_rows();
  big->set_period("2025-03");
  big->set_group_key("u-zhang");
  big->set_received(42);
  big->set_acknowledged_on_time(37);
  big->set_open_overdue(5);
  auto* kind = big->add_by_kind();
  kind->set_kind(rv1::REFERRAL_KIND_MANDATORY_REPORT);
  kind->set_count(40);
  auto* small_kind = big->add_by_kind();
  small_kind->set_kind(rv1::REFERRAL_KIND_JUDICIAL_AID);
  small_kind->set_suppressed(true);
  auto* agency = big->add_by_agency();
  agency->set_agency_code("edu-renhuai");
  agency->set_count(42);
  auto* small = resp.add_rows();
  small->set_period("2025-03");
  small->set_group_key("unassigned");
  small->set_suppressed(true);
  resp.set_suppression_threshold(5);
  return resp;
}

TEST_F(ReferralStatsCommandTest, BuildsTheRequestAndShowsSuppressedCountsAsLessThanFive) {
  rv1::GetReferralStatisticsRequest sent;
  EXPECT_CALL(referral_, GetReferralStatistics(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Figures()), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"stats", "--period=月", "--year=2025", "--first=3", "--count=2",
                 "--grouping=caseworker"}),
            kExitOk);
  EXPECT_EQ(sent.period(), rv1::STATISTICS_PERIOD_MONTH);
  EXPECT_EQ(sent.year(), 2025);
  EXPECT_EQ(sent.first_period(), 3);
  EXPECT_EQ(sent.period_count(), 2);
  EXPECT_EQ(sent.grouping(), rv1::STATISTICS_GROUPING_CASEWORKER);
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("收到线索"));
  EXPECT_THAT(out, HasSubstr("42"));
  EXPECT_THAT(out, HasSubstr("37"));
  EXPECT_THAT(out, HasSubstr("<5"));
  EXPECT_THAT(out, HasSubstr("未分配"));
  EXPECT_THAT(out, Not(HasSubstr("unassigned")));
  EXPECT_THAT(out, HasSubstr("强制报告"));
  EXPECT_THAT(out, HasSubstr("edu-renhuai 42"));
}

TEST_F(ReferralStatsCommandTest, SpeaksEnglishAndAsksForAWholeYear) {
  rv1::GetReferralStatisticsRequest sent;
  EXPECT_CALL(referral_, GetReferralStatistics(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Figures()), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"--lang=en", "stats", "--period=YEAR", "--year=2025"}), kExitOk);
  EXPECT_EQ(sent.period(), rv1::STATISTICS_PERIOD_YEAR);
  EXPECT_EQ(sent.first_period(), 0);
  EXPECT_EQ(sent.grouping(), rv1::STATISTICS_GROUPING_UNSPECIFIED);
  EXPECT_THAT(out_.str(), HasSubstr("Received"));
  EXPECT_THAT(out_.str(), HasSubstr("unassigned"));
}

TEST(ReferralStatsArgsTest, PeriodAndYearAreRequiredAndEnumsChecked) {
  const auto env = [](const char*) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_FALSE(ParseArgs({"stats", "--year=2025"}, env).ok());
  EXPECT_FALSE(ParseArgs({"stats", "--period=MONTH"}, env).ok());
  ParseResult bad = ParseArgs({"stats", "--period=WEEK", "--year=2025"}, env);
  EXPECT_FALSE(bad.ok());
  EXPECT_THAT(bad.error, HasSubstr("WEEK"));
  EXPECT_FALSE(
      ParseArgs({"stats", "--period=MONTH", "--year=2025", "--grouping=agency"}, env).ok());
  EXPECT_TRUE(
      ParseArgs({"stats", "--period=QUARTER", "--year=2025", "--grouping=DEPARTMENT"}, env).ok());
}

}  // namespace
}  // namespace shouhu::cli
