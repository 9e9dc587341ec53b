// Registration of aid applications on real MariaDB: the case check against the case hub,
// masking and sealing of the applicant's data, once per party per case across
// procuratorates, prior-aid declarations, idempotency, versions and tenancy.
#include <gtest/gtest.h>

#include "common/base/dates.h"
#include "integration/aid/aid_fixture.h"
#include "support/table_counts.h"

namespace shouhu::testing {
namespace {

using ::testing::HasSubstr;

class AidRegisterTest : public AidFixture {};

TEST_F(AidRegisterTest, RegistersMaskedAndSealedWithTheDecisionDeadline) {
  apb::Application a = MustRegister(zhang_, Registration());
  EXPECT_EQ(a.application_id().rfind("aid-520382-", 0), 0u) << a.application_id();
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(a.assigned_to(), "u-zhang");
  EXPECT_EQ(a.version(), 1);
  // 10 working days after Monday 10 March 2025.
  EXPECT_EQ(DateString(a.decision_due_on()), "2025-03-24");
  EXPECT_EQ(a.applicant().name(), "张**");
  EXPECT_NE(a.applicant().id_number(), kAdultId());
  EXPECT_THAT(a.applicant().id_number(), HasSubstr("*"));
  EXPECT_EQ(a.details().bank_account().account_number(), "****5678");
  EXPECT_THAT(a.details().household_registration(), HasSubstr("*"));
  EXPECT_FALSE(a.decision_overdue());
  // Nothing personal in clear in the row.
  EXPECT_EQ(Count("aid_applications", "details_enc LIKE '%6228480012345678%'"), 0);
  EXPECT_EQ(Count("aid_applications", "applicant_enc LIKE '%张大山%'"), 0);
  EXPECT_EQ(Count("aid_party_claims"), 1);
  EXPECT_EQ(Count("audit_log", "action = 'aid.register'"), 1);

  // A second read shows the same masked view.
  apb::Application again = MustGet(a.application_id());
  EXPECT_EQ(again.applicant().name(), "张**");
  EXPECT_EQ(again.details().original_case().case_number(), "仁检刑诉〔2025〕12号");
}

TEST_F(AidRegisterTest, TheCaseMustBeOpenKnownAndOwn) {
  auto before = CountEveryTable(*pool_);
  ASSERT_TRUE(before.ok());
  auto unknown = core_->RegisterApplication(zhang_, Registration("case-520382-9999999999999999"));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound) << unknown.status();

  AddCase("case-520382-0000000000000077", kRenhuai, "u-zhang", rpb::CASE_STATUS_CLOSED);
  auto closed = core_->RegisterApplication(zhang_, Registration("case-520382-0000000000000077"));
  EXPECT_EQ(closed.status().code(), absl::StatusCode::kFailedPrecondition) << closed.status();

  auto other = core_->RegisterApplication(zhang_, Registration(kXsCase));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied) << other.status();

  SetCaseServiceDown(true);
  auto down = core_->RegisterApplication(zhang_, Registration());
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable) << down.status();
  SetCaseServiceDown(false);

  auto after = CountEveryTable(*pool_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(DescribeChange(*before, *after), "");
}

TEST_F(AidRegisterTest, OncePerPartyPerCaseAcrossProcuratorates) {
  apb::Application first = MustRegister(zhang_, Registration());
  // The same person applies in Xishui for the same original case (written differently).
  apb::RegisterApplicationRequest again = Registration(kXsCase);
  again.mutable_details()->mutable_original_case()->set_case_number(" 仁检刑诉〔2025〕12号 ");
  auto refused = core_->RegisterApplication(xs_worker_, again);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("ALREADY_AIDED"));
  EXPECT_EQ(Count("aid_applications"), 1);

  // Another original case of the same person is a different claim.
  apb::RegisterApplicationRequest other_case = Registration(kXsCase);
  other_case.mutable_details()->mutable_original_case()->set_case_number("习检刑诉〔2025〕3号");
  EXPECT_TRUE(core_->RegisterApplication(xs_worker_, other_case).ok());

  // Once the first is withdrawn, the party may apply again.
  apb::WithdrawApplicationRequest w;
  w.set_request_id(Rid());
  w.set_application_id(first.application_id());
  w.set_version(first.version());
  w.set_reason("申请人撤回");
  auto withdrawn = core_->WithdrawApplication(zhang_, w);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  EXPECT_EQ(withdrawn->status(), apb::APPLICATION_STATUS_WITHDRAWN);
  again.set_request_id(Rid());
  auto accepted = core_->RegisterApplication(xs_worker_, again);
  EXPECT_TRUE(accepted.ok()) << accepted.status();
}

TEST_F(AidRegisterTest, AidDeclaredFromAnotherOrganRefusesRegistration) {
  apb::RecordPriorAidRequest pa;
  pa.set_request_id(Rid());
  pa.mutable_prior_aid()->set_person_id("per-0000000000000042");
  pa.mutable_prior_aid()->set_original_case_number("仁检刑诉〔2025〕12号");
  pa.mutable_prior_aid()->set_organ(apb::PriorAid::ORGAN_COURT);
  pa.mutable_prior_aid()->set_organ_name("仁怀市人民法院");
  *pa.mutable_prior_aid()->mutable_aided_on() = Date(2025, 2, 1);
  pa.mutable_prior_aid()->set_amount_fen(500000);
  auto recorded = core_->RecordPriorAid(zhang_, pa);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  EXPECT_EQ(recorded->prior_aid_id().rfind("pa-520382-", 0), 0u);

  apb::RegisterApplicationRequest req = Registration();
  req.mutable_details()->set_applicant_person_id("per-0000000000000042");
  auto refused = core_->RegisterApplication(zhang_, req);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("ALREADY_AIDED"));
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("仁怀市人民法院"));
  EXPECT_EQ(Count("aid_applications"), 0);
}

