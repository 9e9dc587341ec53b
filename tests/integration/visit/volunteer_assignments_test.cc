// Volunteer assignments on a real MariaDB: assigned by the case's caseworker (or a
// department head) to the case's minor under an alias, sealed; refused to others and on
// bad input with nothing written; ended with access stopping at once; listed by staff
// and, as VolunteerAssignmentView, by the volunteer.
#include <gtest/gtest.h>

#include "integration/visit/volunteer_fixture.h"

namespace shouhu::testing {
namespace {

using absl::CivilDay;

class VolunteerAssignmentsTest : public VolunteerFixture {};

TEST_F(VolunteerAssignmentsTest, CaseworkerAssignsTheMinorUnderAnAlias) {
  vpb::AssignVolunteerRequest req = AssignRequest();
  *req.mutable_ends_on() = FromCivilDay(CivilDay(2025, 6, 30));
  const vpb::VolunteerAssignment a = MustAssign(req);
  EXPECT_EQ(a.assignment_id().rfind("vasg-520382-", 0), 0u) << a.assignment_id();
  EXPECT_EQ(a.case_id(), kCase);
  EXPECT_EQ(a.volunteer_id(), "u-vol");
  EXPECT_EQ(a.subject_person_id(), kMinor);  // the case's subject by default
  EXPECT_EQ(a.subject_alias(), "小明");
  EXPECT_EQ(a.report_every_days(), 1);  // default daily
  EXPECT_TRUE(a.active());
  EXPECT_EQ(a.version(), 1);
  EXPECT_EQ(Rows("volunteer_assignments"), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM audit_log WHERE action = 'visit.volunteer.assign'"), 1);
  // Alias and care notes are sealed.
  EXPECT_EQ(Int("SELECT COUNT(*) FROM volunteer_assignments WHERE INSTR(alias_enc, '小明') > 0"
                " OR INSTR(care_notes_enc, '注意') > 0"),
            0);
  // A department head may assign too; a replay answers the same.
  vpb::AssignVolunteerRequest by_head = AssignRequest("u-vol-2");
  auto h = CallVol<vpb::VolunteerAssignment>(head_, "AssignVolunteer", by_head);
  ASSERT_TRUE(h.ok()) << h.status();
  auto again = CallVol<vpb::VolunteerAssignment>(head_, "AssignVolunteer", by_head);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->assignment_id(), h->assignment_id());
  EXPECT_EQ(Rows("volunteer_assignments"), 2);
}

TEST_F(VolunteerAssignmentsTest, OthersAreRefused) {
  EXPECT_EQ(
      CallVol<vpb::VolunteerAssignment>(wang_, "AssignVolunteer", AssignRequest()).status().code(),
      absl::StatusCode::kPermissionDenied);  // not the case's caseworker
  EXPECT_EQ(CallVol<vpb::VolunteerAssignment>(xs_worker_, "AssignVolunteer", AssignRequest())
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);  // another procuratorate's case
  for (const Principal* p : {&volunteer_, &analyst_, &chief_, &admin_}) {
    EXPECT_EQ(
        CallVol<vpb::VolunteerAssignment>(*p, "AssignVolunteer", AssignRequest()).status().code(),
        absl::StatusCode::kPermissionDenied)
        << p->id;
  }
  EXPECT_EQ(Rows("volunteer_assignments"), 0);
}

TEST_F(VolunteerAssignmentsTest, BadInputNamesTheFieldAndWritesNothing) {
  struct Case {
    const char* field;
    std::function<void(vpb::AssignVolunteerRequest&)> spoil;
  };
  const std::vector<Case> cases = {
      {"volunteer_id", [](auto& r) { r.set_volunteer_id("bad id!"); }},
      {"subject_alias", [](auto& r) { r.set_subject_alias("王小明"); }},  // the name
      {"subject_alias", [](auto& r) { r.set_subject_alias("王明"); }},    // the surname
      {"subject_alias", [](auto& r) { r.set_subject_alias(""); }},
      {"subject_person_id", [](auto& r) { r.set_subject_person_id(kMother); }},  // not named
      {"starts_on", [](auto& r) { r.clear_starts_on(); }},
      {"ends_on", [](auto& r) { *r.mutable_ends_on() = FromCivilDay(CivilDay(2025, 2, 28)); }},
      {"report_every_days", [](auto& r) { r.set_report_every_days(31); }},
      {"care_notes", [](auto& r) { r.set_care_notes(std::string(1001, 'x')); }},
  };
  for (const Case& c : cases) {
    vpb::AssignVolunteerRequest req = AssignRequest();
    c.spoil(req);
    auto r = CallVol<vpb::VolunteerAssignment>(zhang_, "AssignVolunteer", req);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_TRUE(HasField(r.status(), c.field)) << c.field << ": " << r.status();
  }
  // The minor is 18 on 1 June 2033: an assignment starting then is refused.
  vpb::AssignVolunteerRequest adult = AssignRequest();
  *adult.mutable_starts_on() = FromCivilDay(CivilDay(2033, 6, 1));
  auto r = CallVol<vpb::VolunteerAssignment>(zhang_, "AssignVolunteer", adult);
  EXPECT_TRUE(HasField(r.status(), "subject_person_id")) << r.status();
  *adult.mutable_starts_on() = FromCivilDay(CivilDay(2033, 5, 31));
  EXPECT_TRUE(CallVol<vpb::VolunteerAssignment>(zhang_, "AssignVolunteer", adult).ok());
  EXPECT_EQ(Rows("volunteer_assignments"), 1);
}

TEST_F(VolunteerAssignmentsTest, EndingStopsTheVolunteersAccessAtOnce) {
  const vpb::VolunteerAssignment a = MustAssign(AssignRequest());
  ASSERT_TRUE(Submit(volunteer_, Report(a.assignment_id(), CivilDay(2025, 3, 10))).ok());
  vpb::EndAssignmentRequest end;
  end.set_request_id(VRid());
  end.set_assignment_id(a.assignment_id());
  end.set_version(2);  // stale
  end.set_reason("家庭搬离本地");
  EXPECT_EQ(CallVol<vpb::VolunteerAssignment>(zhang_, "EndAssignment", end).status().code(),
            absl::StatusCode::kAborted);
  end.set_version(1);  // reports do not change the version
  EXPECT_EQ(CallVol<vpb::VolunteerAssignment>(wang_, "EndAssignment", end).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CallVol<vpb::VolunteerAssignment>(volunteer_, "EndAssignment", end).status().code(),
            absl::StatusCode::kPermissionDenied);
  end.set_request_id(VRid());
  auto ended = CallVol<vpb::VolunteerAssignment>(zhang_, "EndAssignment", end);
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_FALSE(ended->active());
  EXPECT_EQ(DateString(ended->ended_on()), "2025-03-10");
  EXPECT_EQ(ended->end_reason(), "家庭搬离本地");
  EXPECT_EQ(ended->version(), 2);
  // The same day: no more reports, and the care notes are gone from the volunteer's view.
  auto after = Submit(volunteer_, Report(a.assignment_id(), CivilDay(2025, 3, 9)));
  EXPECT_EQ(after.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(after.status().message(), visit::kNotYourAssignment);
  vpb::ListMyAssignmentsRequest mine;
  auto list = CallVol<vpb::ListMyAssignmentsResponse>(volunteer_, "ListMyAssignments", mine);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->assignments_size(), 1);
  EXPECT_FALSE(list->assignments(0).active());
  EXPECT_TRUE(list->assignments(0).care_notes().empty());
  EXPECT_EQ(DateString(list->assignments(0).accepts_reports_until()), "2025-03-17");
  // Ending twice is refused.
  end.set_request_id(VRid());
  end.set_version(2);
  EXPECT_EQ(CallVol<vpb::VolunteerAssignment>(zhang_, "EndAssignment", end).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(VolunteerAssignmentsTest, ListsForStaffAndTheVolunteersOwnView) {
  const vpb::VolunteerAssignment a1 = MustAssign(AssignRequest());
  const vpb::VolunteerAssignment a2 = MustAssign(AssignRequest("u-vol-2"));
  vpb::AssignVolunteerRequest third = AssignRequest();
  third.set_report_every_days(7);
  const vpb::VolunteerAssignment a3 = MustAssign(third);
  vpb::EndAssignmentRequest end;
  end.set_request_id(VRid());
  end.set_assignment_id(a1.assignment_id());
  end.set_version(1);
  end.set_reason("结对调整");
  ASSERT_TRUE(CallVol<vpb::VolunteerAssignment>(zhang_, "EndAssignment", end).ok());

  vpb::ListAssignmentsRequest req;
  req.set_case_id(kCase);
  req.set_page_size(2);
  auto page1 = CallVol<vpb::ListAssignmentsResponse>(wang_, "ListAssignments", req);
  ASSERT_TRUE(page1.ok()) << page1.status();
  ASSERT_EQ(page1->assignments_size(), 2);
  EXPECT_EQ(page1->assignments(0).assignment_id(), a3.assignment_id());  // newest first
  EXPECT_TRUE(page1->assignments(0).report_overdue());  // started 1 March, no report
  ASSERT_FALSE(page1->next_page_token().empty());
  req.set_page_token(page1->next_page_token());
  auto page2 = CallVol<vpb::ListAssignmentsResponse>(wang_, "ListAssignments", req);
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->assignments_size(), 1);
  EXPECT_EQ(page2->assignments(0).assignment_id(), a1.assignment_id());
  EXPECT_TRUE(page2->next_page_token().empty());
  vpb::ListAssignmentsRequest active;
  active.set_active_only(true);  // the procuratorate's
  auto act = CallVol<vpb::ListAssignmentsResponse>(chief_, "ListAssignments", active);
  ASSERT_TRUE(act.ok());
  EXPECT_EQ(act->assignments_size(), 2);
  EXPECT_EQ(
      CallVol<vpb::ListAssignmentsResponse>(volunteer_, "ListAssignments", req).status().code(),
      absl::StatusCode::kPermissionDenied);
  vpb::ListAssignmentsRequest xs;
  xs.set_case_id(kCase);
  EXPECT_EQ(
      CallVol<vpb::ListAssignmentsResponse>(xs_worker_, "ListAssignments", xs).status().code(),
      absl::StatusCode::kPermissionDenied);

  // The volunteer sees only the own two, without case, person or name.
  vpb::ListMyAssignmentsRequest mine;
  auto my = CallVol<vpb::ListMyAssignmentsResponse>(volunteer_, "ListMyAssignments", mine);
  ASSERT_TRUE(my.ok()) << my.status();
  ASSERT_EQ(my->assignments_size(), 2);
  EXPECT_EQ(my->assignments(0).assignment_id(), a3.assignment_id());
  EXPECT_EQ(my->assignments(0).subject_alias(), "小明");
  EXPECT_EQ(my->assignments(0).report_every_days(), 7);
  EXPECT_TRUE(my->assignments(0).report_overdue());              // 10 March - 28 Feb > 7
  EXPECT_FALSE(my->assignments(0).has_accepts_reports_until());  // open-ended
  const std::string wire = my->SerializeAsString();
  EXPECT_EQ(wire.find(kCase), std::string::npos);
  EXPECT_EQ(wire.find(kMinor), std::string::npos);
  EXPECT_EQ(wire.find("王"), std::string::npos);
  mine.set_active_only(true);
  auto my_active = CallVol<vpb::ListMyAssignmentsResponse>(volunteer_, "ListMyAssignments", mine);
  ASSERT_TRUE(my_active.ok());
  EXPECT_EQ(my_active->assignments_size(), 1);
  // The other volunteer and a volunteer of the same id in Xishui see nothing of these.
  auto other = CallVol<vpb::ListMyAssignmentsResponse>(volunteer2_, "ListMyAssignments", mine);
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->assignments_size(), 1);
  EXPECT_EQ(other->assignments(0).assignment_id(), a2.assignment_id());
  auto xs_vol = CallVol<vpb::ListMyAssignmentsResponse>(xs_volunteer_, "ListMyAssignments", mine);
  ASSERT_TRUE(xs_vol.ok());
  EXPECT_EQ(xs_vol->assignments_size(), 0);
  EXPECT_EQ(
      CallVol<vpb::ListMyAssignmentsResponse>(zhang_, "ListMyAssignments", mine).status().code(),
      absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace shouhu::testing
