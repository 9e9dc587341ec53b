// No full scans at a realistic size for the escalation statements: 100,000 escalations
// (half in each of two procuratorates, addressed to 30 agencies) and their disclosures
// filled directly in SQL, then EXPLAIN of every statement of escalation_sql.h and of the
// list in each combination of filters, and of the case facts' statements (case_facts_sql.h).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "guardianship/case_facts_sql.h"
#include "guardianship/escalation_repository.h"
#include "guardianship/escalation_sql.h"
#include "integration/guardianship/guardianship_fixture.h"
#include "support/explain_check.h"

namespace shouhu::testing {
namespace {

namespace esql = ::shouhu::guardianship::escalation_sql;

constexpr char kProc[] = "IF(seq % 2 = 0, '520382', '520330')";

class EscalationExplainTest : public GuardianshipFixture {
 protected:
  void Fill() {
    Exec(absl::StrCat(
        "INSERT INTO guard_escalations (id, procuratorate_code, case_id, order_id, kind, status,"
        " basis, addressee_agency_code, department, assigned_to, drafted_by, issued_on,"
        " served_on, reply_due_on, replied_on, closed_on, outcome, document_number, doc_kind,"
        " doc_year, doc_seq, proposed_by_order_id, body_pb, created_at_ms, updated_at_ms,"
        " version) SELECT CONCAT('gesc-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 3), CONCAT('gord-', seq), 1 + seq % 7, 1 + seq % 6,"
        " 1 + seq % 3, CONCAT('agency-', seq % 30), CONCAT('部门', seq % 5),"
        " CONCAT('u-', seq % 40), 'user:u-x', DATE '2024-01-01' + INTERVAL seq % 700 DAY,"
        " DATE '2024-01-03' + INTERVAL seq % 700 DAY,"
        " DATE '2024-02-03' + INTERVAL seq % 700 DAY,"
        " IF(seq % 3 = 0, DATE '2024-01-20' + INTERVAL seq % 700 DAY, NULL), NULL, seq % 4,"
        " CONCAT('检建', seq), 10, 2024, seq, IF(seq % 5 = 0, CONCAT('gord-', seq), NULL),"
        " x'00', seq, seq, 1 FROM seq_1_to_100000"));
    Exec(
        "INSERT INTO guard_disclosures (record_id, agency_code, person_id, procuratorate_code,"
        " purpose, person_enc, disclosed_by, disclosed_by_name, disclosed_at_ms)"
        " SELECT CONCAT('gesc-520382-', seq), 'agency-1', 'per-1', '520382', 'p', x'00',"
        " 'user:u-x', 'x', seq FROM seq_1_to_100000");
    // The order's body column (sealed whole, or in parts) as the orders migration has it.
    const std::string body =
        Int("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
            " AND table_name = 'guard_orders' AND column_name = 'body_enc'") > 0
            ? "body_enc"
            : "body_pb";
    Exec(absl::StrCat(
        "INSERT INTO guard_orders (id, procuratorate_code, case_id, kind, status,"
        " minor_person_id, drafted_by, order_date, compliance_months,"
        " requested_by_escalation_id, ",
        body,
        ", created_at_ms, updated_at_ms, version)"
        " SELECT CONCAT('gord-', seq), '520382', CONCAT('case-', seq DIV 3), 1, 1, 'per-1',"
        " 'user:u-x', DATE '2024-01-01', 3, IF(seq % 9 = 0, CONCAT('gesc-520382-', seq), NULL),"
        " x'00', seq, seq, 1 FROM seq_1_to_100000"));
    Exec(
        "INSERT INTO guard_order_addressees (order_id, position, procuratorate_code, person_id,"
        " relation) SELECT CONCAT('gord-', seq), 0, '520382', CONCAT('per-', seq), '父亲'"
        " FROM seq_1_to_100000");
  }
};

TEST_F(EscalationExplainTest, NoFullScansAtOneHundredThousandRows) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  const std::string id = "gesc-520382-1000";
  std::vector<NamedStatement> s = {
      {"kGet", esql::kGet, {id}},
      {"kGetForUpdate", esql::kGetForUpdate, {id}},
      {"kSelect+kWhereProcuratorate",
       absl::StrCat(esql::kSelect, esql::kWhereProcuratorate, " LIMIT 1"),
       {std::string("520382")}},
      {"kProposedBy", esql::kProposedBy, {std::string("gord-1000")}},
      {"kUpdate",
       esql::kUpdate,
       {nullptr,    int64_t{1}, int64_t{1}, int64_t{1}, std::string("a"), nullptr,
        nullptr,    nullptr,    nullptr,    nullptr,    int64_t{0},       std::string(""),
        int64_t{0}, nullptr,    nullptr,    nullptr,    std::string("x"), nullptr,
        nullptr,    int64_t{1}, id,         int64_t{1}}},
      {"kDisclosures", esql::kDisclosures, {id}},
      {"kOrderFacts", esql::kOrderFacts, {std::string("gord-1000")}},
      {"kOrderGuardians", esql::kOrderGuardians, {std::string("gord-1000")}},
      {"kCourtOrderOf", esql::kCourtOrderOf, {id}},
      {"kInsert+kUpsertDisclosure (inserts read nothing)", "SELECT 1", {}},
  };
  for (bool agency : {false, true}) {
    for (bool with_case : {false, true}) {
      for (bool with_status : {false, true}) {
        for (bool overdue : {false, true}) {
          for (bool after : {false, true}) {
            if (agency && (with_case || with_status)) continue;  // staff filters only
            std::vector<SqlValue> params = {agency ? std::string("agency-3")
                                                   : std::string("520382")};
            if (with_case) params.emplace_back(std::string("case-333"));
            if (with_status) params.emplace_back(int64_t{6});
            if (overdue) params.emplace_back(std::string("2025-06-01"));
            if (after) params.emplace_back(int64_t{50000});
            params.emplace_back(int64_t{51});
            s.push_back(
                {absl::StrCat("EscalationListSql(kWhereAddressee, kWhereProcuratorate,"
                              " kAndVisibleToAgency, kAndCase, kAndStatus, kAndOverdue,"
                              " kAndBefore, kOrderPage, ",
                              agency, with_case, with_status, overdue, after, ")"),
                 guardianship::EscalationListSql(agency, with_case, with_status, overdue, after),
                 params});
          }
        }
      }
    }
  }
  EXPECT_EQ(ExpectNoFullScans(*pool_, s), 0);
  ExpectEveryConstantExplained(
      absl::StrCat(std::getenv("SHOUHU_SOURCE_DIR"), "/services/guardianship/escalation_sql.h"), s);

  // The case facts of the review (案件质量评查): orders and escalations of one case.
  std::vector<NamedStatement> facts = {
      {"kCaseOrderFacts", guardianship::kCaseOrderFacts, {"case-333", 1000}},
      {"kCaseEscalationFacts", guardianship::kCaseEscalationFacts, {"case-333", 1000}},
  };
  EXPECT_EQ(ExpectNoFullScans(*pool_, facts), 0);
  ExpectEveryConstantExplained(
      absl::StrCat(std::getenv("SHOUHU_SOURCE_DIR"), "/services/guardianship/case_facts_sql.h"),
      facts);
}

}  // namespace
}  // namespace shouhu::testing
