// The `shouhu visit` commands of needs, offline batches, conflicts, statistics and
// volunteers against the generated mocks.
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/money.h"
#include "support/temp_dir.h"
#include "unit/cli/visit_command_fixture.h"

namespace shouhu::cli {
namespace {

vv1::BatchItemResult Result(const std::string& client_id, vv1::BatchOutcome outcome,
                            const std::string& id) {
  vv1::BatchItemResult r;
  r.set_client_id(client_id);
  r.set_outcome(outcome);
  if (outcome == vv1::BATCH_OUTCOME_CONFLICT) {
    r.set_conflict_id(id);
  } else {
    r.set_record_id(id);
  }
  return r;
}

class VisitBatchTest : public VisitCommandTest {
 protected:
  std::string Write(const std::string& content) {
    const std::string path = dir_.File("batch.json");
    std::ofstream f(path);
    f << content;
    return path;
  }
  shouhu::testing::TempDir dir_{"cli-visit-batch"};
};

constexpr char kItem1[] =
    R"({"client_id": "tablet-0001", "visit": {"case_id": "case-1", "kind": "VISIT_KIND_HOME"}})";
constexpr char kItem2[] =
    R"({"client_id": "tablet-0002", "report": {"assignment_id": "vasg-1", "observations": "好"}})";

TEST_F(VisitBatchTest, AnArrayOfItemsPrintsOneLinePerItem) {
  const std::string path = Write(absl::StrCat("[", kItem1, ",\n", kItem2, "]"));
  vv1::UploadBatchResponse resp;
  *resp.add_results() = Result("tablet-0001", vv1::BATCH_OUTCOME_CREATED, "visit-1");
  *resp.add_results() = Result("tablet-0002", vv1::BATCH_OUTCOME_CONFLICT, "vcfl-1");
  vv1::UploadBatchRequest sent;
  EXPECT_CALL(visits_, UploadBatch(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "batch", path}), kExitOk);
  ASSERT_EQ(sent.items_size(), 2);
  EXPECT_EQ(sent.items(0).visit().case_id(), "case-1");
  EXPECT_EQ(sent.items(1).report().assignment_id(), "vasg-1");
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("tablet-0001  已新建  visit-1\n"));
  EXPECT_THAT(out_.str(), HasSubstr("tablet-0002  冲突待处理  vcfl-1\n"));
  EXPECT_THAT(out_.str(), HasSubstr("共 2 条：新建 1，重复上传 0，冲突 1，退回 0"));
}

TEST_F(VisitBatchTest, JsonLinesAndARejectedItemGiveExitCodeOne) {
  const std::string path = Write(absl::StrCat(kItem1, "\n\n", kItem2, "\n"));
  vv1::UploadBatchResponse resp;
  *resp.add_results() = Result("tablet-0001", vv1::BATCH_OUTCOME_REPLAYED, "visit-1");
  vv1::BatchItemResult rejected = Result("tablet-0002", vv1::BATCH_OUTCOME_REJECTED, "");
  auto* v = rejected.add_violations();
  v->set_field("items[1].report.report_on");
  v->set_description("须填写");
  *resp.add_results() = rejected;
  vv1::UploadBatchRequest sent;
  EXPECT_CALL(visits_, UploadBatch(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "batch", path, "--lang=en"}), kExitRpcError);
  EXPECT_EQ(sent.items_size(), 2);
  EXPECT_THAT(out_.str(), HasSubstr("tablet-0001  Replayed  visit-1"));
  EXPECT_THAT(out_.str(), HasSubstr("tablet-0002  Rejected  items[1].report.report_on: 须填写"));
  EXPECT_THAT(out_.str(), HasSubstr("1 rejected"));
}

TEST_F(VisitBatchTest, AnUploadBatchRequestKeepsItsRequestId) {
  const std::string path =
      Write(absl::StrCat(R"({"request_id": "offline-upload-01", "items": [)", kItem1, "]}"));
  vv1::UploadBatchRequest sent;
  EXPECT_CALL(visits_, UploadBatch(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "batch", path}), kExitOk);
  EXPECT_EQ(sent.request_id(), "offline-upload-01");
  EXPECT_EQ(sent.items_size(), 1);
}

