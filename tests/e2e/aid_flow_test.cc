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
#include "support/e2e_platform.h"

namespace shouhu::e2e {
namespace {

const ::testing::Environment* const kPlatform =
    RegisterPlatform({.with_aid = true, .with_visit = true});

namespace apb = ::shouhu::aid::v1;
using AS = apb::AidApplicationService::Stub;
using DS = apb::DisbursementService::Stub;
using FS = apb::FundService::Stub;
using SS = apb::SocialAidService::Stub;
using CFG = apb::AidConfigService::Stub;
using RS = pb::ReferralService::Stub;

const User kChief{"chief-wu", "吴检察长", "520382", {"chief"}, "chief_procurator"};
const User kFinance{"fin-qian", "钱会计", "520382", {"finance"}};
const User kCaseworkerXishui{"cw-xishui", "习水检察官", "520330", {"caseworker"}};

class AidFlowTest : public PlatformTest {
 protected:
  Caller Aid(const User& u) { return P().UserCaller(u, P().aid().address()); }

  // Waits up to 30 s for `done` (events travel through outboxes and relays).
  static bool Eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 300; ++i) {
      if (done()) return true;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return done();
  }

  // A judicial-aid lead submitted by the police, assigned to the caseworker and accepted.
  pb::Referral AcceptedLead() {
    Caller agency = P().Agency("police-renhuai");
    pb::Referral r = MustSubmit(agency, JudicialAidLead(NewRequestId("aid-lead")));
    pb::AssignReferralRequest assign;
    assign.set_request_id(NewRequestId("aid-assign"));
    assign.set_referral_id(r.referral_id());
    assign.set_version(r.version());
    assign.set_caseworker(kCaseworker.id);
    pb::Referral assigned;
    EXPECT_TRUE(P().UserCaller(kHead).Call(&RS::AssignReferral, assign, &assigned).ok());
    pb::AcceptReferralRequest accept;
    accept.set_request_id(NewRequestId("aid-accept"));
    accept.set_referral_id(r.referral_id());
    accept.set_version(assigned.version());
    accept.set_message_to_agency("已受理，依职权启动司法救助。");
    pb::Referral accepted;
    grpc::Status st = P().UserCaller(kCaseworker).Call(&RS::AcceptReferral, accept, &accepted);
    EXPECT_TRUE(st.ok()) << StatusText(st);
    return accepted;
  }
};

TEST_F(AidFlowTest, ReferralToExOfficioApplicationToDecisionToPaymentToVisit) {
  const int year = TodayInChina().year();
  // Configuration and money: the province's wage of last year, this year's fund.
  apb::UpsertWageEntryRequest wage;
  wage.set_request_id(NewRequestId("wage"));
  wage.mutable_entry()->set_province_code("520000");
  wage.mutable_entry()->set_year(year - 1);
  wage.mutable_entry()->set_monthly_wage_fen(800000);
  wage.mutable_entry()->set_source("贵州省统计公报");
  wage.mutable_entry()->set_basis("城镇非私营单位在岗职工");
  apb::WageEntry stored;
  grpc::Status st = Aid(kAdmin).Call(&CFG::UpsertWageEntry, wage, &stored);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  apb::AllocateFundRequest allocate;
  allocate.set_request_id(NewRequestId("fund"));
  allocate.set_year(year);
  allocate.set_pot(apb::FUND_POT_REGULAR);
  allocate.set_amount_fen(5000000);
  allocate.set_source(absl::StrCat("仁财行〔", year, "〕1号"));
  apb::Fund fund;
  st = Aid(kFinance).Call(&FS::AllocateFund, allocate, &fund);
  ASSERT_TRUE(st.ok()) << StatusText(st);

  // 依职权主动救助: the accepted lead drafts an application on its case.
  const pb::Referral lead = AcceptedLead();
  ASSERT_FALSE(lead.case_id().empty());
  apb::Application app;
  ASSERT_TRUE(Eventually([&] {
    apb::ListApplicationsRequest list;
    list.set_case_id(lead.case_id());
    apb::ListApplicationsResponse found;
    if (!Aid(kCaseworker).Call(&AS::ListApplications, list, &found).ok()) return false;
    if (found.applications_size() != 1) return false;
    app = found.applications(0);
    return true;
  })) << "no ex officio application on "
      << lead.case_id();
  EXPECT_EQ(app.channel(), apb::APPLICATION_CHANNEL_EX_OFFICIO);
  EXPECT_EQ(app.status(), apb::APPLICATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(app.assigned_to(), kCaseworker.id);
  EXPECT_EQ(app.source_referral_id(), lead.referral_id());

  // The case card (案卡), then the proposal, review and decision.
  apb::UpdateApplicationRequest update;
  update.set_request_id(NewRequestId("card"));
  update.set_application_id(app.application_id());
  update.set_version(app.version());
  // The draft names the applicant and victim (the referral's subject): keep them.
  apb::ApplicationDetails& d = *update.mutable_details();
  d.set_applicant_person_id(app.details().applicant_person_id());
  d.set_victim_person_id(app.details().victim_person_id());
  d.set_relation(apb::APPLICANT_RELATION_VICTIM);
  d.set_household_registration("贵州省仁怀市茅台镇");
  d.mutable_original_case()->set_case_number(
      absl::StrCat("仁公交〔", year, "〕", NextSerial(), "号"));
  d.mutable_original_case()->set_charge("交通肇事罪");
  d.add_grounds(pb::AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED);
  d.set_harm("交通事故致重伤二级");
  d.mutable_hardship()->set_household_size(3);
  d.mutable_hardship()->set_members_able_to_work(1);
  d.mutable_hardship()->set_household_monthly_income_fen(120000);
  d.mutable_hardship()->set_description("主要劳动力受伤，家庭生活困难");
  d.mutable_harm_facts()->set_serious_injury(true);
  d.mutable_harm_facts()->set_offender_dead_or_unable_to_pay(true);
  d.mutable_harm_facts()->set_hardship_from_case(true);
  d.add_materials(apb::MATERIAL_KIND_WRITTEN_APPLICATION);
  d.mutable_bank_account()->set_name("李秀英");
  d.mutable_bank_account()->set_bank_name("农村信用社");
  d.mutable_bank_account()->set_account_number("6228480012345678");
  st = Aid(kCaseworker).Call(&AS::UpdateApplication, update, &app);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(app.details().bank_account().account_number().find("12345678"), std::string::npos)
      << "account numbers are masked on read";

  apb::ProposeDecisionRequest propose;
  propose.set_request_id(NewRequestId("propose"));
  propose.set_application_id(app.application_id());
  propose.set_version(app.version());
  propose.set_decision(apb::DECISION_KIND_GRANT);
  propose.mutable_amount()->set_months(1);
  propose.set_opinion("符合救助条件，建议救助一个月工资。");
  st = Aid(kCaseworker).Call(&AS::ProposeDecision, propose, &app);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(app.status(), apb::APPLICATION_STATUS_PENDING_HEAD_REVIEW);
  EXPECT_EQ(app.amount().amount_fen(), 800000);
  EXPECT_TRUE(app.eligibility().eligible());

  apb::ApprovalRequest review;
  review.set_request_id(NewRequestId("review"));
  review.set_application_id(app.application_id());
  review.set_version(app.version());
  review.set_outcome(apb::APPROVAL_OUTCOME_AGREE);
  review.set_opinion("同意。");
  st = Aid(kHead).Call(&AS::ReviewProposal, review, &app);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(app.status(), apb::APPLICATION_STATUS_PENDING_CHIEF_DECISION);

  apb::ApprovalRequest decide;
  decide.set_request_id(NewRequestId("decide"));
  decide.set_application_id(app.application_id());
  decide.set_version(app.version());
  decide.set_outcome(apb::APPROVAL_OUTCOME_AGREE);
  decide.set_opinion("同意救助。");
  decide.set_document_ref(absl::StrCat("仁检救决〔", year, "〕1号"));
  st = Aid(kChief).Call(&AS::DecideApplication, decide, &app);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(app.status(), apb::APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(app.approved_fen(), 800000);
  ASSERT_FALSE(app.approvals().empty());
  EXPECT_EQ(app.approvals(app.approvals_size() - 1).actor_title(), "chief_procurator");

  // 发放: plan, funds arrive, one payment; the fund balances.
  apb::PlanDisbursementRequest plan;
  plan.set_request_id(NewRequestId("plan"));
  plan.set_application_id(app.application_id());
  plan.set_purpose(apb::DISBURSEMENT_PURPOSE_AWARD);
  plan.set_method(apb::DISBURSEMENT_METHOD_LUMP_SUM);
  plan.set_custody(apb::CUSTODY_NONE);
  plan.mutable_payee()->set_name("李秀英");
  plan.mutable_payee()->set_bank_name("农村信用社");
  plan.mutable_payee()->set_account_number("6228480012345678");
  apb::Instalment* only = plan.add_instalments();
  only->set_sequence(1);
  *only->mutable_due_on() = DateOf(TodayInChina());
  only->set_amount_fen(800000);
  apb::Disbursement disb;
  st = Aid(kCaseworker).Call(&DS::PlanDisbursement, plan, &disb);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  apb::RecordFundsArrivedRequest arrived;
  arrived.set_request_id(NewRequestId("arrived"));
  arrived.set_disbursement_id(disb.disbursement_id());
  arrived.set_version(disb.version());
  *arrived.mutable_arrived_on() = DateOf(TodayInChina());
  st = Aid(kFinance).Call(&DS::RecordFundsArrived, arrived, &disb);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  apb::RecordPaymentRequest pay;
  pay.set_request_id(NewRequestId("pay"));
  pay.set_disbursement_id(disb.disbursement_id());
  pay.set_instalment_sequence(1);
  pay.set_amount_fen(800000);
  *pay.mutable_paid_on() = DateOf(TodayInChina());
  pay.set_voucher_number(absl::StrCat("PZ", NextSerial()));
  pay.set_bank_reference(absl::StrCat("BR", NextSerial()));
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
