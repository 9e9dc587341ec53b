// The access matrix of VisitPlanService, generated from the visit access table
// (services/visit/access_policy.cc): for every RPC of the service (one test each), every
// caller kind and role of Renhuai on a record of Renhuai and of Xishui, and the same roles
// of Xishui on a record of Xishui and of Renhuai, of a case assigned to the caller or to
// someone else where a row has conditions, the call goes through the method table as
// main.cc binds it (the policy gate, then the operation) on a real MariaDB, and the status
// must be the one the row implies:
//   - no grant admits the caller: PERMISSION_DENIED;
//   - another procuratorate's record: PERMISSION_DENIED (from the id alone);
//   - a condition that does not hold (not the plan's caseworker and no department head):
//     PERMISSION_DENIED;
//   - otherwise OK (lists: OK, without the other procuratorate's plan).
// The spot checks are hand-written, so that a wrong table fails too, and check what the
// table cannot say (a caseworker listing another caseworker's due visits).
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "integration/visit/visit_access_walk.h"
#include "support/access_matrix.h"
#include "support/principals.h"

namespace shouhu::testing {
namespace {

using google::protobuf::Message;
using visit::VisitAccessPolicy;

// The same roles in Xishui; u-xs-li is the caseworker of Xishui's assigned case.

class VisitPlanAccessMatrixTest : public VisitAccessWalk {};

TEST_P(VisitPlanAccessMatrixTest, EveryCallerOnOwnAndOtherRecordsGetsWhatTheTableSays) {
  WalkBothProcuratorates();
}

INSTANTIATE_TEST_SUITE_P(VisitPlan, VisitPlanAccessMatrixTest,
                         ::testing::ValuesIn(VisitMethodsOf("VisitPlanService")), MethodTestName);

class VisitPlanAccessSpotCheckTest : public VisitAccessMatrix {
 protected:
  static std::string P(const char* method) { return VisitRpcKey(kPlanService, method); }
};

TEST_F(VisitPlanAccessSpotCheckTest, RolesAndTheAssignedCaseworkerAsTheBriefSays) {
  const Principal li = User("u-li", kRenhuai, {Role::kCaseworker});
  const std::vector<Spot> spots = {
      {"the case's caseworker plans", P("CreatePlan"), zhang_, false, true, Outcome::kOk},
      {"another caseworker plans", P("CreatePlan"), wang_, false, true, Outcome::kDenied},
      {"a head plans another's case", P("CreatePlan"), head_, false, false, Outcome::kOk},
      {"the chief plans", P("CreatePlan"), chief_, false, true, Outcome::kDenied},
      {"a caseworker plans in Xishui", P("CreatePlan"), zhang_, true, true, Outcome::kDenied},
      {"the plan's caseworker waives", P("WaiveSlot"), zhang_, false, true, Outcome::kOk},
      {"another caseworker waives", P("WaiveSlot"), wang_, false, true, Outcome::kDenied},
      {"u-li waives on u-li's plan", P("WaiveSlot"), li, false, false, Outcome::kOk},
      {"a head waives on u-li's plan", P("WaiveSlot"), head_, false, false, Outcome::kOk},
      {"a head waives on a Xishui plan", P("WaiveSlot"), head_, true, true, Outcome::kDenied},
      {"the caseworker cancels", P("CancelPlan"), zhang_, false, true, Outcome::kDenied},
      {"a head cancels", P("CancelPlan"), head_, false, true, Outcome::kOk},
      {"the chief cancels", P("CancelPlan"), chief_, false, true, Outcome::kDenied},
      {"the caseworker reassigns", P("AssignPlan"), zhang_, false, true, Outcome::kDenied},
      {"a head reassigns", P("AssignPlan"), head_, false, true, Outcome::kOk},
      {"the chief reads a plan", P("GetPlan"), chief_, false, true, Outcome::kOk},
      {"an analyst reads a plan", P("GetPlan"), analyst_, false, true, Outcome::kDenied},
      {"a volunteer reads a plan", P("GetPlan"), volunteer_, false, true, Outcome::kDenied},
      {"a caseworker reads a Xishui plan", P("GetPlan"), zhang_, true, true, Outcome::kDenied},
      {"the caseworker's due visits", P("ListDueVisits"), zhang_, false, true, Outcome::kOk},
      {"the chief's due visits", P("ListDueVisits"), chief_, false, true, Outcome::kDenied},
      {"the admin writes a template", P("UpsertScheduleTemplate"), admin_, false, true,
       Outcome::kOk},
      {"a head writes a template", P("UpsertScheduleTemplate"), head_, false, true,
       Outcome::kDenied},
      {"the admin reads templates", P("ListScheduleTemplates"), admin_, false, true, Outcome::kOk},
      {"an analyst reads templates", P("ListScheduleTemplates"), analyst_, false, true,
       Outcome::kDenied},
      {"a head reads Xishui's policy", P("GetVisitPolicy"), head_, true, true, Outcome::kDenied},
      {"the admin changes the policy", P("UpdateVisitPolicy"), admin_, false, true, Outcome::kOk},
      {"a head changes the policy", P("UpdateVisitPolicy"), head_, false, true, Outcome::kDenied},
  };
  CheckSpots(
      VisitAccessPolicy(), spots,
      [&](const std::string& m, bool other, bool assigned) { return Prepare(m, other, assigned); },
      [&](const std::string& m, const Principal& p, const Message& req) {
        return CallRpc(m, p, req);
      });
}

// Beyond the table: the due visits of another caseworker are the department head's view
// only, and name only plans of the caller's procuratorate.
TEST_F(VisitPlanAccessSpotCheckTest, OnlyAHeadListsAnotherCaseworkersDueVisits) {
  const vpb::VisitPlan mine = PlanIn(false, true);
  const vpb::VisitPlan lis = PlanIn(false, false);
  vpb::ListDueVisitsRequest req;
  req.set_horizon_days(30);
  req.set_assigned_to("u-li");
  auto by_zhang = CallRpc(P("ListDueVisits"), zhang_, req);
  EXPECT_TRUE(absl::IsPermissionDenied(by_zhang.status())) << by_zhang.status();
  auto by_head = CallRpc(P("ListDueVisits"), head_, req);
  ASSERT_TRUE(by_head.ok()) << by_head.status();
  vpb::ListDueVisitsResponse r;
  ASSERT_TRUE(r.ParseFromString(*by_head));
  ASSERT_GT(r.visits_size(), 0);
  for (const vpb::DueVisit& v : r.visits()) {
    EXPECT_EQ(v.plan_id(), lis.plan_id());
    EXPECT_EQ(v.assigned_to(), "u-li");
  }
  // A Xishui head naming u-zhang sees nothing of Renhuai.
  req.set_assigned_to("u-zhang");
  auto by_xs_head = CallRpc(P("ListDueVisits"), xs_head_, req);
  ASSERT_TRUE(by_xs_head.ok()) << by_xs_head.status();
  EXPECT_EQ(by_xs_head->find(mine.plan_id()), std::string::npos);
  // Nor does a filter of ListPlans by another procuratorate's case leak: refused by id.
  vpb::ListPlansRequest lp;
  lp.set_case_id(kCase);
  auto cross = CallRpc(P("ListPlans"), xs_head_, lp);
  EXPECT_TRUE(absl::IsPermissionDenied(cross.status())) << cross.status();
}

// After a reassignment the condition follows the plan: the old caseworker is refused,
// the new one admitted.
TEST_F(VisitPlanAccessSpotCheckTest, TheConditionFollowsTheReassignedPlan) {
  const vpb::VisitPlan p = PlanIn(false, true);
  vpb::AssignPlanRequest a;
  a.set_request_id(VRid());
  a.set_plan_id(p.plan_id());
  a.set_version(p.version());
  a.set_assigned_to("u-wang");
  auto moved = plans_->AssignPlan(head_, a);
  ASSERT_TRUE(moved.ok()) << moved.status();
  vpb::WaiveSlotRequest w;
  w.set_request_id(VRid());
  w.set_plan_id(p.plan_id());
  w.set_version(moved->version());
  w.set_slot_sequence(1);
  w.set_reason("改期");
  auto by_zhang = CallRpc(P("WaiveSlot"), zhang_, w);
  EXPECT_TRUE(absl::IsPermissionDenied(by_zhang.status())) << by_zhang.status();
  auto by_wang = CallRpc(P("WaiveSlot"), wang_, w);
  EXPECT_TRUE(by_wang.ok()) << by_wang.status();
}

// The matrix walks the table's rows: one row per RPC of the three services, or an RPC
// would escape the matrix.
TEST(VisitAccessTable, HasExactlyOneRowPerRpcOfTheThreeServices) {
  const auto services = visit::VisitServices();
  for (const auto* s : services) ASSERT_NE(s, nullptr);
  EXPECT_TRUE(VisitAccessPolicy().CheckCovers(services).ok())
      << VisitAccessPolicy().CheckCovers(services);
  int rpcs = 0;
  for (const auto* s : services) rpcs += s->method_count();
  EXPECT_EQ(VisitAccessPolicy().rules().size(), static_cast<size_t>(rpcs));
  EXPECT_EQ(services[0]->method_count(), 11);
  EXPECT_EQ(VisitMethodsOf("VisitPlanService").size(), 11u);
}

}  // namespace
}  // namespace shouhu::testing
