// Visit statistics by department on a real MariaDB with known data (slots and needs
// written directly with their department, migration 0019; today 10 March 2025): each
// figure per department, slots without a department under "unassigned", the volunteers'
// row, other procuratorates never counted, analysts' suppression with the complement.
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "integration/visit/volunteer_fixture.h"
#include "visit/visit_stats.h"

namespace shouhu::testing {
namespace {

constexpr char kNinth[] = "第九检察部";
constexpr char kSeventh[] = "第七检察部";

class VisitStatsDepartmentTest : public VolunteerFixture {
 protected:
  void SetUp() override {
    VolunteerFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Fill();
  }

  void Slot(const std::string& dept, const std::string& due, const std::string& expires, int state,
            const std::string& visited = "", const std::string& proc = "520382") {
    ++slot_;
    Exec(absl::StrCat(
        "INSERT INTO visit_slots (plan_id, sequence, procuratorate_code, case_id, assigned_to,"
        " label, suggested_kind, opens_on, due_on, expires_on, state, live, visit_id,"
        " visited_on, department) VALUES ('vplan-",
        proc, "-", slot_, "', 1, '", proc, "', 'case-", proc, "-1', 'u-", slot_ % 3, "', 'x', 1, '",
        due, "' - INTERVAL 7 DAY, '", due, "', '", expires, "', ", state, ", ", state == 0 ? 1 : 0,
        ", ", visited.empty() ? "NULL, NULL" : absl::StrCat("'visit-", slot_, "', '", visited, "'"),
        ", '", dept, "')"));
  }
  void NeedRow(const std::string& dept, bool from_report, int kind, const std::string& found_on,
               const std::string& proc = "520382") {
    ++need_;
    Exec(absl::StrCat(
        "INSERT INTO visit_needs (id, procuratorate_code, case_id, visit_id, report_id, kind,"
        " urgent, status, description_enc, raised_by, found_on, status_on, created_at_ms,"
        " department, version) VALUES ('need-",
        proc, "-", need_, "', '", proc, "', 'case-1', ",
        from_report ? "NULL, 'vrep-1'" : "'visit-1', NULL", ", ", kind,
        ", 0, 1, x'00', 'user:u-1', '", found_on, "', '", found_on, "', 1, '", dept, "', 1)"));
  }
  void ReportRow(const std::string& on) {
    ++report_;
    Exec(absl::StrCat(
        "INSERT INTO volunteer_reports (id, procuratorate_code, assignment_id, report_on,"
        " contact_kind, concern, submitted_by, body_enc, submitted_at_ms, updated_at_ms,"
        " version) VALUES ('vrep-520382-",
        report_, "', '520382', 'vasg-520382-", report_, "', '", on,
        "', 2, 0, 'user:u-vol', x'00', 1, 1, 1)"));
  }

  void Fill() {
    for (int i = 0; i < 5; ++i) Slot(kNinth, "2025-03-05", "2025-03-20", 5, "2025-03-04");
    for (int i = 0; i < 5; ++i) Slot(kNinth, "2025-03-03", "2025-03-20", 5, "2025-03-06");
    for (int i = 0; i < 5; ++i) Slot(kNinth, "2025-03-08", "2025-03-20", 0);  // overdue
    for (int i = 0; i < 5; ++i) Slot(kNinth, "2025-03-01", "2025-03-05", 0);  // missed
    for (int i = 0; i < 6; ++i) Slot(kSeventh, "2025-03-25", "2025-04-05", 0);
    Slot(kSeventh, "2025-03-02", "2025-03-09", 6);  // waived
    for (int i = 0; i < 2; ++i) Slot("", "2025-03-04", "2025-03-20", 5, "2025-03-04");
    Slot(kNinth, "2025-03-05", "2025-03-20", 0, "", "520330");  // Xishui
    Slot(kNinth, "2025-04-05", "2025-04-20", 0);                // April
    for (int i = 0; i < 5; ++i) NeedRow(kNinth, false, 1, "2025-03-06");
    for (int i = 0; i < 5; ++i) NeedRow(kSeventh, false, 6, "2025-03-07");
    NeedRow("", true, 6, "2025-03-07");  // a volunteer's report
    NeedRow(kNinth, false, 1, "2025-03-07", "520330");
    for (int d = 1; d <= 6; ++d) ReportRow(absl::StrCat("2025-03-0", d));
  }

