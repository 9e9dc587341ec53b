// GetOrderStatistics on a real MariaDB: orders and escalations written directly in SQL,
// grouped by each dimension over whole periods; analysts see counts under 5 suppressed,
// department heads every figure; other roles are refused; EXPLAIN of every statistics
// statement at 100,000 orders and escalations.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "guardianship/stats_ops.h"
#include "guardianship/stats_sql.h"
#include "integration/guardianship/guardianship_fixture.h"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"
#include "support/explain_check.h"

namespace shouhu::guardianship {
namespace {

class StatsTest : public ::shouhu::testing::GuardianshipFixture {
 protected:
  void SetUp() override {
    GuardianshipFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    core_ = std::make_unique<StatsCore>(deps_);
    table_ = std::make_unique<MethodTable>(MethodTable::For<pb::GuardianshipOrderService>());
    BindOrderStatistics(*table_, core_.get());
  }
  // `n` orders of `kind` in `status` served on `served` (evaluated 10 days after the end of
  // compliance when complied or not), in department `dept`.
  void Orders(int n, int kind, int status, const std::string& served, const std::string& dept,
              const std::string& proc = "520382") {
    Exec(absl::StrCat(
        "INSERT INTO guard_orders (id, procuratorate_code, case_id, kind, status,"
        " minor_person_id, department, drafted_by, main_failing, order_date, compliance_months,"
        " served_on, compliance_ends_on, evaluated_on, body_enc, created_at_ms, updated_at_ms,"
        " version) SELECT CONCAT('gord-",
        proc, "-', '", next_++, "-', seq), '", proc, "', 'case-1', ", kind, ", ", status,
        ", 'per-1', '", dept,
        "', 'user:u-x', 1 + seq % 2,"
        " DATE '",
        served, "', 3, DATE '", served, "', DATE '", served, "' + INTERVAL 3 MONTH, IF(", status,
        " IN (5, 6), DATE '", served,
        "' + INTERVAL 3 MONTH + INTERVAL 10 DAY, NULL), x'00', 1, 1, 1 FROM seq_1_to_", n));
  }
  absl::StatusOr<pb::GetOrderStatisticsResponse> Stats(
      const Principal& p, pb::StatisticsDimension dim,
      pb::PeriodKind period = pb::PERIOD_KIND_MONTH, int index = 3) {
    pb::GetOrderStatisticsRequest r;
    r.set_period(period);
    r.set_year(2025);
    r.set_index(index);
    r.set_dimension(dim);
    return Call<pb::GetOrderStatisticsResponse>(*table_, p, "GetOrderStatistics", r);
  }

