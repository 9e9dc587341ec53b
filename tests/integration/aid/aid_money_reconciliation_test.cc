// Bank statements and recoveries on a real MariaDB.
#include "integration/aid/money_fixture.h"

namespace shouhu::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class ReconciliationTest : public MoneyFixture {
 protected:
  // A paid lump sum of `fen` with bank reference `reference`; returns the payment id.
  std::string Paid(int64_t fen, const std::string& reference) {
    const std::string app = ApprovedApplication(fen);
    apb::Disbursement d = PlannedAndArrived(app, fen);
    auto p = disb_->RecordPayment(finance_, Pay(d, 1, fen, reference));
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? p->payment_id() : "";
  }

  apb::ImportBankStatementRequest Statement(const std::string& csv) {
    apb::ImportBankStatementRequest req;
    req.set_request_id(Rid());
    req.set_account_label("救助金专户");
    *req.mutable_period_from() = Date(2025, 3, 1);
    *req.mutable_period_to() = Date(2025, 3, 31);
    req.set_csv(csv);
    return req;
  }
};

TEST_F(ReconciliationTest, AStatementWithEveryKindOfLine) {
  Allocate(10000000);
  const std::string matched = Paid(100000, "BR100");
  const std::string differs = Paid(200000, "BR200");
  const std::string missing = Paid(300000, "BR300");
  const std::string csv =
      "memo,amount,bank_reference,date,account_last4\n"
      "\"救助金, 王芳\",1000.00,BR100,2025-03-10,6789\n"
      "x,1999.5,BR200,2025-03-10,6789\n"
      "x,50.00,BR999,2025-03-11,\n"        // extra
      "x,1000.00,BR100,2025-03-12,6789\n"  // duplicate
      "x,12.345,BR400,2025-03-12,\n"       // invalid amount
      "x,10.00,BR401,2025-13-01,\n"        // invalid date
      "x,-20.00,FEE1,2025-03-12,\n";       // outgoing: ignored
  auto r = recon_->ImportBankStatement(finance_, Statement(csv));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->matched(), 1);
  EXPECT_EQ(r->amount_differs(), 1);
  EXPECT_EQ(r->unmatched(), 1);
  EXPECT_EQ(r->duplicate(), 1);
  EXPECT_EQ(r->invalid(), 2);
  ASSERT_EQ(r->lines_size(), 6);
  EXPECT_EQ(r->lines(0).result(), apb::STATEMENT_LINE_RESULT_MATCHED);
  EXPECT_EQ(r->lines(0).payment_id(), matched);
  EXPECT_EQ(r->lines(1).result(), apb::STATEMENT_LINE_RESULT_AMOUNT_DIFFERS);
  EXPECT_EQ(r->lines(1).amount_fen(), 199950);
  EXPECT_EQ(r->lines(1).expected_fen(), 200000);
  EXPECT_EQ(r->lines(2).result(), apb::STATEMENT_LINE_RESULT_UNMATCHED);
  EXPECT_EQ(r->lines(3).result(), apb::STATEMENT_LINE_RESULT_DUPLICATE);
  EXPECT_EQ(r->lines(4).result(), apb::STATEMENT_LINE_RESULT_INVALID);
  EXPECT_THAT(r->lines(4).problem(), HasSubstr("amount"));
  EXPECT_THAT(r->lines(5).problem(), HasSubstr("date"));
  EXPECT_THAT(r->missing_payment_ids(), ElementsAre(missing));
  // The payments carry their status; the memo is not stored.
  EXPECT_EQ(Int("SELECT reconciliation FROM aid_payments WHERE id = '" + matched + "'"),
            apb::RECONCILIATION_STATUS_MATCHED);
  EXPECT_EQ(Int("SELECT reconciliation FROM aid_payments WHERE id = '" + differs + "'"),
            apb::RECONCILIATION_STATUS_AMOUNT_DIFFERS);
  EXPECT_EQ(Int("SELECT reconciliation FROM aid_payments WHERE id = '" + missing + "'"),
            apb::RECONCILIATION_STATUS_MISSING);
  EXPECT_EQ(Count("aid_statement_lines"), 6);
  EXPECT_EQ(Count("aid_statement_lines", "problem LIKE '%王芳%'"), 0);

  // Open issues, newest first: missing, duplicate, extra, amount differs.
  apb::ListReconciliationIssuesRequest list;
  list.set_page_size(2);
  auto page1 = recon_->ListReconciliationIssues(finance_, list);
  ASSERT_TRUE(page1.ok()) << page1.status();
  ASSERT_EQ(page1->issues_size(), 2);
  EXPECT_EQ(page1->issues(0).kind(), apb::ReconciliationIssue::KIND_MISSING);
  EXPECT_EQ(page1->issues(0).payment_id(), missing);
  list.set_page_token(page1->next_page_token());
  auto page2 = recon_->ListReconciliationIssues(finance_, list);
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->issues_size(), 2);
  EXPECT_EQ(page2->issues(1).kind(), apb::ReconciliationIssue::KIND_AMOUNT_DIFFERS);
  EXPECT_TRUE(page2->next_page_token().empty());

  // Idempotent: the same request replays, nothing more is stored.
  apb::ImportBankStatementRequest again = Statement(csv);
  again.set_request_id("req-statement-1");
  auto first = recon_->ImportBankStatement(finance_, again);
  ASSERT_TRUE(first.ok());
  auto replay = recon_->ImportBankStatement(finance_, again);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->statement_id(), first->statement_id());
  EXPECT_EQ(Count("aid_bank_statements"), 2);
  // On the second statement every reference was seen before: duplicates.
  EXPECT_EQ(first->duplicate(), 4);
}

