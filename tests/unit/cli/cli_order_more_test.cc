// The `shouhu order` commands of escalations, 事实无人抚养 checks, the policy and the
// statistics against the generated mocks, and a server's field violations rendered in
// both languages (through an in-process server, as a real call carries them).
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "support/temp_dir.h"
#include "unit/cli/order_command_fixture.h"

namespace shouhu::cli {
namespace {

TEST_F(OrderCommandTest, EscalationDraftSendsTheFileAndTheCase) {
  shouhu::testing::TempDir dir("cli-order-esc");
  const std::string path = dir.File("esc.json");
  {
    std::ofstream f(path);
    f << R"({"kind": "ESCALATION_KIND_PROCURATORIAL_SUGGESTION",
             "addressee_agency_code": "minzheng-renhuai", "content": "建议开展监护评估",
             "basis": "SUGGESTION_BASIS_MINORS_PROTECTION_ART_114", "order_id": "gord-1"})";
  }
  gv1::DraftEscalationRequest sent;
  EXPECT_CALL(escalations_, DraftEscalation(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Escalation("gesc-1", 1)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "escalation-draft", "case-1", path}), kExitOk);
  EXPECT_EQ(sent.case_id(), "case-1");
  EXPECT_EQ(sent.order_id(), "gord-1");
  EXPECT_EQ(sent.kind(), gv1::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("后续措施已拟制"));
  EXPECT_THAT(out_.str(), HasSubstr("gesc-1"));
}

TEST_F(OrderCommandTest, EscalationApproveAndServedSendTheDate) {
  EXPECT_CALL(escalations_, GetEscalation(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(Escalation("gesc-1", 3)), Return(grpc::Status::OK)));
  gv1::EscalationActionRequest sent;
  EXPECT_CALL(escalations_, ApproveEscalation(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Escalation("gesc-1", 4)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "escalation-approve", "gesc-1", "--agree", "--on=2026-11-03"}), kExitOk);
  EXPECT_TRUE(sent.agree());
  EXPECT_EQ(sent.version(), 3);
  EXPECT_EQ(sent.on().day(), 3);
  EXPECT_CALL(escalations_, RecordEscalationServed(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Escalation("gesc-1", 5)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "escalation-served", "gesc-1", "--version=4", "--on=2026-11-05"}),
            kExitOk);
  EXPECT_EQ(sent.on().day(), 5);
  EXPECT_THAT(out_.str(), HasSubstr("回复期限开始计算"));
}

TEST_F(OrderCommandTest, TheAgencyReplyReadsItsOwnViewForTheVersion) {
  gv1::AgencyEscalationView view;
  view.set_escalation_id("gesc-1");
  view.set_version(6);
  EXPECT_CALL(escalations_, GetEscalation(_, _, _)).Times(0);
  EXPECT_CALL(escalations_, GetAgencyEscalation(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(view), Return(grpc::Status::OK)));
  gv1::EscalationUpdateRequest sent;
  EXPECT_CALL(escalations_, RecordEscalationReply(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Escalation("gesc-1", 7)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "escalation-reply", "gesc-1", "--on=2026-12-01", "--summary=已开展评估"}),
            kExitOk);
  EXPECT_EQ(sent.version(), 6);
  EXPECT_EQ(sent.summary(), "已开展评估");
  EXPECT_EQ(sent.on().month(), 12);
}

TEST_F(OrderCommandTest, CourtAnswerAndCloseBuildTheirRequests) {
  gv1::RecordCourtAnswerRequest answer;
  EXPECT_CALL(escalations_, RecordCourtAnswer(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { answer = req; }),
                      SetArgPointee<2>(Escalation("gesc-1", 8)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "court-answer", "gesc-1", "--version=7", "--answer=granted",
                 "--on=2026-12-02", "--court_case=(2026)黔0382民特1号", "--court_order=gord-2"}),
            kExitOk);
  EXPECT_EQ(answer.answer().kind(), gv1::COURT_ANSWER_KIND_GRANTED);
  EXPECT_EQ(answer.answer().court_order_id(), "gord-2");
  EXPECT_EQ(answer.answer().answered_on().day(), 2);
  gv1::EscalationUpdateRequest close;
  EXPECT_CALL(escalations_, CloseEscalation(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { close = req; }),
                      SetArgPointee<2>(Escalation("gesc-1", 9)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "escalation-close", "gesc-1", "--version=8", "--outcome=adopted"}),
            kExitOk);
  EXPECT_EQ(close.outcome(), gv1::ESCALATION_OUTCOME_ADOPTED);
  EXPECT_THAT(out_.str(), HasSubstr("后续措施已办结"));
}

