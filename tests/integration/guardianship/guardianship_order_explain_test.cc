// No full scans at a realistic size: 100,000 orders, agency rows, guidance sessions and
// compliance checks filled directly in SQL, then EXPLAIN of every statement of
// services/guardianship/order_sql.h, the order list in each of its filter combinations as
// the repository assembles it (evaluation overdue per procuratorate and per caseworker).
#include <string>
#include <vector>

#include "guardianship/order_sql.h"
#include "integration/guardianship/guardianship_fixture.h"
#include "support/explain_check.h"

namespace shouhu::testing {
namespace {

using namespace ::shouhu::guardianship::order_sql;  // NOLINT: the statement constants

constexpr char kProc[] = "IF(seq % 2 = 0, '520382', '520330')";

class GuardianshipOrderExplainTest : public GuardianshipFixture {
 protected:
  void Fill() {
    Exec(absl::StrCat(
        "INSERT INTO guard_orders (id, procuratorate_code, case_id, kind, status,"
        " minor_person_id, assigned_to, department, drafted_by, main_failing, order_date,"
        " compliance_months, served_on, compliance_ends_on, document_number, body_enc,"
        " created_at_ms, updated_at_ms, version) SELECT CONCAT('gord-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 3), 1 + seq % 3, 1 + seq % 8, CONCAT('per-', seq),"
        " CONCAT('u-', seq % 40), '', 'user:u-1', 1 + seq % 9,"
        " DATE '2024-01-01' + INTERVAL seq % 500 DAY, 3,"
        " DATE '2024-01-10' + INTERVAL seq % 500 DAY, DATE '2024-04-10' + INTERVAL seq % 500 DAY,"
        " '', x'00', seq, seq, 1 FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO guard_order_agencies (agency_code, order_id, arrangement_index,"
        " procuratorate_code, order_seq) SELECT CONCAT('ag-', seq % 200), CONCAT('gord-', ",
        kProc, ", '-', seq), 0, ", kProc, ", seq FROM seq_1_to_100000"));
    Exec(
        "INSERT INTO guard_sessions (id, procuratorate_code, order_id, arrangement_index,"
        " agency_code, held_on, attended, minutes, recorded_by, recorded_by_name, created_at_ms)"
        " SELECT CONCAT('gses-520382-', seq), '520382', CONCAT('gord-520382-', seq DIV 4 * 2),"
        " 0, CONCAT('ag-', seq % 200), DATE '2025-01-01', 1, 60, 'user:u-1', 'u-1', seq"
        " FROM seq_1_to_100000");
    Exec(
        "INSERT INTO guard_checks (id, procuratorate_code, order_id, checked_on, method,"
        " source_agency_code, recorded_by, recorded_by_name, created_at_ms)"
        " SELECT CONCAT('gchk-520382-', seq), '520382', CONCAT('gord-520382-', seq DIV 4 * 2),"
        " DATE '2025-01-01', 1, IF(seq % 2 = 0, CONCAT('ag-', seq % 200), ''), 'user:u-1', 'u-1',"
        " seq FROM seq_1_to_100000");
  }
};

TEST_F(GuardianshipOrderExplainTest, NoFullScansAtOneHundredThousandRows) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  const std::string proc = "520382";
  const std::string id = "gord-520382-1000";
  const std::string today = "2025-06-01";
  const std::vector<SqlValue> insert_order(22, SqlValue(std::string("1")));
  std::vector<SqlValue> update_order(15, SqlValue(std::string("1")));
  update_order.push_back(id);
  update_order.push_back(int64_t{1});
  std::vector<NamedStatement> s = {
      {"kInsertOrder", kInsertOrder, insert_order},
      {"kUpdateOrder", kUpdateOrder, update_order},
      {"kSetDocNumber", kSetDocNumber, {1, 2025, 7, id}},
      {"kGetOrder", kGetOrder, {id}},
      {"kGetOrderForUpdate", kGetOrderForUpdate, {id}},
      Compose({SQL_FRAGMENT(kOrderCols), SQL_FRAGMENT(kWhereProc), SQL_FRAGMENT(kBeforeSeq),
               SQL_FRAGMENT(kOrderBySeq)},
              {proc, int64_t{9000000}, 51}),
      Compose({SQL_FRAGMENT(kOrderCols), SQL_FRAGMENT(kWhereProc), SQL_FRAGMENT(kAndCase),
               SQL_FRAGMENT(kBeforeSeq), SQL_FRAGMENT(kOrderBySeq)},
              {proc, "case-333", int64_t{9000000}, 51}),
      Compose({SQL_FRAGMENT(kOrderCols), SQL_FRAGMENT(kWhereProc), SQL_FRAGMENT(kAndKind),
               SQL_FRAGMENT(kBeforeSeq), SQL_FRAGMENT(kOrderBySeq)},
              {proc, 2, int64_t{9000000}, 51}),
      Compose({SQL_FRAGMENT(kOrderCols), SQL_FRAGMENT(kWhereProc), SQL_FRAGMENT(kAndStatus),
               SQL_FRAGMENT(kBeforeSeq), SQL_FRAGMENT(kOrderBySeq)},
              {proc, 4, int64_t{9000000}, 51}),
      Compose({SQL_FRAGMENT(kOrderCols), SQL_FRAGMENT(kWhereProc), SQL_FRAGMENT(kAndAssigned),
               SQL_FRAGMENT(kBeforeSeq), SQL_FRAGMENT(kOrderBySeq)},
              {proc, "u-7", int64_t{9000000}, 51}),
      Compose(
          {SQL_FRAGMENT(kOrderCols), SQL_FRAGMENT(kWhereProc), SQL_FRAGMENT(kAndEvaluationOverdue),
           SQL_FRAGMENT(kBeforeSeq), SQL_FRAGMENT(kOrderBySeq)},
          {proc, today, int64_t{9000000}, 51}),
      Compose({SQL_FRAGMENT(kOrderCols), SQL_FRAGMENT(kWhereProc), SQL_FRAGMENT(kAndAssigned),
               SQL_FRAGMENT(kAndEvaluationOverdue), SQL_FRAGMENT(kBeforeSeq),
               SQL_FRAGMENT(kOrderBySeq)},
              {proc, "u-7", today, int64_t{9000000}, 51}),
      Compose({SQL_FRAGMENT(kOrderCols), SQL_FRAGMENT(kWhereProc), SQL_FRAGMENT(kAndCase),
               SQL_FRAGMENT(kAndKind), SQL_FRAGMENT(kAndAssigned), SQL_FRAGMENT(kAndStatus),
               SQL_FRAGMENT(kBeforeSeq), SQL_FRAGMENT(kOrderBySeq)},
              {proc, "case-333", 1, "u-7", 4, int64_t{9000000}, 51}),
      {"kDeleteAgencies", kDeleteAgencies, {id}},
      {"kInsertAgency", kInsertAgency, {"ag-1", 0, id}},
      {"kListAgencyOrders", kListAgencyOrders, {"ag-7", int64_t{9000000}, 51}},
      {"kInsertSession",
       kInsertSession,
       {"gses-520382-x", proc, id, 0, "ag-1", "2025-01-01", 1, 60, nullptr, "user:u-1", "u-1", 1}},
      Compose({SQL_FRAGMENT(kSessionCols), SQL_FRAGMENT(kWhereSessionOrder),
               SQL_FRAGMENT(kBeforeSeq), SQL_FRAGMENT(kOrderBySeq)},
              {"gord-520382-1000", int64_t{9000000}, 51}),
      Compose({SQL_FRAGMENT(kSessionCols), SQL_FRAGMENT(kWhereSessionOrder),
               SQL_FRAGMENT(kAndAgency), SQL_FRAGMENT(kBeforeSeq), SQL_FRAGMENT(kOrderBySeq)},
              {"gord-520382-1000", "ag-1", int64_t{9000000}, 51}),
      {"kInsertCheck",
       kInsertCheck,
       {"gchk-520382-x", proc, id, "2025-01-01", 1, "", "", nullptr, "", 0, "user:u-1", "u-1", 1}},
      Compose({SQL_FRAGMENT(kCheckCols), SQL_FRAGMENT(kWhereCheckOrder), SQL_FRAGMENT(kBeforeSeq),
               SQL_FRAGMENT(kOrderBySeq)},
              {"gord-520382-1000", int64_t{9000000}, 51}),
      Compose({SQL_FRAGMENT(kCheckCols), SQL_FRAGMENT(kWhereCheckOrder),
               SQL_FRAGMENT(kAndSourceAgency), SQL_FRAGMENT(kBeforeSeq), SQL_FRAGMENT(kOrderBySeq)},
              {"gord-520382-1000", "ag-1", int64_t{9000000}, 51}),
      {"kCheckSummary", kCheckSummary, {"gord-520382-1000"}},
      {"kEscalationKind", kEscalationKind, {"gesc-520382-1"}},
      {"kOpenOrdersOfCase", kOpenOrdersOfCase, {"case-333"}},
      {"kDeleteOrder", kDeleteOrder, {id}},
      {"kSetMovedFrom", kSetMovedFrom, {"gord-520382-1", id}},
      {"kMoveSessions", kMoveSessions, {id, proc, "gord-520382-1000"}},
      {"kMoveChecks", kMoveChecks, {id, proc, "gord-520382-1000"}},
  };
  ExplainOptions options;
  options.max_rows = 5000;
  EXPECT_EQ(ExpectNoFullScans(*pool_, s, options), 0);
  ExpectEveryConstantExplained(SourceDir() + "/services/guardianship/order_sql.h", s);
}

}  // namespace
}  // namespace shouhu::testing
