// The `shouhu visit` commands of plans, the due list and visit records (from a file and
// interactively, with a scripted standard input) against the generated mocks.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "unit/cli/visit_command_fixture.h"

namespace shouhu::cli {
namespace {

vv1::DueVisit Due(const std::string& plan, const std::string& name, vv1::VisitSlot slot) {
  vv1::DueVisit d;
  d.set_plan_id(plan);
  d.set_case_id("case-520382-1");
  d.set_subject_display_name(name);
  d.set_assigned_to("u-zhang");
  *d.mutable_slot() = std::move(slot);
  return d;
}

TEST_F(VisitCommandTest, DueListAsksWithThePolicyHorizonAndShowsSoonestFirst) {
  vv1::VisitPolicy policy;
  policy.set_due_horizon_days(7);
  EXPECT_CALL(plans_, GetVisitPolicy(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(policy), Return(grpc::Status::OK)));
  vv1::ListDueVisitsResponse resp;
  *resp.add_visits() = Due("vplan-2", "李*", Slot(2, "半年回访", 20, vv1::SLOT_STATE_OPEN));
  *resp.add_visits() = Due("vplan-1", "张*", Slot(1, "首次回访", 10, vv1::SLOT_STATE_OVERDUE));
  *resp.add_visits() = Due("vplan-3", "王*", Slot(1, "首次回访", 5, vv1::SLOT_STATE_MISSED));
  vv1::ListDueVisitsRequest sent;
  EXPECT_CALL(plans_, ListDueVisits(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "due", "--missed"}), kExitOk);
  EXPECT_EQ(sent.horizon_days(), 7);
  EXPECT_TRUE(sent.include_missed());
  EXPECT_TRUE(sent.assigned_to().empty());
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("【逾期】"));
  EXPECT_THAT(out, HasSubstr("【未回访】"));
  EXPECT_THAT(out, HasSubstr("待回访"));
  EXPECT_THAT(out, HasSubstr("vplan-1#1"));
  EXPECT_THAT(out, HasSubstr("2026-11-07~2026-11-15"));
  EXPECT_THAT(out, HasSubstr("共 3 条"));
  // Soonest due first, whatever order the pages came in.
  EXPECT_LT(out.find("王*"), out.find("张*"));
  EXPECT_LT(out.find("张*"), out.find("李*"));
}

TEST_F(VisitCommandTest, DueListWithAHorizonSkipsThePolicyAndSpeaksEnglish) {
  EXPECT_CALL(plans_, GetVisitPolicy(_, _, _)).Times(0);
  vv1::ListDueVisitsResponse resp;
  *resp.add_visits() = Due("vplan-1", "Z*", Slot(1, "first", 10, vv1::SLOT_STATE_OVERDUE));
  vv1::ListDueVisitsRequest sent;
  EXPECT_CALL(plans_, ListDueVisits(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "due", "--horizon=0", "--assigned_to=u-li", "--lang=en"}), kExitOk);
  EXPECT_EQ(sent.horizon_days(), 0);
  EXPECT_EQ(sent.assigned_to(), "u-li");
  EXPECT_THAT(out_.str(), HasSubstr("[OVERDUE]"));
  EXPECT_THAT(out_.str(), HasSubstr("Due"));
}

TEST_F(VisitCommandTest, AnEmptyDueListSaysSo) {
  EXPECT_CALL(plans_, ListDueVisits(_, _, _)).WillOnce(Return(grpc::Status::OK));
  EXPECT_EQ(Run({"visit", "due", "--horizon=3"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("当前没有待回访事项"));
}

TEST_F(VisitCommandTest, PlanCreateFromOptions) {
  vv1::CreatePlanRequest sent;
  EXPECT_CALL(plans_, CreatePlan(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Plan("vplan-1", 1)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "plan-create", "case-520382-1", "--anchor=自定日期", "--on=2026-11-02",
                 "--template=manual-standard"}),
            kExitOk);
  EXPECT_EQ(sent.case_id(), "case-520382-1");
  EXPECT_EQ(sent.anchor_kind(), vv1::ANCHOR_KIND_MANUAL);
  EXPECT_EQ(sent.anchor_date().day(), 2);
  EXPECT_EQ(sent.template_id(), "manual-standard");
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("回访计划已建立"));
  EXPECT_THAT(err_.str(), HasSubstr(request_id_));
}

