#include "console/method_table.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shouhu/common/v1/common.pb.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::console {
namespace {

TEST(MethodTableTest, HasThePeopleFacingUnaryMethodsOfTheFourServices) {
  const MethodTable& table = MethodTable::Platform();
  struct Want {
    const char* key;
    Backend backend;
  };
  for (const Want& w : {
           Want{"shouhu.referral.v1.ReferralService/ListReferrals", Backend::kReferral},
           Want{"shouhu.referral.v1.ReferralService/SubmitReferral", Backend::kReferral},
           Want{"shouhu.referral.v1.RegistryService/ListAgencies", Backend::kReferral},
           Want{"shouhu.aid.v1.AidStatisticsService/GetAidStatistics", Backend::kAid},
           Want{"shouhu.visit.v1.VisitService/GetVisitStatistics", Backend::kVisit},
           Want{"shouhu.visit.v1.VisitService/RecordVisit", Backend::kVisit},
           Want{"shouhu.guardianship.v1.GuardianshipOrderService/ListOrders",
                Backend::kGuardianship},
           Want{"shouhu.oversight.v1.DeadlineWatchService/GetMonthlyLedger", Backend::kOversight},
           Want{"shouhu.oversight.v1.QualityReviewService/AppealFinding", Backend::kOversight},
       }) {
    const ConsoleMethod* m = table.Find(w.key);
    ASSERT_NE(m, nullptr) << w.key;
    EXPECT_EQ(m->backend, w.backend) << w.key;
    EXPECT_EQ(m->grpc_path, std::string("/") + w.key);
    EXPECT_EQ(m->key, w.key);
  }
}

TEST(MethodTableTest, LeavesOutStreamingAndServiceOnlyMethods) {
  const MethodTable& table = MethodTable::Platform();
  EXPECT_EQ(table.Find("shouhu.referral.v1.ReferralService/WatchReferral"), nullptr);
  EXPECT_EQ(table.Find("shouhu.common.v1.EventReceiver/DeliverEvent"), nullptr);
  // Only the oversight service reads the services' case facts.
  EXPECT_EQ(table.Find("shouhu.oversight.v1.CaseFactsService/GetCaseFacts"), nullptr);
  EXPECT_EQ(table.Find("grpc.health.v1.Health/Check"), nullptr);
  EXPECT_EQ(table.Find("shouhu.referral.v1.ReferralService/NoSuchMethod"), nullptr);
  EXPECT_EQ(table.Find(""), nullptr);
  for (const ConsoleMethod& m : table.methods()) {
    EXPECT_FALSE(m.descriptor->client_streaming() || m.descriptor->server_streaming()) << m.key;
    EXPECT_NE(m.descriptor->service()->full_name(), "shouhu.common.v1.EventReceiver");
  }
}

TEST(MethodTableTest, EveryUnaryMethodOfAServiceFileIsIn) {
  // Counted from the descriptor of the referral file itself: a method added to the proto
  // is in the table without anyone listing it.
  const auto* file = ::shouhu::referral::v1::Referral::descriptor()->file();
  int unary = 0;
  for (int s = 0; s < file->service_count(); ++s) {
    for (int m = 0; m < file->service(s)->method_count(); ++m) {
      const auto* method = file->service(s)->method(m);
      if (method->client_streaming() || method->server_streaming()) continue;
      ++unary;
      EXPECT_NE(MethodTable::Platform().Find(std::string(method->service()->full_name()) + "/" +
                                             std::string(method->name())),
                nullptr)
          << method->full_name();
    }
  }
  EXPECT_GT(unary, 20);
  const MethodTable referral_only = MethodTable::FromFiles({file});
  EXPECT_EQ(static_cast<int>(referral_only.methods().size()), unary);
}

TEST(MethodTableTest, TheEventDeliveryFileGivesNothing) {
  const MethodTable table =
      MethodTable::FromFiles({::shouhu::common::v1::Event::descriptor()->file()});
  EXPECT_TRUE(table.methods().empty());
}

TEST(MethodTableTest, BackendNames) {
  EXPECT_EQ(BackendName(Backend::kReferral), "referral");
  EXPECT_EQ(BackendName(Backend::kAid), "aid");
  EXPECT_EQ(BackendName(Backend::kVisit), "visit");
  EXPECT_EQ(BackendName(Backend::kGuardianship), "guardianship");
  EXPECT_EQ(BackendName(Backend::kOversight), "oversight");
}

}  // namespace
}  // namespace shouhu::console
