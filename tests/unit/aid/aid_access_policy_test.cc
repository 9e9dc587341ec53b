// The aid access table covers every RPC of the aid API, and only those.
#include <gtest/gtest.h>

#include "aid/access_policy.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"
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
  EXPECT_TRUE(AidAccessPolicy().CheckCovers(services).ok())
      << AidAccessPolicy().CheckCovers(services);
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
