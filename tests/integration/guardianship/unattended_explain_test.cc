// No full scans at a realistic size for the 事实无人抚养 check statements: 100,000 checks
// (half in each of two procuratorates, handed off to 20 民政 agencies, in every status)
// filled directly in SQL, then EXPLAIN of every statement of unattended_sql.h and of the
// list in each combination of filters the repository assembles.
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "guardianship/unattended_repository.h"
#include "guardianship/unattended_sql.h"
#include "integration/guardianship/guardianship_fixture.h"
#include "support/explain_check.h"

namespace shouhu::testing {
namespace {

namespace usql = ::shouhu::guardianship::unattended_sql;

constexpr char kProc[] = "IF(seq % 2 = 0, '520382', '520330')";

class UnattendedExplainTest : public GuardianshipFixture {
 protected:
  void Fill() {
    Exec(absl::StrCat(
        "INSERT INTO guard_unattended_checks (id, procuratorate_code, case_id, order_id,"
        " minor_person_id, assigned_to, status, criteria_met, matched_rule, parents_enc,"
        " civil_affairs_agency_code, handed_on, township_due_on, county_due_on,"
        " assessed_on, assessed_by, created_at_ms, updated_at_ms, version)"
        " SELECT CONCAT('guc-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 2), IF(seq % 4 = 0, CONCAT('gord-', seq), NULL),"
        " CONCAT('per-', seq), CONCAT('u-', seq % 40), 1 + seq % 4, seq % 2, seq % 5, x'00',"
        " IF(seq % 4 = 0, '', CONCAT('minzheng-', seq % 20)),"
        " DATE '2024-01-01' + INTERVAL seq % 700 DAY,"
        " DATE '2024-01-16' + INTERVAL seq % 700 DAY,"
        " DATE '2024-02-01' + INTERVAL seq % 700 DAY,"
        " DATE '2024-01-01' + INTERVAL seq % 700 DAY, 'user:u-x', seq, seq, 1"
        " FROM seq_1_to_100000"));
  }
};

TEST_F(UnattendedExplainTest, NoFullScansAtOneHundredThousandRows) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_EQ(Int("SELECT COUNT(*) FROM guard_unattended_checks"), 100000);
  const std::string id = "guc-520382-1000";
  std::vector<NamedStatement> s = {
      {"kGet", usql::kGet, {id}},
      {"kGetForUpdate", usql::kGetForUpdate, {id}},
      {"kSelect+kWhereProcuratorate",
       absl::StrCat(usql::kSelect, usql::kWhereProcuratorate, " LIMIT 1"),
       {std::string("520382")}},
      {"kUpdate",
       usql::kUpdate,
       {nullptr, int64_t{2}, int64_t{1}, int64_t{1}, std::string("x"), std::string("minzheng-1"),
        std::string("2025-01-01"), std::string("2025-01-16"), int64_t{0}, nullptr,
        std::string("2025-02-01"), int64_t{0}, nullptr, nullptr, std::string("2025-01-01"),
        std::string("user:u-x"), int64_t{1}, id, int64_t{1}}},
      {"kInsert (inserts read nothing)", "SELECT 1", {}},
  };
  for (bool agency : {false, true}) {
    for (bool with_case : {false, true}) {
      for (bool with_status : {false, true}) {
        for (bool overdue : {false, true}) {
          for (bool after : {false, true}) {
            if (agency && (with_case || with_status || overdue)) continue;  // staff filters
            std::vector<SqlValue> params = {agency ? std::string("minzheng-3")
                                                   : std::string("520382")};
            if (with_case) params.emplace_back(std::string("case-333"));
            if (with_status) params.emplace_back(int64_t{2});
            if (overdue) {
              params.emplace_back(std::string("2025-06-01"));
              params.emplace_back(std::string("2025-06-01"));
            }
            if (after) params.emplace_back(int64_t{50000});
            params.emplace_back(int64_t{51});
            s.push_back(
                {absl::StrCat("UnattendedListSql(kWhereAgency, kWhereProcuratorate,"
                              " kAndCase, kAndStatus, kAndOverdue, kAndBefore,"
                              " kOrderPage, ",
                              agency, with_case, with_status, overdue, after, ")"),
                 guardianship::UnattendedListSql(agency, with_case, with_status, overdue, after),
                 params});
          }
        }
      }
    }
  }
  EXPECT_EQ(ExpectNoFullScans(*pool_, s), 0);
  ExpectEveryConstantExplained(
      absl::StrCat(std::getenv("SHOUHU_SOURCE_DIR"), "/services/guardianship/unattended_sql.h"), s);
}

}  // namespace
}  // namespace shouhu::testing