TEST_F(VisitCommandTest, PlanCreateFromAFileKeepsItsItemsAndRequestId) {
  shouhu::testing::TempDir dir("cli-visit-plan");
  const std::string path = dir.File("plan.json");
  {
    std::ofstream f(path);
    f << R"({"request_id": "demo-plan-0001", "anchor_kind": "ANCHOR_KIND_MANUAL",
             "anchor_date": {"year": 2026, "month": 11, "day": 2},
             "items": [{"label": "首次回访", "offset_days": 7, "expiry_after_days": 10}]})";
  }
  vv1::CreatePlanRequest sent;
  EXPECT_CALL(plans_, CreatePlan(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Plan("vplan-1", 1)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "plan-create", "case-9", path}), kExitOk);
  EXPECT_EQ(sent.request_id(), "demo-plan-0001");
  EXPECT_EQ(sent.case_id(), "case-9");
  ASSERT_EQ(sent.items_size(), 1);
  EXPECT_EQ(sent.items(0).offset_days(), 7);
}

TEST_F(VisitCommandTest, WaiveReadsThePlanVersion) {
  ExpectPlanRead("vplan-1", 4);
  vv1::WaiveSlotRequest sent;
  EXPECT_CALL(plans_, WaiveSlot(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Plan("vplan-1", 5)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "waive", "vplan-1", "--slot=2", "--reason=家庭已迁出"}), kExitOk);
  EXPECT_EQ(sent.version(), 4);
  EXPECT_EQ(sent.slot_sequence(), 2);
  EXPECT_EQ(sent.reason(), "家庭已迁出");
  EXPECT_THAT(out_.str(), HasSubstr("该次回访已免除"));
}

TEST_F(VisitCommandTest, CancelAndAssignTakeAGivenVersion) {
  EXPECT_CALL(plans_, GetPlan(_, _, _)).Times(0);
  vv1::CancelPlanRequest cancel;
  EXPECT_CALL(plans_, CancelPlan(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { cancel = req; }),
                      SetArgPointee<2>(Plan("vplan-1", 8)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "plan-cancel", "vplan-1", "--reason=案件移送", "--version=7"}), kExitOk);
  EXPECT_EQ(cancel.version(), 7);
  vv1::AssignPlanRequest assign;
  EXPECT_CALL(plans_, AssignPlan(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { assign = req; }),
                      SetArgPointee<2>(Plan("vplan-1", 9)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "plan-assign", "vplan-1", "u-li", "--version=8"}), kExitOk);
  EXPECT_EQ(assign.assigned_to(), "u-li");
  EXPECT_EQ(assign.version(), 8);
}

TEST_F(VisitCommandTest, PlanShowListsTheSlotsWithTheirStates) {
  vv1::VisitPlan plan = Plan("vplan-1", 3);
  *plan.add_slots() = Slot(1, "首次回访", 10, vv1::SLOT_STATE_DONE);
  plan.mutable_slots(0)->set_visit_id("visit-520382-a");
  *plan.add_slots() = Slot(2, "半年回访", 25, vv1::SLOT_STATE_OVERDUE);
  EXPECT_CALL(plans_, GetPlan(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(plan), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "plan", "vplan-1"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("计划编号"));
  EXPECT_THAT(out_.str(), HasSubstr("自定日期"));
  EXPECT_THAT(out_.str(), HasSubstr("已回访"));
  EXPECT_THAT(out_.str(), HasSubstr("visit-520382-a"));
  EXPECT_THAT(out_.str(), HasSubstr("【逾期】"));
  EXPECT_THAT(out_.str(), HasSubstr("执行中"));
}

TEST_F(VisitCommandTest, PolicySetChangesOnlyTheGivenValues) {
  vv1::VisitPolicy current;
  current.set_offline_grace_days(7);
  current.set_amend_window_days(30);
  current.set_due_horizon_days(7);
  current.set_version(2);
  EXPECT_CALL(plans_, GetVisitPolicy(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(current), Return(grpc::Status::OK)));
  vv1::UpdateVisitPolicyRequest sent;
  EXPECT_CALL(plans_, UpdateVisitPolicy(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(current), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "policy-set", "--horizon=14"}), kExitOk);
  EXPECT_EQ(sent.policy().due_horizon_days(), 14);
  EXPECT_EQ(sent.policy().offline_grace_days(), 7);
  EXPECT_EQ(sent.policy().amend_window_days(), 30);
  EXPECT_EQ(sent.policy().version(), 2);
  EXPECT_THAT(out_.str(), HasSubstr("回访参数已保存"));
}

