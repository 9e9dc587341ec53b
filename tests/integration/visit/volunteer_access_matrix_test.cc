// The access matrix of VolunteerService, generated from the visit access table
// (services/visit/access_policy.cc) like visit_plan_access_matrix_test.cc: for every RPC,
// every caller kind and role of Renhuai and of Xishui on a record of their own and of the
// other procuratorate, assigned to them or not (the case's caseworker for AssignVolunteer
// and EndAssignment, the assignment's volunteer for the reports), through the method
// tables as main.cc binds them, on a real MariaDB.
//
// The spot checks prove the rule: a volunteer sees only their own assigned minors;
// anything else - another volunteer's assignment, an ended one, an unknown id, another
// procuratorate's - is PERMISSION_DENIED with one and the same message, whether it exists
// or not; ending an assignment stops access at once.
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

class VolunteerAccessMatrixTest : public VisitAccessWalk {};

TEST_P(VolunteerAccessMatrixTest, EveryCallerOnOwnAndOtherRecordsGetsWhatTheTableSays) {
  WalkBothProcuratorates();
}

INSTANTIATE_TEST_SUITE_P(Volunteer, VolunteerAccessMatrixTest,
                         ::testing::ValuesIn(VisitMethodsOf("VolunteerService")), MethodTestName);

class VolunteerAccessSpotCheckTest : public VisitAccessMatrix {
 protected:
  static std::string V(const char* method) { return VisitRpcKey(kVolService, method); }

  const Principal vol_ = User("u-volunteer", kRenhuai, {Role::kVolunteer});
  const Principal vol2_ = User("u-vol-2", kRenhuai, {Role::kVolunteer});

  absl::StatusOr<std::string> SubmitAs(const Principal& p, const std::string& assignment_id,
                                       absl::CivilDay on = absl::CivilDay(2025, 3, 10)) {
    vpb::SubmitDailyReportRequest r;
    r.set_request_id(VRid());
    *r.mutable_report() = NewReport(assignment_id);
    *r.mutable_report()->mutable_report_on() = FromCivilDay(on);
    return CallRpc(V("SubmitDailyReport"), p, r);
  }
  absl::StatusOr<std::string> ReadAs(const Principal& p, const std::string& assignment_id) {
    vpb::ListDailyReportsRequest r;
    r.set_assignment_id(assignment_id);
    return CallRpc(V("ListDailyReports"), p, r);
  }
};

TEST_F(VolunteerAccessSpotCheckTest, RolesAndConditionsAsTheBriefSays) {
  const std::vector<Spot> spots = {
      {"the case's caseworker assigns", V("AssignVolunteer"), zhang_, false, true, Outcome::kOk},
      {"another caseworker assigns", V("AssignVolunteer"), wang_, false, true, Outcome::kDenied},
      {"a head assigns on u-li's case", V("AssignVolunteer"), head_, false, false, Outcome::kOk},
      {"the chief assigns", V("AssignVolunteer"), chief_, false, true, Outcome::kDenied},
      {"a volunteer assigns", V("AssignVolunteer"), vol_, false, true, Outcome::kDenied},
      {"a caseworker assigns in Xishui", V("AssignVolunteer"), zhang_, true, true,
       Outcome::kDenied},
      {"the case's caseworker ends", V("EndAssignment"), zhang_, false, true, Outcome::kOk},
      {"another caseworker ends", V("EndAssignment"), wang_, false, true, Outcome::kDenied},
      {"a head ends on u-li's case", V("EndAssignment"), head_, false, false, Outcome::kOk},
      {"a head ends in Xishui", V("EndAssignment"), head_, true, true, Outcome::kDenied},
      {"the chief lists assignments", V("ListAssignments"), chief_, false, true, Outcome::kOk},
      {"a volunteer lists all assignments", V("ListAssignments"), vol_, false, true,
       Outcome::kDenied},
      {"an analyst lists assignments", V("ListAssignments"), analyst_, false, true,
       Outcome::kDenied},
      {"a volunteer lists own", V("ListMyAssignments"), vol_, false, true, Outcome::kOk},
      {"a caseworker lists 'own'", V("ListMyAssignments"), zhang_, false, true, Outcome::kDenied},
      {"the volunteer reports", V("SubmitDailyReport"), vol_, false, true, Outcome::kOk},
      {"another volunteer reports", V("SubmitDailyReport"), vol_, false, false, Outcome::kDenied},
      {"a caseworker reports", V("SubmitDailyReport"), zhang_, false, true, Outcome::kDenied},
      {"a volunteer reports in Xishui", V("SubmitDailyReport"), vol_, true, true, Outcome::kDenied},
      {"the volunteer reads reports", V("ListDailyReports"), vol_, false, true, Outcome::kOk},
      {"another volunteer's reports", V("ListDailyReports"), vol_, false, false, Outcome::kDenied},
      {"a caseworker reads reports", V("ListDailyReports"), wang_, false, true, Outcome::kOk},
      {"an analyst reads reports", V("ListDailyReports"), analyst_, false, true, Outcome::kDenied},
      {"a caseworker reads Xishui's", V("ListDailyReports"), zhang_, true, true, Outcome::kDenied},
  };
  CheckSpots(
      VisitAccessPolicy(), spots,
      [&](const std::string& m, bool other, bool assigned) { return Prepare(m, other, assigned); },
      [&](const std::string& m, const Principal& p, const Message& req) {
        return CallRpc(m, p, req);
      });
}

