// The access matrix of VisitService, generated from the visit access table
// (services/visit/access_policy.cc) like visit_plan_access_matrix_test.cc: for every RPC,
// every caller kind and role of Renhuai and of Xishui on a record of their own and of the
// other procuratorate, recorded (or uploaded) by the caller's caseworker or by another
// where the row has conditions (AmendVisit, WithdrawNeed, ResolveConflict), through the
// method tables as main.cc binds them, on a real MariaDB:
//   - no grant admits the caller: PERMISSION_DENIED;
//   - another procuratorate's record: PERMISSION_DENIED (from the id alone);
//   - not the recorder and no department head: PERMISSION_DENIED;
//   - otherwise OK (lists: OK, without the other procuratorate's records).
// UploadBatch is admitted per caller; its items are checked one by one (spot checks here
// and in volunteer_access_matrix_test.cc).
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

class VisitRecordAccessMatrixTest : public VisitAccessWalk {};

TEST_P(VisitRecordAccessMatrixTest, EveryCallerOnOwnAndOtherRecordsGetsWhatTheTableSays) {
  WalkBothProcuratorates();
}

INSTANTIATE_TEST_SUITE_P(VisitRecord, VisitRecordAccessMatrixTest,
                         ::testing::ValuesIn(VisitMethodsOf("VisitService")), MethodTestName);

class VisitRecordAccessSpotCheckTest : public VisitAccessMatrix {
 protected:
  static std::string R(const char* method) { return VisitRpcKey(kVisitService, method); }
};

TEST_F(VisitRecordAccessSpotCheckTest, RolesAndTheRecorderAsTheBriefSays) {
  const Principal li = User("u-li", kRenhuai, {Role::kCaseworker});
  const std::vector<Spot> spots = {
      {"a caseworker records", R("RecordVisit"), wang_, false, true, Outcome::kOk},
      {"a head records", R("RecordVisit"), head_, false, true, Outcome::kOk},
      {"the chief records", R("RecordVisit"), chief_, false, true, Outcome::kDenied},
      {"a volunteer records", R("RecordVisit"), volunteer_, false, true, Outcome::kDenied},
      {"a caseworker records in Xishui", R("RecordVisit"), zhang_, true, true, Outcome::kDenied},
      {"the chief reads a visit", R("GetVisit"), chief_, false, true, Outcome::kOk},
      {"an analyst reads a visit", R("GetVisit"), analyst_, false, true, Outcome::kDenied},
      {"a volunteer reads a visit", R("GetVisit"), volunteer_, false, true, Outcome::kDenied},
      {"a head reads a Xishui visit", R("GetVisit"), head_, true, true, Outcome::kDenied},
      {"the recorder amends", R("AmendVisit"), zhang_, false, true, Outcome::kOk},
      {"another caseworker amends", R("AmendVisit"), wang_, false, true, Outcome::kDenied},
      {"u-li amends u-li's visit", R("AmendVisit"), li, false, false, Outcome::kOk},
      {"u-zhang amends u-li's visit", R("AmendVisit"), zhang_, false, false, Outcome::kDenied},
      {"a head amends u-li's visit", R("AmendVisit"), head_, false, false, Outcome::kOk},
      {"the chief amends", R("AmendVisit"), chief_, false, true, Outcome::kDenied},
      {"a head amends in Xishui", R("AmendVisit"), head_, true, true, Outcome::kDenied},
      {"an analyst's figures", R("GetVisitStatistics"), analyst_, false, true, Outcome::kOk},
      {"a caseworker's figures", R("GetVisitStatistics"), zhang_, false, true, Outcome::kDenied},
      {"the admin's figures", R("GetVisitStatistics"), admin_, false, true, Outcome::kDenied},
      {"the recorder withdraws", R("WithdrawNeed"), zhang_, false, true, Outcome::kOk},
      {"another caseworker withdraws", R("WithdrawNeed"), wang_, false, true, Outcome::kDenied},
      {"a head withdraws u-li's need", R("WithdrawNeed"), head_, false, false, Outcome::kOk},
      {"a head withdraws in Xishui", R("WithdrawNeed"), head_, true, true, Outcome::kDenied},
      {"the uploader resolves", R("ResolveConflict"), zhang_, false, true, Outcome::kOk},
      {"another caseworker resolves", R("ResolveConflict"), wang_, false, true, Outcome::kDenied},
      {"a head resolves u-li's", R("ResolveConflict"), head_, false, false, Outcome::kOk},
      {"the chief resolves", R("ResolveConflict"), chief_, false, true, Outcome::kDenied},
      {"a volunteer lists conflicts", R("ListConflicts"), volunteer_, false, true,
       Outcome::kDenied},
      {"a volunteer uploads", R("UploadBatch"), User("u-volunteer", kRenhuai, {Role::kVolunteer}),
       false, true, Outcome::kOk},
      {"an agency uploads", R("UploadBatch"), Agency("fl-renhuai", kRenhuai), false, true,
       Outcome::kDenied},
      {"the chief lists needs", R("ListNeeds"), chief_, false, true, Outcome::kOk},
      {"a caseworker lists Xishui needs", R("ListNeeds"), zhang_, true, true, Outcome::kDenied},
  };
  CheckSpots(
      VisitAccessPolicy(), spots,
      [&](const std::string& m, bool other, bool assigned) { return Prepare(m, other, assigned); },
      [&](const std::string& m, const Principal& p, const Message& req) {
        return CallRpc(m, p, req);
      });
}