TEST_F(VisitCommandTest, TemplateSetSendsTheFile) {
  shouhu::testing::TempDir dir("cli-visit-tpl");
  const std::string path = dir.File("t.json");
  {
    std::ofstream f(path);
    f << R"({"template_id": "aid-long", "name": "救助长期回访", "anchor_kind": "ANCHOR_KIND_AID_PAID",
             "items": [{"label": "首次", "offset_days": 30}]})";
  }
  vv1::UpsertScheduleTemplateRequest sent;
  EXPECT_CALL(plans_, UpsertScheduleTemplate(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "template-set", path}), kExitOk);
  EXPECT_EQ(sent.template_().template_id(), "aid-long");
  EXPECT_EQ(sent.template_().anchor_kind(), vv1::ANCHOR_KIND_AID_PAID);
  EXPECT_EQ(sent.request_id(), request_id_);
}

TEST_F(VisitCommandTest, RecordFromAFileWithTheCaseFromTheOption) {
  shouhu::testing::TempDir dir("cli-visit-rec");
  const std::string path = dir.File("v.json");
  {
    std::ofstream f(path);
    f << R"({"kind": "VISIT_KIND_PHONE", "visited_on": {"year": 2026, "month": 11, "day": 20},
             "assessments": [{"dimension": "DIMENSION_MOOD", "rating": "RATING_GOOD"}],
             "summary": "电话回访"})";
  }
  EXPECT_CALL(plans_, ListPlans(_, _, _)).Times(0);
  vv1::RecordVisitRequest sent;
  EXPECT_CALL(visits_, RecordVisit(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Visit("visit-1", 1)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "record", path, "--case=case-7", "--plan=vplan-1", "--slot=2"}), kExitOk);
  EXPECT_EQ(sent.case_id(), "case-7");
  EXPECT_EQ(sent.plan_id(), "vplan-1");
  EXPECT_EQ(sent.slot_sequence(), 2);
  EXPECT_EQ(sent.kind(), vv1::VISIT_KIND_PHONE);
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("回访记录已保存"));
}

