// No full scans at a realistic size for the plan statements: 100,000 plans (half in each
// of two procuratorates, 40 caseworkers) and 1,000,000 slots filled directly in SQL, then
// EXPLAIN of every statement of plan_sql.h, of the plan list in each combination of
// filters and of the due read in each of its forms. The due read must be a range scan of
// idx_vslot_due (a caseworker's live slots by due date), not a walk of their plans.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "integration/visit/visit_fixture.h"
#include "support/explain_check.h"
#include "visit/plan_sql.h"

namespace shouhu::testing {
namespace {

using namespace ::shouhu::visit::plan_sql;  // NOLINT: the statement constants

constexpr char kPlanProc[] = "IF(seq % 2 = 0, '520382', '520330')";

class VisitExplainTest : public VisitFixture {
 protected:
  void Fill() {
    Exec(absl::StrCat(
        "INSERT INTO visit_plans (id, procuratorate_code, case_id, subject_person_id,"
        " anchor_kind, anchor_ref, anchor_date, anchor_ends_on, template_id, template_version,"
        " status, assigned_to, dedupe_key, moved_from_id, body_enc, created_at_ms,"
        " updated_at_ms, version) SELECT CONCAT('vplan-', ",
        kPlanProc, ", '-', seq), ", kPlanProc,
        ", CONCAT('case-', seq DIV 2), CONCAT('per-', seq), 1 + seq % 4, CONCAT('ref-', seq),"
        " DATE '2024-01-01' + INTERVAL seq % 700 DAY, NULL, 'aid-standard', 0,"
        " IF(seq % 10 = 0, 2, 1), CONCAT('u-', seq % 40),"
        " IF(seq % 4 = 3, NULL, CONCAT('aid:ref-', seq)), NULL, x'00', seq, seq, 1"
        " FROM seq_1_to_100000"));
    // In ten statements of 100,000 slots (one statement would outlast the read timeout).
    for (int chunk = 0; chunk < 10; ++chunk) {
      const std::string n = absl::StrCat("(seq + ", chunk * 100000, ")");
      const std::string plan = absl::StrCat("((", n, " - 1) DIV 10 + 1)");
      const std::string proc = absl::StrCat("IF(", plan, " % 2 = 0, '520382', '520330')");
      const std::string due = absl::StrCat("DATE '2024-01-01' + INTERVAL (", n, " % 900) DAY");
      Exec(absl::StrCat(
          "INSERT INTO visit_slots (plan_id, sequence, procuratorate_code, case_id, assigned_to,"
          " label, suggested_kind, opens_on, due_on, expires_on, state, live)"
          " SELECT CONCAT('vplan-', ",
          proc, ", '-', ", plan, "), 1 + (", n, " - 1) % 10, ", proc, ", CONCAT('case-', ", plan,
          " DIV 2), CONCAT('u-', ", plan, " % 40), '回访', 1, ", due, " - INTERVAL 7 DAY, ", due,
          ", ", due, " + INTERVAL 14 DAY, IF(", n, " % 7 = 0, 5, 0), IF(", n,
          " % 7 = 0, 0, 1) FROM seq_1_to_100000"));
      if (HasFatalFailure()) return;
    }
  }
};

TEST_F(VisitExplainTest, NoFullScansAtOneHundredThousandPlans) {
  Fill();
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_EQ(Rows("visit_slots"), 1000000);
  const std::string id = "vplan-520382-1000";
  const std::string proc = "520382";
  std::vector<NamedStatement> s = {
      {"kGetPlan", kGetPlan, {id}},
      {"kGetPlanForUpdate", kGetPlanForUpdate, {id}},
      {"kPlanByDedupe", kPlanByDedupe, {std::string("aid:ref-1000")}},
      {"kActivePlansOfCase", kActivePlansOfCase, {std::string("case-500")}},
      {"kDeletePlan", kDeletePlan, {id}},
      {"kUpdatePlan",
       kUpdatePlan,
       {int64_t{1}, std::string("u-1"), std::string("x"), int64_t{1}, id, int64_t{1}}},
      {"kSlotsOfPlan", kSlotsOfPlan, {id}},
      {"kRelinkSlots", kRelinkSlots, {std::string("u-1"), int64_t{1}, id}},
      {"kSetPlanDepartment", kSetPlanDepartment, {std::string("第九检察部"), id}},
      {"kSetSlotsDepartment", kSetSlotsDepartment, {std::string("第九检察部"), id}},
      {"kWaiveSlot",
       kWaiveSlot,
       {std::string("x"), std::string("user:u-1"), std::string("x"), int64_t{1}, id, int64_t{3}}},
      {"kDeleteSlots", kDeleteSlots, {id}},
      {"kTemplatesOf", kTemplatesOf, {proc}},
      {"kTemplateForUpdate", kTemplateForUpdate, {proc, std::string("aid-standard")}},
      {"kUpdateTemplate",
       kUpdateTemplate,
       {int64_t{1}, int64_t{1}, std::string("x"), std::string("user:u-a"), int64_t{1}, proc,
        std::string("aid-standard"), int64_t{1}}},
      {"kClearDefaults", kClearDefaults, {proc, int64_t{1}, std::string("aid-standard")}},
      {"kGetPolicy", kGetPolicy, {proc}},
      {"kGetPolicyForUpdate", kGetPolicyForUpdate, {proc}},
      {"kUpdatePolicy",
       kUpdatePolicy,
       {int64_t{7}, int64_t{30}, int64_t{7}, int64_t{1}, proc, int64_t{1}}},
      {"kPlanFactsOfCase", kPlanFactsOfCase, {std::string("case-500"), int64_t{1000}}},
      {"kInsertPlan+kInsertSlot+kInsertTemplate+kInsertPolicy (inserts read nothing)",
       "SELECT 1",
       {}},
  };
  // ListPlans: by procuratorate (optionally a caseworker) or by case, optionally a status.
  for (bool by_case : {false, true}) {
    for (bool assigned : {false, true}) {
      for (bool status : {false, true}) {
        if (by_case && assigned) continue;  // not a combination the list makes
        std::vector<SqlFragment> f = {SQL_FRAGMENT(kPlanCols)};
        std::vector<SqlValue> params;
        if (by_case) {
          f.push_back(SQL_FRAGMENT(kWhereCase));
          params.emplace_back(std::string("case-500"));
        } else {
          f.push_back(SQL_FRAGMENT(kWhereProc));
          params.emplace_back(proc);
          if (assigned) {
            f.push_back(SQL_FRAGMENT(kAndAssigned));
            params.emplace_back(std::string("u-2"));
          }
        }
        if (status) {
          f.push_back(SQL_FRAGMENT(kAndStatus));
          params.emplace_back(int64_t{1});
        }
        f.push_back(SQL_FRAGMENT(kBeforeSeq));
        f.push_back(SQL_FRAGMENT(kOrderBySeq));
        params.emplace_back(int64_t{50000});
        params.emplace_back(int64_t{51});
        s.push_back(Compose(f, params));
      }
    }
  }
  // ListDueVisits: with or without missed slots, first page or after a token.
  for (bool missed : {false, true}) {
    for (bool after : {false, true}) {
      std::vector<SqlFragment> f = {SQL_FRAGMENT(kDueCols), SQL_FRAGMENT(kDueWhere)};
      std::vector<SqlValue> params = {proc, std::string("u-2"), std::string("2025-03-01"),
                                      std::string("2024-12-01"), std::string("2024-12-15")};
      if (!missed) {
        f.push_back(SQL_FRAGMENT(kDueNotMissed));
        params.emplace_back(std::string("2024-09-01"));
        params.emplace_back(std::string("2024-12-01"));
      }
      if (after) {
        f.push_back(SQL_FRAGMENT(kDueAfter));
        params.emplace_back(std::string("2024-11-20"));
        params.emplace_back(std::string("2024-11-20"));
        params.emplace_back(int64_t{5000});
      }
      f.push_back(SQL_FRAGMENT(kDueOrder));
      params.emplace_back(int64_t{51});
      NamedStatement due = Compose(f, params);
      // The due read is a range of idx_vslot_due in due order (no filesort of the
      // caseworker's slots), then one plan row per slot by its key.
      auto plan = Explain(*pool_, due);
      ASSERT_TRUE(plan.ok()) << plan.status();
      for (const PlanRow& r : *plan) {
        if (r.table == "s") {
          EXPECT_EQ(r.key, "idx_vslot_due") << due.name << "\n" << DescribePlan(*plan);
          EXPECT_EQ(r.extra.find("filesort"), std::string::npos) << due.name << "\n"
                                                                 << DescribePlan(*plan);
        }
        if (r.table == "p") {
          EXPECT_EQ(r.type, "eq_ref") << DescribePlan(*plan);
        }
      }
      s.push_back(std::move(due));
    }
  }
  // GetCaseFacts: the case's plans by idx_vplan_case, each plan's slots by its key.
  {
    const NamedStatement facts = {
        "kPlanFactsOfCase", kPlanFactsOfCase, {std::string("case-500"), int64_t{1000}}};
    auto plan = Explain(*pool_, facts);
    ASSERT_TRUE(plan.ok()) << plan.status();
    for (const PlanRow& r : *plan) {
      if (r.table == "p")
        EXPECT_THAT(r.key, ::testing::StartsWith("idx_vplan_case")) << DescribePlan(*plan);
      if (r.table == "s") EXPECT_EQ(r.key, "PRIMARY") << DescribePlan(*plan);
      EXPECT_LE(r.rows, 100) << DescribePlan(*plan);
    }
  }
  EXPECT_EQ(ExpectNoFullScans(*pool_, s), 0);
  ExpectEveryConstantExplained(
      absl::StrCat(std::getenv("SHOUHU_SOURCE_DIR"), "/services/visit/plan_sql.h"), s);
}

}  // namespace
}  // namespace shouhu::testing
