// Daily reports on a real MariaDB: one per assignment and day, replaced with the version
// read on its day or the day after (history kept), needs raised (visit_needs and
// visit.need_found), concerns alerting the caseworker, reads by staff and the volunteer;
// a volunteer asking for any other assignment gets the same PERMISSION_DENIED whether it
// exists or not; offline reports with each outcome and the grace after an assignment
// ended.
#include <gtest/gtest.h>

#include "integration/visit/volunteer_fixture.h"

namespace shouhu::testing {
namespace {

using absl::CivilDay;

class VolunteerReportsTest : public VolunteerFixture {
 protected:
  void SetUp() override {
    VolunteerFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    a_ = MustAssign(AssignRequest());
  }
  vpb::VolunteerAssignment a_;
};

TEST_F(VolunteerReportsTest, OnePerDayReplacedWithHistory) {
  auto r = Submit(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 10)));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->report_id().rfind("vrep-520382-", 0), 0u);
  EXPECT_EQ(r->version(), 1);
  EXPECT_EQ(r->amendments(), 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM volunteer_assignments WHERE last_report_on = '2025-03-10'"),
            1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM volunteer_reports WHERE INSTR(body_enc, '作业') > 0"), 0);
  // A second create of the day is refused and names the version to send.
  auto twice = Submit(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 10)));
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(twice.status().message().find("version 1"), std::string::npos);
  // A stale version is ABORTED; the read version replaces it, the next day too.
  vpb::DailyReport change = Report(a_.assignment_id(), CivilDay(2025, 3, 10), 2);
  EXPECT_EQ(Submit(volunteer_, change).status().code(), absl::StatusCode::kAborted);
  SetToday(2025, 3, 11);
  change.set_version(1);
  change.set_observations("补充：孩子提到学校有同学欺负他");
  change.set_concern(true);
  auto replaced = Submit(volunteer_, change);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_EQ(replaced->report_id(), r->report_id());
  EXPECT_EQ(replaced->version(), 2);
  EXPECT_EQ(replaced->amendments(), 1);
  EXPECT_EQ(Rows("volunteer_reports"), 1);
  EXPECT_EQ(Int(absl::StrCat("SELECT COUNT(*) FROM visit_amendments WHERE record_id = '",
                             r->report_id(), "' AND changed_fields = 'observations,concern'")),
            1);
  EXPECT_EQ(Outbox(visit::kTopicSeriousConcern), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM audit_log WHERE action = 'visit.report.replace'"), 1);
  // Two days after: too late to replace.
  SetToday(2025, 3, 12);
  change.set_version(2);
  EXPECT_EQ(Submit(volunteer_, change).status().code(), absl::StatusCode::kFailedPrecondition);
  // A version for a day without a report names the version.
  auto none = Submit(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 11), 1));
  EXPECT_TRUE(HasField(none.status(), "report.version")) << none.status();
}

TEST_F(VolunteerReportsTest, DatesWithinTheAssignmentAndNotFuture) {
  auto future = Submit(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 11)));
  EXPECT_TRUE(HasField(future.status(), "report.report_on")) << future.status();
  auto before = Submit(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 2, 28)));
  EXPECT_TRUE(HasField(before.status(), "report.report_on")) << before.status();
  vpb::DailyReport bad = Report(a_.assignment_id(), CivilDay(2025, 3, 10));
  bad.set_contact_kind(vpb::VISIT_KIND_JOINT);
  EXPECT_TRUE(HasField(Submit(volunteer_, bad).status(), "report.contact_kind"));
  EXPECT_EQ(Rows("volunteer_reports"), 0);
}