TEST_F(AidRegisterTest, AMinorAppliesThroughALegalRepresentative) {
  apb::RegisterApplicationRequest req =
      Registration(kCase, IdNumber(absl::CivilDay(2012, 1, 5), 77));
  auto refused = core_->RegisterApplication(zhang_, req);
  EXPECT_THAT(ViolatedFields(refused.status()),
              ::testing::ElementsAre("details.legal_representative"));
  req.set_request_id(Rid());
  req.mutable_details()->set_legal_representative("李秀英");
  apb::Application a = MustRegister(zhang_, req);
  EXPECT_TRUE(a.applicant().minor());
  EXPECT_EQ(a.details().legal_representative(), "李**");
}

TEST_F(AidRegisterTest, ReplayReturnsTheSameResponseAndAnotherPayloadIsRefused) {
  apb::RegisterApplicationRequest req = Registration();
  apb::Application first = MustRegister(zhang_, req);
  auto replay = core_->RegisterApplication(zhang_, req);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->application_id(), first.application_id());
  EXPECT_EQ(replay->SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Count("aid_applications"), 1);
  req.mutable_details()->set_harm("另一内容");
  auto other = core_->RegisterApplication(zhang_, req);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AidRegisterTest, AStaleVersionIsAborted) {
  apb::Application a = MustRegister(zhang_, Registration());
  apb::UpdateApplicationRequest u;
  u.set_request_id(Rid());
  u.set_application_id(a.application_id());
  u.set_version(a.version());
  *u.mutable_details() = EligibleDetails();
  u.mutable_details()->set_harm("更新后的损害情况");
  auto updated = core_->UpdateApplication(zhang_, u);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->version(), 2);
  EXPECT_EQ(updated->details().harm(), "更新后的损害情况");
  u.set_request_id(Rid());
  auto stale = core_->UpdateApplication(zhang_, u);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  EXPECT_EQ(MustGet(a.application_id()).version(), 2);
}

TEST_F(AidRegisterTest, AnotherProcuratorateIsDeniedFromTheIdAlone) {
  apb::Application a = MustRegister(zhang_, Registration());
  apb::GetApplicationRequest g;
  g.set_application_id(a.application_id());
  EXPECT_EQ(core_->GetApplication(xs_worker_, g).status().code(),
            absl::StatusCode::kPermissionDenied);
  // The same answer whether the application exists or not.
  g.set_application_id("aid-520382-ffffffffffffffff");
  EXPECT_EQ(core_->GetApplication(xs_worker_, g).status().code(),
            absl::StatusCode::kPermissionDenied);
  apb::UpdateApplicationRequest u;
  u.set_request_id(Rid());
  u.set_application_id(a.application_id());
  u.set_version(1);
  *u.mutable_details() = EligibleDetails();
  EXPECT_EQ(core_->UpdateApplication(xs_head_, u).status().code(),
            absl::StatusCode::kPermissionDenied);
  apb::ApprovalRequest r;
  r.set_request_id(Rid());
  r.set_application_id(a.application_id());
  r.set_version(1);
  r.set_outcome(apb::APPROVAL_OUTCOME_AGREE);
  EXPECT_EQ(core_->DecideApplication(xs_chief_, r).status().code(),
            absl::StatusCode::kPermissionDenied);
  apb::ListRightsNoticesRequest ln;
  ln.set_case_id(kCase);
  EXPECT_EQ(core_->ListRightsNotices(xs_worker_, ln).status().code(),
            absl::StatusCode::kPermissionDenied);
  // Another caseworker of the same procuratorate may read but not edit.
  EXPECT_EQ(MustGet(a.application_id(), &wang_).application_id(), a.application_id());
  EXPECT_EQ(core_->UpdateApplication(wang_, u).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AidRegisterTest, RightsNoticesAreRecordedAndListedPerCase) {
  apb::RecordRightsNoticeRequest n;
  n.set_request_id(Rid());
  n.mutable_notice()->set_case_id(kCase);
  n.mutable_notice()->set_person_id("per-0000000000000042");
  *n.mutable_notice()->mutable_notified_on() = Date(2025, 3, 7);
  n.mutable_notice()->set_method(apb::NOTIFICATION_METHOD_IN_PERSON);
  auto recorded = core_->RecordRightsNotice(zhang_, n);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  EXPECT_EQ(recorded->recorded_by().principal(), "user:u-zhang");
  apb::ListRightsNoticesRequest ln;
  ln.set_case_id(kCase);
  auto listed = core_->ListRightsNotices(head_, ln);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->notices_size(), 1);
  EXPECT_EQ(listed->notices(0).notice_id(), recorded->notice_id());
  EXPECT_EQ(DateString(listed->notices(0).notified_on()), "2025-03-07");

  // Paged newest first.
  for (const char* person : {"per-0000000000000043", "per-0000000000000044"}) {
    n.set_request_id(Rid());
    n.mutable_notice()->set_person_id(person);
    ASSERT_TRUE(core_->RecordRightsNotice(zhang_, n).ok());
  }
  ln.set_page_size(2);
  auto first = core_->ListRightsNotices(head_, ln);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->notices_size(), 2);
  EXPECT_EQ(first->notices(0).person_id(), "per-0000000000000044");
  ASSERT_FALSE(first->next_page_token().empty());
  ln.set_page_token(first->next_page_token());
  auto second = core_->ListRightsNotices(head_, ln);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->notices_size(), 1);
  EXPECT_EQ(second->notices(0).notice_id(), recorded->notice_id());
  EXPECT_TRUE(second->next_page_token().empty());
}

}  // namespace
}  // namespace shouhu::testing
