// The approval chain on real MariaDB: proposal, head review, chief decision, committee and
// higher-level approval, RETURN paths, separation of duties, titles, amounts changed by
// reviewers, refusals, and approvals racing for a fund that covers only some of them.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "common/base/dates.h"
#include "integration/aid/aid_fixture.h"

namespace shouhu::testing {
namespace {

using ::testing::HasSubstr;

class AidChainTest : public AidFixture {
 protected:
  void SetUp() override {
    AidFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    SeedWage(kWage);
    AllocateFund(apb::FUND_POT_REGULAR, 100 * kWage);
  }

  static constexpr int64_t kWage = 500000;  // ¥5,000 a month

  apb::ProposeDecisionRequest Grant(const apb::Application& a, int months) {
    apb::ProposeDecisionRequest req;
    req.set_request_id(Rid());
    req.set_application_id(a.application_id());
    req.set_version(a.version());
    req.set_decision(apb::DECISION_KIND_GRANT);
    req.mutable_amount()->set_months(months);
    if (months > 36) req.mutable_amount()->set_over_cap_justification("伤情特别严重，家庭特别困难");
    req.set_opinion("符合救助条件，建议予以救助");
    return req;
  }

  apb::ApprovalRequest Return(const apb::Application& a) {
    apb::ApprovalRequest req = Agree(a);
    req.set_outcome(apb::APPROVAL_OUTCOME_RETURN);
    req.set_opinion("材料不全，请补充");
    return req;
  }

  // Registered, proposed (months) and reviewed: waiting for the chief.
  apb::Application AtChief(int months, const std::string& id_number = kAdultId()) {
    apb::Application a = MustRegister(zhang_, Registration(kCase, id_number));
    a = Must(core_->ProposeDecision(zhang_, Grant(a, months)));
    return Must(core_->ReviewProposal(head_, Agree(a)));
  }
};

TEST_F(AidChainTest, CaseworkerHeadAndChiefApproveAndTheFundIsReserved) {
  apb::Application a = MustRegister(zhang_, Registration());
  a = Must(core_->ProposeDecision(zhang_, Grant(a, 1)));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_PENDING_HEAD_REVIEW);
  EXPECT_EQ(a.amount().amount_fen(), kWage);
  EXPECT_FALSE(a.eligibility().rule_set_version().empty());
  EXPECT_TRUE(a.eligibility().eligible());
  a = Must(core_->ReviewProposal(head_, Agree(a)));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_PENDING_CHIEF_DECISION);
  a = Must(core_->DecideApplication(chief_, Agree(a, "仁检救决〔2025〕1号")));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(a.approved_fen(), kWage);
  EXPECT_EQ(a.reserved_fen(), kWage);
  EXPECT_EQ(a.decision_document_number(), "仁检救决〔2025〕1号");
  EXPECT_EQ(DateString(a.decided_on()), "2025-03-10");
  ASSERT_EQ(a.approvals_size(), 3);
  EXPECT_EQ(a.approvals(0).step(), apb::APPROVAL_STEP_PROPOSAL);
  EXPECT_EQ(a.approvals(1).actor().principal(), "user:u-head");
  EXPECT_EQ(a.approvals(2).step(), apb::APPROVAL_STEP_CHIEF_DECISION);
  EXPECT_EQ(a.approvals(2).actor_title(), "chief_procurator");
  EXPECT_EQ(a.approvals(2).amount_fen(), kWage);
  EXPECT_EQ(FundAvailable(apb::FUND_POT_REGULAR), 99 * kWage);
  // The stored record reads back the same.
  apb::Application read = MustGet(a.application_id());
  EXPECT_EQ(read.approvals_size(), 3);
  EXPECT_EQ(read.approvals(0).opinion(), "符合救助条件，建议予以救助");
  EXPECT_EQ(read.status(), apb::APPLICATION_STATUS_APPROVED);
}

TEST_F(AidChainTest, CommitteeThenHigherLevelForAnOverCapGrant) {
  apb::Application a = AtChief(40);
  EXPECT_TRUE(a.amount().over_cap());
  EXPECT_TRUE(a.amount().committee_required());
  a = Must(core_->DecideApplication(chief_, Agree(a, "仁检救决〔2025〕2号")));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_PENDING_COMMITTEE);
  apb::ApprovalRequest committee = Agree(a, "仁检办〔2025〕3号");
  *committee.mutable_decided_on() = Date(2025, 3, 10);
  a = Must(core_->RecordCommitteeResolution(deputy_, committee));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL);
  apb::ApprovalRequest higher = Agree(a, "遵检复〔2025〕7号");
  // The higher level's body is required: its reply is recorded, not typed as our own.
  auto missing = core_->RecordHigherApproval(vice_, higher);
  EXPECT_THAT(ViolatedFields(missing.status()), ::testing::ElementsAre("decided_by_body"));
  higher.set_decided_by_body("遵义市人民检察院");
  a = Must(core_->RecordHigherApproval(vice_, higher));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_APPROVED);
  EXPECT_TRUE(a.amount().over_cap_approved());
  EXPECT_EQ(a.approved_fen(), 40 * kWage);
  ASSERT_EQ(a.approvals_size(), 5);
  EXPECT_EQ(a.approvals(4).decided_by_body(), "遵义市人民检察院");
  EXPECT_EQ(a.approvals(4).document_ref(), "遵检复〔2025〕7号");
}

