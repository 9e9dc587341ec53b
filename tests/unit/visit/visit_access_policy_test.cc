// The visit access table covers every RPC of the visit API, and only those; roles per RPC.
#include <gtest/gtest.h>

#include "support/generated_doc.h"
#include "support/principals.h"
#include "visit/access_policy.h"

namespace shouhu::visit {
namespace {

using ::shouhu::testing::Agency;
using ::shouhu::testing::Service;
using ::shouhu::testing::User;

TEST(VisitAccessPolicyTest, CoversEveryMethodOfTheVisitApi) {
  const auto services = VisitServices();
  ASSERT_EQ(services.size(), 4u);
  for (const auto* s : services) ASSERT_NE(s, nullptr);
  EXPECT_TRUE(VisitAccessPolicy().CheckCovers(services).ok())
      << VisitAccessPolicy().CheckCovers(services);
}

TEST(VisitAccessPolicyTest, RolesPerRpc) {
  const Principal worker = User("u-zhang", "520382", {Role::kCaseworker});
  const Principal head = User("u-head", "520382", {Role::kDepartmentHead});
  const Principal chief = User("u-chief", "520382", {Role::kChief}, "chief_procurator");
  const Principal analyst = User("u-analyst", "520382", {Role::kAnalyst});
  const Principal admin = User("u-admin", "520382", {Role::kAdmin});
  constexpr char kPlan[] = "VisitPlanService";
  EXPECT_TRUE(Admitted(worker, kPlan, "CreatePlan").ok());
  EXPECT_TRUE(Admitted(worker, kPlan, "WaiveSlot").ok());
  EXPECT_FALSE(Admitted(worker, kPlan, "CancelPlan").ok());
  EXPECT_TRUE(Admitted(head, kPlan, "CancelPlan").ok());
  EXPECT_FALSE(Admitted(worker, kPlan, "AssignPlan").ok());
  EXPECT_TRUE(Admitted(head, kPlan, "AssignPlan").ok());
  EXPECT_TRUE(Admitted(chief, kPlan, "GetPlan").ok());
  EXPECT_FALSE(Admitted(chief, kPlan, "WaiveSlot").ok());
  EXPECT_TRUE(Admitted(worker, kPlan, "ListDueVisits").ok());
  EXPECT_FALSE(Admitted(worker, kPlan, "UpsertScheduleTemplate").ok());
  EXPECT_TRUE(Admitted(admin, kPlan, "UpsertScheduleTemplate").ok());
  EXPECT_TRUE(Admitted(admin, kPlan, "ListScheduleTemplates").ok());
  EXPECT_FALSE(Admitted(admin, kPlan, "GetPlan").ok());
  EXPECT_FALSE(Admitted(analyst, kPlan, "ListPlans").ok());
  EXPECT_TRUE(Admitted(analyst, "VisitService", "GetVisitStatistics").ok());
  EXPECT_FALSE(Admitted(analyst, "VisitService", "GetVisit").ok());
}

TEST(VisitAccessPolicyTest, VolunteersOnlyTheirOwnAssignments) {
  const Principal volunteer = User("u-vol", "520382", {Role::kVolunteer});
  for (const auto* s : VisitServices()) {
    for (int i = 0; i < s->method_count(); ++i) {
      const std::string m = s->method(i)->name();
      const bool allowed = m == "ListMyAssignments" || m == "SubmitDailyReport" ||
                           m == "ListDailyReports" || m == "UploadBatch";
      EXPECT_EQ(Admitted(volunteer, s->name(), m).ok(), allowed) << m;
    }
  }
  const RecordFacts own{.procuratorate = "520382", .agency = "", .assigned_to = "u-vol"};
  const RecordFacts ended{.procuratorate = "520382", .agency = "", .assigned_to = ""};  // ended
  const RecordFacts other{.procuratorate = "520382", .agency = "", .assigned_to = "u-vol-2"};
  EXPECT_TRUE(Require(OwnActiveAssignment(), volunteer, own, "report").ok());
  EXPECT_FALSE(Require(OwnActiveAssignment(), volunteer, ended, "report").ok());
  EXPECT_FALSE(Require(OwnActiveAssignment(), volunteer, other, "report").ok());
}

TEST(VisitAccessPolicyTest, AgenciesReachNothing) {
  const Principal agency = Agency("fl-renhuai", "520382");
  for (const auto* s : VisitServices()) {
    for (int i = 0; i < s->method_count(); ++i) {
      EXPECT_FALSE(Admitted(agency, s->name(), s->method(i)->name()).ok()) << s->method(i)->name();
    }
  }
}

TEST(VisitAccessPolicyTest, OnlyTheOversightServiceReadsCaseFacts) {
  constexpr char kFacts[] = "shouhu.oversight.v1.CaseFactsService/GetCaseFacts";
  EXPECT_TRUE(VisitAccessPolicy().Admit(Service("oversight"), kFacts).ok());
  for (const Principal& p :
       {Service("aid"), Service("referral"), Service("guardianship"), Service("visit"),
        Agency("fl-renhuai", "520382"), User("u-zhang", "520382", {Role::kCaseworker}),
        User("u-head", "520382", {Role::kDepartmentHead}),
        User("u-chief", "520382", {Role::kChief}, "chief_procurator"),
        User("u-analyst", "520382", {Role::kAnalyst}), User("u-admin", "520382", {Role::kAdmin}),
        User("u-vol", "520382", {Role::kVolunteer})}) {
    EXPECT_TRUE(absl::IsPermissionDenied(VisitAccessPolicy().Admit(p, kFacts).status()))
        << p.Name();
  }
  // The oversight service reaches nothing else of the visit service.
  for (const auto* s : VisitServices()) {
    for (int i = 0; i < s->method_count(); ++i) {
      const std::string key = MethodKey(*s->method(i));
      EXPECT_EQ(VisitAccessPolicy().Admit(Service("oversight"), key).ok(), key == kFacts) << key;
    }
  }
}

TEST(VisitAccessPolicyTest, RecorderOrHead) {
  const Principal worker = User("u-zhang", "520382", {Role::kCaseworker});
  const Principal other = User("u-wang", "520382", {Role::kCaseworker});
  const Principal head = User("u-head", "520382", {Role::kDepartmentHead});
  const Principal xs_head = User("u-xs-head", "520330", {Role::kDepartmentHead});
  const RecordFacts r{.procuratorate = "520382", .agency = "", .assigned_to = "u-zhang"};
  EXPECT_TRUE(Require(RecorderOrHead(), worker, r, "amend").ok());
  EXPECT_FALSE(Require(RecorderOrHead(), other, r, "amend").ok());
  EXPECT_TRUE(Require(RecorderOrHead(), head, r, "amend").ok());
  EXPECT_FALSE(Require(RecorderOrHead(), xs_head, r, "amend").ok());
}

// The visit tables of docs/access-policy.md are the rendering of this table (re-render
// with SHOUHU_UPDATE_ACCESS_DOC=1).
TEST(VisitAccessPolicyTest, DocsAreTheRenderedTable) {
  if (!testing::ExpectGeneratedSection(
          "docs/access-policy.md", "<!-- BEGIN GENERATED: visit access policy tables -->\n",
          "<!-- END GENERATED: visit access policy tables -->", VisitAccessPolicy().Markdown(),
          "SHOUHU_UPDATE_ACCESS_DOC")) {
    GTEST_SKIP() << "SHOUHU_SOURCE_DIR is not set";
  }
}

}  // namespace
}  // namespace shouhu::visit