// The case has an active plan whose second slot is overdue: the caseworker takes it
// (Enter), the suggested kind (Enter), types the date, four ratings as digits or words
// (one not understood at first), a summary and one urgent need.
TEST_F(VisitCommandTest, RecordInteractivelyWithDefaults) {
  vv1::ListPlansResponse plans;
  vv1::VisitPlan plan = Plan("vplan-1", 3);
  *plan.add_slots() = Slot(1, "首次回访", 10, vv1::SLOT_STATE_DONE);
  *plan.add_slots() = Slot(2, "一月回访", 20, vv1::SLOT_STATE_OVERDUE);
  plan.mutable_slots(1)->set_suggested_kind(vv1::VISIT_KIND_PHONE);
  *plan.add_slots() = Slot(3, "三月回访", 28, vv1::SLOT_STATE_NOT_YET_OPEN);
  *plans.add_plans() = plan;
  vv1::ListPlansRequest listed;
  EXPECT_CALL(plans_, ListPlans(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { listed = req; }),
                      SetArgPointee<2>(plans), Return(grpc::Status::OK)));
  vv1::RecordVisitRequest sent;
  EXPECT_CALL(visits_, RecordVisit(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Visit("visit-1", 1)), Return(grpc::Status::OK)));
  std::istringstream in(
      "\n"            // complete slot 2: yes
      "\n"            // kind: the slot's suggested one (phone)
      "2026-11-21\n"  // date
      "\n"            // mood: good
      "情绪稳定\n"
      "9\n"  // not a rating: asked again
      "3\n"  // physical: concern
      "感冒未愈\n"
      "一般\n"  // living: fair
      "\n"
      "serious\n"  // family: serious
      "父亲长期在外\n"
      "已电话联系\n"  // summary
      "心理疏导\n"    // need kind
      "需要心理辅导\n"
      "y\n"
      "\n");  // no more needs
  input_ = &in;
  EXPECT_EQ(Run({"visit", "record", "--case=case-520382-1"}), kExitOk);
  EXPECT_EQ(listed.case_id(), "case-520382-1");
  EXPECT_EQ(listed.status(), vv1::PLAN_STATUS_ACTIVE);
  EXPECT_EQ(sent.case_id(), "case-520382-1");
  EXPECT_EQ(sent.plan_id(), "vplan-1");
  EXPECT_EQ(sent.slot_sequence(), 2);
  EXPECT_EQ(sent.kind(), vv1::VISIT_KIND_PHONE);
  EXPECT_EQ(sent.visited_on().day(), 21);
  ASSERT_EQ(sent.assessments_size(), 4);
  EXPECT_EQ(sent.assessments(0).dimension(), vv1::DIMENSION_MOOD);
  EXPECT_EQ(sent.assessments(0).rating(), vv1::RATING_GOOD);
  EXPECT_EQ(sent.assessments(0).notes(), "情绪稳定");
  EXPECT_EQ(sent.assessments(1).rating(), vv1::RATING_CONCERN);
  EXPECT_EQ(sent.assessments(2).rating(), vv1::RATING_FAIR);
  EXPECT_EQ(sent.assessments(3).dimension(), vv1::DIMENSION_FAMILY);
  EXPECT_EQ(sent.assessments(3).rating(), vv1::RATING_SERIOUS);
  EXPECT_EQ(sent.summary(), "已电话联系");
  ASSERT_EQ(sent.needs_size(), 1);
  EXPECT_EQ(sent.needs(0).kind(), shouhu::aid::v1::MEASURE_KIND_COUNSELLING);
  EXPECT_EQ(sent.needs(0).description(), "需要心理辅导");
  EXPECT_TRUE(sent.needs(0).urgent());
  EXPECT_EQ(sent.request_id(), request_id_);
  const std::string prompts = err_.str();
  EXPECT_THAT(prompts, HasSubstr("完成回访计划 vplan-1 第 2 次（一月回访，应访日期 2026-11-20）"));
  EXPECT_THAT(prompts, HasSubstr("回访方式"));
  EXPECT_THAT(prompts, HasSubstr("[电话回访]"));
  EXPECT_THAT(prompts, HasSubstr("思想情绪 评估"));
  EXPECT_THAT(prompts, HasSubstr("无法识别“9”"));
  EXPECT_THAT(out_.str(), HasSubstr("回访记录已保存"));
}

