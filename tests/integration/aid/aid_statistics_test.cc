// Aid statistics on real MariaDB, from applications run through the real chain: figures of
// one whole month, grouping by caseworker and channel (each application in one row),
// analysts' small counts suppressed with a companion row, exact figures for the chief,
// decisions on time, and whole periods only.
#include <gtest/gtest.h>

#include "aid/stats.h"
#include "aid/stats_ops.h"
#include "integration/aid/aid_fixture.h"

namespace shouhu::testing {
namespace {

class AidStatisticsTest : public AidFixture {
 protected:
  void SetUp() override {
    AidFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    SeedWage(kWage);
    AllocateFund(apb::FUND_POT_REGULAR, 100 * kWage);
    stats_ = std::make_unique<aid::StatsCore>(deps_);
  }

  static constexpr int64_t kWage = 500000;

  // A registration by `p` on its own case card for a distinct person.
  apb::Application Register(const Principal& p, int person, apb::ApplicationChannel channel) {
    apb::RegisterApplicationRequest req =
        Registration(kCase, IdNumber(absl::CivilDay(1970, 1, 1) + person, 100 + person));
    req.set_channel(channel);
    req.mutable_details()->mutable_original_case()->set_case_number(
        absl::StrCat("仁检刑诉〔2025〕", 100 + person, "号"));
    return MustRegister(p, req);
  }

  // Proposed by the assigned caseworker, agreed by the head, decided by the chief.
  apb::Application Approve(apb::Application a, const Principal& caseworker) {
    apb::ProposeDecisionRequest propose;
    propose.set_request_id(Rid());
    propose.set_application_id(a.application_id());
    propose.set_version(a.version());
    propose.set_decision(apb::DECISION_KIND_GRANT);
    propose.mutable_amount()->set_months(1);
    propose.set_opinion("符合救助条件");
    a = Must(core_->ProposeDecision(caseworker, propose));
    for (const Principal* p : {&head_, &chief_}) {
      apb::ApprovalRequest agree;
      agree.set_request_id(Rid());
      agree.set_application_id(a.application_id());
      agree.set_version(a.version());
      agree.set_outcome(apb::APPROVAL_OUTCOME_AGREE);
      agree.set_opinion("同意");
      a = Must(p == &head_ ? core_->ReviewProposal(*p, agree)
                           : core_->DecideApplication(*p, agree));
    }
    return a;
  }

  apb::GetAidStatisticsRequest March(apb::StatsGroupBy group_by = apb::STATS_GROUP_BY_UNSPECIFIED) {
    apb::GetAidStatisticsRequest req;
    req.set_period(apb::STATS_PERIOD_MONTH);
    req.set_year(2025);
    req.set_number(3);
    req.set_group_by(group_by);
    return req;
  }

  std::unique_ptr<aid::StatsCore> stats_;
};

TEST_F(AidStatisticsTest, FiguresOfAWholeMonthByCaseworkerAndChannel) {
  // Seven applications by zhang (two ex officio), two of them decided; one by the head.
  std::vector<apb::Application> apps;
  for (int i = 0; i < 7; ++i) {
    apps.push_back(Register(
        zhang_, i,
        i < 2 ? apb::APPLICATION_CHANNEL_EX_OFFICIO : apb::APPLICATION_CHANNEL_ON_APPLICATION));
  }
  Register(head_, 20, apb::APPLICATION_CHANNEL_ON_APPLICATION);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Approve(apps[i], zhang_).status(), apb::APPLICATION_STATUS_APPROVED);
  }

  auto total = stats_->Get(chief_, March());
  ASSERT_TRUE(total.ok()) << total.status();
  EXPECT_EQ(total->rows_size(), 0);
  const apb::AidStatisticsRow& t = total->total();
  EXPECT_FALSE(t.suppressed());
  EXPECT_EQ(t.applications_accepted(), 8);
  EXPECT_EQ(t.ex_officio_count(), 2);
  EXPECT_EQ(t.ex_officio_share_bp(), 2500);
  EXPECT_EQ(t.people_aided(), 2);
  EXPECT_EQ(t.decided_on_time(), 2);
  EXPECT_EQ(t.decided_late(), 0);
  EXPECT_EQ(t.median_decision_days(), 0);  // decided the day they were registered
  EXPECT_EQ(total->suppression_threshold(), 0) << "the chief sees exact figures";

  // By caseworker: every application in exactly one row; the rows add up to the total.
  auto by_worker = stats_->Get(chief_, March(apb::STATS_GROUP_BY_CASEWORKER));
  ASSERT_TRUE(by_worker.ok()) << by_worker.status();
  int64_t sum = 0;
  for (const auto& r : by_worker->rows()) sum += r.applications_accepted();
  EXPECT_EQ(sum, 8);

  // The analyst: both rows hold counts under 5 (the head's single application; zhang's two
  // decisions), so both are hidden.
  auto analyst = stats_->Get(analyst_, March(apb::STATS_GROUP_BY_CASEWORKER));
  ASSERT_TRUE(analyst.ok()) << analyst.status();
  EXPECT_EQ(analyst->suppression_threshold(), aid::kSuppressionThreshold);
  int suppressed = 0;
  for (const auto& r : analyst->rows()) {
    if (r.suppressed()) {
      ++suppressed;
      EXPECT_EQ(r.applications_accepted(), 0);
    }
  }
  EXPECT_EQ(suppressed, analyst->rows_size()) << "both rows hold counts under 5";
  // The total holds a count of 2 (aided, ex officio): hidden for the analyst as well.
  EXPECT_TRUE(analyst->total().suppressed());

  auto by_channel = stats_->Get(chief_, March(apb::STATS_GROUP_BY_CHANNEL));
  ASSERT_TRUE(by_channel.ok());
  ASSERT_EQ(by_channel->rows_size(), 2);
  for (const auto& r : by_channel->rows()) {
    EXPECT_EQ(r.applications_accepted(), r.group_key() == "2" ? 2 : 6) << r.group_label();
  }

  // April has nothing; a caseworker may not ask; arbitrary ranges do not exist.
  apb::GetAidStatisticsRequest april = March();
  april.set_number(4);
  auto empty = stats_->Get(chief_, april);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->total().applications_accepted(), 0);
  EXPECT_EQ(stats_->Get(zhang_, March()).status().code(), absl::StatusCode::kPermissionDenied);
  apb::GetAidStatisticsRequest bad = March();
  bad.set_number(13);
  EXPECT_THAT(ViolatedFields(stats_->Get(chief_, bad).status()), ::testing::ElementsAre("number"));
}

}  // namespace
}  // namespace shouhu::testing