TEST_F(AidChainTest, ReturnsGoBackToTheCaseworkerInANewRound) {
  apb::Application a = MustRegister(zhang_, Registration());
  a = Must(core_->ProposeDecision(zhang_, Grant(a, 1)));
  apb::ApprovalRequest bare = Return(a);
  bare.clear_opinion();
  EXPECT_THAT(ViolatedFields(core_->ReviewProposal(head_, bare).status()),
              ::testing::ElementsAre("opinion"));
  a = Must(core_->ReviewProposal(head_, Return(a)));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_UNDER_REVIEW);
  a = Must(core_->ProposeDecision(zhang_, Grant(a, 1)));
  EXPECT_EQ(a.approvals(2).round(), 2);
  a = Must(core_->ReviewProposal(head_, Agree(a)));
  a = Must(core_->DecideApplication(chief_, Return(a)));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(a.approvals_size(), 5);
  EXPECT_EQ(a.approvals(4).outcome(), apb::APPROVAL_OUTCOME_RETURN);
  // Reviewing an application under review is not a legal move.
  auto again = core_->ReviewProposal(head_, Agree(a));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition) << again.status();
}

TEST_F(AidChainTest, NobodyActsOnTwoStepsAndTitlesComeFromThePolicy) {
  apb::Application a = MustRegister(head_, Registration());
  a = Must(core_->ProposeDecision(head_, Grant(a, 1)));
  auto self_review = core_->ReviewProposal(head_, Agree(a));
  EXPECT_EQ(self_review.status().code(), absl::StatusCode::kPermissionDenied)
      << self_review.status();
  a = Must(core_->ReviewProposal(head2_, Agree(a)));
  auto untitled = core_->DecideApplication(untitled_chief_, Agree(a));
  EXPECT_EQ(untitled.status().code(), absl::StatusCode::kPermissionDenied) << untitled.status();
  a = Must(core_->DecideApplication(deputy_, Agree(a)));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(a.approvals(2).actor_title(), "deputy_chief_procurator");
}

TEST_F(AidChainTest, ReviewersMayChangeTheAmountWithAReason) {
  apb::Application a = MustRegister(zhang_, Registration());
  a = Must(core_->ProposeDecision(zhang_, Grant(a, 1)));
  apb::ApprovalRequest change = Agree(a);
  change.mutable_amount()->set_months(3);
  auto no_reason = core_->ReviewProposal(head_, change);
  EXPECT_THAT(ViolatedFields(no_reason.status()), ::testing::ElementsAre("amount_reason"));
  change.set_amount_reason("伤情鉴定为重伤一级，酌情提高");
  a = Must(core_->ReviewProposal(head_, change));
  const apb::ApprovalRecord& r = a.approvals(1);
  EXPECT_EQ(r.previous_amount_fen(), kWage);
  EXPECT_EQ(r.amount_fen(), 3 * kWage);
  EXPECT_EQ(r.amount_reason(), "伤情鉴定为重伤一级，酌情提高");
  EXPECT_EQ(a.amount().amount_fen(), 3 * kWage);
  EXPECT_TRUE(a.amount().committee_required());
  a = Must(core_->DecideApplication(chief_, Agree(a)));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_PENDING_COMMITTEE);
}

TEST_F(AidChainTest, RefusalsNeedReasonsAndAnIneligibleCardCannotBeGranted) {
  apb::RegisterApplicationRequest reg = Registration();
  reg.mutable_details()->mutable_exclusion_facts()->set_major_fault(true);
  apb::Application a = MustRegister(zhang_, reg);
  auto grant = core_->ProposeDecision(zhang_, Grant(a, 1));
  ASSERT_EQ(grant.status().code(), absl::StatusCode::kFailedPrecondition) << grant.status();
  EXPECT_THAT(std::string(grant.status().message()), HasSubstr("major_fault"));

  apb::ProposeDecisionRequest refuse;
  refuse.set_request_id(Rid());
  refuse.set_application_id(a.application_id());
  refuse.set_version(a.version());
  refuse.set_decision(apb::DECISION_KIND_REFUSE);
  refuse.set_opinion("被害人对案件发生有重大过错");
  EXPECT_THAT(ViolatedFields(core_->ProposeDecision(zhang_, refuse).status()),
              ::testing::ElementsAre("exclusion_reasons"));
  refuse.add_exclusion_reasons(apb::EXCLUSION_REASON_MAJOR_FAULT);
  a = Must(core_->ProposeDecision(zhang_, refuse));
  a = Must(core_->ReviewProposal(head_, Agree(a)));
  a = Must(core_->DecideApplication(chief_, Agree(a)));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_REFUSED);
  EXPECT_EQ(a.approved_fen(), 0);
  EXPECT_EQ(Count("aid_party_claims"), 0);
  EXPECT_EQ(FundAvailable(apb::FUND_POT_REGULAR), 100 * kWage);
}

