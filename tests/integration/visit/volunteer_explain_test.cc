// No full scans at a realistic size for the volunteers' and the statistics' statements
// (by caseworker and by department):
// 100,000 assignments, daily reports, needs and slots (half in each of two
// procuratorates) filled directly in SQL, then EXPLAIN of every statement of
// volunteer_sql.h and stats_sql.h, the assignment list in each of its forms and the
// report list with each combination of filters.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "integration/visit/volunteer_fixture.h"
#include "support/explain_check.h"
#include "visit/stats_sql.h"
#include "visit/volunteer_sql.h"

namespace shouhu::testing {
namespace {

using namespace ::shouhu::visit::volunteer_sql;  // NOLINT: the statement constants
using namespace ::shouhu::visit::stats_sql;      // NOLINT: the statement constants

constexpr char kProc[] = "IF(seq % 2 = 0, '520382', '520330')";

class VolunteerExplainTest : public VolunteerFixture {
 protected:
  void Fill() {
    Exec(absl::StrCat(
        "INSERT INTO volunteer_assignments (id, procuratorate_code, case_id, volunteer_id,"
        " volunteer_name, subject_person_id, alias_enc, care_notes_enc, starts_on, ends_on,"
        " report_every_days, active, created_at_ms, updated_at_ms, version)"
        " SELECT CONCAT('vasg-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 3), CONCAT('u-vol-', seq % 500), '', CONCAT('per-', seq),"
        " x'00', NULL, DATE '2024-01-01' + INTERVAL seq % 400 DAY, NULL, 1, seq % 5 <> 0,"
        " seq, seq, 1 FROM seq_1_to_100000"));
    // One assignment (vasg-520382-2) with many days of reports, the rest one each.
    Exec(absl::StrCat(
        "INSERT INTO volunteer_reports (id, procuratorate_code, assignment_id, report_on,"
        " contact_kind, concern, submitted_by, body_enc, submitted_at_ms, updated_at_ms,"
        " version) SELECT CONCAT('vrep-', ",
        kProc, ", '-', seq), ", kProc, ", IF(seq % 100 = 2, 'vasg-520382-2', CONCAT('vasg-', ",
        kProc,
        ", '-', seq)), DATE '2023-01-01' + INTERVAL seq DIV 100 DAY, 2, seq % 9 = 0,"
        " 'user:u-vol-1', x'00', seq, seq, 1 FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO visit_needs (id, procuratorate_code, case_id, visit_id, report_id, kind,"
        " urgent, status, description_enc, raised_by, found_on, status_on, created_at_ms,"
        " department, version) SELECT CONCAT('need-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 3), IF(seq % 4 = 0, NULL, CONCAT('visit-', seq)),"
        " IF(seq % 4 = 0, CONCAT('vrep-', seq), NULL), 1 + seq % 10, 0, 1 + seq % 5, x'00',"
        " CONCAT('user:u-', seq % 40), DATE '2023-01-01' + INTERVAL seq % 900 DAY,"
        " DATE '2023-01-01' + INTERVAL seq % 900 DAY, seq, CONCAT('dept-', seq % 6), 1"
        " FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO visit_slots (plan_id, sequence, procuratorate_code, case_id, assigned_to,"
        " label, suggested_kind, opens_on, due_on, expires_on, state, live, department)"
        " SELECT CONCAT('vplan-', ",
        kProc, ", '-', seq DIV 10), seq % 10, ", kProc,
        ", CONCAT('case-', seq DIV 30), CONCAT('u-', seq % 40), 'x', 1,"
        " DATE '2023-01-01' + INTERVAL seq % 900 DAY - INTERVAL 7 DAY,"
        " DATE '2023-01-01' + INTERVAL seq % 900 DAY,"
        " DATE '2023-01-01' + INTERVAL seq % 900 DAY + INTERVAL 14 DAY,"
        " IF(seq % 7 = 0, 5, 0), IF(seq % 7 = 0, 0, 1), CONCAT('dept-', seq % 6)"
        " FROM seq_1_to_100000"));
  }
};

TEST_F(VolunteerExplainTest, NoFullScansAtOneHundredThousandRows) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_EQ(Rows("volunteer_assignments"), 100000);
  const std::string proc = "520382";
  const std::string asg = "vasg-520382-2";
  std::vector<NamedStatement> s = {
      {"kGetAssignment", kGetAssignment, {asg}},
      {"kGetAssignmentForUpdate", kGetAssignmentForUpdate, {asg}},
      {"kEndAssignment",
       kEndAssignment,
       {std::string("2025-03-10"), std::string("x"), int64_t{1}, asg, int64_t{1}}},
      {"kSetLastReport",
       kSetLastReport,
       {std::string("2025-03-10"), asg, std::string("2025-03-10")}},
      {"kReportOfDayForUpdate", kReportOfDayForUpdate, {asg, std::string("2023-01-05")}},
      {"kUpdateReport",
       kUpdateReport,
       {int64_t{2}, int64_t{0}, std::string("x"), int64_t{1}, std::string("vrep-520382-2"),
        int64_t{1}}},
      {"kSlotFigures",
       kSlotFigures,
       {std::string("2024-03-10"), std::string("2024-03-10"), std::string("2024-03-10"), proc,
        std::string("2024-01-01"), std::string("2024-03-31")}},
      {"kNeedFigures", kNeedFigures, {proc, std::string("2024-01-01"), std::string("2024-03-31")}},
      {"kSlotFiguresByDepartment",
       kSlotFiguresByDepartment,
       {std::string("2024-03-10"), std::string("2024-03-10"), std::string("2024-03-10"), proc,
        std::string("2024-01-01"), std::string("2024-03-31")}},
      {"kNeedFiguresByDepartment",
       kNeedFiguresByDepartment,
       {proc, std::string("2024-01-01"), std::string("2024-03-31")}},
      {"kReportFigures",
       kReportFigures,
       {proc, std::string("2024-01-01"), std::string("2024-03-31")}},
      {"kInsertAssignment+kInsertReport (inserts read nothing)", "SELECT 1", {}},
  };
  // ListAssignments / ListMyAssignments: by case, by volunteer or the procuratorate's,
  // all or active only.
  for (int where = 0; where < 3; ++where) {
    for (bool active : {false, true}) {
      std::vector<SqlFragment> f = {SQL_FRAGMENT(kAsgCols)};
      std::vector<SqlValue> params;
      if (where == 0) {
        f.push_back(SQL_FRAGMENT(kWhereAsgCase));
        params.emplace_back(std::string("case-500"));
      } else if (where == 1) {
        f.push_back(SQL_FRAGMENT(kWhereAsgVolunteer));
        params.emplace_back(proc);
        params.emplace_back(std::string("u-vol-42"));
      } else {
        f.push_back(SQL_FRAGMENT(kWhereAsgProc));
        params.emplace_back(proc);
      }
      if (active) f.push_back(SQL_FRAGMENT(kAndActive));
      f.push_back(SQL_FRAGMENT(kAsgBeforeSeq));
      f.push_back(SQL_FRAGMENT(kAsgOrder));
      params.emplace_back(int64_t{60000});
      params.emplace_back(int64_t{51});
      NamedStatement st = Compose(f, params);
      if (where == 2) {
        // The procuratorate's list reads its index in seq order: no filesort of 50,000.
        auto plan = Explain(*pool_, st);
        ASSERT_TRUE(plan.ok()) << plan.status();
        for (const PlanRow& r : *plan) {
          EXPECT_EQ(r.extra.find("filesort"), std::string::npos) << st.name << "\n"
                                                                 << DescribePlan(*plan);
        }
      }
      s.push_back(std::move(st));
    }
  }
  // ListDailyReports: concern only, from, to, page token.
  for (int mask = 0; mask < 16; ++mask) {
    std::vector<SqlFragment> f = {SQL_FRAGMENT(kReportCols), SQL_FRAGMENT(kWhereReportAsg)};
    std::vector<SqlValue> params = {asg};
    if (mask & 1) f.push_back(SQL_FRAGMENT(kAndConcern));
    if (mask & 2) {
      f.push_back(SQL_FRAGMENT(kReportFrom));
      params.emplace_back(std::string("2023-02-01"));
    }
    if (mask & 4) {
      f.push_back(SQL_FRAGMENT(kReportTo));
      params.emplace_back(std::string("2023-12-31"));
    }
    if (mask & 8) {
      f.push_back(SQL_FRAGMENT(kReportBefore));
      params.emplace_back(std::string("2023-06-01"));
    }
    f.push_back(SQL_FRAGMENT(kReportOrder));
    params.emplace_back(int64_t{51});
    s.push_back(Compose(f, params));
  }
  EXPECT_EQ(ExpectNoFullScans(*pool_, s), 0);
  const std::string dir = absl::StrCat(std::getenv("SHOUHU_SOURCE_DIR"), "/services/visit/");
  ExpectEveryConstantExplained(absl::StrCat(dir, "volunteer_sql.h"), s);
  ExpectEveryConstantExplained(absl::StrCat(dir, "stats_sql.h"), s);
}

}  // namespace
}  // namespace shouhu::testing