TEST_F(VisitCommandTest, RecordInteractivelyInEnglishWithoutAPlan) {
  EXPECT_CALL(plans_, ListPlans(_, _, _)).WillOnce(Return(grpc::Status::OK));
  vv1::RecordVisitRequest sent;
  EXPECT_CALL(visits_, RecordVisit(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Visit("visit-2", 1)), Return(grpc::Status::OK)));
  // Kind and date from the options: only the assessments, summary and needs are asked.
  std::istringstream in("good\n\n2\n\n5\n\n1\n\n\n\n");
  input_ = &in;
  EXPECT_EQ(
      Run({"visit", "record", "--case=case-1", "--kind=school", "--on=2026-11-02", "--lang=en"}),
      kExitOk);
  EXPECT_TRUE(sent.plan_id().empty());
  EXPECT_EQ(sent.kind(), vv1::VISIT_KIND_SCHOOL);
  EXPECT_EQ(sent.visited_on().day(), 2);
  ASSERT_EQ(sent.assessments_size(), 4);
  EXPECT_EQ(sent.assessments(2).rating(), vv1::RATING_NOT_ASSESSED);
  EXPECT_EQ(sent.needs_size(), 0);
  EXPECT_THAT(err_.str(), HasSubstr("Mood rating"));
  EXPECT_THAT(err_.str(), Not(HasSubstr("Visit kind")));
  EXPECT_THAT(out_.str(), HasSubstr("Visit recorded."));
}

TEST_F(VisitCommandTest, RecordInteractivelySendsNothingWhenTheInputEnds) {
  EXPECT_CALL(plans_, ListPlans(_, _, _)).WillOnce(Return(grpc::Status::OK));
  EXPECT_CALL(visits_, RecordVisit(_, _, _)).Times(0);
  std::istringstream in("1\n2026-11-02\n1\n");
  input_ = &in;
  EXPECT_EQ(Run({"visit", "record", "--case=case-1"}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("输入已结束，未提交任何内容"));
}

TEST_F(VisitCommandTest, ShowAndListVisits) {
  vv1::Visit v = Visit("visit-1", 2);
  vv1::Assessment* a = v.add_assessments();
  a->set_dimension(vv1::DIMENSION_MOOD);
  a->set_rating(vv1::RATING_CONCERN);
  EXPECT_CALL(visits_, GetVisit(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(v), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "show", "visit-1"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("思想情绪"));
  EXPECT_THAT(out_.str(), HasSubstr("需关注"));
  EXPECT_THAT(out_.str(), HasSubstr("家访"));
  vv1::ListVisitsResponse resp;
  *resp.add_visits() = v;
  vv1::ListVisitsRequest sent;
  EXPECT_CALL(visits_, ListVisits(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "list", "case-1", "--page_size=5"}), kExitOk);
  EXPECT_EQ(sent.case_id(), "case-1");
  EXPECT_EQ(sent.page_size(), 5);
  EXPECT_THAT(out_.str(), HasSubstr("回访日期"));
  EXPECT_THAT(out_.str(), HasSubstr("共 1 条"));
}

TEST_F(VisitCommandTest, AmendReadsTheVisitVersion) {
  shouhu::testing::TempDir dir("cli-visit-amend");
  const std::string path = dir.File("a.json");
  {
    std::ofstream f(path);
    f << R"({"summary": "补充：已联系学校", "reason": "补记"})";
  }
  EXPECT_CALL(visits_, GetVisit(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(Visit("visit-1", 3)), Return(grpc::Status::OK)));
  vv1::AmendVisitRequest sent;
  EXPECT_CALL(visits_, AmendVisit(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Visit("visit-1", 4)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"visit", "amend", "visit-1", path, "--reason=更正"}), kExitOk);
  EXPECT_EQ(sent.version(), 3);
  EXPECT_EQ(sent.visit_id(), "visit-1");
  EXPECT_EQ(sent.reason(), "更正");
  EXPECT_EQ(sent.summary(), "补充：已联系学校");
  EXPECT_THAT(out_.str(), HasSubstr("保留修改历史"));
}

TEST_F(VisitCommandTest, AServerErrorIsReportedAndNothingPrinted) {
  EXPECT_CALL(visits_, GetVisit(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "other procuratorate")));
  EXPECT_EQ(Run({"visit", "show", "visit-520999-x"}), kExitRpcError);
  EXPECT_EQ(out_.str(), "");
  EXPECT_THAT(err_.str(), HasSubstr("PERMISSION_DENIED"));
}

}  // namespace
}  // namespace shouhu::cli
