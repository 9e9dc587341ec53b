// Resolving reconciliation issues (对账差异处理) on a real MariaDB: finance settles an open
// issue with a resolution and a sealed note, once; the list shows open, resolved or all.
#include "integration/aid/money_fixture.h"

namespace shouhu::testing {
namespace {

using ::testing::ElementsAre;

class ResolveIssueTest : public MoneyFixture {
 protected:
  // Two issues: an amount difference on BR200 and an extra line BR999.
  std::vector<apb::ReconciliationIssue> TwoIssues() {
    Allocate(10000000);
    const std::string app = ApprovedApplication(200000);
    apb::Disbursement d = PlannedAndArrived(app, 200000);
    EXPECT_TRUE(disb_->RecordPayment(finance_, Pay(d, 1, 200000, "BR200")).ok());
    apb::ImportBankStatementRequest req;
    req.set_request_id(Rid());
    req.set_account_label("救助金专户");
    *req.mutable_period_from() = Date(2025, 3, 1);
    *req.mutable_period_to() = Date(2025, 3, 31);
    req.set_csv(
        "date,bank_reference,amount\n"
        "2025-03-10,BR200,1999.50\n"
        "2025-03-11,BR999,50.00\n");
    EXPECT_TRUE(recon_->ImportBankStatement(finance_, req).ok());
    return List(apb::ListReconciliationIssuesRequest::STATE_OPEN);
  }

  std::vector<apb::ReconciliationIssue> List(apb::ListReconciliationIssuesRequest::State state,
                                             const Principal* p = nullptr) {
    apb::ListReconciliationIssuesRequest req;
    req.set_state(state);
    auto r = recon_->ListReconciliationIssues(p == nullptr ? finance_ : *p, req);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return {};
    return {r->issues().begin(), r->issues().end()};
  }

  apb::ResolveReconciliationIssueRequest Resolve(const apb::ReconciliationIssue& i) {
    apb::ResolveReconciliationIssueRequest req;
    req.set_request_id(Rid());
    req.set_issue_id(i.issue_id());
    req.set_version(i.version());
    req.set_resolution(apb::ReconciliationIssue::RESOLUTION_ACCEPTED_DIFFERENCE);
    req.set_note("银行扣收手续费0.50元，经核实认可");
    return req;
  }
};

TEST_F(ResolveIssueTest, FinanceResolvesAnOpenIssueOnce) {
  std::vector<apb::ReconciliationIssue> open = TwoIssues();
  ASSERT_EQ(open.size(), 2u);
  const apb::ReconciliationIssue& differs = open[1];  // newest first: the extra line is first
  ASSERT_EQ(differs.kind(), apb::ReconciliationIssue::KIND_AMOUNT_DIFFERS);
  EXPECT_EQ(differs.issue_id().rfind("rci-520382-", 0), 0u) << differs.issue_id();
  EXPECT_EQ(differs.resolution(), apb::ReconciliationIssue::RESOLUTION_UNSPECIFIED);
  EXPECT_EQ(differs.version(), 1);

  apb::ResolveReconciliationIssueRequest req = Resolve(differs);
  auto resolved = recon_->ResolveReconciliationIssue(finance_, req);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->resolution(), apb::ReconciliationIssue::RESOLUTION_ACCEPTED_DIFFERENCE);
  EXPECT_EQ(resolved->resolution_note(), "银行扣收手续费0.50元，经核实认可");
  EXPECT_EQ(resolved->resolved_by().principal(), "user:u-finance");
  EXPECT_EQ(resolved->version(), 2);
  // The note is sealed at rest; the action is audited.
  EXPECT_EQ(Count("aid_reconciliation_issues", "resolution_note_enc LIKE '%手续费%'"), 0);
  EXPECT_EQ(Count("audit_log", "action = 'aid.reconciliation.resolve'"), 1);
  // A replay answers the same; the same issue again (new request) is refused.
  auto replay = recon_->ResolveReconciliationIssue(finance_, req);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->version(), 2);
  apb::ResolveReconciliationIssueRequest again = Resolve(*resolved);
  EXPECT_EQ(recon_->ResolveReconciliationIssue(finance_, again).status().code(),
            absl::StatusCode::kFailedPrecondition);
  apb::ResolveReconciliationIssueRequest stale = Resolve(open[0]);
  stale.set_version(7);
  EXPECT_EQ(recon_->ResolveReconciliationIssue(finance_, stale).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(Count("audit_log", "action = 'aid.reconciliation.resolve'"), 1);

  // Open and resolved are listed apart.
  std::vector<apb::ReconciliationIssue> still =
      List(apb::ListReconciliationIssuesRequest::STATE_OPEN);
  ASSERT_EQ(still.size(), 1u);
  EXPECT_EQ(still[0].issue_id(), open[0].issue_id());
  std::vector<apb::ReconciliationIssue> done =
      List(apb::ListReconciliationIssuesRequest::STATE_RESOLVED);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].issue_id(), differs.issue_id());
  EXPECT_EQ(done[0].resolution_note(), "银行扣收手续费0.50元，经核实认可");
  EXPECT_EQ(List(apb::ListReconciliationIssuesRequest::STATE_ALL).size(), 2u);
}

TEST_F(ResolveIssueTest, BadInputNamesTheFieldAndOthersAreRefused) {
  std::vector<apb::ReconciliationIssue> open = TwoIssues();
  ASSERT_EQ(open.size(), 2u);
  apb::ResolveReconciliationIssueRequest req = Resolve(open[0]);
  req.set_resolution(apb::ReconciliationIssue::RESOLUTION_UNSPECIFIED);
  EXPECT_THAT(ViolatedFields(recon_->ResolveReconciliationIssue(finance_, req).status()),
              ElementsAre("resolution"));
  req = Resolve(open[0]);
  req.set_note("");
  EXPECT_THAT(ViolatedFields(recon_->ResolveReconciliationIssue(finance_, req).status()),
              ElementsAre("note"));
  req = Resolve(open[0]);
  req.set_issue_id("rci-520382-x");
  EXPECT_THAT(ViolatedFields(recon_->ResolveReconciliationIssue(finance_, req).status()),
              ElementsAre("issue_id"));
  req = Resolve(open[0]);
  req.set_issue_id("rci-520382-99999");
  EXPECT_EQ(recon_->ResolveReconciliationIssue(finance_, req).status().code(),
            absl::StatusCode::kNotFound);
  // Another procuratorate: refused from the id alone; other roles: refused.
  req = Resolve(open[0]);
  EXPECT_EQ(recon_->ResolveReconciliationIssue(finance_xishui_, req).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(recon_->ResolveReconciliationIssue(chief_, req).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(List(apb::ListReconciliationIssuesRequest::STATE_ALL, &finance_xishui_).size(), 0u);
  apb::ListReconciliationIssuesRequest bad;
  bad.set_state(static_cast<apb::ListReconciliationIssuesRequest::State>(9));
  EXPECT_THAT(ViolatedFields(recon_->ListReconciliationIssues(finance_, bad).status()),
              ElementsAre("state"));
  EXPECT_EQ(Count("aid_reconciliation_issues", "open = FALSE"), 0) << "nothing written";
}

}  // namespace
}  // namespace shouhu::testing