TEST_F(AidChainTest, RevokingReleasesTheReservation) {
  apb::Application a = AtChief(1);
  a = Must(core_->DecideApplication(chief_, Agree(a)));
  ASSERT_EQ(a.status(), apb::APPLICATION_STATUS_APPROVED);
  apb::CloseApplicationRequest revoke;
  revoke.set_request_id(Rid());
  revoke.set_application_id(a.application_id());
  revoke.set_version(a.version());
  revoke.set_reason("发现申请人提供虚假材料");
  a = Must(core_->RevokeDecision(chief_, revoke));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_REVOKED);
  EXPECT_EQ(a.reserved_fen(), 0);
  EXPECT_EQ(a.closing_reason(), "发现申请人提供虚假材料");
  EXPECT_EQ(FundAvailable(apb::FUND_POT_REGULAR), 100 * kWage);
}

TEST_F(AidChainTest, AmountPreviewAndEligibilityWriteNothing) {
  apb::Application a = MustRegister(zhang_, Registration());
  apb::ComputeAmountRequest c;
  c.set_application_id(a.application_id());
  c.mutable_input()->set_months(12);
  auto amount = core_->ComputeAmount(wang_, c);
  ASSERT_TRUE(amount.ok()) << amount.status();
  EXPECT_EQ(amount->monthly_wage_fen(), kWage);
  EXPECT_EQ(amount->wage_year(), 2024);
  EXPECT_EQ(amount->amount_fen(), 12 * kWage);
  EXPECT_FALSE(amount->explanation().empty());
  apb::EvaluateEligibilityRequest ev;
  ev.set_application_id(a.application_id());
  auto eligibility = core_->EvaluateEligibility(head_, ev);
  ASSERT_TRUE(eligibility.ok()) << eligibility.status();
  EXPECT_TRUE(eligibility->eligible());
  EXPECT_FALSE(eligibility->rule_set_version().empty());
  EXPECT_GT(eligibility->outcomes_size(), 10);
  EXPECT_EQ(MustGet(a.application_id()).version(), 1);
  // Without a wage figure for the province there is nothing to compute from.
  Exec("DELETE FROM aid_wage_entries");
  EXPECT_EQ(core_->ComputeAmount(wang_, c).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(AidChainTest, ClosingAnUnpaidApprovalReleasesTheMoneyAndTheClaim) {
  apb::Application a = AtChief(1);
  a = Must(core_->DecideApplication(chief_, Agree(a)));
  ASSERT_EQ(a.status(), apb::APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(FundAvailable(apb::FUND_POT_REGULAR), 99 * kWage);
  apb::CloseApplicationRequest close;
  close.set_request_id(Rid());
  close.set_application_id(a.application_id());
  close.set_version(a.version());
  close.set_reason("申请人放弃领取");
  EXPECT_EQ(core_->CloseUnpaid(wang_, close).status().code(), absl::StatusCode::kPermissionDenied);
  a = Must(core_->CloseUnpaid(zhang_, close));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_CLOSED_UNPAID);
  EXPECT_EQ(a.reserved_fen(), 0);
  EXPECT_EQ(FundAvailable(apb::FUND_POT_REGULAR), 100 * kWage);
  EXPECT_EQ(Count("aid_party_claims"), 0);
  // Final: nothing more happens to it.
  close.set_request_id(Rid());
  close.set_version(a.version());
  EXPECT_EQ(core_->CloseUnpaid(zhang_, close).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(AidChainTest, SixtyFourConcurrentApprovalsAgainstAFundForTenApproveExactlyTen) {
  Exec(absl::StrCat("UPDATE aid_funds SET allocated_fen = ", 10 * kWage, " WHERE pot = 1"));
  ASSERT_EQ(FundAvailable(apb::FUND_POT_REGULAR), 10 * kWage);
  constexpr int kN = 64;
  std::vector<apb::Application> waiting;
  for (int i = 0; i < kN; ++i) {
    waiting.push_back(AtChief(1, IdNumber(absl::CivilDay(1970, 1, 1) + i, 101)));
    ASSERT_EQ(waiting.back().status(), apb::APPLICATION_STATUS_PENDING_CHIEF_DECISION);
  }
  std::vector<apb::ApprovalRequest> requests;
  for (const apb::Application& a : waiting) requests.push_back(Agree(a));
  std::atomic<int> ok{0};
  std::atomic<int> no_money{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kN; ++i) {
    threads.emplace_back([&, i] {
      auto r = core_->DecideApplication(chief_, requests[i]);
      if (r.ok()) {
        ok++;
      } else if (absl::IsFailedPrecondition(r.status())) {
        no_money++;
      } else {
        other++;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(no_money.load(), kN - 10);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Count("aid_applications", "status = 6"), 10);
  EXPECT_EQ(FundAvailable(apb::FUND_POT_REGULAR), 0);
}

}  // namespace
}  // namespace shouhu::testing
