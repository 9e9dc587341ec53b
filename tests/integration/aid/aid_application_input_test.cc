// Bad input for every AidApplicationService RPC: INVALID_ARGUMENT naming the field, and
// nothing written (every table counted before and after).
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "integration/aid/aid_fixture.h"
#include "support/table_counts.h"

namespace shouhu::testing {
namespace {

class AidInputTest : public AidFixture {};

struct BadCall {
  std::string name;
  std::string field;
  std::function<absl::Status()> call;
};

TEST_F(AidInputTest, EveryRpcNamesTheBadFieldAndWritesNothing) {
  const apb::Application a = MustRegister(zhang_, Registration());
  const std::string id = a.application_id();
  const int64_t v = a.version();
  auto approval = [&](auto mutate) {
    apb::ApprovalRequest r;
    r.set_request_id(Rid());
    r.set_application_id(id);
    r.set_version(v);
    r.set_outcome(apb::APPROVAL_OUTCOME_AGREE);
    mutate(r);
    return r;
  };
  std::vector<BadCall> calls = {
      {"RegisterApplication", "channel",
       [&] {
         auto r = Registration();
         r.set_channel(apb::APPLICATION_CHANNEL_UNSPECIFIED);
         return core_->RegisterApplication(zhang_, r).status();
       }},
      {"RegisterApplication", "applicant.name",
       [&] {
         auto r = Registration();
         r.mutable_applicant()->set_name("");
         return core_->RegisterApplication(zhang_, r).status();
       }},
      {"RegisterApplication", "details.bank_account.account_number",
       [&] {
         auto r = Registration();
         r.mutable_details()->mutable_bank_account()->set_account_number("12ab");
         return core_->RegisterApplication(zhang_, r).status();
       }},
      {"RegisterApplication", "request_id",
       [&] {
         auto r = Registration();
         r.set_request_id("x");
         return core_->RegisterApplication(zhang_, r).status();
       }},
      {"UpdateApplication", "details.relation",
       [&] {
         apb::UpdateApplicationRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         r.set_version(v);
         return core_->UpdateApplication(zhang_, r).status();
       }},
      {"UpdateApplication", "version",
       [&] {
         apb::UpdateApplicationRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         *r.mutable_details() = EligibleDetails();
         return core_->UpdateApplication(zhang_, r).status();
       }},
      {"ListApplications", "page_token",
       [&] {
         apb::ListApplicationsRequest r;
         r.set_page_token("%%%");
         return core_->ListApplications(zhang_, r).status();
       }},
      {"ComputeAmount", "input.months",
       [&] {
         apb::ComputeAmountRequest r;
         r.set_application_id(id);
         return core_->ComputeAmount(zhang_, r).status();
       }},
      {"ProposeDecision", "decision",
       [&] {
         apb::ProposeDecisionRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         r.set_version(v);
         r.set_opinion("意见");
         return core_->ProposeDecision(zhang_, r).status();
       }},
      {"ProposeDecision", "amount.months",
       [&] {
         apb::ProposeDecisionRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         r.set_version(v);
         r.set_decision(apb::DECISION_KIND_GRANT);
         r.mutable_amount()->set_months(121);
         r.set_opinion("意见");
         return core_->ProposeDecision(zhang_, r).status();
       }},
      {"ReviewProposal", "outcome",
       [&] {
         return core_
             ->ReviewProposal(head_, approval([](apb::ApprovalRequest& r) { r.clear_outcome(); }))
             .status();
       }},
      {"DecideApplication", "amount_reason",
       [&] {
         return core_
             ->DecideApplication(chief_, approval([](apb::ApprovalRequest& r) {
                                   r.mutable_amount()->set_months(2);
                                 }))
             .status();
       }},
      {"RecordCommitteeResolution", "decided_on",
       [&] {
         return core_
             ->RecordCommitteeResolution(chief_, approval([](apb::ApprovalRequest& r) {
                                           *r.mutable_decided_on() = Date(2025, 2, 30);
                                         }))
             .status();
       }},
      {"RecordHigherApproval", "decided_by_body",
       [&] {
         return core_
             ->RecordHigherApproval(chief_, approval([](apb::ApprovalRequest& r) {
                                      r.set_document_ref("遵检复〔2025〕1号");
                                    }))
             .status();
       }},
      {"ApproveEmergencyAid", "amount_fen",
       [&] {
         apb::ApproveEmergencyAidRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         r.set_version(v);
         r.set_reason("危及生命");
         return core_->ApproveEmergencyAid(deputy_, r).status();
       }},
      {"WithdrawApplication", "reason",
       [&] {
         apb::WithdrawApplicationRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         r.set_version(v);
         return core_->WithdrawApplication(zhang_, r).status();
       }},
      {"EvaluateEligibility", "application_id",
       [&] {
         apb::EvaluateEligibilityRequest r;
         r.set_application_id("no-tenant");
         return core_->EvaluateEligibility(zhang_, r).status();
       }},
      {"RequestMaterials", "materials",
       [&] {
         apb::RequestMaterialsRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         r.set_version(v);
         return core_->RequestMaterials(zhang_, r).status();
       }},
      {"MaterialsReceived", "received_on",
       [&] {
         apb::MaterialsReceivedRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         r.set_version(v);
         *r.mutable_received_on() = Date(2030, 1, 1);
         return core_->MaterialsReceived(zhang_, r).status();
       }},
      {"CompleteEmergencyPaperwork", "version",
       [&] {
         apb::CompleteEmergencyPaperworkRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         return core_->CompleteEmergencyPaperwork(zhang_, r).status();
       }},
      {"RevokeDecision", "reason",
       [&] {
         apb::CloseApplicationRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         r.set_version(v);
         return core_->RevokeDecision(chief_, r).status();
       }},
      {"CloseUnpaid", "reason",
       [&] {
         apb::CloseApplicationRequest r;
         r.set_request_id(Rid());
         r.set_application_id(id);
         r.set_version(v);
         return core_->CloseUnpaid(zhang_, r).status();
       }},
      {"RecordRightsNotice", "notice.method",
       [&] {
         apb::RecordRightsNoticeRequest r;
         r.set_request_id(Rid());
         r.mutable_notice()->set_case_id(kCase);
         r.mutable_notice()->set_person_id("per-0000000000000001");
         *r.mutable_notice()->mutable_notified_on() = Date(2025, 3, 1);
         return core_->RecordRightsNotice(zhang_, r).status();
       }},
      {"ListRightsNotices", "case_id",
       [&] {
         apb::ListRightsNoticesRequest r;
         return core_->ListRightsNotices(zhang_, r).status();
       }},
      {"ListRightsNotices", "page_token",
       [&] {
         apb::ListRightsNoticesRequest r;
         r.set_case_id(kCase);
         r.set_page_token("!");
         return core_->ListRightsNotices(zhang_, r).status();
       }},
      {"RecordPriorAid", "prior_aid.organ_name",
       [&] {
         apb::RecordPriorAidRequest r;
         r.set_request_id(Rid());
         r.mutable_prior_aid()->set_person_id("per-0000000000000001");
         r.mutable_prior_aid()->set_original_case_number("仁检刑诉〔2025〕12号");
         r.mutable_prior_aid()->set_organ(apb::PriorAid::ORGAN_POLICE);
         return core_->RecordPriorAid(zhang_, r).status();
       }},
  };
  auto before = CountEveryTable(*pool_);
  ASSERT_TRUE(before.ok()) << before.status();
  for (const BadCall& c : calls) {
    absl::Status st = c.call();
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << c.name << ": " << st;
    EXPECT_THAT(ViolatedFields(st), ::testing::Contains(c.field)) << c.name << ": " << st;
  }
  auto after = CountEveryTable(*pool_);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(DescribeChange(*before, *after), "");
}

}  // namespace
}  // namespace shouhu::testing