TEST_F(VolunteerReportsTest, NeedsAndConcernsReachTheCaseworker) {
  vpb::DailyReport rep = Report(a_.assignment_id(), CivilDay(2025, 3, 9));
  rep.set_concern(true);
  vpb::Need* n = rep.add_needs();
  n->set_kind(::shouhu::aid::v1::MEASURE_KIND_COUNSELLING);
  n->set_description("孩子夜间失眠，需要心理疏导");
  n->set_urgent(true);
  auto r = Submit(volunteer_, rep);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->needs_size(), 1);
  EXPECT_FALSE(r->needs(0).need_id().empty());
  EXPECT_EQ(r->needs(0).report_id(), r->report_id());
  EXPECT_EQ(r->needs(0).status(), vpb::NEED_STATUS_OPEN);
  EXPECT_EQ(Int(absl::StrCat("SELECT COUNT(*) FROM visit_needs WHERE report_id = '", r->report_id(),
                             "' AND case_id = '", kCase, "'")),
            1);
  EXPECT_EQ(Outbox("visit.need_found"), 1);
  EXPECT_EQ(Outbox(visit::kTopicSeriousConcern), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM outbox_events WHERE topic = 'visit.serious_concern'"
                " AND INSTR(payload, 'u-zhang') > 0"),
            1);
  // Staff read it with its needs; concern_only and the range filter.
  ASSERT_TRUE(Submit(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 10))).ok());
  auto all = Reports(zhang_, a_.assignment_id());
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->reports_size(), 2);
  EXPECT_EQ(DateString(all->reports(0).report_on()), "2025-03-10");  // newest first
  EXPECT_EQ(all->reports(1).needs_size(), 1);
  vpb::ListDailyReportsRequest req;
  req.set_assignment_id(a_.assignment_id());
  req.set_concern_only(true);
  auto concerns = CallVol<vpb::ListDailyReportsResponse>(head_, "ListDailyReports", req);
  ASSERT_TRUE(concerns.ok());
  ASSERT_EQ(concerns->reports_size(), 1);
  EXPECT_EQ(DateString(concerns->reports(0).report_on()), "2025-03-09");
  req.set_concern_only(false);
  req.set_page_size(1);
  auto p1 = CallVol<vpb::ListDailyReportsResponse>(volunteer_, "ListDailyReports", req);
  ASSERT_TRUE(p1.ok()) << p1.status();
  ASSERT_EQ(p1->reports_size(), 1);
  req.set_page_token(p1->next_page_token());
  auto p2 = CallVol<vpb::ListDailyReportsResponse>(volunteer_, "ListDailyReports", req);
  ASSERT_TRUE(p2.ok());
  ASSERT_EQ(p2->reports_size(), 1);
  EXPECT_EQ(DateString(p2->reports(0).report_on()), "2025-03-09");
  EXPECT_TRUE(p2->next_page_token().empty());
  req.clear_page_token();
  *req.mutable_from() = FromCivilDay(CivilDay(2025, 3, 10));
  auto ranged = CallVol<vpb::ListDailyReportsResponse>(wang_, "ListDailyReports", req);
  ASSERT_TRUE(ranged.ok());
  EXPECT_EQ(ranged->reports_size(), 1);
  EXPECT_EQ(
      CallVol<vpb::ListDailyReportsResponse>(xs_worker_, "ListDailyReports", req).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      CallVol<vpb::ListDailyReportsResponse>(analyst_, "ListDailyReports", req).status().code(),
      absl::StatusCode::kPermissionDenied);
}

