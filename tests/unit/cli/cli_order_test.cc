// The `shouhu order` commands against the generated guardianship mocks: the requests sent
// (fields, request ids, versions read or given) and the rendering in both languages.
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "unit/cli/order_command_fixture.h"

namespace shouhu::cli {
namespace {

TEST_F(OrderCommandTest, DraftReadsTheJsonAndSendsTheCaseAndARequestId) {
  shouhu::testing::TempDir dir("cli-order-draft");
  const std::string path = dir.File("draft.json");
  {
    std::ofstream f(path);
    f << R"({"kind": "ORDER_KIND_SUPERVISION",
             "addressees": [{"person_id": "per-1", "relation": "父亲"}],
             "failings": ["FAILING_BASIC_CARE"],
             "facts": "长期酗酒，未照料子女。",
             "actions": [{"description": "每日按时接送"}],
             "compliance_months": 3})";
  }
  gv1::DraftOrderRequest sent;
  EXPECT_CALL(orders_, GetOrder(_, _, _)).Times(0);
  EXPECT_CALL(orders_, DraftOrder(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Order("gord-520382-a", 1)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "draft", "case-520382-q", path}), kExitOk);
  EXPECT_EQ(sent.case_id(), "case-520382-q");
  EXPECT_EQ(sent.order_id(), "");
  EXPECT_EQ(sent.kind(), gv1::ORDER_KIND_SUPERVISION);
  ASSERT_EQ(sent.addressees_size(), 1);
  EXPECT_EQ(sent.addressees(0).relation(), "父亲");
  EXPECT_THAT(sent.failings(), ElementsAre(gv1::FAILING_BASIC_CARE));
  EXPECT_EQ(sent.compliance_months(), 3);
  EXPECT_EQ(sent.request_id().size(), 24u);
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("督促监护令已拟制"));
  EXPECT_THAT(out_.str(), HasSubstr("gord-520382-a"));
  EXPECT_THAT(err_.str(), HasSubstr("请求编号：" + request_id_));
}

TEST_F(OrderCommandTest, DraftOfAnExistingOrderReadsItsVersionAndKeepsTheFileRequestId) {
  shouhu::testing::TempDir dir("cli-order-redraft");
  const std::string path = dir.File("draft.json");
  {
    std::ofstream f(path);
    f << R"({"request_id": "demo-order-draft-1", "facts": "x"})";
  }
  ExpectOrderRead("gord-1", 4);
  gv1::DraftOrderRequest sent;
  EXPECT_CALL(orders_, DraftOrder(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Order("gord-1", 5)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "draft", "case-1", path, "--order=gord-1"}), kExitOk);
  EXPECT_EQ(sent.order_id(), "gord-1");
  EXPECT_EQ(sent.version(), 4);
  EXPECT_EQ(sent.request_id(), "demo-order-draft-1");
}

TEST_F(OrderCommandTest, DraftRejectsJsonWithUnknownFieldsWithoutACall) {
  shouhu::testing::TempDir dir("cli-order-bad");
  const std::string path = dir.File("bad.json");
  {
    std::ofstream f(path);
    f << R"({"facts": "x", "deadline": "soon"})";
  }
  EXPECT_CALL(orders_, DraftOrder(_, _, _)).Times(0);
  EXPECT_EQ(Run({"order", "draft", "case-1", path}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("不是有效的 DraftOrderRequest JSON"));
}

TEST_F(OrderCommandTest, ApproveAgreeReadsTheVersionAndReturnSendsTheNote) {
  ExpectOrderRead("gord-1", 2);
  gv1::OrderActionRequest sent;
  EXPECT_CALL(orders_, ApproveOrder(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Order("gord-1", 3)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "approve", "gord-1", "--agree"}), kExitOk);
  EXPECT_TRUE(sent.agree());
  EXPECT_EQ(sent.version(), 2);
  EXPECT_EQ(sent.order_id(), "gord-1");
  EXPECT_THAT(out_.str(), HasSubstr("审批意见已记录"));

  EXPECT_CALL(orders_, ApproveOrder(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Order("gord-1", 4)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "approve", "gord-1", "--return", "--note=补充事实", "--version=3",
                 "--request_id=approve-return-1"}),
            kExitOk);
  EXPECT_FALSE(sent.agree());
  EXPECT_EQ(sent.note(), "补充事实");
  EXPECT_EQ(sent.version(), 3);
  EXPECT_EQ(sent.request_id(), "approve-return-1");
}

