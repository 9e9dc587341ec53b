// The guardianship access matrix, generated from the service's access table
// (services/guardianship/access_policy.cc): for every RPC of its four services and of the
// CaseFactsService it implements for the oversight service (one test each), every caller kind and
// role, and a record of the caller's own procuratorate (Renhuai) and of another (Xishui), of a case
// assigned to the caller or to someone else where a row has conditions, the call goes through the
// method tables as main.cc binds them (the policy gate, then the operation) on a real MariaDB, and
// the status must be the one the row implies:
//   - no grant admits the caller: PERMISSION_DENIED;
//   - another procuratorate's record: PERMISSION_DENIED (from the id alone);
//   - an agency the record does not name (guidance agency, addressee, 民政 of the
//     hand-off): PERMISSION_DENIED;
//   - a condition of the grant that does not hold (not the case's caseworker and no
//     department head): PERMISSION_DENIED;
//   - otherwise the call passes the gate: OK, with the record in the state the step needs
//     (lists: OK, without the other procuratorate's record).
// The expectations come from the table; the spot checks at the end are hand-written, so
// that a wrong table fails too, and check what the table cannot say (an agency's refusal
// of another agency's order reads like one of an unknown id; names masked for agencies).
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "guardianship/access_policy.h"
#include "integration/guardianship/guardianship_access_targets.h"
#include "support/access_matrix.h"
#include "support/principals.h"

