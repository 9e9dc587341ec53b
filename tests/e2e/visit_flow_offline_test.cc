// End-to-end: offline capture and volunteers (爱心妈妈) on the real binaries with mTLS.
// A caseworker's batch of visits (one completing a plan slot against the plan version it
// was captured on, two unscheduled) and a volunteer's batch of daily reports are created,
// then replayed twice: every item REPLAYED with the same record, the database unchanged. A
// batch captured before the slot was completed by another visit and before its plan was
// reassigned is stored as conflicts (never last-write-wins) that the uploader lists and
// resolves (RECORD_UNSCHEDULED keeps the visit without the slot; DISCARD drops it). A
// volunteer sees only the masked view of an own assignment, reports on it, gets one
// answer for another volunteer's assignment and an unknown id, and is refused at once
// online when the caseworker ends it (offline reports of the days up to the end are still
// taken within the grace).
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "support/e2e_calls.h"
#include "support/e2e_platform.h"
#include "support/e2e_visit_calls.h"

namespace shouhu::e2e {
namespace {

const ::testing::Environment* const kPlatform =
    RegisterPlatform({.with_aid = true, .with_visit = true});

using ::testing::HasSubstr;
using ::testing::Not;

const User kVolunteer2{"vol-li", "李妈妈", "520382", {"volunteer"}};

class VisitOfflineFlowTest : public PlatformTest {
 protected:
  Caller Visit(const User& u) { return P().UserCaller(u, P().visit().address()); }

  // A guardianship concern accepted by kCaseworker (a 10-year-old boy, 王小军).
  pb::Referral NewCase(const std::string& tag) {
    const pb::Referral r =
        AcceptedReferral(P().Agency("school-renhuai-1"), GuardianshipConcern(NewRequestId(tag)));
    EXPECT_FALSE(r.case_id().empty());
    return r;
  }

  vpb::VisitPlan MustCreatePlan(const std::string& case_id) {
    vpb::VisitPlan plan;
    const grpc::Status st =
        Visit(kCaseworker).Call(&VisitPlans::CreatePlan, ManualPlanToday(case_id), &plan);
    EXPECT_TRUE(st.ok()) << StatusText(st);
    return plan;
  }

  vpb::VisitPlan PlanNow(const std::string& plan_id) {
    vpb::GetPlanRequest get;
    get.set_plan_id(plan_id);
    vpb::VisitPlan plan;
    const grpc::Status st = Visit(kCaseworker).Call(&VisitPlans::GetPlan, get, &plan);
    EXPECT_TRUE(st.ok()) << StatusText(st);
    return plan;
  }

  // `volunteer` assigned by kCaseworker to the minor of `r` from two days ago.
  vpb::VolunteerAssignment MustAssign(const pb::Referral& r, const User& volunteer) {
    vpb::AssignVolunteerRequest req =
        AssignVolunteerRequest(r.case_id(), volunteer.id, PersonIdOf(r, pb::PERSON_ROLE_SUBJECT));
    *req.mutable_starts_on() = DateOf(TodayInChina() - 2);
    vpb::VolunteerAssignment a;
    const grpc::Status st = Visit(kCaseworker).Call(&Volunteers::AssignVolunteer, req, &a);
    EXPECT_TRUE(st.ok()) << StatusText(st);
    return a;
  }

  vpb::UploadBatchResponse Upload(const User& u, const std::vector<vpb::BatchItem>& items) {
    vpb::UploadBatchRequest req;
    req.set_request_id(NewRequestId("batch"));
    for (const vpb::BatchItem& i : items) *req.add_items() = i;
    vpb::UploadBatchResponse resp;
    const grpc::Status st = Visit(u).Call(&Visits::UploadBatch, req, &resp);
    EXPECT_TRUE(st.ok()) << StatusText(st);
    EXPECT_EQ(resp.results_size(), req.items_size());
    return resp;
  }

  // Rows of the tables an upload writes, and the visit service's outbox.
  std::vector<int64_t> Counts() {
    std::vector<int64_t> out;
    for (const char* sql :
         {"SELECT COUNT(*) FROM visits", "SELECT COUNT(*) FROM visit_needs",
          "SELECT COUNT(*) FROM volunteer_reports", "SELECT COUNT(*) FROM visit_batch_items",
          "SELECT COUNT(*) FROM visit_conflicts",
          "SELECT COUNT(*) FROM outbox_events WHERE service = 'visit'"}) {
      auto n = P().QueryInt(sql);
      EXPECT_TRUE(n.ok()) << n.status();
      out.push_back(n.ok() ? *n : -1);
    }
    return out;
  }