  vpb::GetVisitStatisticsRequest March() {
    vpb::GetVisitStatisticsRequest req;
    req.set_period(vpb::STATISTICS_PERIOD_MONTH);
    req.set_year(2025);
    req.set_first_period(3);
    req.set_grouping(vpb::STATISTICS_GROUPING_DEPARTMENT);
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

TEST_F(VisitStatsDepartmentTest, EachFigureByDepartmentForAHead) {
  const auto res = Stats(head_, March());
  // Keys in byte order: "unassigned", "volunteer", 第七检察部, 第九检察部.
  ASSERT_EQ(res.rows_size(), 4);
  for (const auto& r : res.rows()) {
    EXPECT_EQ(r.period(), "2025-03");
    EXPECT_FALSE(r.suppressed()) << r.group_key();
  }
  const vpb::VisitStatisticsRow& none = res.rows(0);
  EXPECT_EQ(none.group_key(), "unassigned");
  EXPECT_EQ(none.slots_due(), 2);
  EXPECT_EQ(none.done_on_time(), 2);
  EXPECT_EQ(none.needs_found(), 0);
  const vpb::VisitStatisticsRow& vol = res.rows(1);
  EXPECT_EQ(vol.group_key(), "volunteer");
  EXPECT_EQ(vol.slots_due(), 0);
  EXPECT_EQ(vol.needs_found(), 1);
  EXPECT_EQ(vol.volunteer_reports(), 6);
  const vpb::VisitStatisticsRow& seventh = res.rows(2);
  EXPECT_EQ(seventh.group_key(), kSeventh);
  EXPECT_EQ(seventh.slots_due(), 7);
  EXPECT_EQ(seventh.waived(), 1);
  EXPECT_EQ(seventh.overdue(), 0);
  EXPECT_EQ(seventh.done_on_time(), 0);
  EXPECT_EQ(seventh.needs_found(), 5);
  ASSERT_EQ(seventh.needs_size(), 1);
  EXPECT_EQ(seventh.needs(0).kind(), ::shouhu::aid::v1::MEASURE_KIND_MEDICAL);
  EXPECT_EQ(seventh.needs(0).count(), 5);
  const vpb::VisitStatisticsRow& ninth = res.rows(3);
  EXPECT_EQ(ninth.group_key(), kNinth);
  EXPECT_EQ(ninth.slots_due(), 20);  // not Xishui's, not April's
  EXPECT_EQ(ninth.done_on_time(), 5);
  EXPECT_EQ(ninth.done_late(), 5);
  EXPECT_EQ(ninth.overdue(), 5);
  EXPECT_EQ(ninth.missed(), 5);
  EXPECT_EQ(ninth.waived(), 0);
  EXPECT_EQ(ninth.needs_found(), 5);
  ASSERT_EQ(ninth.needs_size(), 1);
  EXPECT_EQ(ninth.needs(0).kind(), ::shouhu::aid::v1::MEASURE_KIND_COUNSELLING);
  EXPECT_EQ(ninth.needs(0).status(), vpb::NEED_STATUS_OPEN);
  // The departments add up to the period's figures.
  vpb::GetVisitStatisticsRequest whole = March();
  whole.clear_grouping();
  const auto total = Stats(chief_, whole);
  ASSERT_EQ(total.rows_size(), 1);
  EXPECT_EQ(total.rows(0).slots_due(), 29);
  EXPECT_EQ(total.rows(0).needs_found(), 11);
  EXPECT_EQ(Stats(chief_, March()).SerializeAsString(), res.SerializeAsString());
}

TEST_F(VisitStatsDepartmentTest, AnalystsGetSmallDepartmentsSuppressed) {
  const auto res = Stats(analyst_, March());
  ASSERT_EQ(res.rows_size(), 4);
  EXPECT_TRUE(res.rows(0).suppressed());  // unassigned: 2 slots
  EXPECT_EQ(res.rows(0).slots_due(), 0);
  EXPECT_EQ(res.rows(0).group_key(), "unassigned");
  EXPECT_TRUE(res.rows(1).suppressed());  // volunteer: 1 need
  EXPECT_EQ(res.rows(1).volunteer_reports(), 0);
  EXPECT_EQ(res.rows(1).needs_size(), 0);
  EXPECT_TRUE(res.rows(2).suppressed());  // 第七检察部: 1 waived
  EXPECT_EQ(res.rows(2).slots_due(), 0);
  EXPECT_FALSE(res.rows(3).suppressed());  // 第九检察部: every count 5 or more
  EXPECT_EQ(res.rows(3).slots_due(), 20);
  EXPECT_EQ(res.rows(3).needs_found(), 5);
}

TEST_F(VisitStatsDepartmentTest, ComplementOfASingleSmallDepartment) {
  // Without the waived slot and the volunteer's need only "unassigned" is small: the next
  // smallest group by slots due (the volunteers', none) is blanked with it.
  Exec("DELETE FROM visit_slots WHERE state = 6");
  Exec("DELETE FROM visit_needs WHERE report_id IS NOT NULL");
  const auto res = Stats(analyst_, March());
  ASSERT_EQ(res.rows_size(), 4);
  EXPECT_TRUE(res.rows(0).suppressed());   // unassigned
  EXPECT_TRUE(res.rows(1).suppressed());   // volunteer: the complement
  EXPECT_FALSE(res.rows(2).suppressed());  // 第七检察部
  EXPECT_EQ(res.rows(2).slots_due(), 6);
  EXPECT_FALSE(res.rows(3).suppressed());  // 第九检察部
  EXPECT_EQ(res.rows(3).done_late(), 5);
}

}  // namespace
}  // namespace shouhu::testing
