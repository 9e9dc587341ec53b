// Visit statistics on a real MariaDB with known data (slots, needs and daily reports
// written directly; today 10 March 2025): each figure per period and per caseworker,
// small counts suppressed for analysts (with the complement) but not for a department
// head, other procuratorates' records never counted, the deprecated range, and refusals.
#include "visit/visit_stats.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "integration/visit/volunteer_fixture.h"
#include "visit/access_policy.h"

namespace shouhu::testing {
namespace {

class VisitStatsTest : public VolunteerFixture {
 protected:
  void SetUp() override {
    VolunteerFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Fill();
  }

  void Slot(const std::string& proc, const std::string& assignee, const std::string& due,
            const std::string& expires, int state, int live, const std::string& visited = "") {
    ++slot_;
    Exec(absl::StrCat(
        "INSERT INTO visit_slots (plan_id, sequence, procuratorate_code, case_id, assigned_to,"
        " label, suggested_kind, opens_on, due_on, expires_on, state, live, visit_id,"
        " visited_on) VALUES ('vplan-",
        proc, "-", slot_, "', 1, '", proc, "', 'case-", proc, "-1', '", assignee, "', 'x', 1, '",
        due, "' - INTERVAL 7 DAY, '", due, "', '", expires, "', ", state, ", ", live, ", ",
        visited.empty() ? "NULL, NULL" : absl::StrCat("'visit-", slot_, "', '", visited, "'"),
        ")"));
  }
  void NeedRow(const std::string& raised_by, bool from_report, int kind,
               const std::string& found_on, const std::string& proc = "520382") {
    ++need_;
    Exec(absl::StrCat(
        "INSERT INTO visit_needs (id, procuratorate_code, case_id, visit_id, report_id, kind,"
        " urgent, status, description_enc, raised_by, found_on, status_on, created_at_ms,"
        " version) VALUES ('need-",
        proc, "-", need_, "', '", proc, "', 'case-1', ",
        from_report ? "NULL, 'vrep-1'" : "'visit-1', NULL", ", ", kind, ", 0, 1, x'00', '",
        raised_by, "', '", found_on, "', '", found_on, "', 1, 1)"));
  }
  void ReportRow(const std::string& on, const std::string& proc = "520382") {
    ++report_;
    Exec(absl::StrCat(
        "INSERT INTO volunteer_reports (id, procuratorate_code, assignment_id, report_on,"
        " contact_kind, concern, submitted_by, body_enc, submitted_at_ms, updated_at_ms,"
        " version) VALUES ('vrep-",
        proc, "-", report_, "', '", proc, "', 'vasg-", proc, "-", report_, "', '", on,
        "', 2, 0, 'user:u-vol', x'00', 1, 1, 1)"));
  }

  void Fill() {
    for (int i = 0; i < 5; ++i)
      Slot("520382", "u-zhang", "2025-03-05", "2025-03-20", 5, 0,
           "2025-03-04");  // on time
    for (int i = 0; i < 5; ++i)
      Slot("520382", "u-zhang", "2025-03-03", "2025-03-20", 5, 0,
           "2025-03-06");  // late
    for (int i = 0; i < 5; ++i) Slot("520382", "u-zhang", "2025-03-08", "2025-03-20", 0, 1);
    for (int i = 0; i < 5; ++i) Slot("520382", "u-zhang", "2025-03-01", "2025-03-05", 0, 1);
    for (int i = 0; i < 6; ++i) Slot("520382", "u-zhang", "2025-03-25", "2025-04-05", 0, 1);
    Slot("520382", "u-zhang", "2025-03-02", "2025-03-09", 0, 0);  // cancelled plan: not due
    Slot("520382", "u-zhang", "2025-03-02", "2025-03-09", 6, 0);  // waived
    for (int i = 0; i < 2; ++i)
      Slot("520382", "u-wang", "2025-03-04", "2025-03-20", 5, 0, "2025-03-04");
    Slot("520382", "u-zhang", "2025-02-10", "2025-02-20", 5, 0, "2025-02-10");
    Slot("520330", "u-xs-li", "2025-03-05", "2025-03-20", 0, 1);  // Xishui
    Slot("520382", "u-zhang", "2025-04-05", "2025-04-20", 0, 1);  // April
    for (int i = 0; i < 5; ++i) NeedRow("user:u-zhang", false, 1, "2025-03-06");
    NeedRow("user:u-vol", true, 6, "2025-03-07");
    NeedRow("user:u-xs-li", false, 1, "2025-03-07", "520330");
    for (int d = 1; d <= 6; ++d) ReportRow(absl::StrCat("2025-03-0", d));
    ReportRow("2025-03-01", "520330");
  }

