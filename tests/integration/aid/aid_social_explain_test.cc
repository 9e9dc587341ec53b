// No full scans at a realistic size for the suggestion and statistics statements: 100,000
// applications, payments, recovery receipts and suggestions filled directly in SQL (half in
// each of two procuratorates), then EXPLAIN of every suggestion statement, the list in each
// combination of filters, and every statistics query in each grouping.
#include <algorithm>
#include <string>
#include <vector>

#include "aid/stats_ops.h"
#include "aid/suggestion_repository.h"
#include "integration/aid/aid_fixture.h"
#include "support/explain_check.h"

namespace shouhu::testing {
namespace {

constexpr char kProc[] = "IF(seq % 2 = 0, '520382', '520330')";

class AidSocialExplainTest : public AidFixture {
 protected:
  void Fill() {
    Exec(absl::StrCat(
        "INSERT INTO aid_applications (id, procuratorate_code, case_id, channel, status,"
        " assigned_to, department, details_enc, registered_on, decision_due_on, decided_on,"
        " emergency_approved_at_ms, created_at_ms, updated_at_ms, version) SELECT CONCAT('aid-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 3), 1 + seq % 2, 1 + seq % 12, CONCAT('u-', seq % 40),"
        " CONCAT('部门', seq % 5), x'00', DATE '2024-01-01' + INTERVAL seq % 700 DAY,"
        " DATE '2024-01-15' + INTERVAL seq % 700 DAY,"
        " IF(seq % 3 = 0, DATE '2024-01-20' + INTERVAL seq % 700 DAY, NULL),"
        " IF(seq % 50 = 0, 1704067200000 + seq * 600000, NULL), seq, seq, 1"
        " FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_payments (id, procuratorate_code, disbursement_id, application_id,"
        " instalment_sequence, amount_fen, paid_on, voucher_number, bank_reference, status,"
        " recorded_by, emergency, fund_year, created_at_ms, updated_at_ms, version)"
        " SELECT CONCAT('pay-', ",
        kProc, ", '-', seq), ", kProc, ", CONCAT('disb-', seq), CONCAT('aid-', ", kProc,
        ", '-', seq), 1, 1000, DATE '2024-01-01' + INTERVAL seq % 700 DAY, CONCAT('V', seq),"
        " CONCAT('BR', seq), 1 + seq % 3, 'user:u-fin', FALSE, 2025, seq, seq, 1"
        " FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_recoveries (id, procuratorate_code, application_id, kind, status,"
        " debtor_enc, reason_enc, amount_due_fen, destination, opened_on, created_at_ms,"
        " updated_at_ms, version) SELECT CONCAT('rec-', ",
        kProc, ", '-', seq), ", kProc, ", CONCAT('aid-', ", kProc,
        ", '-', seq), 1, 2, x'00', x'00', 1000, 1, DATE '2024-01-01', seq, seq, 1"
        " FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_recovery_receipts (recovery_id, sequence, procuratorate_code, amount_fen,"
        " received_on, voucher_number, recorded_by, at_ms) SELECT CONCAT('rec-', ",
        kProc, ", '-', seq), 1, ", kProc,
        ", 100, DATE '2024-01-01' + INTERVAL seq % 700 DAY, CONCAT('V', seq), 'user:u-fin', seq"
        " FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO aid_suggestions (id, procuratorate_code, case_id, application_id,"
        " source_need_id, agency_code, measure, content_enc, status, issued_on, reply_due_on,"
        " version, created_at_ms, updated_at_ms) SELECT CONCAT('sug-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 3), IF(seq % 2 = 0, CONCAT('aid-', ", kProc,
        ", '-', seq), NULL), IF(seq % 7 = 0, CONCAT('need-', seq), NULL),"
        " CONCAT('agency-', seq % 30), 1 + seq % 10, x'00', 1 + seq % 6,"
        " DATE '2024-01-01' + INTERVAL seq % 700 DAY, DATE '2024-01-08' + INTERVAL seq % 700 DAY,"
        " 1, seq, seq FROM seq_1_to_100000"));
  }

  // 1 for every "?" but the last ones, which are `tail`.
  static std::vector<SqlValue> Params(const std::string& sql, std::vector<SqlValue> tail) {
    const size_t n = static_cast<size_t>(std::count(sql.begin(), sql.end(), '?'));
    std::vector<SqlValue> out(n - std::min(n, tail.size()), SqlValue(int64_t{1}));
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
  }
};

TEST_F(AidSocialExplainTest, NoFullScansAtOneHundredThousandRows) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  const std::string proc = "520382";
  const std::string sug = "sug-520382-1000";
  std::vector<NamedStatement> s;
  for (const auto& [name, sql] : aid::SuggestionStatements()) {
    if (name == "kInsert") continue;  // an insert reads nothing
    std::vector<SqlValue> tail = {sug};
    if (name == "kUpdate") tail = {sug, int64_t{1}};  // ... WHERE id = ? AND version = ?
    if (name == "kCaseOfApplication") tail = {std::string("aid-520382-1000")};
    s.push_back({name, sql, Params(sql, tail)});
  }
  for (bool agency : {false, true}) {
    for (bool overdue : {false, true}) {
      for (bool with_case : {false, true}) {
        for (bool with_status : {false, true}) {
          const std::string sql = aid::SuggestionListSql(agency, overdue, with_case, with_status);
          std::vector<SqlValue> params = {agency ? std::string("agency-3") : proc};
          if (overdue) params.push_back(std::string("2025-06-01"));
          if (with_case) params.push_back(std::string("case-333"));
          if (with_status) params.push_back(int64_t{2});
          params.push_back(int64_t{INT64_MAX});
          params.push_back(int64_t{51});
          s.push_back(
              {absl::StrCat("SuggestionListSql(", agency, overdue, with_case, with_status, ")"),
               sql, params});
        }
      }
    }
  }
  for (aid::pb::StatsGroupBy g :
       {aid::pb::STATS_GROUP_BY_UNSPECIFIED, aid::pb::STATS_GROUP_BY_MONTH,
        aid::pb::STATS_GROUP_BY_DEPARTMENT, aid::pb::STATS_GROUP_BY_CASEWORKER,
        aid::pb::STATS_GROUP_BY_CHANNEL}) {
    for (const auto& [name, sql] : aid::StatsStatements(g)) {
      // A month: the emergency query takes milliseconds, the others dates.
      std::vector<SqlValue> params;
      params.emplace_back(proc);
      if (name == "kEmergency") {
        params.emplace_back(int64_t{1740758400000});
        params.emplace_back(int64_t{1743436799999});
      } else {
        params.emplace_back(std::string("2025-03-01"));
        params.emplace_back(std::string("2025-03-31"));
      }
      s.push_back({absl::StrCat(name, "/", aid::pb::StatsGroupBy_Name(g)), sql, params});
    }
  }
  EXPECT_EQ(ExpectNoFullScans(*pool_, s), 0);
}

}  // namespace
}  // namespace shouhu::testing
