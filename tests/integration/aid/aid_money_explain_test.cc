// No full scans at a realistic size: 100,000 plans, payments, fund entries, statement lines,
// reconciliation issues and recoveries filled directly in SQL, then EXPLAIN of the reads and
// conditional updates of the money part (services/aid/disbursement_sql.h).
#include <string>
#include <vector>

#include "aid/disbursement_sql.h"
#include "integration/aid/money_fixture.h"
#include "support/explain_check.h"

namespace shouhu::testing {
namespace {

using namespace ::shouhu::aid;  // NOLINT: the statement constants

constexpr char kProc[] = "IF(seq % 2 = 0, '520382', '520330')";

class MoneyExplainTest : public MoneyFixture {
 protected:
  void Fill() {
    Exec(absl::StrCat(
        "INSERT INTO aid_disbursements (id, procuratorate_code, application_id, case_id, purpose,"
        " method, custody, payee_name_enc, payee_account_enc, total_fen, next_due_on,"
        " created_at_ms, updated_at_ms, version)"
        " SELECT CONCAT('disb-', ",
        kProc, ", '-', seq), ", kProc, ", CONCAT('aid-', ", kProc,
        ", '-', seq DIV 2), CONCAT('case-', seq), 1 + seq % 2, 1, 1, x'00', x'00', 1000,"
        " IF(seq % 3 = 0, NULL, DATE '2025-01-01' + INTERVAL (seq % 400) DAY), seq, seq, 1"
        " FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_instalments (disbursement_id, sequence, procuratorate_code, due_on,"
        " amount_fen) SELECT CONCAT('disb-', ",
        kProc, ", '-', seq), 1, ", kProc, ", DATE '2025-01-01', 1000 FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_payments (id, procuratorate_code, disbursement_id, application_id,"
        " instalment_sequence, amount_fen, paid_on, voucher_number, bank_reference, status,"
        " recorded_by, emergency, fund_year, created_at_ms, updated_at_ms, version)"
        " SELECT CONCAT('pay-', ",
        kProc, ", '-', seq), ", kProc, ", CONCAT('disb-', ", kProc, ", '-', seq), CONCAT('aid-', ",
        kProc,
        ", '-', seq DIV 2), 1, 1000, DATE '2025-01-01' + INTERVAL (seq % 400) DAY,"
        " CONCAT('V', seq), CONCAT('BR', seq), 1 + seq % 3, 'user:u-fin', seq % 5 = 0, 2025,"
        " seq, seq, 1 FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_fund_entries (procuratorate_code, year, pot, kind, amount_fen,"
        " application_id, actor, at_ms, available_after_fen) SELECT ",
        kProc,
        ", 2024 + seq % 2, 1 + seq % 2, 1 + seq % 6, 100, CONCAT('aid-520382-', seq DIV 2),"
        " 'user:u-fin', seq, seq FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_statement_lines (statement_id, line_number, procuratorate_code,"
        " txn_date, bank_reference, amount_fen, result) SELECT CONCAT('stm-', seq DIV 1000),"
        " seq, ",
        kProc, ", DATE '2025-01-01', CONCAT('BR', seq), 1000, 1 + seq % 5 FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_reconciliation_issues (procuratorate_code, kind, statement_id,"
        " line_number, bank_reference, open) SELECT ",
        kProc, ", 1 + seq % 4, 'stm-1', seq, CONCAT('BR', seq), seq % 2 FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_recoveries (id, procuratorate_code, application_id, kind, status,"
        " debtor_enc, reason_enc, amount_due_fen, destination, opened_on, created_at_ms,"
        " updated_at_ms, version) SELECT CONCAT('rec-', ",
        kProc, ", '-', seq), ", kProc, ", CONCAT('aid-', ", kProc,
        ", '-', seq DIV 2), 1 + seq % 3, 1 + seq % 5, x'00', x'00', 1000, 1, DATE '2025-01-01',"
        " seq, seq, 1 FROM seq_1_to_100000"));
  }
};

TEST_F(MoneyExplainTest, NoFullScansAtOneHundredThousandRows) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  const std::string proc = "520382";
  const std::string app = "aid-520382-500";
  const std::string disb = "disb-520382-1000";
  const std::string pay = "pay-520382-1000";
  const std::string rec = "rec-520382-1000";
  std::vector<NamedStatement> s = {
      {"kGetFund", kGetFund, {proc, 2025, 1}},
      {"kFundsOfYear", kFundsOfYear, {proc, 2025}},
      {"kFundEntrySums", kFundEntrySums, {proc, 2025, 1}},
      Compose({SQL_FRAGMENT(kFundEntryCols), SQL_FRAGMENT(kFundEntriesOfYear)},
              {proc, 2025, 0, 51}),
      Compose({SQL_FRAGMENT(kFundEntryCols), SQL_FRAGMENT(kFundEntriesOfPot)},
              {proc, 2025, 1, 0, 51}),
      {"kReservationYear", kReservationYear, {app, 1}},
      {"kFundReserve", kFundReserve, {10, 1, proc, 2025, 1, 10}},
      {"kFundDraw", kFundDraw, {10, 10, 1, proc, 2025, 1, 10}},
      {"kGetApplication", kGetApplication, {app}},
      {"kGetDisbursement", kGetDisbursement, {disb}},
      {"kDisbursementsOfProc", kDisbursementsOfProc, {proc, 0, 51}},
      {"kDisbursementsOfApp", kDisbursementsOfApp, {app, proc, 0, 51}},
      {"kDisbursementsDue",
       kDisbursementsDue,
       {proc, "2025-06-01", "0000-01-01", "0000-01-01", 0, 51}},
      {"kAwardProgress", kAwardProgress, {app, app}},
      {"kEmergencyPaid", kEmergencyPaid, {app}},
      {"kPlannedOfApp", kPlannedOfApp, {app, 1}},
      {"kInstalmentsOf", kInstalmentsOf, {disb}},
      {"kSetPaidState", kSetPaidState, {1000, 0, nullptr, 1, disb}},
      {"kGetPayment", kGetPayment, {pay}},
      {"kPaymentsOf", kPaymentsOf, {disb}},
      {"kPaymentsByReference", kPaymentsByReference, {proc, "BR1000"}},
      {"kPaymentsPaidBetween", kPaymentsPaidBetween, {proc, "2025-03-01", "2025-03-31"}},
      {"kWithdrawnBetween", kWithdrawnBetween, {disb, "2025-03-01", "2025-03-31"}},
      {"kReferenceOnStatement", kReferenceOnStatement, {proc, "BR1000"}},
      Compose({SQL_FRAGMENT(kIssueCols), SQL_FRAGMENT(kIssuesOfProc), SQL_FRAGMENT(kIssuesOpen),
               SQL_FRAGMENT(kIssuesBelow)},
              {proc, 1, INT64_MAX, 51}),
      Compose({SQL_FRAGMENT(kIssueCols), SQL_FRAGMENT(kIssuesOfProc), SQL_FRAGMENT(kIssuesBelow)},
              {proc, INT64_MAX, 51}),
      Compose({SQL_FRAGMENT(kIssueCols), SQL_FRAGMENT(kIssueForUpdate)}, {1000, proc}),
      {"kResolveIssue", kResolveIssue, {1, "x", "user:u", "u", 1, 1000, 1}},
      {"kGetRecovery", kGetRecovery, {rec}},
      {"kRecoveriesOfProc", kRecoveriesOfProc, {proc, 0, 51}},
      {"kRecoveriesOfStatus", kRecoveriesOfStatus, {proc, 2, 0, 51}},
      {"kRecoveriesOfApp", kRecoveriesOfApp, {app, proc, 0, 51}},
      {"kRecoveriesDue", kRecoveriesDue, {app}},
  };
  ExplainOptions options;
  options.max_rows = 5000;
  EXPECT_EQ(ExpectNoFullScans(*pool_, s, options), 0);
}

}  // namespace
}  // namespace shouhu::testing
