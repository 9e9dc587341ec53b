// End-to-end: judicial aid (国家司法救助) on the real binaries with mTLS. A judicial-aid
// referral accepted by the referral service drafts an ex officio application in the aid
// service (referral.accepted); the caseworker completes the card and proposes, the
// department head agrees, the chief decides; finance records the funds and pays; the
// visit service receives aid.paid. Also: agencies reach the aid service with their
// certificates (checked against the referral service's registry) and see only the
// suggestions addressed to them; another procuratorate sees nothing.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"
#include "support/e2e_calls.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {
namespace {

const ::testing::Environment* const kPlatform =
    RegisterPlatform({.with_aid = true, .with_visit = true});

using AS = apb::AidApplicationService::Stub;
using DS = apb::DisbursementService::Stub;
using FS = apb::FundService::Stub;
using SS = apb::SocialAidService::Stub;
using RS = pb::ReferralService::Stub;

const User kCaseworkerXishui{"cw-xishui", "习水检察官", "520330", {"caseworker"}};

class AidFlowTest : public PlatformTest {
 protected:
  Caller Aid(const User& u) { return P().UserCaller(u, P().aid().address()); }

  pb::Referral AcceptedLead() { return AcceptedAidLead(P()); }
};

TEST_F(AidFlowTest, ReferralToExOfficioApplicationToDecisionToPaymentToVisit) {
  const int year = TodayInChina().year();
  // Configuration and money: the province's wage of last year, this year's fund.
  const absl::Status money = SeedAidMoney(P(), year, 5000000);
  ASSERT_TRUE(money.ok()) << money;
  grpc::Status st;

  // 依职权主动救助: the accepted lead drafts an application on its case.
  const pb::Referral lead = AcceptedLead();
  ASSERT_FALSE(lead.case_id().empty());
  absl::StatusOr<apb::Application> drafted = AwaitExOfficioApplication(P(), lead.case_id());
  ASSERT_TRUE(drafted.ok()) << drafted.status();
  apb::Application app = *drafted;
  EXPECT_EQ(app.channel(), apb::APPLICATION_CHANNEL_EX_OFFICIO);
  EXPECT_EQ(app.status(), apb::APPLICATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(app.assigned_to(), kCaseworker.id);
  EXPECT_EQ(app.source_referral_id(), lead.referral_id());

  // The case card (案卡), then the proposal, review and decision.
  const apb::UpdateApplicationRequest update = AidCardRequest(app);
  st = Aid(kCaseworker).Call(&AS::UpdateApplication, update, &app);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(app.details().bank_account().account_number().find("12345678"), std::string::npos)
      << "account numbers are masked on read";

  const apb::ProposeDecisionRequest propose = AidProposeRequest(app);
  st = Aid(kCaseworker).Call(&AS::ProposeDecision, propose, &app);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(app.status(), apb::APPLICATION_STATUS_PENDING_HEAD_REVIEW);
  EXPECT_EQ(app.amount().amount_fen(), 800000);
  EXPECT_TRUE(app.eligibility().eligible());

  const apb::ApprovalRequest review = AidReviewRequest(app);
  st = Aid(kHead).Call(&AS::ReviewProposal, review, &app);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(app.status(), apb::APPLICATION_STATUS_PENDING_CHIEF_DECISION);

  const apb::ApprovalRequest decide = AidDecideRequest(app);
  st = Aid(kChief).Call(&AS::DecideApplication, decide, &app);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(app.status(), apb::APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(app.approved_fen(), 800000);
  ASSERT_FALSE(app.approvals().empty());
  EXPECT_EQ(app.approvals(app.approvals_size() - 1).actor_title(), "chief_procurator");

  // 发放: plan, funds arrive, one payment; the fund balances.
  const apb::PlanDisbursementRequest plan = AidPlanRequest(app, 800000);
  apb::Disbursement disb;
  st = Aid(kCaseworker).Call(&DS::PlanDisbursement, plan, &disb);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  const apb::RecordFundsArrivedRequest arrived = AidArrivedRequest(disb);
  st = Aid(kFinance).Call(&DS::RecordFundsArrived, arrived, &disb);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  apb::RecordPaymentRequest pay = AidPayRequest(disb, 800000);
  apb::Payment payment;
  st = Aid(kFinance).Call(&DS::RecordPayment, pay, &payment);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(payment.status(), apb::PAYMENT_STATUS_PAID);
  // A retry with the same request id replays; another request id cannot pay again.
  apb::Payment replay;
  st = Aid(kFinance).Call(&DS::RecordPayment, pay, &replay);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(replay.payment_id(), payment.payment_id());
  pay.set_request_id(NewRequestId("pay-again"));
  st = Aid(kFinance).Call(&DS::RecordPayment, pay, &replay);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << StatusText(st);

  apb::GetFundRequest get_fund;
  get_fund.set_year(year);
  apb::GetFundResponse pots;
  st = Aid(kFinance).Call(&FS::GetFund, get_fund, &pots);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_TRUE(pots.balanced());

  // The visit service received aid.paid (the anchor of its visit plan).
  EXPECT_TRUE(Eventually([&] {
    auto n = P().QueryInt(
        "SELECT COUNT(*) FROM inbox_events WHERE receiver = 'visit' AND topic = 'aid.paid'");
    return n.ok() && *n >= 1;
  })) << "aid.paid did not reach the visit service";

  // Another procuratorate learns nothing about the application.
  apb::GetApplicationRequest get;
  get.set_application_id(app.application_id());
  apb::Application seen;
  st = Aid(kCaseworkerXishui).Call(&AS::GetApplication, get, &seen);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
}

TEST_F(AidFlowTest, AnAgencyReachesTheAidServiceWithItsCertificateAndSeesOnlyItsSuggestions) {
  const pb::Referral lead = AcceptedLead();
  apb::IssueSuggestionRequest issue;
  issue.set_request_id(NewRequestId("suggest"));
  issue.set_case_id(lead.case_id());
  issue.set_agency_code("police-renhuai");
  issue.set_measure(apb::MEASURE_KIND_LIVING_PLACEMENT);
  issue.set_content("建议协助落实临时生活安置。");
  apb::Suggestion s;
  grpc::Status st = Aid(kCaseworker).Call(&SS::IssueSuggestion, issue, &s);
  ASSERT_TRUE(st.ok()) << StatusText(st);

  Caller police = P().Agency("police-renhuai", P().aid().address());
  apb::ListAddressedSuggestionsResponse mine;
  st = police.Call(&SS::ListAddressedSuggestions, apb::ListAddressedSuggestionsRequest(), &mine);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  bool found = false;
  for (const auto& v : mine.suggestions()) found |= v.suggestion_id() == s.suggestion_id();
  EXPECT_TRUE(found);

  Caller school = P().Agency("edu-renhuai", P().aid().address());
  apb::GetAddressedSuggestionRequest get;
  get.set_suggestion_id(s.suggestion_id());
  apb::AgencySuggestion view;
  st = school.Call(&SS::GetAddressedSuggestion, get, &view);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
  // Agencies have no access to applications at all.
  apb::ListApplicationsResponse apps;
  st = police.Call(&AS::ListApplications, apb::ListApplicationsRequest(), &apps);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
}

}  // namespace
}  // namespace shouhu::e2e
