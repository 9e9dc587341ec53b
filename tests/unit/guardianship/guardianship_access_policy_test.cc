// The guardianship access table covers every RPC of the guardianship API, and only those.
#include <gtest/gtest.h>

#include "guardianship/access_policy.h"
#include "support/generated_doc.h"
#include "support/principals.h"

namespace shouhu::guardianship {
namespace {

using ::shouhu::testing::Agency;
using ::shouhu::testing::User;

TEST(GuardianshipAccessPolicyTest, CoversEveryMethodOfTheGuardianshipApi) {
  const auto services = GuardianshipServices();
  ASSERT_EQ(services.size(), 5u);  // and the CaseFactsService of the review
  for (const auto* s : services) ASSERT_NE(s, nullptr);
  EXPECT_TRUE(GuardianshipAccessPolicy().CheckCovers(services).ok())
      << GuardianshipAccessPolicy().CheckCovers(services);
}

TEST(GuardianshipAccessPolicyTest, RolesPerStep) {
  const Principal worker = User("u-zhang", "520382", {Role::kCaseworker});
  const Principal head = User("u-head", "520382", {Role::kDepartmentHead});
  const Principal chief = User("u-chief", "520382", {Role::kChief}, "chief_procurator");
  const Principal analyst = User("u-analyst", "520382", {Role::kAnalyst});
  const Principal volunteer = User("u-vol", "520382", {Role::kVolunteer});
  constexpr char kOrd[] = "GuardianshipOrderService";
  EXPECT_TRUE(Admitted(worker, kOrd, "DraftOrder").ok());
  EXPECT_FALSE(Admitted(worker, kOrd, "ApproveOrder").ok());
  EXPECT_TRUE(Admitted(chief, kOrd, "ApproveOrder").ok());
  EXPECT_FALSE(Admitted(chief, kOrd, "DraftOrder").ok());
  EXPECT_FALSE(Admitted(worker, kOrd, "EvaluateOrder").ok());
  EXPECT_TRUE(Admitted(head, kOrd, "EvaluateOrder").ok());
  EXPECT_TRUE(Admitted(head, kOrd, "CancelOrder").ok());
  EXPECT_FALSE(Admitted(worker, kOrd, "CancelOrder").ok());
  EXPECT_TRUE(Admitted(analyst, kOrd, "GetOrderStatistics").ok());
  EXPECT_FALSE(Admitted(analyst, kOrd, "GetOrder").ok());
  for (const auto* s : GuardianshipServices()) {
    for (int i = 0; i < s->method_count(); ++i) {
      EXPECT_FALSE(Admitted(volunteer, s->name(), s->method(i)->name()).ok())
          << s->method(i)->name();
    }
  }
}

// Agencies reach their views and the recording of sessions, feedback and replies only.
TEST(GuardianshipAccessPolicyTest, AgenciesOnlyTheirViews) {
  const Principal agency = Agency("fl-renhuai", "520382");
  constexpr char kOrd[] = "GuardianshipOrderService";
  EXPECT_FALSE(Admitted(agency, kOrd, "GetOrder").ok());
  EXPECT_FALSE(Admitted(agency, kOrd, "ListOrders").ok());
  EXPECT_FALSE(Admitted(agency, kOrd, "GetSupervisionSummary").ok());
  EXPECT_FALSE(Admitted(agency, kOrd, "EvaluateOrder").ok());
  EXPECT_TRUE(Admitted(agency, kOrd, "GetAgencyOrder").ok());
  EXPECT_TRUE(Admitted(agency, kOrd, "ListAgencyOrders").ok());
  EXPECT_TRUE(Admitted(agency, kOrd, "RecordGuidanceSession").ok());
  EXPECT_TRUE(Admitted(agency, kOrd, "RecordComplianceCheck").ok());
  EXPECT_FALSE(Admitted(agency, "EscalationService", "GetEscalation").ok());
  EXPECT_TRUE(Admitted(agency, "EscalationService", "ListAgencyEscalations").ok());
  EXPECT_TRUE(Admitted(agency, "EscalationService", "RecordEscalationReply").ok());
  EXPECT_FALSE(Admitted(agency, "UnattendedChildService", "GetUnattendedCheck").ok());
  EXPECT_FALSE(Admitted(agency, "UnattendedChildService", "ListUnattendedChecks").ok());
  EXPECT_TRUE(Admitted(agency, "UnattendedChildService", "ListAddressedUnattendedHandoffs").ok());
}

TEST(GuardianshipAccessPolicyTest, AgencyConditionsHoldOnlyForTheNamedAgency) {
  const Principal agency = Agency("fl-renhuai", "520382");
  const Principal other = Agency("tw-renhuai", "520382");
  const RecordFacts named{.procuratorate = "520382", .agency = "fl-renhuai"};
  EXPECT_TRUE(Require(NamedGuidanceAgency(), agency, named, "record a session").ok());
  EXPECT_FALSE(Require(NamedGuidanceAgency(), other, named, "record a session").ok());
  EXPECT_FALSE(
      Require(AddresseeAgency(), agency, RecordFacts{.procuratorate = "520382"}, "reply").ok());
}

// The guardianship tables of docs/access-policy.md are the rendering of this table
// (re-render with SHOUHU_UPDATE_ACCESS_DOC=1).
TEST(GuardianshipAccessPolicyTest, DocsAreTheRenderedTable) {
  if (!testing::ExpectGeneratedSection(
          "docs/access-policy.md", "<!-- BEGIN GENERATED: guardianship access policy tables -->\n",
          "<!-- END GENERATED: guardianship access policy tables -->",
          GuardianshipAccessPolicy().Markdown(), "SHOUHU_UPDATE_ACCESS_DOC")) {
    GTEST_SKIP() << "SHOUHU_SOURCE_DIR is not set";
  }
}

}  // namespace
}  // namespace shouhu::guardianship
