// The `shouhu aid` commands of reconciliation resolutions, closed-case lists, paged rights
// notices and wage figures: the requests sent and the rendering.
#include <string>
#include <vector>

#include "unit/cli/aid_command_fixture.h"

namespace shouhu::cli {
namespace {

TEST_F(AidCommandTest, ReconciliationResolveSendsTheResolutionNoteAndVersion) {
  pb::ResolveReconciliationIssueRequest sent;
  pb::ReconciliationIssue out;
  out.set_issue_id("rci-520382-17");
  out.set_kind(pb::ReconciliationIssue::KIND_AMOUNT_DIFFERS);
  out.set_resolution(pb::ReconciliationIssue::RESOLUTION_BANK_ERROR);
  out.set_resolution_note("银行重复扣款，已联系银行");
  out.set_version(2);
  EXPECT_CALL(recon_, ResolveReconciliationIssue(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(out), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "reconciliation-resolve", "rci-520382-17", "--resolution=bank-error",
                 "--note=银行重复扣款，已联系银行", "--version=1"}),
            kExitOk);
  EXPECT_EQ(sent.issue_id(), "rci-520382-17");
  EXPECT_EQ(sent.resolution(), pb::ReconciliationIssue::RESOLUTION_BANK_ERROR);
  EXPECT_EQ(sent.note(), "银行重复扣款，已联系银行");
  EXPECT_EQ(sent.version(), 1);
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("对账差异已处理"));
  EXPECT_THAT(out_.str(), HasSubstr("银行差错"));
}

TEST_F(AidCommandTest, ShowUnmaskedSendsThePurposeAndPlainShowSendsNone) {
  std::vector<pb::GetApplicationRequest> sent;
  pb::Application out;
  out.set_application_id("aid-520382-1");
  EXPECT_CALL(aid_, GetApplication(_, _, _))
      .Times(2)
      .WillRepeatedly(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent.push_back(req); }),
                            SetArgPointee<2>(out), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "show", "aid-520382-1", "--unmask", "--purpose=核对银行账户"}), kExitOk);
  EXPECT_EQ(Run({"aid", "show", "aid-520382-1"}), kExitOk);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].unmask_purpose(), "核对银行账户");
  EXPECT_EQ(sent[1].unmask_purpose(), "");
  ParseResult r = ParseArgs({"aid", "show", "aid-520382-1", "--unmask"},
                            [](const char*) { return std::nullopt; });
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(r.error, HasSubstr("用途"));
}

TEST(AidResolveArgsTest, NeedsVersionAndAKnownResolutionBeforeAnyCall) {
  auto parse = [](std::vector<std::string> args) {
    return ParseArgs(args, [](const char*) { return std::nullopt; });
  };
  ParseResult r = parse(
      {"aid", "reconciliation-resolve", "rci-520382-17", "--resolution=bank-error", "--note=x"});
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(r.error, HasSubstr("aid reconciliation-issues"));
  r = parse({"aid", "reconciliation-resolve", "rci-520382-17", "--resolution=maybe", "--note=x",
             "--version=1"});
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(r.error, HasSubstr("BANK_ERROR"));
  r = parse(
      {"aid", "reconciliation-resolve", "rci-520382-17", "--resolution=bank-error", "--version=1"});
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(r.error, HasSubstr("--note"));
}

TEST_F(AidCommandTest, ReconciliationIssuesAsksForTheStateAndShowsResolutionsInEnglish) {
  pb::ListReconciliationIssuesResponse resp;
  pb::ReconciliationIssue* i = resp.add_issues();
  i->set_issue_id("rci-520382-3");
  i->set_kind(pb::ReconciliationIssue::KIND_EXTRA);
  i->set_resolution(pb::ReconciliationIssue::RESOLUTION_DUPLICATE_IGNORED);
  pb::ListReconciliationIssuesRequest sent;
  EXPECT_CALL(recon_, ListReconciliationIssues(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "reconciliation-issues", "--state=resolved", "--lang=en"}), kExitOk);
  EXPECT_EQ(sent.state(), pb::ListReconciliationIssuesRequest::STATE_RESOLVED);
  EXPECT_THAT(out_.str(), HasSubstr("rci-520382-3"));
  EXPECT_THAT(out_.str(), HasSubstr("Duplicate ignored"));
}

TEST_F(AidCommandTest, ListCaseClosedAndPagedNoticesAndWageHistory) {
  pb::ListApplicationsRequest list;
  EXPECT_CALL(aid_, ListApplications(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { list = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "list", "--case_closed"}), kExitOk);
  EXPECT_TRUE(list.case_closed_only());

  pb::ListRightsNoticesResponse first, second;
  first.add_notices()->set_notice_id("ntc-520382-2");
  first.set_next_page_token("t2");
  second.add_notices()->set_notice_id("ntc-520382-1");
  std::vector<std::string> tokens;
  EXPECT_CALL(aid_, ListRightsNotices(_, _, _))
      .WillOnce(
          DoAll(Invoke([&](auto*, const auto& req, auto*) { tokens.push_back(req.page_token()); }),
                SetArgPointee<2>(first), Return(grpc::Status::OK)))
      .WillOnce(
          DoAll(Invoke([&](auto*, const auto& req, auto*) { tokens.push_back(req.page_token()); }),
                SetArgPointee<2>(second), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "notices", "case-520382-1", "--all"}), kExitOk);
  EXPECT_THAT(tokens, ElementsAre("", "t2"));

  pb::ListWageEntriesRequest wages;
  EXPECT_CALL(config_, ListWageEntries(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { wages = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "wages", "--province=520000", "--history", "--page_size=10"}), kExitOk);
  EXPECT_TRUE(wages.history());
  EXPECT_EQ(wages.page_size(), 10);
  EXPECT_EQ(wages.province_code(), "520000");
}

TEST_F(AidCommandTest, ShowRendersTheMaterialsRequestsAndTheCaseClosure) {
  pb::Application a = Application("aid-520382-m", 3);
  a.set_status(pb::APPLICATION_STATUS_APPROVED);
  a.mutable_case_closed_on()->set_year(2026);
  a.mutable_case_closed_on()->set_month(11);
  a.mutable_case_closed_on()->set_day(20);
  pb::MaterialsRequestRecord* r = a.add_materials_requests();
  r->add_materials(pb::MATERIAL_KIND_HARDSHIP_PROOF);
  r->set_note("请补交村委会困难证明");
  r->mutable_requested_on()->set_year(2026);
  r->mutable_requested_on()->set_month(11);
  r->mutable_requested_on()->set_day(3);
  r->mutable_requested_by()->set_principal("user:u-zhang");
  EXPECT_CALL(aid_, GetApplication(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(a), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "show", "aid-520382-m"}), kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("补充材料记录"));
  EXPECT_THAT(out_.str(), HasSubstr("请补交村委会困难证明"));
  EXPECT_THAT(out_.str(), HasSubstr("2026-11-03"));
  EXPECT_THAT(out_.str(), HasSubstr("2026-11-20"));
}

}  // namespace
}  // namespace shouhu::cli