TEST_F(ReconciliationTest, AnUnreadableStatementIsRefused) {
  for (const std::string& csv : {std::string(""), std::string("date,amount\n2025-03-01,1.00\n"),
                                 std::string("date,bank_reference,amount,colour\n"),
                                 std::string(5 * 1024 * 1024 + 1, 'x')}) {
    auto r = recon_->ImportBankStatement(finance_, Statement(csv));
    EXPECT_THAT(ViolatedFields(r.status()), ElementsAre("csv")) << r.status();
  }
  std::string many = "date,bank_reference,amount\n";
  for (int i = 0; i <= 50000; ++i) many += "2025-03-01,R,1.00\n";
  EXPECT_THAT(ViolatedFields(recon_->ImportBankStatement(finance_, Statement(many)).status()),
              ElementsAre("csv"));
  apb::ImportBankStatementRequest req = Statement("date,bank_reference,amount\n");
  *req.mutable_period_to() = Date(2025, 2, 1);
  EXPECT_THAT(ViolatedFields(recon_->ImportBankStatement(finance_, req).status()),
              ElementsAre("period_to"));
  EXPECT_EQ(Count("aid_bank_statements"), 0);
  // Caseworkers do not reconcile.
  EXPECT_EQ(recon_->ImportBankStatement(zhang_, Statement("date,bank_reference,amount\n"))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(ReconciliationTest, RecoveryIntoTheFundShowsInTheFundAndOnTheApplication) {
  Allocate(1000000);
  const std::string app = ApprovedApplication(300000);
  apb::Disbursement d = PlannedAndArrived(app, 300000);
  ASSERT_TRUE(disb_->RecordPayment(finance_, Pay(d, 1, 300000, "BR-R1")).ok());

  apb::OpenRecoveryRequest open;
  open.set_request_id(Rid());
  open.set_application_id(app);
  open.set_kind(apb::RECOVERY_KIND_FRAUD);
  open.set_debtor("王芳");
  open.set_reason("提供虚假材料骗取救助金");
  open.set_amount_due_fen(300001);
  // More than paid: named.
  EXPECT_THAT(ViolatedFields(recovery_->OpenRecovery(chief_, open).status()),
              ElementsAre("amount_due_fen"));
  open.set_amount_due_fen(200000);
  // Only the chief opens.
  EXPECT_EQ(recovery_->OpenRecovery(finance_, open).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto r = recovery_->OpenRecovery(chief_, open);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status(), apb::RECOVERY_STATUS_OPEN);
  EXPECT_EQ(r->destination(), apb::RECOVERY_DESTINATION_FUND);
  EXPECT_EQ(r->debtor(), "王芳");
  EXPECT_EQ(Count("aid_recoveries", "INSTR(debtor_enc, '王芳') > 0"), 0);

  apb::RecordRecoveryReceiptRequest receipt;
  receipt.set_request_id(Rid());
  receipt.set_recovery_id(r->recovery_id());
  receipt.set_version(r->version());
  receipt.set_amount_fen(50000);
  *receipt.mutable_received_on() = Date(2025, 3, 10);
  receipt.set_voucher_number("ZH-01");
  auto partial = recovery_->RecordRecoveryReceipt(finance_, receipt);
  ASSERT_TRUE(partial.ok()) << partial.status();
  EXPECT_EQ(partial->status(), apb::RECOVERY_STATUS_PARTIAL);
  EXPECT_EQ(RegularPot().recovered_fen(), 50000);
  EXPECT_EQ(RegularPot().available_fen(), 700000 + 50000);
  EXPECT_EQ(AppInt(app, "recovered_fen"), 50000);

  receipt.set_request_id(Rid());
  receipt.set_version(partial->version());
  receipt.set_amount_fen(150001);
  EXPECT_THAT(ViolatedFields(recovery_->RecordRecoveryReceipt(finance_, receipt).status()),
              ElementsAre("amount_fen"));
  receipt.set_amount_fen(150000);
  auto done = recovery_->RecordRecoveryReceipt(finance_, receipt);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status(), apb::RECOVERY_STATUS_RECOVERED);
  EXPECT_EQ(done->receipts_size(), 2);
  EXPECT_EQ(AppInt(app, "recovered_fen"), 200000);
  EXPECT_EQ(RegularPot().recovered_fen(), 200000);

  // A liable-party claim goes to the treasury: nothing in the fund; cancelled when empty.
  open.set_request_id(Rid());
  open.set_kind(apb::RECOVERY_KIND_LIABLE_PARTY);
  open.set_amount_due_fen(100000);
  auto claim = recovery_->OpenRecovery(chief_, open);
  ASSERT_TRUE(claim.ok()) << claim.status();
  EXPECT_EQ(claim->destination(), apb::RECOVERY_DESTINATION_TREASURY);
  apb::CloseRecoveryRequest close;
  close.set_request_id(Rid());
  close.set_recovery_id(claim->recovery_id());
  close.set_version(claim->version());
  EXPECT_THAT(ViolatedFields(recovery_->CloseRecovery(chief_, close).status()),
              ElementsAre("termination_reason"));
  close.set_termination_reason("误立");
  close.set_cancel(true);
  auto cancelled = recovery_->CloseRecovery(chief_, close);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->status(), apb::RECOVERY_STATUS_CANCELLED);

  apb::ListRecoveriesRequest list;
  list.set_application_id(app);
  auto all = recovery_->ListRecoveries(zhang_, list);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->recoveries_size(), 2);
  list.clear_application_id();
  list.set_status(apb::RECOVERY_STATUS_RECOVERED);
  auto recovered = recovery_->ListRecoveries(finance_, list);
  ASSERT_TRUE(recovered.ok());
  ASSERT_EQ(recovered->recoveries_size(), 1);
  EXPECT_EQ(recovered->recoveries(0).recovery_id(), r->recovery_id());
  // Another procuratorate: refused from the id alone.
  list.set_status(apb::RECOVERY_STATUS_UNSPECIFIED);
  list.set_application_id(app);
  EXPECT_EQ(recovery_->ListRecoveries(finance_xishui_, list).status().code(),
            absl::StatusCode::kPermissionDenied);

  // The fund entries list the recovery credits.
  apb::ListFundEntriesRequest entries;
  entries.set_year(2025);
  entries.set_pot(apb::FUND_POT_REGULAR);
  auto ledger = fund_->ListFundEntries(finance_, entries);
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  std::vector<apb::FundEntryKind> kinds;
  for (const auto& e : ledger->entries()) kinds.push_back(e.kind());
  EXPECT_THAT(kinds, ElementsAre(apb::FUND_ENTRY_KIND_ALLOCATION, apb::FUND_ENTRY_KIND_RESERVATION,
                                 apb::FUND_ENTRY_KIND_DRAW, apb::FUND_ENTRY_KIND_RECOVERY,
                                 apb::FUND_ENTRY_KIND_RECOVERY));
  EXPECT_EQ(ledger->entries(4).available_after_fen(), 900000);
}

}  // namespace
}  // namespace shouhu::testing