TEST_F(VisitBatchTest, ABadLineIsNamedAndNothingIsSent) {
  const std::string path = Write(absl::StrCat(kItem1, "\n{\"client_id\": \"x\", \"bogus\": 1}\n"));
  EXPECT_CALL(visits_, UploadBatch(_, _, _)).Times(0);
  EXPECT_EQ(Run({"visit", "batch", path}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("第 2 行"));
}

TEST_F(VisitBatchTest, AnEmptyFileIsRefused) {
  const std::string path = Write("[]");
  EXPECT_CALL(visits_, UploadBatch(_, _, _)).Times(0);
  EXPECT_EQ(Run({"visit", "batch", path}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("没有任何条目"));
}

TEST_F(VisitCommandTest, ResolveFindsTheConflictVersionInTheList) {
  vv1::ListConflictsResponse page;
  auto* c = page.add_conflicts();
  c->set_conflict_id("vcfl-1");
  c->set_version(3);
  vv1::ListConflictsRequest listed;
  EXPECT_CALL(visits_, ListConflicts(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { listed = req; }),
                      SetArgPointee<2>(page), Return(grpc::Status::OK)));
  vv1::ResolveConflictRequest sent;
  EXPECT_CALL(visits_, ResolveConflict(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "resolve", "vcfl-1", "作为计划外回访保存", "--note=已核实"}), kExitOk);
  EXPECT_TRUE(listed.unresolved_only());
  EXPECT_EQ(sent.version(), 3);
  EXPECT_EQ(sent.resolution(), vv1::CONFLICT_RESOLUTION_RECORD_UNSCHEDULED);
  EXPECT_EQ(sent.note(), "已核实");
  EXPECT_THAT(out_.str(), HasSubstr("冲突已处理"));
}

TEST_F(VisitCommandTest, ResolveOfAnUnknownConflictSendsNothing) {
  EXPECT_CALL(visits_, ListConflicts(_, _, _)).WillOnce(Return(grpc::Status::OK));
  EXPECT_CALL(visits_, ResolveConflict(_, _, _)).Times(0);
  EXPECT_EQ(Run({"visit", "resolve", "vcfl-9", "discard"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("vcfl-9"));
}

TEST_F(VisitCommandTest, NeedsAndWithdraw) {
  vv1::ListNeedsResponse resp;
  auto* n = resp.add_needs();
  n->set_need_id("need-1");
  n->set_kind(shouhu::aid::v1::MEASURE_KIND_SCHOOLING);
  n->set_status(vv1::NEED_STATUS_SUGGESTED);
  vv1::ListNeedsRequest listed;
  EXPECT_CALL(visits_, ListNeeds(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { listed = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "needs", "case-1", "--status=已提出救助建议"}), kExitOk);
  EXPECT_EQ(listed.status(), vv1::NEED_STATUS_SUGGESTED);
  EXPECT_THAT(out_.str(), HasSubstr("need-1"));
  EXPECT_THAT(out_.str(), HasSubstr("已提出救助建议"));
  vv1::WithdrawNeedRequest sent;
  EXPECT_CALL(visits_, WithdrawNeed(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "need-withdraw", "need-1", "--reason=重复登记"}), kExitOk);
  EXPECT_EQ(sent.reason(), "重复登记");
  EXPECT_EQ(sent.request_id(), request_id_);
}

TEST_F(VisitCommandTest, StatisticsShowSuppressedCountsAsLessThanFive) {
  vv1::GetVisitStatisticsResponse resp;
  auto* big = resp.add_rows();
  big->set_period("2026-Q3");
  big->set_slots_due(42);
  big->set_done_on_time(37);
  big->set_group_key("volunteer");
  auto* small = resp.add_rows();
  small->set_period("2026-Q4");
  small->set_group_key("unassigned");
  small->set_suppressed(true);
  vv1::GetVisitStatisticsRequest sent;
  EXPECT_CALL(visits_, GetVisitStatistics(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "stats", "--period=季度", "--year=2026", "--first=3", "--count=2",
                 "--grouping=caseworker"}),
            kExitOk);
  EXPECT_EQ(sent.period(), vv1::STATISTICS_PERIOD_QUARTER);
  EXPECT_EQ(sent.year(), 2026);
  EXPECT_EQ(sent.first_period(), 3);
  EXPECT_EQ(sent.period_count(), 2);
  EXPECT_EQ(sent.grouping(), vv1::STATISTICS_GROUPING_CASEWORKER);
  EXPECT_THAT(out_.str(), HasSubstr("42"));
  EXPECT_THAT(out_.str(), HasSubstr("37"));
  EXPECT_THAT(out_.str(), HasSubstr("<5"));
  EXPECT_THAT(out_.str(), HasSubstr("按期完成"));
  // The service's fixed group keys in the chosen language.
  EXPECT_THAT(out_.str(), HasSubstr("志愿者"));
  EXPECT_THAT(out_.str(), HasSubstr("未分配"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("unassigned")));
}