  vpb::GetVisitStatisticsRequest Month(int first, int count) {
    vpb::GetVisitStatisticsRequest req;
    req.set_period(vpb::STATISTICS_PERIOD_MONTH);
    req.set_year(2025);
    req.set_first_period(first);
    req.set_period_count(count);
    return req;
  }

  vpb::GetVisitStatisticsResponse Stats(const Principal& p,
                                        const vpb::GetVisitStatisticsRequest& req) {
    auto r = visit::VisitStatistics(vdeps_, p, req);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : vpb::GetVisitStatisticsResponse();
  }

  int slot_ = 0, need_ = 0, report_ = 0;
};

TEST_F(VisitStatsTest, EachFigureOfAPeriodForAHead) {
  const auto res = Stats(head_, Month(2, 2));
  ASSERT_EQ(res.rows_size(), 2);
  EXPECT_EQ(res.rows(0).period(), "2025-02");
  EXPECT_EQ(res.rows(0).group_key(), "2025-02");
  EXPECT_EQ(res.rows(0).slots_due(), 1);  // small, but a head sees it
  EXPECT_FALSE(res.rows(0).suppressed());
  const vpb::VisitStatisticsRow& m = res.rows(1);
  EXPECT_EQ(m.period(), "2025-03");
  EXPECT_EQ(m.slots_due(), 29);  // 26 of u-zhang, 1 waived, 2 of u-wang; not the cancelled
  EXPECT_EQ(m.done_on_time(), 7);
  EXPECT_EQ(m.done_late(), 5);
  EXPECT_EQ(m.overdue(), 5);
  EXPECT_EQ(m.missed(), 5);
  EXPECT_EQ(m.waived(), 1);
  EXPECT_EQ(m.needs_found(), 6);
  EXPECT_EQ(m.volunteer_reports(), 6);
  ASSERT_EQ(m.needs_size(), 2);
  EXPECT_EQ(m.needs(0).kind(), ::shouhu::aid::v1::MEASURE_KIND_COUNSELLING);
  EXPECT_EQ(m.needs(0).status(), vpb::NEED_STATUS_OPEN);
  EXPECT_EQ(m.needs(0).count(), 5);
  EXPECT_EQ(m.needs(1).kind(), ::shouhu::aid::v1::MEASURE_KIND_MEDICAL);
  EXPECT_EQ(m.needs(1).count(), 1);
  // A quarter is the sum of its months.
  vpb::GetVisitStatisticsRequest q;
  q.set_period(vpb::STATISTICS_PERIOD_QUARTER);
  q.set_year(2025);
  q.set_first_period(1);
  const auto quarter = Stats(chief_, q);
  ASSERT_EQ(quarter.rows_size(), 1);
  EXPECT_EQ(quarter.rows(0).period(), "2025-Q1");
  EXPECT_EQ(quarter.rows(0).slots_due(), 30);
  EXPECT_EQ(quarter.rows(0).done_on_time(), 8);
}

TEST_F(VisitStatsTest, AnalystsGetSmallCountsSuppressed) {
  const auto res = Stats(analyst_, Month(2, 2));
  ASSERT_EQ(res.rows_size(), 2);
  EXPECT_TRUE(res.rows(0).suppressed());  // February: 1 slot
  EXPECT_EQ(res.rows(0).slots_due(), 0);
  EXPECT_TRUE(res.rows(1).suppressed());  // March: waived 1, a need count of 1
  EXPECT_EQ(res.rows(1).slots_due(), 0);
  EXPECT_EQ(res.rows(1).needs_size(), 0);
}

TEST_F(VisitStatsTest, ByCaseworkerWithTheComplement) {
  vpb::GetVisitStatisticsRequest req = Month(3, 1);
  req.set_grouping(vpb::STATISTICS_GROUPING_CASEWORKER);
  const auto head = Stats(head_, req);
  ASSERT_EQ(head.rows_size(), 3);
  EXPECT_EQ(head.rows(0).group_key(), "u-wang");
  EXPECT_EQ(head.rows(0).done_on_time(), 2);
  EXPECT_EQ(head.rows(1).group_key(), "u-zhang");
  EXPECT_EQ(head.rows(1).slots_due(), 27);
  EXPECT_EQ(head.rows(1).needs_found(), 5);
  EXPECT_EQ(head.rows(2).group_key(), "volunteer");
  EXPECT_EQ(head.rows(2).volunteer_reports(), 6);
  EXPECT_EQ(head.rows(2).needs_found(), 1);
  // Analysts: u-wang (2) and u-zhang (waived 1) are small; the volunteers' row (needs 1).
  const auto analyst = Stats(analyst_, req);
  ASSERT_EQ(analyst.rows_size(), 3);
  for (const auto& r : analyst.rows()) EXPECT_TRUE(r.suppressed()) << r.group_key();
  // The deprecated range answers the same as the months.
  vpb::GetVisitStatisticsRequest old;
  *old.mutable_from() = FromCivilDay(absl::CivilDay(2025, 3, 1));
  *old.mutable_to() = FromCivilDay(absl::CivilDay(2025, 3, 31));
  old.set_by_caseworker(true);
  EXPECT_EQ(Stats(head_, old).SerializeAsString(), head.SerializeAsString());
}

TEST_F(VisitStatsTest, ComplementOfASingleSmallRow) {
  // Without the waived slot and the volunteer's need, only u-wang is small among three:
  // the next smallest (the volunteers' row, no slots) goes with it, u-zhang stays.
  Exec("DELETE FROM visit_slots WHERE state = 6");
  Exec("DELETE FROM visit_needs WHERE report_id IS NOT NULL");
  vpb::GetVisitStatisticsRequest req = Month(3, 1);
  req.set_grouping(vpb::STATISTICS_GROUPING_CASEWORKER);
  const auto analyst = Stats(analyst_, req);
  ASSERT_EQ(analyst.rows_size(), 3);
  EXPECT_TRUE(analyst.rows(0).suppressed());   // u-wang
  EXPECT_FALSE(analyst.rows(1).suppressed());  // u-zhang
  EXPECT_EQ(analyst.rows(1).slots_due(), 26);
  EXPECT_EQ(analyst.rows(1).done_on_time(), 5);
  EXPECT_TRUE(analyst.rows(2).suppressed());  // volunteer: the complement
  EXPECT_EQ(analyst.rows(2).volunteer_reports(), 0);
}

TEST_F(VisitStatsTest, RefusalsAndBadInput) {
  vpb::GetVisitStatisticsRequest req = Month(13, 1);
  EXPECT_TRUE(HasField(visit::VisitStatistics(vdeps_, head_, req).status(), "first_period"));
  for (const Principal* p : {&zhang_, &volunteer_, &admin_}) {
    EXPECT_EQ(visit::Admitted(*p, "VisitService", "GetVisitStatistics").code(),
              absl::StatusCode::kPermissionDenied)
        << p->id;
  }
  for (const Principal* p : {&analyst_, &head_, &chief_}) {
    EXPECT_TRUE(visit::Admitted(*p, "VisitService", "GetVisitStatistics").ok()) << p->id;
  }
}

}  // namespace
}  // namespace shouhu::testing
