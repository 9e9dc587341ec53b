// The `shouhu oversight` case-quality review commands against the generated mocks of
// QualityReviewService.
#include <fstream>
#include <string>
#include <vector>

#include "shouhu/oversight/v1/review_mock.grpc.pb.h"
#include "unit/cli/command_fixture.h"

namespace shouhu::cli {
namespace {

namespace ov1 = ::shouhu::oversight::v1;

class ReviewCommandTest : public CommandTest {
 protected:
  void Wire(Stubs* s) override { s->review = &review_; }
  static bool Refused(const std::vector<std::string>& args) {
    return !ParseArgs(args, [](const char*) { return std::nullopt; }).ok();
  }
  static ov1::Finding Finding(const std::string& id, ov1::FindingState state, int64_t version) {
    ov1::Finding f;
    f.set_finding_id(id);
    f.set_case_id("case-520382-1");
    f.set_rule_id("Q-CASE-CLOSE-NOTE");
    f.set_rule_title("结案未填写结案说明");
    f.set_severity(ov1::SEVERITY_MINOR);
    f.set_record_kind("case");
    f.set_record_id("case-520382-1");
    f.set_field("close_note");
    f.set_state(state);
    f.set_version(version);
    return f;
  }
  ov1::MockQualityReviewServiceStub review_;
};

TEST_F(ReviewCommandTest, ReviewShowsTheFindingsAndRerunSendsARequestId) {
  ov1::CaseReview r;
  r.set_case_id("case-520382-1");
  r.set_state(ov1::REVIEW_DONE);
  r.set_caseworker("u-zhang");
  r.set_rule_set_version(1);
  r.set_runs(1);
  *r.add_findings() = Finding("qf-520382-1", ov1::FINDING_OPEN, 1);
  ov1::GetCaseReviewRequest got;
  EXPECT_CALL(review_, GetCaseReview(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { got = req; }),
                      SetArgPointee<2>(r), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "review", "case-520382-1"}), kExitOk);
  EXPECT_EQ(got.case_id(), "case-520382-1");
  EXPECT_EQ(got.language(), "zh");
  EXPECT_THAT(out_.str(), HasSubstr("已评查"));
  EXPECT_THAT(out_.str(), HasSubstr("结案未填写结案说明"));
  EXPECT_THAT(out_.str(), HasSubstr("close_note"));

  ov1::RerunReviewRequest rerun;
  r.mutable_findings(0)->set_state(ov1::FINDING_FIXED);
  EXPECT_CALL(review_, RerunReview(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { rerun = req; }),
                      SetArgPointee<2>(r), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "review", "case-520382-1", "--rerun", "--lang=en"}), kExitOk);
  EXPECT_FALSE(rerun.request_id().empty());
  EXPECT_EQ(rerun.language(), "en");
  EXPECT_THAT(out_.str(), HasSubstr("fixed"));
  EXPECT_TRUE(Refused({"oversight", "review"}));
}

TEST_F(ReviewCommandTest, AppealReadsTheVersionFromMyFindings) {
  ov1::ListFindingsResponse mine;
  *mine.add_findings() = Finding("qf-520382-1", ov1::FINDING_OPEN, 4);
  EXPECT_CALL(review_, ListMyFindings(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(mine), Return(grpc::Status::OK)));
  ov1::AppealFindingRequest sent;
  EXPECT_CALL(review_, AppealFinding(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Finding("qf-520382-1", ov1::FINDING_APPEALED, 5)),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "appeal", "qf-520382-1", "--reason=结案说明已在纸质卷宗中"}),
            kExitOk);
  EXPECT_EQ(sent.version(), 4);
  EXPECT_EQ(sent.reason(), "结案说明已在纸质卷宗中");
  EXPECT_FALSE(sent.request_id().empty());
  EXPECT_THAT(out_.str(), HasSubstr("复议中"));
  EXPECT_TRUE(Refused({"oversight", "appeal", "qf-520382-1"}));  // no reason
}

TEST_F(ReviewCommandTest, DecideNeedsExactlyOneOfGrantAndReject) {
  ov1::DecideAppealRequest sent;
  EXPECT_CALL(review_, DecideAppeal(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Finding("qf-520382-1", ov1::FINDING_WAIVED, 6)),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "decide", "qf-520382-1", "--grant", "--note=同意", "--version=5"}),
            kExitOk);
  EXPECT_TRUE(sent.grant());
  EXPECT_EQ(sent.version(), 5);
  EXPECT_EQ(sent.note(), "同意");
  EXPECT_TRUE(Refused({"oversight", "decide", "qf-1", "--note=x"}));
  EXPECT_TRUE(Refused({"oversight", "decide", "qf-1", "--grant", "--reject", "--note=x"}));
  EXPECT_TRUE(Refused({"oversight", "decide", "qf-1", "--reject"}));
}