TEST_F(OrderCommandTest, AssessReadsTheParentsAndHandOffReadsTheVersion) {
  shouhu::testing::TempDir dir("cli-order-unattended");
  const std::string path = dir.File("assess.json");
  {
    std::ofstream f(path);
    f << R"({"parents": [
      {"role": "PARENT_ROLE_FATHER", "condition": "PARENT_CONDITION_DEAD",
       "evidence": [{"kind": "死亡证明"}]},
      {"role": "PARENT_ROLE_MOTHER", "condition": "PARENT_CONDITION_OUT_OF_CONTACT",
       "since": {"year": 2025, "month": 1, "day": 1}, "evidence": [{"kind": "失联报案回执"}]}]})";
  }
  gv1::AssessUnattendedChildRequest assess;
  gv1::UnattendedCheck c;
  c.set_check_id("guc-1");
  c.set_version(1);
  c.set_criteria_met(true);
  c.set_matched_rule(gv1::UNATTENDED_RULE_ONE_DEAD_OR_MISSING_OTHER_MEETS);
  EXPECT_CALL(unattended_, AssessUnattendedChild(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { assess = req; }),
                      SetArgPointee<2>(c), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "unattended-assess", "case-1", path, "--order=gord-1"}), kExitOk);
  EXPECT_EQ(assess.case_id(), "case-1");
  EXPECT_EQ(assess.order_id(), "gord-1");
  ASSERT_EQ(assess.parents_size(), 2);
  EXPECT_EQ(assess.parents(1).condition(), gv1::PARENT_CONDITION_OUT_OF_CONTACT);
  EXPECT_THAT(out_.str(), HasSubstr("一方死亡或失踪，另一方符合情形"));

  EXPECT_CALL(unattended_, GetUnattendedCheck(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(c), Return(grpc::Status::OK)));
  gv1::HandOffUnattendedCheckRequest handoff;
  EXPECT_CALL(unattended_, HandOffUnattendedCheck(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { handoff = req; }),
                      SetArgPointee<2>(c), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "unattended-handoff", "guc-1", "--agency=minzheng-renhuai"}), kExitOk);
  EXPECT_EQ(handoff.version(), 1);
  EXPECT_EQ(handoff.civil_affairs_agency_code(), "minzheng-renhuai");
}

TEST_F(OrderCommandTest, TheCivilAffairsAnswerFindsTheVersionInItsAddressedList) {
  gv1::ListAddressedUnattendedHandoffsResponse first, second;
  first.add_handoffs()->set_check_id("guc-other");
  first.set_next_page_token("p2");
  gv1::AgencyUnattendedHandoffView* v = second.add_handoffs();
  v->set_check_id("guc-1");
  v->set_version(3);
  EXPECT_CALL(unattended_, ListAddressedUnattendedHandoffs(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(first), Return(grpc::Status::OK)))
      .WillOnce(DoAll(SetArgPointee<2>(second), Return(grpc::Status::OK)));
  gv1::RecordUnattendedAnswerRequest sent;
  EXPECT_CALL(unattended_, RecordUnattendedAnswer(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(gv1::UnattendedCheck()), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "unattended-answer", "guc-1", "--county", "--answer=recognised",
                 "--document=仁民认〔2026〕3号"}),
            kExitOk);
  EXPECT_EQ(sent.version(), 3);
  EXPECT_TRUE(sent.county());
  EXPECT_EQ(sent.answer(), gv1::HANDOFF_ANSWER_RECOGNISED);
  EXPECT_EQ(sent.document_ref(), "仁民认〔2026〕3号");
}

TEST_F(OrderCommandTest, AnAnswerToACheckNotAddressedToTheAgencyIsNotSent) {
  EXPECT_CALL(unattended_, ListAddressedUnattendedHandoffs(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(gv1::ListAddressedUnattendedHandoffsResponse()),
                      Return(grpc::Status::OK)));
  EXPECT_CALL(unattended_, RecordUnattendedAnswer(_, _, _)).Times(0);
  EXPECT_EQ(Run({"order", "unattended-answer", "guc-9", "--township", "--answer=recognised"}),
            kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("找不到 guc-9"));
}