TEST_F(OrderCommandTest, SubmitCancelAndExtendCallTheirOwnRpcs) {
  gv1::OrderActionRequest sent;
  EXPECT_CALL(orders_, SubmitOrder(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(Order("gord-1", 2)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "submit", "gord-1", "--version=1"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("已提交审批"));
  EXPECT_CALL(orders_, CancelOrder(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Order("gord-1", 3)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "cancel", "gord-1", "--version=2", "--note=监护人已整改"}), kExitOk);
  EXPECT_EQ(sent.note(), "监护人已整改");
  EXPECT_CALL(orders_, ExtendCompliancePeriod(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Order("gord-1", 4)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "extend", "gord-1", "--version=3", "--months=2", "--note=仍需观察"}),
            kExitOk);
  EXPECT_EQ(sent.extra_months(), 2);
  EXPECT_THAT(out_.str(), HasSubstr("履行期限已延长"));
}

TEST_F(OrderCommandTest, ServeWithOptionsSendsOneGuardian) {
  ExpectOrderRead("gord-1", 3);
  gv1::RecordServiceRequest sent;
  EXPECT_CALL(orders_, RecordService(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Order("gord-1", 4)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "serve", "gord-1", "--person=per-9", "--method=direct", "--on=2026-11-02",
                 "--place=仁怀市人民检察院", "--admonished", "--admonition=当面训诫", "--signed",
                 "--attendees=学校,派出所"}),
            kExitOk);
  EXPECT_EQ(sent.version(), 3);
  ASSERT_EQ(sent.guardians_size(), 1);
  const gv1::GuardianService& g = sent.guardians(0);
  EXPECT_EQ(g.person_id(), "per-9");
  EXPECT_EQ(g.method(), gv1::SERVICE_METHOD_DIRECT);
  EXPECT_EQ(g.served_on().year(), 2026);
  EXPECT_EQ(g.served_on().day(), 2);
  EXPECT_TRUE(g.admonished());
  EXPECT_EQ(g.admonition_note(), "当面训诫");
  EXPECT_TRUE(g.guardian_signed());
  EXPECT_THAT(sent.attendees(), ElementsAre("学校", "派出所"));
  EXPECT_THAT(out_.str(), HasSubstr("送达已记录"));
}

TEST_F(OrderCommandTest, TerminateSendsTheReasonAndDate) {
  gv1::TerminateOrderRequest sent;
  EXPECT_CALL(orders_, TerminateOrder(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Order("gord-1", 8)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "terminate", "gord-1", "--version=7", "--reason=未成年人年满十八周岁",
                 "--on=2026-12-01"}),
            kExitOk);
  EXPECT_EQ(sent.reason(), gv1::TERMINATION_REASON_MINOR_CAME_OF_AGE);
  EXPECT_EQ(sent.terminated_on().month(), 12);
  EXPECT_EQ(sent.version(), 7);
  EXPECT_THAT(out_.str(), HasSubstr("督促监护令已终止"));
}

TEST_F(OrderCommandTest, SessionAndCheckAreRecordedOnTheOrder) {
  gv1::RecordGuidanceSessionRequest session;
  gv1::GuidanceSession s;
  s.set_session_id("gses-1");
  s.set_attended(false);
  EXPECT_CALL(orders_, RecordGuidanceSession(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { session = req; }),
                      SetArgPointee<2>(s), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "session", "gord-1", "--on=2026-11-20", "--arrangement=1", "--absent",
                 "--minutes=0", "--topic=亲子沟通"}),
            kExitOk);
  EXPECT_EQ(session.order_id(), "gord-1");
  EXPECT_EQ(session.arrangement_index(), 1);
  EXPECT_FALSE(session.attended());
  EXPECT_EQ(session.held_on().month(), 11);
  EXPECT_EQ(session.topic(), "亲子沟通");
  EXPECT_EQ(session.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("家庭教育指导记录已保存"));
  EXPECT_THAT(out_.str(), ::testing::ContainsRegex("到场 +否"));

  shouhu::testing::TempDir dir("cli-order-check");
  const std::string path = dir.File("check.json");
  {
    std::ofstream f(path);
    f << R"({"checked_on": {"year": 2026, "month": 11, "day": 25},
             "method": "CHECK_METHOD_HOME_VISIT", "action_progress": {"1": "PROGRESS_DONE"}})";
  }
  gv1::RecordComplianceCheckRequest check;
  gv1::ComplianceCheck c;
  c.set_check_id("gchk-1");
  (*c.mutable_action_progress())[1] = gv1::PROGRESS_DONE;
  EXPECT_CALL(orders_, RecordComplianceCheck(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { check = req; }),
                      SetArgPointee<2>(c), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "check", "gord-1", path}), kExitOk);
  EXPECT_EQ(check.check().order_id(), "gord-1");
  EXPECT_EQ(check.check().method(), gv1::CHECK_METHOD_HOME_VISIT);
  EXPECT_EQ(check.check().action_progress().at(1), gv1::PROGRESS_DONE);
  EXPECT_THAT(out_.str(), HasSubstr("1：已整改"));
}