// A caseworker's batch naming another procuratorate's case or plan: the item is refused
// alone, nothing of it is stored, and the good item beside it is created.
TEST_F(VisitRecordAccessSpotCheckTest, BatchItemsOfAnotherProcuratorateAreRefusedAlone) {
  const vpb::VisitPlan xs_plan = PlanIn(true, true);
  vpb::UploadBatchRequest up;
  up.set_request_id(VRid());
  vpb::BatchItem* foreign_case = up.add_items();
  foreign_case->set_client_id("matrix-foreign-case");
  *foreign_case->mutable_visit() = NewVisitRequest(true);
  vpb::BatchItem* foreign_plan = up.add_items();
  foreign_plan->set_client_id("matrix-foreign-plan");
  *foreign_plan->mutable_visit() = NewVisitRequest(false);
  foreign_plan->mutable_visit()->set_plan_id(xs_plan.plan_id());
  foreign_plan->mutable_visit()->set_slot_sequence(1);
  foreign_plan->mutable_visit()->set_base_plan_version(xs_plan.version());
  vpb::BatchItem* good = up.add_items();
  good->set_client_id("matrix-good-visit");
  *good->mutable_visit() = NewVisitRequest(false);
  const int64_t visits_before = Int("SELECT COUNT(*) FROM visits");
  auto got = CallRpc(R("UploadBatch"), zhang_, up);
  ASSERT_TRUE(got.ok()) << got.status();
  vpb::UploadBatchResponse r;
  ASSERT_TRUE(r.ParseFromString(*got));
  ASSERT_EQ(r.results_size(), 3);
  EXPECT_EQ(r.results(0).outcome(), vpb::BATCH_OUTCOME_REJECTED);
  ASSERT_GT(r.results(0).violations_size(), 0);
  EXPECT_EQ(r.results(0).violations(0).field(), "items[0].visit.case_id");
  EXPECT_EQ(r.results(1).outcome(), vpb::BATCH_OUTCOME_REJECTED);
  ASSERT_GT(r.results(1).violations_size(), 0);
  EXPECT_EQ(r.results(1).violations(0).field(), "items[1].visit.plan_id");
  EXPECT_EQ(r.results(2).outcome(), vpb::BATCH_OUTCOME_CREATED) << r.DebugString();
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visits"), visits_before + 1);
  EXPECT_EQ(
      Int(absl::StrCat("SELECT COUNT(*) FROM visits WHERE procuratorate_code = '", kXishui, "'")),
      0);
}

// Another procuratorate's ids are refused from the id alone: the same answer whether the
// record exists or not.
TEST_F(VisitRecordAccessSpotCheckTest, OtherProcuratoratesIdsAreRefusedWhetherTheyExistOrNot) {
  const vpb::Visit xs = VisitIn(true, true);
  vpb::GetVisitRequest real;
  real.set_visit_id(xs.visit_id());
  vpb::GetVisitRequest ghost;
  ghost.set_visit_id("visit-520330-doesnotexist01");
  auto a = CallRpc(R("GetVisit"), zhang_, real);
  auto b = CallRpc(R("GetVisit"), zhang_, ghost);
  EXPECT_TRUE(absl::IsPermissionDenied(a.status())) << a.status();
  EXPECT_TRUE(absl::IsPermissionDenied(b.status())) << b.status();
  vpb::WithdrawNeedRequest w;
  w.set_request_id(VRid());
  w.set_need_id(xs.needs(0).need_id());
  w.set_reason("测试");
  auto c = CallRpc(R("WithdrawNeed"), head_, w);
  EXPECT_TRUE(absl::IsPermissionDenied(c.status())) << c.status();
  vpb::ListAmendmentsRequest la;
  la.set_record_id(xs.visit_id());
  auto d = CallRpc(R("ListAmendments"), chief_, la);
  EXPECT_TRUE(absl::IsPermissionDenied(d.status())) << d.status();
}

}  // namespace
}  // namespace shouhu::testing