namespace shouhu::testing {
namespace {

using google::protobuf::Message;
using guardianship::GuardianshipAccessPolicy;

// Agencies of Renhuai: fl-renhuai is named by the orders for guidance, gg-renhuai is not;
// mz-renhuai is the addressee of the escalations and the 民政 agency of the hand-offs;
// mz-chishui is the 民政 agency of another area.
std::vector<Caller> Callers() {
  std::vector<Caller> callers = {
      {"guidance agency, named", Agency("fl-renhuai", kRenhuai)},
      {"guidance agency, not named", Agency("gg-renhuai", kRenhuai)},
      {"addressee and 民政 agency of the area", Agency("mz-renhuai", kRenhuai)},
      {"民政 agency of another area", Agency("mz-chishui", "520381")},
      {"service", Service("visit")},
      {"oversight service", Service("oversight")},
  };
  for (Caller& c : StaffCallers(kRenhuai)) callers.push_back(std::move(c));
  return callers;
}

class GuardianshipAccessMatrixTest : public GuardianshipAccessMatrix,
                                     public ::testing::WithParamInterface<std::string> {};

TEST_P(GuardianshipAccessMatrixTest, EveryCallerOnOwnAndOtherRecordsGetsWhatTheTableSays) {
  const std::string key = GetParam();
  WalkMatrix(
      GuardianshipAccessPolicy(), key, Callers(),
      [&](bool other, bool assigned) { return Prepare(key, other, assigned); },
      [&](const Principal& p, const Message& req) { return CallRpc(key, p, req); });
}

INSTANTIATE_TEST_SUITE_P(Guardianship, GuardianshipAccessMatrixTest,
                         ::testing::ValuesIn(MethodsOf(GuardianshipAccessPolicy())),
                         MethodTestName);

class GuardianshipAccessSpotCheckTest : public GuardianshipAccessMatrix {
 protected:
  static std::string Key(const char* service, const char* method) {
    return absl::StrCat("shouhu.guardianship.v1.", service, "/", method);
  }
  std::vector<Spot> Spots() const;
};

std::vector<Spot> GuardianshipAccessSpotCheckTest::Spots() const {
  const Principal li = User("u-wang", kRenhuai, {Role::kCaseworker});
  const Principal fl = Agency("fl-renhuai", kRenhuai);
  const Principal gg = Agency("gg-renhuai", kRenhuai);
  const Principal mz = Agency("mz-renhuai", kRenhuai);
  const Principal volunteer = User("u-volunteer", kRenhuai, {Role::kVolunteer});
  const char* kOrd = "GuardianshipOrderService";
  const char* kEsc = "EscalationService";
  const char* kUnat = "UnattendedChildService";
  const char* kConf = "GuardianshipConfigService";
  return {
      // Orders: the caseworker of the case drafts, the chief approves, a head ends.
      {"another caseworker drafts", Key(kOrd, "DraftOrder"), li, false, true, Outcome::kDenied},
      {"the caseworker drafts", Key(kOrd, "DraftOrder"), zhang_, false, true, Outcome::kOk},
      {"a head drafts on another's case", Key(kOrd, "DraftOrder"), head_, false, false,
       Outcome::kOk},
      {"a head approves", Key(kOrd, "ApproveOrder"), head_, false, true, Outcome::kDenied},
      {"the chief approves", Key(kOrd, "ApproveOrder"), chief_, false, true, Outcome::kOk},
      {"a caseworker cancels", Key(kOrd, "CancelOrder"), zhang_, false, true, Outcome::kDenied},
      {"the chief evaluates", Key(kOrd, "EvaluateOrder"), chief_, false, true, Outcome::kDenied},
      {"a head evaluates", Key(kOrd, "EvaluateOrder"), head_, false, true, Outcome::kOk},
      {"an analyst reads an order", Key(kOrd, "GetOrder"), analyst_, false, true, Outcome::kDenied},
      {"a volunteer reads an order", Key(kOrd, "GetOrder"), volunteer, false, true,
       Outcome::kDenied},
      {"an agency reads the staff's order", Key(kOrd, "GetOrder"), fl, false, true,
       Outcome::kDenied},
      {"the named agency reads its view", Key(kOrd, "GetAgencyOrder"), fl, false, true,
       Outcome::kOk},
      {"an agency not named reads the view", Key(kOrd, "GetAgencyOrder"), gg, false, true,
       Outcome::kDenied},
      {"a caseworker reads the agency view", Key(kOrd, "GetAgencyOrder"), zhang_, false, true,
       Outcome::kDenied},
      {"the named agency records a session", Key(kOrd, "RecordGuidanceSession"), fl, false, true,
       Outcome::kOk},
      {"an agency not named records a session", Key(kOrd, "RecordGuidanceSession"), gg, false, true,
       Outcome::kDenied},
      {"an agency discloses", Key(kOrd, "DiscloseOrderIdentity"), fl, false, true,
       Outcome::kDenied},
      {"another caseworker discloses", Key(kOrd, "DiscloseOrderIdentity"), li, false, true,
       Outcome::kDenied},
      {"the caseworker discloses", Key(kOrd, "DiscloseOrderIdentity"), zhang_, false, true,
       Outcome::kOk},
      {"an analyst reads statistics", Key(kOrd, "GetOrderStatistics"), analyst_, false, true,
       Outcome::kOk},
      {"a caseworker reads statistics", Key(kOrd, "GetOrderStatistics"), zhang_, false, true,
       Outcome::kDenied},
      // Escalations: the addressee answers, nobody else outside.
      {"the addressee replies", Key(kEsc, "RecordEscalationReply"), mz, false, true, Outcome::kOk},
      {"another agency replies", Key(kEsc, "RecordEscalationReply"), fl, false, true,
       Outcome::kDenied},
      {"another agency reads the escalation", Key(kEsc, "GetAgencyEscalation"), fl, false, true,
       Outcome::kDenied},
      {"a head approves an escalation", Key(kEsc, "ApproveEscalation"), head_, false, true,
       Outcome::kDenied},
      {"the addressee records the court's answer", Key(kEsc, "RecordCourtAnswer"), mz, false, true,
       Outcome::kDenied},
      // 事实无人抚养: the 民政 agency of the hand-off answers; never other agencies.
      {"the 民政 agency answers", Key(kUnat, "RecordUnattendedAnswer"), mz, false, true,
       Outcome::kOk},
      {"a guidance agency answers", Key(kUnat, "RecordUnattendedAnswer"), fl, false, true,
       Outcome::kDenied},
      {"the 民政 agency reads the check", Key(kUnat, "GetUnattendedCheck"), mz, false, true,
       Outcome::kDenied},
      {"an analyst reads a check", Key(kUnat, "GetUnattendedCheck"), analyst_, false, true,
       Outcome::kDenied},
      // Configuration.
      {"a head changes the policy", Key(kConf, "UpdateOrderPolicy"), head_, false, true,
       Outcome::kDenied},
      {"the admin changes the policy", Key(kConf, "UpdateOrderPolicy"), admin_, false, true,
       Outcome::kOk},
      {"a head reads another procuratorate's policy", Key(kConf, "GetOrderPolicy"), head_, true,
       true, Outcome::kDenied},
  };
}

TEST_F(GuardianshipAccessSpotCheckTest, RolesStepsAndAgenciesAsTheBriefSays) {
  CheckSpots(
      GuardianshipAccessPolicy(), Spots(),
      [&](const std::string& m, bool other, bool assigned) { return Prepare(m, other, assigned); },
      [&](const std::string& m, const Principal& p, const Message& req) {
        return CallRpc(m, p, req);
      });
}

// Beyond the table: an agency learns nothing from an order or escalation that is not
// its own (the refusal reads exactly like the one for an id that does not exist), and
// sees names masked.
TEST_F(GuardianshipAccessSpotCheckTest, AnAgencyLearnsNothingOfRecordsNotItsOwn) {
  const Principal gg = Agency("gg-renhuai", kRenhuai);
  const gpb::Order o = OrderIn(OrderState::kSupervised, false, true);
  gpb::GetOrderRequest get;
  get.set_order_id(o.order_id());
  auto not_named = CallRpc(Key("GuardianshipOrderService", "GetAgencyOrder"), gg, get);
  get.set_order_id("gord-520382-doesnotexist");
  auto unknown = CallRpc(Key("GuardianshipOrderService", "GetAgencyOrder"), gg, get);
  EXPECT_TRUE(absl::IsPermissionDenied(not_named.status())) << not_named.status();
  EXPECT_EQ(not_named.status(), unknown.status());
  // Nor from its sessions and checks.
  gpb::ListGuidanceSessionsRequest sessions;
  sessions.set_order_id(o.order_id());
  auto s1 = CallRpc(Key("GuardianshipOrderService", "ListGuidanceSessions"), gg, sessions);
  EXPECT_TRUE(absl::IsPermissionDenied(s1.status())) << s1.status();
  EXPECT_THAT(s1.status().message(), ::testing::Not(::testing::HasSubstr(o.order_id())));
  // Nor is the order in its list; the named agency's list has it.
  auto theirs = CallRpc(Key("GuardianshipOrderService", "ListAgencyOrders"), gg,
                        gpb::ListAgencyOrdersRequest());
  ASSERT_TRUE(theirs.ok()) << theirs.status();
  EXPECT_EQ(theirs->find(o.order_id()), std::string::npos);
  auto mine = CallRpc(Key("GuardianshipOrderService", "ListAgencyOrders"), fulian_,
                      gpb::ListAgencyOrdersRequest());
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_NE(mine->find(o.order_id()), std::string::npos);

  // The named agency: names masked, no facts, no failings.
  get.set_order_id(o.order_id());
  auto view = CallRpc(Key("GuardianshipOrderService", "GetAgencyOrder"), fulian_, get);
  ASSERT_TRUE(view.ok()) << view.status();
  gpb::AgencyOrderView v;
  ASSERT_TRUE(v.ParseFromString(*view));
  EXPECT_FALSE(v.minor_display_name().empty());
  EXPECT_EQ(v.minor_display_name().find("小明"), std::string::npos) << v.minor_display_name();
  for (const auto& g : v.guardians()) {
    EXPECT_EQ(g.display_name().find("大山"), std::string::npos) << g.display_name();
    EXPECT_EQ(g.display_name().find("春花"), std::string::npos) << g.display_name();
  }
  EXPECT_EQ(view->find("长期放任"), std::string::npos);  // the facts
  EXPECT_EQ(view->find(kCase), std::string::npos);

  // Escalations: another agency and an unknown id answer alike.
  const gpb::Escalation e = EscalationIn(EscState::kIssued, false, true);
  gpb::GetEscalationRequest ge;
  ge.set_escalation_id(e.escalation_id());
  auto other_agency = CallRpc(Key("EscalationService", "GetAgencyEscalation"), gg, ge);
  ge.set_escalation_id("gesc-520382-doesnotexist");
  auto nonexistent = CallRpc(Key("EscalationService", "GetAgencyEscalation"), gg, ge);
  EXPECT_TRUE(absl::IsPermissionDenied(other_agency.status())) << other_agency.status();
  EXPECT_EQ(other_agency.status(), nonexistent.status());
}

// The case facts (案件质量评查): the oversight service reads any procuratorate's case; the
// matrix above walks everybody else into PERMISSION_DENIED.
TEST_F(GuardianshipAccessSpotCheckTest, OnlyTheOversightServiceReadsCaseFacts) {
  const std::string key = "shouhu.oversight.v1.CaseFactsService/GetCaseFacts";
  for (bool other : {false, true}) {
    Target t = Prepare(key, other, true);
    auto got = CallRpc(key, ::shouhu::testing::Service("oversight"), *t.request);
    EXPECT_TRUE(got.ok()) << other << " " << got.status();
    auto refused = CallRpc(key, ::shouhu::testing::Service("visit"), *t.request);
    EXPECT_TRUE(absl::IsPermissionDenied(refused.status())) << refused.status();
  }
}

// The matrix walks the table's rows: the table must have exactly one row per RPC of the
// four services and the CaseFactsService, or an RPC would escape the matrix.
TEST(GuardianshipAccessTable, HasExactlyOneRowPerRpcOfItsFiveServices) {
  const auto services = guardianship::GuardianshipServices();
  for (const auto* s : services) ASSERT_NE(s, nullptr);
  EXPECT_TRUE(GuardianshipAccessPolicy().CheckCovers(services).ok())
      << GuardianshipAccessPolicy().CheckCovers(services);
  int rpcs = 0;
  for (const auto* s : services) rpcs += s->method_count();
  EXPECT_EQ(rpcs, 41);
  EXPECT_EQ(GuardianshipAccessPolicy().rules().size(), static_cast<size_t>(rpcs));
}

}  // namespace
}  // namespace shouhu::testing