  grpc::Status SubmitAs(const User& u, const vpb::DailyReport& report) {
    vpb::DailyReport out;
    return Visit(u).Call(&Volunteers::SubmitDailyReport, SubmitReportRequest(report), &out);
  }
};

TEST_F(VisitOfflineFlowTest, ABatchReplayedTwiceChangesNothing) {
  const pb::Referral r = NewCase("voff-replay");
  const vpb::VisitPlan plan = MustCreatePlan(r.case_id());
  ASSERT_EQ(plan.slots_size(), 2);
  const vpb::VolunteerAssignment a = MustAssign(r, kVolunteer);
  ASSERT_FALSE(a.assignment_id().empty());
  const absl::CivilDay today = TodayInChina();

  vpb::RecordVisitRequest planned = CapturedVisitOf(plan, 1, today);
  *planned.add_needs() = NeedOf(apb::MEASURE_KIND_SCHOOLING, "孩子缺少学习用品，需要助学帮扶。");
  const std::vector<vpb::BatchItem> visits = {
      VisitItem(NewRequestId("cap-v"), planned),
      VisitItem(NewRequestId("cap-v"), VisitOf(r.case_id(), today - 1)),
      VisitItem(NewRequestId("cap-v"), VisitOf(r.case_id(), today - 2)),
  };
  const std::vector<vpb::BatchItem> reports = {
      ReportItem(NewRequestId("cap-r"), DailyReportOf(a.assignment_id(), today - 1)),
      ReportItem(NewRequestId("cap-r"), DailyReportOf(a.assignment_id(), today)),
  };
  const std::vector<int64_t> before = Counts();
  const vpb::UploadBatchResponse first = Upload(kCaseworker, visits);
  const vpb::UploadBatchResponse first_reports = Upload(kVolunteer, reports);
  std::vector<std::string> records;
  for (const auto* resp : {&first, &first_reports}) {
    for (const vpb::BatchItemResult& res : resp->results()) {
      EXPECT_EQ(res.outcome(), vpb::BATCH_OUTCOME_CREATED) << res.DebugString();
      records.push_back(res.record_id());
    }
  }
  ASSERT_EQ(records.size(), 5u);
  const vpb::VisitPlan done = PlanNow(plan.plan_id());
  EXPECT_EQ(done.slots(0).state(), vpb::SLOT_STATE_DONE);
  EXPECT_EQ(done.slots(0).visit_id(), records[0]);
  const std::vector<int64_t> created = Counts();
  EXPECT_EQ(created[0], before[0] + 3);  // visits
  EXPECT_EQ(created[1], before[1] + 1);  // visit_needs
  EXPECT_EQ(created[2], before[2] + 2);  // volunteer_reports
  // visit.need_found, and deadline.changed: the planned visit met its slot's window.
  EXPECT_EQ(created[5], before[5] + 2);

  for (int round = 0; round < 2; ++round) {
    const vpb::UploadBatchResponse again = Upload(kCaseworker, visits);
    const vpb::UploadBatchResponse again_reports = Upload(kVolunteer, reports);
    int i = 0;
    for (const auto* resp : {&again, &again_reports}) {
      for (const vpb::BatchItemResult& res : resp->results()) {
        EXPECT_EQ(res.outcome(), vpb::BATCH_OUTCOME_REPLAYED) << res.DebugString();
        EXPECT_EQ(res.record_id(), records[i++]);
      }
    }
    EXPECT_EQ(Counts(), created) << "round " << round;
  }
  EXPECT_EQ(PlanNow(plan.plan_id()).version(), done.version());
}

TEST_F(VisitOfflineFlowTest, ConflictsAreStoredListedAndResolved) {
  const pb::Referral r = NewCase("voff-conflict");
  const vpb::VisitPlan completed_plan = MustCreatePlan(r.case_id());
  const vpb::VisitPlan changed_plan = MustCreatePlan(r.case_id());
  const absl::CivilDay today = TodayInChina();
  // Captured offline on both plans as they were.
  const vpb::BatchItem on_completed =
      VisitItem(NewRequestId("cap-c"), CapturedVisitOf(completed_plan, 1, today));
  const vpb::BatchItem on_changed =
      VisitItem(NewRequestId("cap-c"), CapturedVisitOf(changed_plan, 1, today));

  // Meanwhile another caseworker's visit completes slot 1 of the first plan and the
  // department head reassigns the second.
  vpb::Visit online;
  grpc::Status st =
      Visit(kHead).Call(&Visits::RecordVisit, PlannedVisitOf(completed_plan, 1, today), &online);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  vpb::AssignPlanRequest assign;
  assign.set_request_id(NewRequestId("vassign"));
  assign.set_plan_id(changed_plan.plan_id());
  assign.set_version(changed_plan.version());
  assign.set_assigned_to(kCaseworker2.id);
  vpb::VisitPlan reassigned;
  st = Visit(kHead).Call(&VisitPlans::AssignPlan, assign, &reassigned);
  ASSERT_TRUE(st.ok()) << StatusText(st);

  const int64_t visits_before = Counts()[0];
  const vpb::UploadBatchResponse up = Upload(kCaseworker, {on_completed, on_changed});
  ASSERT_EQ(up.results_size(), 2);
  for (const vpb::BatchItemResult& res : up.results()) {
    EXPECT_EQ(res.outcome(), vpb::BATCH_OUTCOME_CONFLICT) << res.DebugString();
    EXPECT_FALSE(res.conflict_id().empty());
  }
  EXPECT_EQ(Counts()[0], visits_before) << "a conflict wrote a visit";
  const std::string slot_taken = up.results(0).conflict_id();
  const std::string plan_changed = up.results(1).conflict_id();

  vpb::ListConflictsRequest list;
  list.set_unresolved_only(true);
  list.set_case_id(r.case_id());
  vpb::ListConflictsResponse open;
  st = Visit(kCaseworker).Call(&Visits::ListConflicts, list, &open);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  ASSERT_EQ(open.conflicts_size(), 2);
  std::map<std::string, vpb::VisitConflict> by_id;
  for (const vpb::VisitConflict& c : open.conflicts()) by_id[c.conflict_id()] = c;
  ASSERT_EQ(by_id.count(slot_taken), 1u);
  ASSERT_EQ(by_id.count(plan_changed), 1u);
  EXPECT_EQ(by_id[slot_taken].reason(), vpb::CONFLICT_REASON_SLOT_COMPLETED);
  EXPECT_EQ(by_id[slot_taken].client_id(), on_completed.client_id());
  EXPECT_EQ(by_id[slot_taken].item().visit().summary(), on_completed.visit().summary());
  EXPECT_EQ(by_id[plan_changed].reason(), vpb::CONFLICT_REASON_PLAN_CHANGED);
  EXPECT_EQ(by_id[plan_changed].plan_id(), changed_plan.plan_id());
  EXPECT_EQ(by_id[plan_changed].uploaded_by().principal(), "user:" + kCaseworker.id);

  // RECORD_UNSCHEDULED keeps the visit, without the slot (still the online visit's).
  vpb::ResolveConflictRequest keep;
  keep.set_request_id(NewRequestId("vresolve"));
  keep.set_conflict_id(slot_taken);
  keep.set_version(by_id[slot_taken].version());
  keep.set_resolution(vpb::CONFLICT_RESOLUTION_RECORD_UNSCHEDULED);
  keep.set_note("补录为计划外回访。");
  vpb::VisitConflict kept;
  st = Visit(kCaseworker).Call(&Visits::ResolveConflict, keep, &kept);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_TRUE(kept.resolved());
  ASSERT_FALSE(kept.record_id().empty());
  vpb::GetVisitRequest get;
  get.set_visit_id(kept.record_id());
  vpb::Visit unscheduled;
  st = Visit(kCaseworker).Call(&Visits::GetVisit, get, &unscheduled);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_TRUE(unscheduled.plan_id().empty());
  EXPECT_EQ(unscheduled.slot_sequence(), 0);
  EXPECT_EQ(unscheduled.client_id(), on_completed.client_id());
  EXPECT_EQ(PlanNow(completed_plan.plan_id()).slots(0).visit_id(), online.visit_id());

  // DISCARD drops the captured visit.
  vpb::ResolveConflictRequest drop;
  drop.set_request_id(NewRequestId("vresolve"));
  drop.set_conflict_id(plan_changed);
  drop.set_version(by_id[plan_changed].version());
  drop.set_resolution(vpb::CONFLICT_RESOLUTION_DISCARD);
  drop.set_note("计划已改派，由新承办人回访。");
  vpb::VisitConflict dropped;
  st = Visit(kCaseworker).Call(&Visits::ResolveConflict, drop, &dropped);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_TRUE(dropped.resolved());
  EXPECT_TRUE(dropped.record_id().empty());
  EXPECT_EQ(Counts()[0], visits_before + 1);
  EXPECT_NE(PlanNow(changed_plan.plan_id()).slots(0).state(), vpb::SLOT_STATE_DONE);

  open.Clear();
  st = Visit(kCaseworker).Call(&Visits::ListConflicts, list, &open);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(open.conflicts_size(), 0);
}

TEST_F(VisitOfflineFlowTest, AVolunteerReachesOnlyAnOwnRunningAssignment) {
  const pb::Referral mine = NewCase("voff-vol");
  const pb::Referral theirs = NewCase("voff-vol2");
  const vpb::VolunteerAssignment a = MustAssign(mine, kVolunteer);
  const vpb::VolunteerAssignment other = MustAssign(theirs, kVolunteer2);
  ASSERT_FALSE(a.assignment_id().empty() || other.assignment_id().empty());
  const absl::CivilDay today = TodayInChina();

  // The masked view of the own assignment only: alias, no case, no name.
  vpb::ListMyAssignmentsRequest my;
  vpb::ListMyAssignmentsResponse listed;
  grpc::Status st = Visit(kVolunteer).Call(&Volunteers::ListMyAssignments, my, &listed);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  bool found = false;
  for (const vpb::VolunteerAssignmentView& v : listed.assignments()) {
    EXPECT_NE(v.assignment_id(), other.assignment_id());
    if (v.assignment_id() == a.assignment_id()) {
      found = true;
      EXPECT_EQ(v.subject_alias(), "小军");
      EXPECT_TRUE(v.active());
      EXPECT_FALSE(v.care_notes().empty());
    }
  }
  EXPECT_TRUE(found) << listed.DebugString();
  EXPECT_THAT(listed.DebugString(), Not(HasSubstr(mine.case_id())));
  EXPECT_THAT(listed.ShortDebugString(), Not(HasSubstr("王小军")));

  // A report on the own assignment.
  st = SubmitAs(kVolunteer, DailyReportOf(a.assignment_id(), today - 1));
  ASSERT_TRUE(st.ok()) << StatusText(st);

  // Another volunteer's assignment and an unknown one: the same refusal.
  const grpc::Status theirs_st = SubmitAs(kVolunteer, DailyReportOf(other.assignment_id(), today));
  const grpc::Status unknown_st =
      SubmitAs(kVolunteer, DailyReportOf("vasg-520382-zzzzzzzzzzzz", today));
  EXPECT_EQ(theirs_st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(theirs_st);
  EXPECT_EQ(unknown_st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(unknown_st);
  EXPECT_EQ(theirs_st.error_message(), unknown_st.error_message());
  EXPECT_THAT(theirs_st.error_message(), HasSubstr("not an active assignment of yours"));
  EXPECT_THAT(theirs_st.error_message(), Not(HasSubstr(other.assignment_id())));
  vpb::ListDailyReportsRequest read;
  read.set_assignment_id(other.assignment_id());
  vpb::ListDailyReportsResponse seen;
  const grpc::Status read_theirs =
      Visit(kVolunteer).Call(&Volunteers::ListDailyReports, read, &seen);
  read.set_assignment_id("vasg-520382-zzzzzzzzzzzz");
  const grpc::Status read_unknown =
      Visit(kVolunteer).Call(&Volunteers::ListDailyReports, read, &seen);
  EXPECT_EQ(read_theirs.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(read_theirs.error_message(), read_unknown.error_message());
  EXPECT_EQ(read_theirs.error_message(), theirs_st.error_message());

  // The caseworker ends the assignment (the version as listed now).
  vpb::ListAssignmentsRequest of_case;
  of_case.set_case_id(mine.case_id());
  vpb::ListAssignmentsResponse current;
  st = Visit(kCaseworker).Call(&Volunteers::ListAssignments, of_case, &current);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  ASSERT_EQ(current.assignments_size(), 1);
  vpb::VolunteerAssignment ended;
  st = Visit(kCaseworker)
           .Call(&Volunteers::EndAssignment, EndAssignmentRequest(current.assignments(0)), &ended);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_FALSE(ended.active());

  // Online, the next report is refused at once, with the same answer.
  const grpc::Status after = SubmitAs(kVolunteer, DailyReportOf(a.assignment_id(), today));
  EXPECT_EQ(after.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(after);
  EXPECT_EQ(after.error_message(), theirs_st.error_message());
  // Offline, a report of a day up to the end is still taken within the grace.
  const vpb::UploadBatchResponse late = Upload(
      kVolunteer, {ReportItem(NewRequestId("cap-g"), DailyReportOf(a.assignment_id(), today))});
  ASSERT_EQ(late.results_size(), 1);
  EXPECT_EQ(late.results(0).outcome(), vpb::BATCH_OUTCOME_CREATED) << late.DebugString();
  // The ended assignment is not among the volunteer's active ones.
  my.set_active_only(true);
  listed.Clear();
  st = Visit(kVolunteer).Call(&Volunteers::ListMyAssignments, my, &listed);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  for (const vpb::VolunteerAssignmentView& v : listed.assignments()) {
    EXPECT_NE(v.assignment_id(), a.assignment_id());
  }
}

}  // namespace
}  // namespace shouhu::e2e
