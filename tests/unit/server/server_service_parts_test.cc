// The parts services share instead of copying: the access table's building blocks
// (common/server/access_rules.h), the deps of a service (service_deps.h), the audit
// record of an event reaction (events.h) and the procuratorate of a settings read
// (tenant.h).
#include <gtest/gtest.h>

#include "absl/time/time.h"
#include "common/server/access_rules.h"
#include "common/server/events.h"
#include "common/server/service_deps.h"
#include "common/server/tenant.h"
#include "support/principals.h"

namespace shouhu {
namespace {

using ::shouhu::testing::Agency;
using ::shouhu::testing::User;

constexpr char kRenhuai[] = "520382";
constexpr char kXishui[] = "520330";

TEST(AccessRulesTest, RuleMakerKeysRowsByPackageServiceAndMethod) {
  constexpr access::RuleMaker Rule("shouhu.demo.v1");
  EXPECT_EQ(Rule.Key("DemoService", "GetThing"), "shouhu.demo.v1.DemoService/GetThing");
  AccessRule r = Rule("DemoService", "GetThing", {access::Staff()}, "no access");
  EXPECT_EQ(r.method, "shouhu.demo.v1.DemoService/GetThing");
  EXPECT_EQ(r.denied, "no access");
  ASSERT_EQ(r.grants.size(), 1u);
}

TEST(AccessRulesTest, GrantsAdmitTheirRolesOnly) {
  const Principal worker = User("u-zhang", kRenhuai, {Role::kCaseworker});
  const Principal head = User("u-head", kRenhuai, {Role::kDepartmentHead});
  const Principal chief = User("u-chief", kRenhuai, {Role::kChief});
  const Principal finance = User("u-fin", kRenhuai, {Role::kFinance});
  const Principal analyst = User("u-an", kRenhuai, {Role::kAnalyst});
  const Principal admin = User("u-admin", kRenhuai, {Role::kAdmin});
  const Principal agency = Agency("edu-renhuai", kRenhuai);

  EXPECT_TRUE(access::Staff().Admits(worker));
  EXPECT_TRUE(access::Staff().Admits(chief));
  EXPECT_FALSE(access::Staff().Admits(finance));
  EXPECT_TRUE(access::Workers().Admits(head));
  EXPECT_FALSE(access::Workers().Admits(chief));
  EXPECT_FALSE(access::Head().Admits(worker));
  EXPECT_TRUE(access::Chief().Admits(chief));
  EXPECT_TRUE(access::Finance().Admits(finance));
  EXPECT_FALSE(access::Finance().Admits(head));
  EXPECT_TRUE(access::StatisticsReaders().Admits(analyst));
  EXPECT_FALSE(access::StatisticsReaders().Admits(worker));
  EXPECT_TRUE(access::Admin().Admits(admin));
  EXPECT_EQ(access::Admin().scope, Scope::kPlatform);
  EXPECT_FALSE(access::Staff().Admits(agency));
  EXPECT_TRUE(access::OversightService().Admits(::shouhu::testing::Service("oversight")));
  EXPECT_FALSE(access::OversightService().Admits(::shouhu::testing::Service("aid")));
  EXPECT_FALSE(access::OversightService().Admits(admin));
  EXPECT_FALSE(access::OversightService().Admits(agency));
  EXPECT_TRUE(Grant::Services(Scope::kPlatform).Admits(::shouhu::testing::Service("aid")));

  const Grant assigned = access::AssignedWorkers();
  ASSERT_EQ(assigned.conditions.size(), 1u);
  EXPECT_EQ(assigned.conditions[0], &AssignedCaseworkerOrHead());
  EXPECT_EQ(assigned.scope, Scope::kOwnProcuratorate);
}

TEST(AccessRulesTest, AgencyGrantCarriesItsConditionAndTheRecordAgencyCheck) {
  static const AccessCondition named{"named", "the agency the record names",
                                     access::IsRecordAgency};
  const Grant g = access::AgencyWhere(named);
  EXPECT_EQ(g.kind, CallerKind::kAgency);
  EXPECT_EQ(g.scope, Scope::kOwnAgency);
  ASSERT_EQ(g.conditions.size(), 1u);
  EXPECT_EQ(g.conditions[0], &named);

  const Principal edu = Agency("edu-renhuai", kRenhuai);
  EXPECT_TRUE(access::IsRecordAgency(edu, RecordFacts{kRenhuai, "edu-renhuai", ""}));
  EXPECT_FALSE(access::IsRecordAgency(edu, RecordFacts{kRenhuai, "police-renhuai", ""}));
  EXPECT_FALSE(access::IsRecordAgency(edu, RecordFacts{kRenhuai, "", ""}));
  // A user whose id happens to equal the agency code is no agency.
  EXPECT_FALSE(access::IsRecordAgency(User("edu-renhuai", kRenhuai, {Role::kCaseworker}),
                                      RecordFacts{kRenhuai, "edu-renhuai", ""}));
}

constexpr char kDemoService[] = "demo";

TEST(ServiceDepsTest, MutationsAreTheNamedServicesOverTheDeps) {
  FakeClock clock(absl::FromUnixSeconds(1700000000));
  SequentialIdGenerator ids;
  ServiceDeps<kDemoService> deps;
  deps.clock = &clock;
  deps.ids = &ids;
  const db::MutationRunner::Deps m = deps.Mutations();
  EXPECT_EQ(m.service, "demo");
  EXPECT_EQ(m.clock, &clock);
  EXPECT_EQ(m.ids, &ids);
  EXPECT_EQ(m.pool, nullptr);
  EXPECT_EQ(m.cipher, nullptr);
  EXPECT_STREQ(ServiceDeps<kDemoService>::kService, "demo");
}

TEST(ReactionAuditTest, RecordIsTheServicesOnTheEventsRequest) {
  constexpr ReactionAudit audit{"demo", "demo_thing"};
  common::v1::Event e;
  e.set_event_id("evt-1");
  const absl::Time at = absl::FromUnixSeconds(1700000000);
  const db::AuditRecord r =
      audit.Record(e, "demo.moved_in", "thing-520382-1", kRenhuai, R"({"from":"x"})", at);
  EXPECT_EQ(r.service, "demo");
  EXPECT_EQ(r.actor, "service:demo");
  EXPECT_EQ(r.action, "demo.moved_in");
  EXPECT_EQ(r.entity_type, "demo_thing");
  EXPECT_EQ(r.entity_id, "thing-520382-1");
  EXPECT_EQ(r.procuratorate, kRenhuai);
  EXPECT_EQ(r.request_id, "evt-1");
  EXPECT_EQ(r.detail, R"({"from":"x"})");
  EXPECT_EQ(r.at, at);
}

TEST(SettingsProcuratorateTest, OwnByDefaultOthersOnlyForAdmins) {
  const Principal worker = User("u-zhang", kRenhuai, {Role::kCaseworker});
  const Principal admin = User("u-admin", kRenhuai, {Role::kAdmin});
  EXPECT_EQ(SettingsProcuratorate(worker, "").value_or(""), kRenhuai);
  EXPECT_EQ(SettingsProcuratorate(worker, kRenhuai).value_or(""), kRenhuai);
  EXPECT_EQ(SettingsProcuratorate(worker, kXishui).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(SettingsProcuratorate(admin, kXishui).value_or(""), kXishui);
  const absl::Status bad = SettingsProcuratorate(admin, "52038").status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("procuratorate_code"), std::string::npos) << bad;
}

}  // namespace
}  // namespace shouhu