TEST_F(ReviewCommandTest, SummaryAsCsvWithSuppressedRows) {
  ov1::ReviewSummary s;
  s.set_grouping(ov1::REVIEW_BY_RULE);
  ov1::ReviewSummaryRow* row = s.add_rows();
  row->set_key("Q-AID-VISIT");
  row->set_label("救助金发放后未回访");
  row->set_findings(12);
  row->set_open(7);
  row->set_fixed(5);
  ov1::ReviewSummaryRow* hidden = s.add_rows();
  hidden->set_key("Q-CASE-DATES");
  hidden->set_suppressed(true);
  s.mutable_total()->set_findings(14);
  ov1::GetReviewSummaryRequest sent;
  EXPECT_CALL(review_, GetReviewSummary(_, _, _))
      .WillRepeatedly(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                            SetArgPointee<2>(s), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "review-summary", "--from=2026-03-01", "--to=2026-03-31", "--by=rule",
                 "--csv"}),
            kExitOk);
  EXPECT_EQ(sent.closed_from().month(), 3);
  EXPECT_EQ(sent.closed_to().day(), 31);
  EXPECT_EQ(sent.grouping(), ov1::REVIEW_BY_RULE);
  EXPECT_EQ(out_.str(),
            "key,label,cases_reviewed,cases_with_findings,findings,open,fixed,waived,suppressed\n"
            "Q-AID-VISIT,救助金发放后未回访,0,0,12,7,5,0,false\n"
            "Q-CASE-DATES,,-,-,-,-,-,-,true\n"
            ",,0,0,14,0,0,0,false\n");
  EXPECT_EQ(Run({"oversight", "review-summary", "--from=2026-03-01", "--to=2026-03-31"}), kExitOk);
  EXPECT_EQ(sent.grouping(), ov1::REVIEW_BY_DEPARTMENT);
  EXPECT_THAT(out_.str(), HasSubstr("小数值不予显示"));
  EXPECT_TRUE(Refused({"oversight", "review-summary", "--from=2026-03-01"}));
  EXPECT_TRUE(Refused({"oversight", "review-summary", "--from=2026-03-01", "--to=2026-02-30"}));
  EXPECT_TRUE(
      Refused({"oversight", "review-summary", "--from=2026-03-01", "--to=2026-03-31", "--by=x"}));
}

TEST_F(ReviewCommandTest, RuleSetsCreateFromJsonTryAndActivateAgainstTheActiveVersion) {
  const std::string path = ::testing::TempDir() + "/rules.json";
  {
    std::ofstream f(path);
    f << R"({"rules": [{"ruleId": "Q-X", "titleZh": "x", "titleEn": "x",
             "severity": "SEVERITY_MINOR",
             "requiredField": {"appliesTo": {"kind": "visit"}, "field": "assessments"}}]})";
  }
  ov1::CreateRuleSetRequest created;
  ov1::RuleSet draft;
  draft.set_version(2);
  draft.set_state(ov1::RULE_SET_DRAFT);
  EXPECT_CALL(review_, CreateRuleSet(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { created = req; }),
                      SetArgPointee<2>(draft), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "rules-create", "--file=" + path, "--note=新增回访评估规则"}),
            kExitOk);
  ASSERT_EQ(created.rules_size(), 1);
  EXPECT_EQ(created.rules(0).required_field().field(), "assessments");
  EXPECT_EQ(created.note(), "新增回访评估规则");
  EXPECT_THAT(out_.str(), HasSubstr("草稿"));

  ov1::RuleSet active;
  active.set_version(1);
  active.set_state(ov1::RULE_SET_ACTIVE);
  EXPECT_CALL(review_, GetRuleSet(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(active), Return(grpc::Status::OK)));
  ov1::ActivateRuleSetRequest activated;
  EXPECT_CALL(review_, ActivateRuleSet(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { activated = req; }),
                      SetArgPointee<2>(draft), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "rules-activate", "--version=2"}), kExitOk);
  EXPECT_EQ(activated.version(), 2);
  EXPECT_EQ(activated.expected_active_version(), 1);

  ov1::TryRuleSetResponse trial;
  trial.set_active_version(1);
  trial.set_tried_version(2);
  trial.set_cases(3);
  trial.set_added(1);
  ov1::FindingChange* c = trial.add_changes();
  c->set_case_id("case-520382-1");
  c->set_rule_id("Q-X");
  c->set_added(true);
  EXPECT_CALL(review_, TryRuleSet(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(trial), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"oversight", "rules-try", "--version=2", "--from=2026-03-01", "--to=2026-03-31"}),
            kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("+ case-520382-1  Q-X"));

  {
    std::ofstream f(path);
    f << "{not json";
  }
  EXPECT_EQ(Run({"oversight", "rules-create", "--file=" + path, "--note=x"}), kExitUsage);
  EXPECT_TRUE(Refused({"oversight", "rules-activate"}));
  EXPECT_TRUE(Refused({"oversight", "findings", "--show=mine"}));
}

}  // namespace
}  // namespace shouhu::cli