// Whether it exists or not, and whoever's it is, a volunteer is told the same thing.
TEST_F(VolunteerAccessSpotCheckTest, AVolunteerGetsOneAnswerForEverythingNotTheirs) {
  const vpb::VolunteerAssignment mine = AssignmentIn(false, true);
  const vpb::VolunteerAssignment others = AssignmentIn(false, false);
  const vpb::VolunteerAssignment xishui = AssignmentIn(true, true);
  const std::vector<std::string> not_mine = {
      others.assignment_id(),
      xishui.assignment_id(),
      "vasg-520382-doesnotexist0001",
      "vasg-520330-doesnotexist0001",
      "not-an-id",
  };
  for (const std::string& id : not_mine) {
    auto s = SubmitAs(vol_, id);
    EXPECT_TRUE(absl::IsPermissionDenied(s.status())) << id << ": " << s.status();
    EXPECT_EQ(s.status().message(), visit::kNotYourAssignment) << id;
    auto r = ReadAs(vol_, id);
    EXPECT_TRUE(absl::IsPermissionDenied(r.status())) << id << ": " << r.status();
    EXPECT_EQ(r.status().message(), visit::kNotYourAssignment) << id;
  }
  // The same user id in another procuratorate is another person.
  const Principal xs_same_id = User("u-volunteer", kXishui, {Role::kVolunteer});
  auto s = SubmitAs(xs_same_id, mine.assignment_id());
  EXPECT_TRUE(absl::IsPermissionDenied(s.status())) << s.status();
  EXPECT_EQ(s.status().message(), visit::kNotYourAssignment);
  vpb::ListMyAssignmentsRequest lm;
  auto listed = CallRpc(V("ListMyAssignments"), xs_same_id, lm);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->find(mine.assignment_id()), std::string::npos);
  // The own one works, and the own list holds exactly the own one.
  EXPECT_TRUE(SubmitAs(vol_, mine.assignment_id()).ok());
  auto own = CallRpc(V("ListMyAssignments"), vol_, lm);
  ASSERT_TRUE(own.ok()) << own.status();
  vpb::ListMyAssignmentsResponse views;
  ASSERT_TRUE(views.ParseFromString(*own));
  ASSERT_EQ(views.assignments_size(), 1);
  EXPECT_EQ(views.assignments(0).assignment_id(), mine.assignment_id());
  // The view names no case and no full name.
  EXPECT_EQ(own->find(kCase), std::string::npos);
  EXPECT_EQ(own->find("王小明"), std::string::npos);
}

