// No full scans at a realistic size for the visit records statements: 100,000 visits,
// needs, conflicts, amendments and batch items (half in each of two procuratorates) filled
// directly in SQL, then EXPLAIN of every statement of visit_sql.h and need_sql.h. The
// lists (visits, needs, conflicts of a case or procuratorate, amendments of a record) read
// their index in order: no filesort (the needs of one visit, at most 20, may be sorted).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "integration/visit/visit_fixture.h"
#include "support/explain_check.h"
#include "visit/need_sql.h"
#include "visit/visit_sql.h"

namespace shouhu::testing {
namespace {

using namespace ::shouhu::visit::visit_sql;  // NOLINT: the statement constants
using namespace ::shouhu::visit::need_sql;   // NOLINT: the statement constants

constexpr char kProc[] = "IF(seq % 2 = 0, '520382', '520330')";

class VisitRecordExplainTest : public VisitFixture {
 protected:
  void Fill() {
    Exec(absl::StrCat(
        "INSERT INTO visits (id, procuratorate_code, case_id, plan_id, slot_sequence, kind,"
        " visited_on, subject_person_id, recorded_by, client_id, amendments, body_enc,"
        " created_at_ms, updated_at_ms, version) SELECT CONCAT('visit-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 4), IF(seq % 3 = 0, NULL, CONCAT('vplan-', seq DIV 3)),"
        " seq % 5, 1 + seq % 5, DATE '2024-01-01' + INTERVAL seq % 700 DAY, 'per-1',"
        " CONCAT('user:u-', seq % 40), CONCAT('cap-', seq), 0, x'00', seq, seq, 1"
        " FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO visit_needs (id, procuratorate_code, case_id, visit_id, report_id, kind,"
        " urgent, status, suggestion_id, description_enc, raised_by, found_on, status_on,"
        " created_at_ms, version) SELECT CONCAT('need-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 4), IF(seq % 5 = 0, NULL, CONCAT('visit-', seq DIV 2)),"
        " IF(seq % 5 = 0, CONCAT('vrep-', seq), NULL), 1 + seq % 10, 0, 1 + seq % 5,"
        " IF(seq % 2 = 0, CONCAT('sugg-', seq), NULL), x'00', 'user:u-1',"
        " DATE '2024-01-01' + INTERVAL seq % 700 DAY, DATE '2024-01-01', seq, 1"
        " FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO visit_conflicts (id, procuratorate_code, case_id, plan_id, client_id,"
        " reason, uploaded_by, item_enc, resolved, created_at_ms, updated_at_ms, version)"
        " SELECT CONCAT('vcfl-', ",
        kProc, ", '-', seq), ", kProc,
        ", CONCAT('case-', seq DIV 4), NULL, CONCAT('cap-', seq), 1 + seq % 4,"
        " CONCAT('user:u-', seq % 40), x'00', IF(seq % 3 = 0, 0, 1), seq, seq, 1"
        " FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO visit_amendments (record_id, sequence, procuratorate_code, amended_by,"
        " changed_fields, reason_enc, before_enc, amended_at_ms) SELECT CONCAT('visit-', ",
        kProc, ", '-', seq DIV 5), 1 + seq % 5, ", kProc,
        ", 'user:u-1', 'summary', x'00', x'00', seq FROM seq_1_to_100000"));
    Exec(absl::StrCat(
        "INSERT INTO visit_batch_items (uploaded_by, client_id, procuratorate_code, outcome,"
        " record_id, conflict_id, payload_hash, created_at_ms) SELECT CONCAT('user:u-', seq %"
        " 40), CONCAT('cap-', seq), ",
        kProc, ", 1, CONCAT('visit-', seq), NULL, REPEAT('a', 64), seq FROM seq_1_to_100000"));
  }
};

TEST_F(VisitRecordExplainTest, NoFullScansAtOneHundredThousandRecords) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_EQ(Rows("visits"), 100000);
  const std::string visit = "visit-520382-1000";
  const std::string need = "need-520382-1000";
  const std::string cfl = "vcfl-520382-1000";
  const std::string the_case = "case-250";
  const std::string proc = "520382";
  const int64_t top = 1000000;
  const std::vector<NamedStatement> lists = {
      {"kVisitsOfCase", kVisitsOfCase, {the_case, top, int64_t{51}}},
      {"kNeedsOfCase", kNeedsOfCase, {the_case, top, int64_t{51}}},
      {"kNeedsOfCaseStatus", kNeedsOfCaseStatus, {the_case, int64_t{1}, top, int64_t{51}}},
      {"kConflictsOfProc", kConflictsOfProc, {proc, top, int64_t{51}}},
      {"kOpenConflictsOfProc", kOpenConflictsOfProc, {proc, top, int64_t{51}}},
      {"kConflictsOfCase", kConflictsOfCase, {the_case, top, int64_t{51}}},
      {"kOpenConflictsOfCase", kOpenConflictsOfCase, {the_case, top, int64_t{51}}},
      {"kAmendmentsOf", kAmendmentsOf, {std::string("visit-520382-100"), int64_t{0}, int64_t{51}}},
  };
  std::vector<NamedStatement> s = lists;
  // The needs of one visit, report or suggestion (at most 20): sorted in memory.
  const std::vector<NamedStatement> others = {
      {"kNeedsOfVisit", kNeedsOfVisit, {std::string("visit-520382-500")}},
      {"kNeedsOfReport", kNeedsOfReport, {std::string("vrep-520330-500")}},
      {"kNeedsOfSuggestion", kNeedsOfSuggestion, {std::string("sugg-1000")}},
      {"kGetVisit", kGetVisit, {visit}},
      {"kGetVisitForUpdate", kGetVisitForUpdate, {visit}},
      {"kUpdateVisit", kUpdateVisit, {std::string("x"), int64_t{1}, visit, int64_t{1}}},
      {"kCompleteSlot",
       kCompleteSlot,
       {visit, std::string("2025-03-10"), std::string("vplan-520382-1"), int64_t{1}}},
      {"kBumpPlan", kBumpPlan, {int64_t{1}, std::string("vplan-520382-1"), int64_t{1}}},
      {"kReportTenant", kReportTenant, {std::string("vrep-520382-1")}},
      {"kGetBatchItem", kGetBatchItem, {std::string("user:u-1"), std::string("cap-1")}},
      {"kSetBatchItemRecord",
       kSetBatchItemRecord,
       {visit, std::string("user:u-1"), std::string("cap-1")}},
      {"kGetConflict", kGetConflict, {cfl}},
      {"kGetConflictForUpdate", kGetConflictForUpdate, {cfl}},
      {"kResolveConflict",
       kResolveConflict,
       {int64_t{2}, visit, std::string("user:u-1"), int64_t{1}, cfl, int64_t{1}}},
      {"kGetNeed", kGetNeed, {need}},
      {"kGetNeedForUpdate", kGetNeedForUpdate, {need}},
      {"kSetNeedStatus",
       kSetNeedStatus,
       {int64_t{2}, std::string("sugg-1"), std::string("x"), std::string("2025-03-10"), need,
        int64_t{1}}},
      {"kLastAmendment", kLastAmendment, {std::string("visit-520382-100")}},
      {"kVisitFactsOfCase", kVisitFactsOfCase, {the_case, int64_t{1000}}},
      {"kInsertVisit+kInsertBatchItem+kInsertConflict+kInsertNeed+kInsertAmendment"
       " (inserts read nothing)",
       "SELECT 1",
       {}},
      {"kSavepoint+kRollbackToSavepoint (no table)", "SELECT 1", {}},
  };
  s.insert(s.end(), others.begin(), others.end());
  for (const NamedStatement& l : lists) {
    auto plan = Explain(*pool_, l);
    ASSERT_TRUE(plan.ok()) << plan.status();
    for (const PlanRow& r : *plan) {
      EXPECT_EQ(r.extra.find("filesort"), std::string::npos) << l.name << "\n"
                                                             << DescribePlan(*plan);
    }
  }
  // GetCaseFacts: the case's visits by their case index, each visit's needs by
  // idx_vneed_visit (a few rows each; sorted by id in memory).
  {
    const NamedStatement facts = {
        "kVisitFactsOfCase", kVisitFactsOfCase, {the_case, int64_t{1000}}};
    auto plan = Explain(*pool_, facts);
    ASSERT_TRUE(plan.ok()) << plan.status();
    for (const PlanRow& r : *plan) {
      if (r.table == "v")
        EXPECT_THAT(r.key, ::testing::StartsWith("idx_visit_case")) << DescribePlan(*plan);
      if (r.table == "n") EXPECT_EQ(r.key, "idx_vneed_visit") << DescribePlan(*plan);
      EXPECT_LE(r.rows, 100) << DescribePlan(*plan);
    }
  }
  EXPECT_EQ(ExpectNoFullScans(*pool_, s), 0);
  const std::string src = std::getenv("SHOUHU_SOURCE_DIR");
  ExpectEveryConstantExplained(src + "/services/visit/visit_sql.h", s);
  ExpectEveryConstantExplained(src + "/services/visit/need_sql.h", s);
}

}  // namespace
}  // namespace shouhu::testing
