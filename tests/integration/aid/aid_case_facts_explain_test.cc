// No full scans at a realistic size: 100,000 applications (three to a case), plans and
// payments (two to an application) filled directly in SQL, then EXPLAIN of the case-facts
// reads (services/aid/case_facts_sql.h), every statement of the header.
#include <string>
#include <vector>

#include "aid/case_facts_sql.h"
#include "integration/aid/aid_fixture.h"
#include "support/explain_check.h"

namespace shouhu::testing {
namespace {

using namespace ::shouhu::aid;  // NOLINT: the statement constants

constexpr char kProc[] = "IF(seq % 2 = 0, '520382', '520330')";

class AidCaseFactsExplainTest : public AidFixture {
 protected:
  void Fill() {
    Exec(absl::StrCat(
        "INSERT INTO aid_applications (id, procuratorate_code, case_id, channel, status,"
        " assigned_to, details_enc, registered_on, decision_due_on, created_at_ms,"
        " updated_at_ms, version) SELECT CONCAT('aid-', ",
        kProc, ", '-', seq), ", kProc, ", CONCAT('case-', ", kProc,
        ", '-', seq DIV 3), 1 + seq % 2, 1 + seq % 12, CONCAT('u-', seq % 40), x'00',"
        " DATE '2025-01-01' + INTERVAL seq % 300 DAY, DATE '2025-01-15' + INTERVAL seq % 300 DAY,"
        " seq, seq, 1 FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_disbursements (id, procuratorate_code, application_id, case_id, purpose,"
        " method, custody, payee_name_enc, payee_account_enc, total_fen, created_at_ms,"
        " updated_at_ms, version) SELECT CONCAT('disb-', ",
        kProc, ", '-', seq), ", kProc, ", CONCAT('aid-', IF((seq DIV 2) % 2 = 0, '520382',",
        " '520330'), '-', seq DIV 2), 'case-x', 1 + seq % 2, 1, 1, x'00', x'00', 1000, seq, seq,"
        " 1 FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_payments (id, procuratorate_code, disbursement_id, application_id,"
        " instalment_sequence, amount_fen, paid_on, voucher_number, bank_reference, status,"
        " recorded_by, emergency, fund_year, created_at_ms, updated_at_ms, version)"
        " SELECT CONCAT('pay-', ",
        kProc, ", '-', seq), ", kProc, ", CONCAT('disb-', ", kProc,
        ", '-', seq), CONCAT('aid-', IF((seq DIV 2) % 2 = 0, '520382', '520330'), '-', seq DIV 2),"
        " 1, 1000, DATE '2025-01-01' + INTERVAL (seq % 400) DAY, CONCAT('V', seq),"
        " CONCAT('BR', seq), 1 + seq % 3, 'user:u-fin', seq % 5 = 0, 2025, seq, seq, 1"
        " FROM seq_1_to_100000"));
  }
};

TEST_F(AidCaseFactsExplainTest, NoFullScansAtOneHundredThousandRows) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  const std::string case_id = "case-520382-3333";
  const int64_t limit = kCaseFactsLimit;
  std::vector<NamedStatement> s = {
      {"kCaseApplicationFacts", kCaseApplicationFacts, {case_id, limit}},
      {"kCaseDisbursementFacts", kCaseDisbursementFacts, {case_id, limit}},
      {"kCasePaymentFacts", kCasePaymentFacts, {case_id, limit}},
  };
  ExplainOptions options;
  options.max_rows = 5000;
  EXPECT_EQ(ExpectNoFullScans(*pool_, s, options), 0);
  ExpectEveryConstantExplained(SourceDir() + "/services/aid/case_facts_sql.h", s);
}

}  // namespace
}  // namespace shouhu::testing