// EndAssignment stops the volunteer's reports at once, with the same answer as for an
// assignment that never was theirs; the caseworker still reads the reports. (Reports
// captured offline before the end stay acceptable for the policy's offline_grace_days:
// volunteer_batch_test.cc.)
TEST_F(VolunteerAccessSpotCheckTest, EndingAnAssignmentStopsAccessAtOnce) {
  const vpb::VolunteerAssignment a = AssignmentIn(false, true);
  ASSERT_TRUE(SubmitAs(vol_, a.assignment_id(), absl::CivilDay(2025, 3, 9)).ok());
  vpb::EndAssignmentRequest end;
  end.set_request_id(VRid());
  end.set_assignment_id(a.assignment_id());
  end.set_version(a.version());
  end.set_reason("孩子随父母迁居外地");
  auto ended = CallRpc(V("EndAssignment"), zhang_, end);
  ASSERT_TRUE(ended.ok()) << ended.status();
  auto s = SubmitAs(vol_, a.assignment_id());
  EXPECT_TRUE(absl::IsPermissionDenied(s.status())) << s.status();
  EXPECT_EQ(s.status().message(), visit::kNotYourAssignment);
  // Replacing the report of the day before is refused the same way.
  vpb::DailyReport again = NewReport(a.assignment_id());
  *again.mutable_report_on() = FromCivilDay(absl::CivilDay(2025, 3, 9));
  again.set_version(1);
  vpb::SubmitDailyReportRequest replace;
  replace.set_request_id(VRid());
  *replace.mutable_report() = again;
  auto replaced = CallRpc(V("SubmitDailyReport"), vol_, replace);
  EXPECT_TRUE(absl::IsPermissionDenied(replaced.status())) << replaced.status();
  EXPECT_EQ(replaced.status().message(), visit::kNotYourAssignment);
  // Staff keep reading.
  EXPECT_TRUE(ReadAs(zhang_, a.assignment_id()).ok());
  // The ended assignment is not listed as active for the volunteer.
  vpb::ListMyAssignmentsRequest lm;
  lm.set_active_only(true);
  auto mine = CallRpc(V("ListMyAssignments"), vol_, lm);
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(mine->find(a.assignment_id()), std::string::npos);
}

// A volunteer's upload is refused item by item for minors not theirs, with the same
// message as online, and the rest of the batch goes through.
TEST_F(VolunteerAccessSpotCheckTest, BatchItemsOfOtherMinorsAreRefusedAlone) {
  const vpb::VolunteerAssignment mine = AssignmentIn(false, true);
  const vpb::VolunteerAssignment others = AssignmentIn(false, false);
  const vpb::VolunteerAssignment xishui = AssignmentIn(true, true);
  vpb::UploadBatchRequest up;
  up.set_request_id(VRid());
  int n = 0;
  for (const std::string& id : {others.assignment_id(), mine.assignment_id(),
                                xishui.assignment_id(), std::string("vasg-520382-nothere00001")}) {
    vpb::BatchItem* item = up.add_items();
    item->set_client_id(absl::StrCat("matrix-vol-item-", ++n));
    *item->mutable_report() = NewReport(id);
  }
  vpb::BatchItem* visit = up.add_items();
  visit->set_client_id("matrix-vol-visit-1");
  *visit->mutable_visit() = NewVisitRequest(false);
  auto got = CallRpc(VisitRpcKey(kVisitService, "UploadBatch"), vol_, up);
  ASSERT_TRUE(got.ok()) << got.status();
  vpb::UploadBatchResponse r;
  ASSERT_TRUE(r.ParseFromString(*got));
  ASSERT_EQ(r.results_size(), 5);
  EXPECT_EQ(r.results(1).outcome(), vpb::BATCH_OUTCOME_CREATED) << r.DebugString();
  for (int i : {0, 2, 3}) {
    EXPECT_EQ(r.results(i).outcome(), vpb::BATCH_OUTCOME_REJECTED) << i;
    ASSERT_EQ(r.results(i).violations_size(), 1) << r.results(i).DebugString();
    EXPECT_EQ(r.results(i).violations(0).field(), absl::StrCat("items[", i, "]"));
    EXPECT_EQ(r.results(i).violations(0).description(), visit::kNotYourAssignment) << i;
    EXPECT_NE(r.results(i).message().find("not an active assignment of yours"), std::string::npos)
        << r.results(i).message();
  }
  EXPECT_EQ(r.results(4).outcome(), vpb::BATCH_OUTCOME_REJECTED);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM volunteer_reports"), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visits"), 0);
}

}  // namespace
}  // namespace shouhu::testing