TEST_F(VisitCommandTest, VolunteerAssignBuildsTheRequest) {
  vv1::AssignVolunteerRequest sent;
  EXPECT_CALL(volunteers_, AssignVolunteer(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(
      Run({"visit", "volunteer-assign", "case-1", "u-vol", "--person=person-1", "--alias=小明",
           "--from=2026-11-01", "--to=2027-10-31", "--every=2", "--notes=注意情绪"}),
      kExitOk);
  EXPECT_EQ(sent.case_id(), "case-1");
  EXPECT_EQ(sent.volunteer_id(), "u-vol");
  EXPECT_EQ(sent.subject_alias(), "小明");
  EXPECT_EQ(sent.starts_on().month(), 11);
  EXPECT_EQ(sent.ends_on().year(), 2027);
  EXPECT_EQ(sent.report_every_days(), 2);
  EXPECT_EQ(sent.care_notes(), "注意情绪");
  EXPECT_THAT(out_.str(), HasSubstr("志愿者结对已建立"));
}

TEST_F(VisitCommandTest, VolunteerEndFindsTheAssignmentVersion) {
  vv1::ListAssignmentsResponse page;
  auto* a = page.add_assignments();
  a->set_assignment_id("vasg-1");
  a->set_version(5);
  vv1::ListAssignmentsRequest listed;
  EXPECT_CALL(volunteers_, ListAssignments(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { listed = req; }),
                      SetArgPointee<2>(page), Return(grpc::Status::OK)));
  vv1::EndAssignmentRequest sent;
  EXPECT_CALL(volunteers_, EndAssignment(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "volunteer-end", "vasg-1", "--reason=结对期满", "--case=case-1"}),
            kExitOk);
  EXPECT_EQ(listed.case_id(), "case-1");
  EXPECT_EQ(sent.version(), 5);
  EXPECT_EQ(sent.reason(), "结对期满");
}

TEST_F(VisitCommandTest, ReportFromOptionsWithRatingsInDigitsAndWords) {
  vv1::SubmitDailyReportRequest sent;
  EXPECT_CALL(volunteers_, SubmitDailyReport(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(
      Run({"visit", "report", "--assignment=vasg-1", "--contact=电话回访", "--text=孩子状态良好",
           "--on=2026-11-20", "--mood=1", "--family=需关注", "--concern"}),
      kExitOk);
  const vv1::DailyReport& r = sent.report();
  EXPECT_EQ(r.assignment_id(), "vasg-1");
  EXPECT_EQ(r.contact_kind(), vv1::VISIT_KIND_PHONE);
  EXPECT_EQ(r.observations(), "孩子状态良好");
  EXPECT_EQ(r.report_on().day(), 20);
  EXPECT_TRUE(r.concern());
  ASSERT_EQ(r.assessments_size(), 2);
  EXPECT_EQ(r.assessments(0).dimension(), vv1::DIMENSION_MOOD);
  EXPECT_EQ(r.assessments(0).rating(), vv1::RATING_GOOD);
  EXPECT_EQ(r.assessments(1).dimension(), vv1::DIMENSION_FAMILY);
  EXPECT_EQ(r.assessments(1).rating(), vv1::RATING_CONCERN);
  EXPECT_EQ(r.version(), 0);
  EXPECT_THAT(out_.str(), HasSubstr("日报已提交"));
}

TEST_F(VisitCommandTest, ReportWithoutADateIsForToday) {
  vv1::SubmitDailyReportRequest sent;
  EXPECT_CALL(volunteers_, SubmitDailyReport(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "report", "--assignment=vasg-1", "--contact=home", "--text=好"}),
            kExitOk);
  const shouhu::common::v1::Date today = TodayInChina();
  EXPECT_EQ(sent.report().report_on().year(), today.year());
  EXPECT_EQ(sent.report().report_on().day(), today.day());
}

TEST_F(VisitCommandTest, MyAssignmentsAndReports) {
  vv1::ListMyAssignmentsResponse mine;
  auto* a = mine.add_assignments();
  a->set_assignment_id("vasg-1");
  a->set_subject_alias("小明");
  a->set_report_overdue(true);
  vv1::ListMyAssignmentsRequest listed;
  EXPECT_CALL(volunteers_, ListMyAssignments(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { listed = req; }),
                      SetArgPointee<2>(mine), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "my-assignments", "--active"}), kExitOk);
  EXPECT_TRUE(listed.active_only());
  EXPECT_THAT(out_.str(), HasSubstr("小明"));
  EXPECT_THAT(out_.str(), HasSubstr("日报逾期"));
  vv1::ListDailyReportsRequest sent;
  EXPECT_CALL(volunteers_, ListDailyReports(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "reports", "vasg-1", "--from=2026-11-01", "--concern"}), kExitOk);
  EXPECT_EQ(sent.assignment_id(), "vasg-1");
  EXPECT_EQ(sent.from().day(), 1);
  EXPECT_FALSE(sent.has_to());
  EXPECT_TRUE(sent.concern_only());
}

}  // namespace
}  // namespace shouhu::cli