TEST_F(OrderCommandTest, PolicySetReadsTheCurrentVersionWhenTheFileHasNone) {
  shouhu::testing::TempDir dir("cli-order-policy");
  const std::string path = dir.File("policy.json");
  {
    std::ofstream f(path);
    f << R"({"procuratorate_code": "520382", "min_compliance_months": 3,
             "max_compliance_months": 6, "document_prefix": "仁检督监令"})";
  }
  gv1::OrderPolicy current;
  current.set_version(4);
  gv1::GetOrderPolicyRequest got;
  EXPECT_CALL(config_, GetOrderPolicy(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { got = req; }),
                      SetArgPointee<2>(current), Return(grpc::Status::OK)));
  gv1::UpdateOrderPolicyRequest sent;
  EXPECT_CALL(config_, UpdateOrderPolicy(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(current), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "policy-set", path}), kExitOk);
  EXPECT_EQ(got.procuratorate_code(), "520382");
  EXPECT_EQ(sent.policy().version(), 4);
  EXPECT_EQ(sent.policy().document_prefix(), "仁检督监令");
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("督促监护令参数已保存"));
}

TEST_F(OrderCommandTest, StatsSendsThePeriodAndGroupsByTheDimension) {
  gv1::GetOrderStatisticsResponse resp;
  gv1::OrderStatisticsRow* row = resp.add_rows();
  row->set_main_failing(gv1::FAILING_TRUANCY);
  row->set_served(12);
  row = resp.add_rows();
  row->set_main_failing(gv1::FAILING_CHILD_LABOUR);
  row->set_suppressed(true);
  gv1::GetOrderStatisticsRequest sent;
  EXPECT_CALL(orders_, GetOrderStatistics(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"order", "stats", "--period=quarter", "--year=2026", "--index=4",
                 "--dimension=main-failing", "--lang=en"}),
            kExitOk);
  EXPECT_EQ(sent.period(), gv1::PERIOD_KIND_QUARTER);
  EXPECT_EQ(sent.year(), 2026);
  EXPECT_EQ(sent.index(), 4);
  EXPECT_EQ(sent.dimension(), gv1::STATISTICS_DIMENSION_MAIN_FAILING);
  EXPECT_THAT(out_.str(), HasSubstr("Main failing"));
  EXPECT_THAT(out_.str(), HasSubstr("Truancy or dropping out"));
  EXPECT_THAT(out_.str(), HasSubstr("12"));
  EXPECT_THAT(out_.str(), HasSubstr("2 record(s)"));
}

// --- A server's field violations ---------------------------------------------------------

class RejectingOrders final : public gv1::GuardianshipOrderService::Service {
  grpc::Status DraftOrder(grpc::ServerContext*, const gv1::DraftOrderRequest* req,
                          gv1::Order*) override {
    received = *req;
    google::rpc::BadRequest bad;
    auto* v = bad.add_field_violations();
    v->set_field("addressees[0].relation");
    v->set_description("必填");
    google::rpc::Status st;
    st.set_code(grpc::StatusCode::INVALID_ARGUMENT);
    st.set_message("invalid request");
    st.add_details()->PackFrom(bad);
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "invalid request",
                        st.SerializeAsString());
  }

 public:
  gv1::DraftOrderRequest received;
};

TEST(OrderErrorsTest, FieldViolationsAreRenderedInTheChosenLanguage) {
  RejectingOrders service;
  grpc::ServerBuilder builder;
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  auto stub = gv1::GuardianshipOrderService::NewStub(server->InProcessChannel({}));
  shouhu::testing::TempDir dir("cli-order-violations");
  const std::string path = dir.File("draft.json");
  {
    std::ofstream f(path);
    f << R"({"addressees": [{"person_id": "per-1"}]})";
  }
  for (const char* lang : {"zh", "en"}) {
    SCOPED_TRACE(lang);
    ParseResult parsed =
        ParseArgs({"order", "draft", "case-1", path, std::string("--lang=") + lang},
                  [](const char*) { return std::nullopt; });
    ASSERT_TRUE(parsed.ok()) << parsed.error;
    Stubs stubs;
    stubs.orders = stub.get();
    std::ostringstream out, err;
    Runner runner(parsed.invocation, stubs, "", out, err);
    EXPECT_EQ(runner.Run(), kExitRpcError);
    EXPECT_EQ(service.received.case_id(), "case-1");
    EXPECT_THAT(err.str(), HasSubstr("INVALID_ARGUMENT"));
    EXPECT_THAT(err.str(), HasSubstr("addressees[0].relation"));
    EXPECT_THAT(err.str(), HasSubstr("必填"));
    if (std::string(lang) == "zh") {
      EXPECT_THAT(err.str(), HasSubstr("错误："));
    } else {
      EXPECT_THAT(err.str(), HasSubstr("Error: "));
    }
    EXPECT_EQ(out.str(), "");
  }
  server->Shutdown();
}

}  // namespace
}  // namespace shouhu::cli
