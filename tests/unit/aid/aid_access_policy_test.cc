// The aid access table covers every RPC of the aid API and the CaseFactsService the aid
// service implements for the oversight service, and only those.
#include <gtest/gtest.h>

#include "aid/access_policy.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"
#include "support/generated_doc.h"
#include "support/principals.h"

namespace shouhu::aid {
namespace {

const google::protobuf::ServiceDescriptor* Service(const char* name) {
  // Through a message of the file, so that the generated code is linked in.
  return aid::v1::Application::descriptor()->file()->FindServiceByName(name);
}

TEST(AidAccessPolicyTest, CoversEveryMethodOfTheAidApi) {
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  for (const char* name :
       {"AidApplicationService", "DisbursementService", "FundService", "ReconciliationService",
        "RecoveryService", "SocialAidService", "AidStatisticsService", "AidConfigService"}) {
    services.push_back(Service(name));
    ASSERT_NE(services.back(), nullptr) << name;
  }
  services.push_back(oversight::v1::GetCaseFactsRequest::descriptor()->file()->FindServiceByName(
      "CaseFactsService"));
  ASSERT_NE(services.back(), nullptr);
  EXPECT_TRUE(AidAccessPolicy().CheckCovers(services).ok())
      << AidAccessPolicy().CheckCovers(services);
}

TEST(AidAccessPolicyTest, OnlyTheOversightServiceReadsCaseFacts) {
  constexpr char kFacts[] = "shouhu.oversight.v1.CaseFactsService/GetCaseFacts";
  EXPECT_TRUE(AidAccessPolicy().Admit(testing::Service("oversight"), kFacts).ok());
  for (const Principal& p : {testing::Service("aid"), testing::Service("referral"),
                             testing::Agency("edu-renhuai", "520382"),
                             testing::User("u-zhang", "520382", {Role::kCaseworker}),
                             testing::User("u-head", "520382", {Role::kDepartmentHead}),
                             testing::User("u-wang", "520382", {Role::kChief}),
                             testing::User("u-admin", "520382", {Role::kAdmin})}) {
    EXPECT_TRUE(absl::IsPermissionDenied(AidAccessPolicy().Admit(p, kFacts).status())) << p.id;
  }
}

TEST(AidAccessPolicyTest, FinanceCannotDecideAndTheChiefCannotPay) {
  const Principal finance = testing::User("u-cai", "520382", {Role::kFinance});
  const Principal chief = testing::User("u-wang", "520382", {Role::kChief});
  EXPECT_FALSE(Admitted(finance, "AidApplicationService", "DecideApplication").ok());
  EXPECT_TRUE(Admitted(chief, "AidApplicationService", "DecideApplication").ok());
  EXPECT_TRUE(Admitted(finance, "DisbursementService", "RecordPayment").ok());
  EXPECT_FALSE(Admitted(chief, "DisbursementService", "RecordPayment").ok());
}

// The aid tables of docs/access-policy.md are the rendering of this table (re-render with
// SHOUHU_UPDATE_ACCESS_DOC=1).
TEST(AidAccessPolicyTest, DocsAreTheRenderedTable) {
  if (!testing::ExpectGeneratedSection("docs/access-policy.md",
                                       "<!-- BEGIN GENERATED: aid access policy tables -->\n",
                                       "<!-- END GENERATED: aid access policy tables -->",
                                       AidAccessPolicy().Markdown(), "SHOUHU_UPDATE_ACCESS_DOC")) {
    GTEST_SKIP() << "SHOUHU_SOURCE_DIR is not set";
  }
}

}  // namespace
}  // namespace shouhu::aid