TEST_F(OrderCommandTest, ListSendsTheFiltersAndFollowsPagesWithAll) {
  std::vector<gv1::ListOrdersRequest> sent;
  gv1::ListOrdersResponse first, second;
  *first.add_orders() = Order("gord-1", 1);
  first.set_next_page_token("p2");
  *second.add_orders() = Order("gord-2", 1);
  second.mutable_orders(0)->set_status(gv1::ORDER_STATUS_UNDER_SUPERVISION);
  EXPECT_CALL(orders_, ListOrders(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent.push_back(req); }),
                      SetArgPointee<2>(first), Return(grpc::Status::OK)))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent.push_back(req); }),
                      SetArgPointee<2>(second), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "list", "--case=case-1", "--kind=supervision", "--status=拟制",
                 "--overdue", "--assigned_to=me", "--all"}),
            kExitOk);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].case_id(), "case-1");
  EXPECT_EQ(sent[0].kind(), gv1::ORDER_KIND_SUPERVISION);
  EXPECT_EQ(sent[0].status(), gv1::ORDER_STATUS_DRAFT);
  EXPECT_TRUE(sent[0].evaluation_overdue_only());
  EXPECT_EQ(sent[0].assigned_to(), "me");
  EXPECT_EQ(sent[1].page_token(), "p2");
  EXPECT_THAT(out_.str(), HasSubstr("gord-1"));
  EXPECT_THAT(out_.str(), HasSubstr("监督履行中"));
  EXPECT_THAT(out_.str(), HasSubstr("共 2 条"));
}

TEST_F(OrderCommandTest, ShowRendersTheOrderInChineseAndEnglish) {
  gv1::Order o = Order("gord-520382-a", 6);
  o.set_status(gv1::ORDER_STATUS_UNDER_SUPERVISION);
  o.set_document_number("仁检督监令〔2026〕1号");
  o.add_failings(gv1::FAILING_BASIC_CARE);
  gv1::Addressee* a = o.add_addressees();
  a->set_relation("父亲");
  a->set_display_name("田**");
  a->mutable_service()->mutable_served_on()->set_year(2026);
  a->mutable_service()->mutable_served_on()->set_month(11);
  a->mutable_service()->mutable_served_on()->set_day(2);
  o.mutable_compliance_ends_on()->set_year(2027);
  o.mutable_compliance_ends_on()->set_month(2);
  o.mutable_compliance_ends_on()->set_day(2);
  o.mutable_drafted_by()->set_principal("user:u-zhang");
  o.mutable_drafted_by()->set_display_name("张检察官");
  EXPECT_CALL(orders_, GetOrder(_, _, _))
      .Times(2)
      .WillRepeatedly(DoAll(SetArgPointee<2>(o), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "show", "gord-520382-a"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("令编号"));
  EXPECT_THAT(out_.str(), HasSubstr("监督履行中"));
  EXPECT_THAT(out_.str(), HasSubstr("生活、健康、安全保障不到位"));
  EXPECT_THAT(out_.str(), HasSubstr("监护人："));
  EXPECT_THAT(out_.str(), HasSubstr("2026-11-02"));
  EXPECT_THAT(out_.str(), HasSubstr("2027-02-02"));
  EXPECT_THAT(out_.str(), HasSubstr("张检察官 (user:u-zhang)"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("order_id")));
  EXPECT_EQ(Run({"order", "show", "gord-520382-a", "--lang=en"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("Under supervision"));
  EXPECT_THAT(out_.str(), HasSubstr("Basic care, health and safety"));
  EXPECT_THAT(out_.str(), HasSubstr("Guardians:"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("监督履行中")));
}

TEST_F(OrderCommandTest, JsonOutputIsTheRecord) {
  EXPECT_CALL(orders_, GetOrder(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(Order("gord-1", 2)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "show", "gord-1", "--json"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("\"order_id\":\"gord-1\""));
  EXPECT_THAT(out_.str(), HasSubstr("ORDER_STATUS_DRAFT"));
}

TEST_F(OrderCommandTest, AFailedVersionReadStopsTheUpdate) {
  EXPECT_CALL(orders_, GetOrder(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::NOT_FOUND, "no order gord-9")));
  EXPECT_CALL(orders_, SubmitOrder(_, _, _)).Times(0);
  EXPECT_EQ(Run({"order", "submit", "gord-9"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("NOT_FOUND"));
}

TEST_F(OrderCommandTest, AStaleVersionIsReported) {
  EXPECT_CALL(orders_, SubmitOrder(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::ABORTED, "version 1 is stale")));
  EXPECT_EQ(Run({"order", "submit", "gord-1", "--version=1"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("ABORTED"));
}

}  // namespace
}  // namespace shouhu::cli
