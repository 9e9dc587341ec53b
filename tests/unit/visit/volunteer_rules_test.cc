// Volunteers' rules without I/O: the alias, the last report day and the offline grace at
// its boundaries, when a volunteer may still act, when reporting is overdue, the checks
// of a report's content and the volunteer's view.
#include "visit/volunteer_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/base/dates.h"
#include "support/field_violations.h"

namespace shouhu::visit {
namespace {

using absl::CivilDay;
using ::shouhu::testing::ViolatedFields;

std::vector<std::string> AliasErrors(const std::string& alias, const std::string& name) {
  FieldErrors e;
  CheckAlias(e, "subject_alias", alias, name);
  return ViolatedFields(e.ToStatus());
}

pb::VolunteerAssignment Assignment(CivilDay starts, std::optional<CivilDay> ends = std::nullopt) {
  pb::VolunteerAssignment a;
  a.set_assignment_id("vasg-520382-1");
  a.set_subject_alias("小明");
  a.set_care_notes("注意情绪");
  *a.mutable_starts_on() = FromCivilDay(starts);
  if (ends) *a.mutable_ends_on() = FromCivilDay(*ends);
  a.set_report_every_days(1);
  a.set_active(true);
  return a;
}

TEST(VolunteerRulesTest, AliasWithoutTheSurname) {
  EXPECT_TRUE(AliasErrors("小明", "王小明").empty());
  EXPECT_TRUE(AliasErrors("明明", "王*").empty());
  EXPECT_TRUE(AliasErrors("小明", "").empty());
  EXPECT_EQ(AliasErrors("王小明", "王小明"), std::vector<std::string>{"subject_alias"});
  EXPECT_EQ(AliasErrors("王明", "王*"), std::vector<std::string>{"subject_alias"});
  EXPECT_EQ(AliasErrors("", "王*"), std::vector<std::string>{"subject_alias"});
  EXPECT_EQ(AliasErrors("一二三四五六七八九十一二三四五六七", "王*"),
            std::vector<std::string>{"subject_alias"});                         // 17 characters
  EXPECT_TRUE(AliasErrors("一二三四五六七八九十一二三四五六", "王*").empty());  // 16
  EXPECT_EQ(AliasErrors("小*", "王*"), std::vector<std::string>{"subject_alias"});
}

TEST(VolunteerRulesTest, GraceCountsFromTheEndOrThePlannedEnd) {
  pb::VolunteerAssignment open = Assignment(CivilDay(2025, 3, 1));
  EXPECT_FALSE(LastReportDay(open).has_value());
  EXPECT_FALSE(AcceptsReportsUntil(open, 7).has_value());
  pb::VolunteerAssignment planned = Assignment(CivilDay(2025, 3, 1), CivilDay(2025, 3, 31));
  EXPECT_EQ(*AcceptsReportsUntil(planned, 7), CivilDay(2025, 4, 7));
  pb::VolunteerAssignment ended = planned;
  ended.set_active(false);
  *ended.mutable_ended_on() = FromCivilDay(CivilDay(2025, 3, 10));
  EXPECT_EQ(*LastReportDay(ended), CivilDay(2025, 3, 10));
  EXPECT_EQ(*AcceptsReportsUntil(ended, 7), CivilDay(2025, 3, 17));
  EXPECT_EQ(*AcceptsReportsUntil(ended, 0), CivilDay(2025, 3, 10));
}

TEST(VolunteerRulesTest, EndedAssignmentsOnlyWithinGrace) {
  pb::VolunteerAssignment a = Assignment(CivilDay(2025, 3, 1), CivilDay(2025, 3, 31));
  EXPECT_TRUE(VolunteerMayUse(a, CivilDay(2025, 3, 31), 7, false));
  EXPECT_FALSE(VolunteerMayUse(a, CivilDay(2025, 4, 1), 7, false));  // run out
  EXPECT_TRUE(VolunteerMayUse(a, CivilDay(2025, 4, 7), 7, true));
  EXPECT_FALSE(VolunteerMayUse(a, CivilDay(2025, 4, 8), 7, true));
  a.set_active(false);
  *a.mutable_ended_on() = FromCivilDay(CivilDay(2025, 3, 10));
  EXPECT_FALSE(VolunteerMayUse(a, CivilDay(2025, 3, 10), 7, false));  // at once
  EXPECT_TRUE(VolunteerMayUse(a, CivilDay(2025, 3, 17), 7, true));
  EXPECT_FALSE(VolunteerMayUse(a, CivilDay(2025, 3, 18), 7, true));
  EXPECT_FALSE(VolunteerMayUse(a, CivilDay(2025, 3, 11), 0, true));
}

TEST(VolunteerRulesTest, ReportOverdueAfterMoreThanTheInterval) {
  pb::VolunteerAssignment a = Assignment(CivilDay(2025, 3, 10));
  EXPECT_FALSE(ReportOverdue(a, CivilDay(2025, 3, 9)));   // not started
  EXPECT_FALSE(ReportOverdue(a, CivilDay(2025, 3, 10)));  // first day
  EXPECT_TRUE(ReportOverdue(a, CivilDay(2025, 3, 11)));   // nothing for the 10th
  *a.mutable_last_report_on() = FromCivilDay(CivilDay(2025, 3, 10));
  EXPECT_FALSE(ReportOverdue(a, CivilDay(2025, 3, 11)));
  EXPECT_TRUE(ReportOverdue(a, CivilDay(2025, 3, 12)));
  a.set_report_every_days(7);
  EXPECT_FALSE(ReportOverdue(a, CivilDay(2025, 3, 17)));
  EXPECT_TRUE(ReportOverdue(a, CivilDay(2025, 3, 18)));
  a.set_active(false);
  EXPECT_FALSE(ReportOverdue(a, CivilDay(2025, 3, 30)));  // ended: nothing due
  pb::VolunteerAssignment b = Assignment(CivilDay(2025, 3, 10), CivilDay(2025, 3, 12));
  EXPECT_TRUE(ReportOverdue(b, CivilDay(2025, 3, 12)));
  EXPECT_FALSE(ReportOverdue(b, CivilDay(2025, 3, 13)));  // run out
}

TEST(VolunteerRulesTest, ReportContentNamesEachField) {
  pb::DailyReport r;
  *r.mutable_report_on() = FromCivilDay(CivilDay(2025, 3, 10));
  r.set_contact_kind(pb::VISIT_KIND_PHONE);
  r.set_observations("情绪稳定");
  pb::Assessment* mood = r.add_assessments();
  mood->set_dimension(pb::DIMENSION_MOOD);
  mood->set_rating(pb::RATING_GOOD);
  {
    FieldErrors e;
    CheckReportContent(e, "report", r);
    EXPECT_TRUE(e.empty()) << e.ToStatus();
  }
  pb::DailyReport bad = r;
  bad.set_contact_kind(pb::VISIT_KIND_JOINT);
  *bad.add_assessments() = *mood;
  bad.clear_observations();
  pb::Need* n = bad.add_needs();
  n->set_need_id("need-x");
  bad.mutable_report_on()->set_month(13);
  FieldErrors e;
  CheckReportContent(e, "items[2].report", bad);
  EXPECT_EQ(ViolatedFields(e.ToStatus()),
            (std::vector<std::string>{
                "items[2].report.report_on", "items[2].report.contact_kind",
                "items[2].report.assessments[1].dimension", "items[2].report.observations",
                "items[2].report.needs[0].kind", "items[2].report.needs[0].description",
                "items[2].report.needs[0].need_id"}));
}

TEST(VolunteerRulesTest, ChangedFields) {
  pb::DailyReport a;
  a.set_contact_kind(pb::VISIT_KIND_PHONE);
  a.set_observations("x");
  pb::DailyReport b = a;
  EXPECT_TRUE(ChangedReportFields(a, b).empty());
  b.set_observations("y");
  b.set_concern(true);
  EXPECT_EQ(ChangedReportFields(a, b), (std::vector<std::string>{"observations", "concern"}));
}

TEST(VolunteerRulesTest, ViewHasNoCaseAndTheGraceDate) {
  pb::VolunteerAssignment a = Assignment(CivilDay(2025, 3, 1), CivilDay(2025, 3, 31));
  a.set_case_id("case-520382-1");
  a.set_subject_person_id("per-1");
  a.set_volunteer_id("u-vol");
  const pb::VolunteerAssignmentView v = ViewOf(a, CivilDay(2025, 3, 10), 7);
  EXPECT_EQ(v.assignment_id(), "vasg-520382-1");
  EXPECT_EQ(v.subject_alias(), "小明");
  EXPECT_TRUE(v.active());
  EXPECT_TRUE(v.report_overdue());
  EXPECT_EQ(DateString(v.accepts_reports_until()), "2025-04-07");
  const std::string wire = v.SerializeAsString();
  EXPECT_EQ(wire.find("case-520382-1"), std::string::npos);
  EXPECT_EQ(wire.find("per-1"), std::string::npos);
  EXPECT_FALSE(ViewOf(a, CivilDay(2025, 4, 1), 7).active());  // run out
}

}  // namespace
}  // namespace shouhu::visit