  int next_ = 1;
  std::unique_ptr<StatsCore> core_;
  std::unique_ptr<MethodTable> table_;
};

TEST_F(StatsTest, ByKindOutcomeAndDepartmentWithSuppressionForAnalysts) {
  Orders(12, 1, 5, "2025-03-05", "未检部");           // supervision, complied
  Orders(6, 1, 6, "2025-03-20", "未检部");            // supervision, not complied
  Orders(3, 2, 4, "2025-03-31", "刑检部");            // guidance directives under supervision
  Orders(9, 2, 5, "2025-04-01", "未检部");            // next month: not counted in March
  Orders(7, 1, 5, "2025-03-10", "未检部", "520330");  // another procuratorate

  auto head = Stats(head_, pb::STATISTICS_DIMENSION_KIND);
  ASSERT_TRUE(head.ok()) << head.status();
  ASSERT_EQ(head->rows_size(), 2);
  EXPECT_EQ(head->rows(0).kind(), pb::ORDER_KIND_SUPERVISION);
  EXPECT_EQ(head->rows(0).served(), 18);
  EXPECT_EQ(head->rows(0).complied(), 12);
  EXPECT_EQ(head->rows(0).not_complied(), 6);
  EXPECT_EQ(head->rows(0).evaluated(), 18);
  EXPECT_EQ(head->rows(0).evaluated_late(), 18);
  EXPECT_EQ(head->rows(0).mean_days_to_evaluation(), 10);
  EXPECT_EQ(head->rows(1).served(), 3);
  EXPECT_EQ(head->rows(1).under_supervision(), 3);

  // The analyst: the row of 3 is suppressed, and with it the only other row.
  auto analyst = Stats(analyst_, pb::STATISTICS_DIMENSION_KIND);
  ASSERT_TRUE(analyst.ok()) << analyst.status();
  ASSERT_EQ(analyst->rows_size(), 2);
  EXPECT_TRUE(analyst->rows(1).suppressed());
  EXPECT_EQ(analyst->rows(1).served(), 0);
  EXPECT_TRUE(analyst->rows(0).suppressed());

  auto outcome = Stats(head_, pb::STATISTICS_DIMENSION_OUTCOME, pb::PERIOD_KIND_QUARTER, 1);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->rows_size(), 3);
  EXPECT_EQ(outcome->rows(0).outcome(), pb::ORDER_STATUS_UNDER_SUPERVISION);
  auto dept = Stats(head_, pb::STATISTICS_DIMENSION_DEPARTMENT, pb::PERIOD_KIND_YEAR, 0);
  ASSERT_TRUE(dept.ok());
  ASSERT_EQ(dept->rows_size(), 2);
  int64_t total = 0;
  for (const auto& r : dept->rows()) total += r.served();
  EXPECT_EQ(total, 30);  // every order of the year once
  auto failing = Stats(head_, pb::STATISTICS_DIMENSION_MAIN_FAILING);
  ASSERT_TRUE(failing.ok());
  EXPECT_EQ(failing->rows_size(), 2);
}

TEST_F(StatsTest, EscalationReplyTimeliness) {
  Exec(
      "INSERT INTO guard_escalations (id, procuratorate_code, case_id, kind, status,"
      " drafted_by, issued_on, reply_due_on, replied_on, body_pb, created_at_ms, updated_at_ms,"
      " version) SELECT CONCAT('gesc-520382-', seq), '520382', 'case-1', 4,"
      " IF(seq <= 10, 2, 6), 'user:u-x', DATE '2025-01-10', DATE '2025-02-10',"
      " IF(seq <= 6, DATE '2025-02-01', IF(seq <= 10, DATE '2025-02-20', NULL)), x'00', 1, 1, 1"
      " FROM seq_1_to_16");
  auto r = Stats(head_, pb::STATISTICS_DIMENSION_ESCALATION_KIND, pb::PERIOD_KIND_QUARTER, 1);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows_size(), 1);
  EXPECT_EQ(r->rows(0).escalation_kind(), pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
  EXPECT_EQ(r->rows(0).escalations(), 16);
  EXPECT_EQ(r->rows(0).replies_on_time(), 6);
  EXPECT_EQ(r->rows(0).replies_late(), 4);
  EXPECT_EQ(r->rows(0).replies_overdue(), 6);  // today is 10 March 2025
  auto analyst =
      Stats(analyst_, pb::STATISTICS_DIMENSION_ESCALATION_KIND, pb::PERIOD_KIND_QUARTER, 1);
  ASSERT_TRUE(analyst.ok());
  EXPECT_TRUE(analyst->rows(0).suppressed());  // 4 late replies
}

TEST_F(StatsTest, BadPeriodsAndRoles) {
  EXPECT_TRUE(HasField(
      Stats(head_, pb::STATISTICS_DIMENSION_KIND, pb::PERIOD_KIND_MONTH, 13).status(), "index"));
  EXPECT_TRUE(HasField(Stats(head_, pb::STATISTICS_DIMENSION_UNSPECIFIED).status(), "dimension"));
  EXPECT_EQ(Stats(zhang_, pb::STATISTICS_DIMENSION_KIND).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Stats(minzheng_, pb::STATISTICS_DIMENSION_KIND).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(StatsTest, NoFullScansAtOneHundredThousandRows) {
  Orders(50000, 1, 5, "2024-06-01", "未检部");
  Orders(50000, 2, 4, "2024-09-01", "刑检部", "520330");
  Exec(
      "INSERT INTO guard_escalations (id, procuratorate_code, case_id, kind, status,"
      " drafted_by, issued_on, reply_due_on, body_pb, created_at_ms, updated_at_ms, version)"
      " SELECT CONCAT('gesc-', IF(seq % 2 = 0, '520382', '520330'), '-', seq),"
      " IF(seq % 2 = 0, '520382', '520330'), 'case-1', 1 + seq % 7, 1 + seq % 6, 'user:u-x',"
      " DATE '2024-01-01' + INTERVAL seq % 700 DAY, DATE '2024-02-01' + INTERVAL seq % 700 DAY,"
      " x'00', 1, 1, 1 FROM seq_1_to_100000");
  using ::shouhu::testing::NamedStatement;
  const std::string proc = "520382";
  std::vector<NamedStatement> s;
  for (const auto& [name, sql] : std::vector<std::pair<std::string, std::string>>{
           {"kOrdersByKind", stats_sql::kOrdersByKind},
           {"kOrdersByMainFailing", stats_sql::kOrdersByMainFailing},
           {"kOrdersByOutcome", stats_sql::kOrdersByOutcome},
           {"kOrdersByDepartment", stats_sql::kOrdersByDepartment}}) {
    s.push_back({name, sql, {proc, std::string("2025-03-01"), std::string("2025-03-31")}});
  }
  s.push_back(
      {"kEscalationsByKind",
       stats_sql::kEscalationsByKind,
       {std::string("2025-03-10"), proc, std::string("2025-03-01"), std::string("2025-03-31")}});
  EXPECT_EQ(::shouhu::testing::ExpectNoFullScans(*pool_, s), 0);
  ::shouhu::testing::ExpectEveryConstantExplained(
      absl::StrCat(std::getenv("SHOUHU_SOURCE_DIR"), "/services/guardianship/stats_sql.h"), s);
}

}  // namespace
}  // namespace shouhu::guardianship