TEST_F(VolunteerReportsTest, AnyOtherAssignmentIsTheSameDenial) {
  const vpb::VolunteerAssignment other = MustAssign(AssignRequest("u-vol-2"));
  const vpb::VolunteerAssignment ended = MustAssign(AssignRequest());
  vpb::EndAssignmentRequest end;
  end.set_request_id(VRid());
  end.set_assignment_id(ended.assignment_id());
  end.set_version(1);
  end.set_reason("结对调整");
  ASSERT_TRUE(CallVol<vpb::VolunteerAssignment>(zhang_, "EndAssignment", end).ok());
  SetToday(2025, 3, 20);  // past the 7 days of grace
  const std::vector<std::string> ids = {
      other.assignment_id(),     // another volunteer's
      "vasg-520382-9999999999",  // does not exist
      ended.assignment_id(),     // ended, grace over
      "vasg-520330-0000000001",  // another procuratorate's
      "nonsense",                // not an id at all
  };
  for (const std::string& id : ids) {
    auto s = Submit(volunteer_, Report(id, CivilDay(2025, 3, 10)));
    EXPECT_EQ(s.status().code(), absl::StatusCode::kPermissionDenied) << id;
    EXPECT_EQ(s.status().message(), visit::kNotYourAssignment) << id;
    auto l = Reports(volunteer_, id);
    EXPECT_EQ(l.status().code(), absl::StatusCode::kPermissionDenied) << id;
    EXPECT_EQ(l.status().message(), visit::kNotYourAssignment) << id;
    auto o = Offline(volunteer_, Report(id, CivilDay(2025, 3, 10)), "cl-deny-0001");
    EXPECT_EQ(o.status().code(), absl::StatusCode::kPermissionDenied) << id;
    EXPECT_EQ(o.status().message(), visit::kNotYourAssignment) << id;
  }
  EXPECT_EQ(Rows("volunteer_reports"), 0);
  // A caseworker may not submit as a volunteer.
  EXPECT_EQ(Submit(zhang_, Report(a_.assignment_id(), CivilDay(2025, 3, 10))).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(VolunteerReportsTest, OfflineOutcomes) {
  // CREATED.
  auto created =
      Offline(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 8)), "cl-0000000001");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->outcome, vpb::BATCH_OUTCOME_CREATED);
  EXPECT_EQ(created->record_id.rfind("vrep-520382-", 0), 0u);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM volunteer_reports WHERE client_id = 'cl-0000000001'"), 1);
  // Version 0 when the day has a report: CONFLICT REPORT_CHANGED, nothing written.
  auto again =
      Offline(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 8)), "cl-0000000002");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->outcome, vpb::BATCH_OUTCOME_CONFLICT);
  EXPECT_EQ(again->conflict_reason, vpb::CONFLICT_REASON_REPORT_CHANGED);
  EXPECT_EQ(again->case_id, kCase);
  // A stale version: CONFLICT too.
  auto stale =
      Offline(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 8), 5), "cl-0000000003");
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(stale->outcome, vpb::BATCH_OUTCOME_CONFLICT);
  EXPECT_EQ(Rows("visit_amendments"), 0);
  // Against the current version (ResolveConflict APPLY): replaces, with history.
  vpb::DailyReport apply = Report(a_.assignment_id(), CivilDay(2025, 3, 8));
  apply.set_observations("离线记录：上门看望，家中整洁");
  auto applied = Offline(volunteer_, apply, "cl-0000000002", true);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(applied->outcome, vpb::BATCH_OUTCOME_CREATED);
  EXPECT_EQ(applied->record_id, created->record_id);
  EXPECT_EQ(Rows("visit_amendments"), 1);
  EXPECT_EQ(Int("SELECT version FROM volunteer_reports"), 2);
  // REJECTED: the fields under the prefix, nothing written.
  vpb::DailyReport bad = Report(a_.assignment_id(), CivilDay(2025, 3, 11));
  bad.clear_observations();
  auto rejected = Offline(volunteer_, bad, "cl-0000000004");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->outcome, vpb::BATCH_OUTCOME_REJECTED);
  std::vector<std::string> fields;
  for (const auto& v : rejected->violations) fields.push_back(v.field());
  EXPECT_EQ(fields, (std::vector<std::string>{"items[0].report.observations"}));
  auto future =
      Offline(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 11)), "cl-0000000005");
  ASSERT_TRUE(future.ok());
  EXPECT_EQ(future->outcome, vpb::BATCH_OUTCOME_REJECTED);
  ASSERT_EQ(future->violations.size(), 1u);
  EXPECT_EQ(future->violations[0].field(), "items[0].report.report_on");
  EXPECT_EQ(Rows("volunteer_reports"), 1);
}

TEST_F(VolunteerReportsTest, OfflineGraceAfterTheEnd) {
  vpb::EndAssignmentRequest end;
  end.set_request_id(VRid());
  end.set_assignment_id(a_.assignment_id());
  end.set_version(1);
  end.set_reason("结对期满");
  ASSERT_TRUE(CallVol<vpb::VolunteerAssignment>(zhang_, "EndAssignment", end).ok());
  // Seven days after the end (the default grace): a report dated before it is accepted.
  SetToday(2025, 3, 17);
  auto ok = Offline(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 9)), "cl-grace-0001");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->outcome, vpb::BATCH_OUTCOME_CREATED);
  // One dated after the end is rejected; online submission is refused.
  auto after =
      Offline(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 11)), "cl-grace-0002");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->outcome, vpb::BATCH_OUTCOME_REJECTED);
  EXPECT_EQ(Submit(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 8))).status().code(),
            absl::StatusCode::kPermissionDenied);
  // Reading stops at the end, grace or not (the grace is for uploads only); staff read it.
  auto list = Reports(volunteer_, a_.assignment_id());
  EXPECT_EQ(list.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(list.status().message(), visit::kNotYourAssignment);
  auto staff_list = Reports(zhang_, a_.assignment_id());
  ASSERT_TRUE(staff_list.ok()) << staff_list.status();
  EXPECT_EQ(staff_list->reports_size(), 1);
  // The eighth day: over.
  SetToday(2025, 3, 18);
  auto late =
      Offline(volunteer_, Report(a_.assignment_id(), CivilDay(2025, 3, 8)), "cl-grace-0003");
  EXPECT_EQ(late.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Reports(volunteer_, a_.assignment_id()).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Reports(zhang_, a_.assignment_id()).ok());  // staff still read
}

}  // namespace
}  // namespace shouhu::testing
