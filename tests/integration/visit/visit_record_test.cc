// Recording visits on a real MariaDB: unscheduled and planned (the slot becomes DONE and
// the plan's version moves), every refusal of a slot, needs sealed with one
// visit.need_found each, a SERIOUS rating published as visit.serious_concern, bad input
// INVALID_ARGUMENT naming the field with nothing written, unknown and foreign ids.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "common/db/deadline_events.h"
#include "integration/visit/record_fixture.h"

namespace shouhu::testing {
namespace {

using absl::CivilDay;
namespace apb = ::shouhu::aid::v1;

class VisitRecordTest : public RecordFixture {};

TEST_F(VisitRecordTest, UnscheduledVisitWithNeedsIsSealedAndPublished) {
  vpb::RecordVisitRequest req = Visit();
  *req.add_needs() = NeedOf(apb::MEASURE_KIND_COUNSELLING, "孩子情绪低落，需要心理疏导");
  *req.add_needs() = NeedOf(apb::MEASURE_KIND_MEDICAL, "需要复查视力");
  auto v = visits_->RecordVisit(zhang_, req);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(absl::StartsWith(v->visit_id(), "visit-520382-"));
  EXPECT_EQ(v->version(), 1);
  EXPECT_EQ(v->subject_person_id(), kMinor);  // the case subject by default
  ASSERT_EQ(v->visitor_ids_size(), 1);
  EXPECT_EQ(v->visitor_ids(0), "u-zhang");  // the caller by default
  ASSERT_EQ(v->needs_size(), 2);
  EXPECT_EQ(v->needs(0).status(), vpb::NEED_STATUS_OPEN);
  EXPECT_EQ(Events("visit.need_found"), 2);
  EXPECT_EQ(Events("visit.serious_concern"), 0);
  EXPECT_EQ(Rows("visit_needs"), 2);
  // Nothing readable at rest.
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visits WHERE body_enc LIKE '%配合%'"), 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_needs WHERE description_enc LIKE '%视力%'"), 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM outbox_events WHERE payload_json LIKE '%视力%'"), 0);

  vpb::GetVisitRequest get;
  get.set_visit_id(v->visit_id());
  auto read = Call<vpb::Visit>(*vtable_, wang_, "GetVisit", get);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->summary(), "孩子在校表现良好，家长配合。");
  ASSERT_EQ(read->needs_size(), 2);
  EXPECT_EQ(read->needs(1).description(), "需要复查视力");
  EXPECT_EQ(read->assessments_size(), 4);

  // The same request again: the stored answer, nothing new.
  auto again = visits_->RecordVisit(zhang_, req);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->visit_id(), v->visit_id());
  EXPECT_EQ(Rows("visits"), 1);
  EXPECT_EQ(Events("visit.need_found"), 2);

  vpb::ListVisitsRequest list;
  list.set_case_id(kCase);
  auto listed = Call<vpb::ListVisitsResponse>(*vtable_, zhang_, "ListVisits", list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->visits_size(), 1);
  EXPECT_EQ(listed->visits(0).needs_size(), 2);
}

TEST_F(VisitRecordTest, SeriousRatingAlertsTheAssignedCaseworker) {
  vpb::RecordVisitRequest req = Visit();
  req.mutable_assessments(3)->set_rating(vpb::RATING_SERIOUS);
  auto v = visits_->RecordVisit(head_, req);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(Events("visit.serious_concern"), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM audit_log WHERE action = 'visit.serious_concern'"), 1);
}

TEST_F(VisitRecordTest, PlannedVisitCompletesItsSlot) {
  const vpb::VisitPlan plan = Plan();
  vpb::RecordVisitRequest req = Visit();
  req.set_plan_id(plan.plan_id());
  req.set_slot_sequence(1);
  *req.mutable_visited_on() = FromCivilDay(CivilDay(2025, 3, 10));
  auto v = visits_->RecordVisit(zhang_, req);
  ASSERT_TRUE(v.ok()) << v.status();
  const vpb::VisitPlan now = PlanNow(plan.plan_id());
  EXPECT_EQ(now.version(), plan.version() + 1);
  EXPECT_EQ(now.slots(0).state(), vpb::SLOT_STATE_DONE);
  EXPECT_EQ(now.slots(0).visit_id(), v->visit_id());
  EXPECT_EQ(Int("SELECT live FROM visit_slots WHERE sequence = 1"), 0);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_slots WHERE visited_on = '2025-03-10'"), 1);
  // The slot's window is met on the visit's day (topic "deadline.changed").
  const std::vector<oversight::v1::DeadlineChanged> window =
      DeadlineChanges("VISIT_WINDOW:" + plan.plan_id());
  ASSERT_EQ(window.size(), 2u);
  EXPECT_EQ(window[0].state(), oversight::v1::DEADLINE_OPEN);
  EXPECT_EQ(window[1].state(), oversight::v1::DEADLINE_MET);
  EXPECT_LE(window[1].ended_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayEnd(CivilDay(2025, 3, 10))));
  EXPECT_EQ(window[1].sequence(), now.version());
  EXPECT_EQ(DeadlineChanges("VISIT_WINDOW:" + plan.plan_id() + ":2").size(), 1u);

  // Done once: a second visit for it is refused, naming the slot.
  vpb::RecordVisitRequest second = Visit();
  second.set_plan_id(plan.plan_id());
  second.set_slot_sequence(1);
  *second.mutable_visited_on() = FromCivilDay(CivilDay(2025, 3, 10));
  auto refused = visits_->RecordVisit(zhang_, second);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "already done"));
  EXPECT_EQ(Rows("visits"), 1);
}

TEST_F(VisitRecordTest, EverySlotRefusalIsClearAndWritesNothing) {
  const vpb::VisitPlan plan = Plan();
  auto planned = [&](int slot, CivilDay on) {
    vpb::RecordVisitRequest r = Visit();
    r.set_plan_id(plan.plan_id());
    r.set_slot_sequence(slot);
    *r.mutable_visited_on() = FromCivilDay(on);
    return visits_->RecordVisit(zhang_, r);
  };
  // Before the window opens.
  auto early = planned(1, CivilDay(2025, 3, 9));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(early.status().message(), "visited_on:")) << early.status();
  // No such slot.
  EXPECT_EQ(planned(9, CivilDay(2025, 3, 10)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // Waived.
  vpb::WaiveSlotRequest waive;
  waive.set_request_id(VRid());
  waive.set_plan_id(plan.plan_id());
  waive.set_version(plan.version());
  waive.set_slot_sequence(2);
  waive.set_reason("家庭搬迁");
  ASSERT_TRUE(plans_->WaiveSlot(zhang_, waive).ok());
  SetToday(2025, 4, 5);
  auto waived = planned(2, CivilDay(2025, 4, 5));
  EXPECT_EQ(waived.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(waived.status().message(), "waived"));
  // MISSED: slot 1 expired on 22 March.
  auto missed = planned(1, CivilDay(2025, 3, 20));
  EXPECT_EQ(missed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(missed.status().message(), "MISSED"));
  // A plan of another case cannot be named: the plan of kCase for the Xishui case is
  // refused from the id of the case already; a cancelled plan is refused.
  vpb::CancelPlanRequest cancel;
  cancel.set_request_id(VRid());
  cancel.set_plan_id(plan.plan_id());
  cancel.set_version(PlanNow(plan.plan_id()).version());
  cancel.set_reason("迁出");
  ASSERT_TRUE(plans_->CancelPlan(head_, cancel).ok());
  auto cancelled = planned(1, CivilDay(2025, 4, 5));
  EXPECT_EQ(cancelled.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(cancelled.status().message(), "CANCELLED"));
  EXPECT_EQ(Rows("visits"), 0);
  EXPECT_EQ(Events("visit.need_found"), 0);
}

TEST_F(VisitRecordTest, BadInputNamesTheFieldAndWritesNothing) {
  const TableCounts before = Counts();
  auto expect_field = [&](vpb::RecordVisitRequest r, const std::string& field) {
    auto v = visits_->RecordVisit(zhang_, r);
    EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument) << field;
    EXPECT_TRUE(HasField(v.status(), field)) << field << ": " << v.status();
  };
  vpb::RecordVisitRequest r = Visit();
  r.mutable_assessments(2)->set_dimension(vpb::DIMENSION_MOOD);
  expect_field(r, "assessments[2].dimension");
  r = Visit();
  r.mutable_assessments()->RemoveLast();
  expect_field(r, "assessments");
  r = Visit();
  r.mutable_assessments(1)->set_rating(vpb::RATING_UNSPECIFIED);
  expect_field(r, "assessments[1].rating");
  r = Visit();
  *r.mutable_visited_on() = FromCivilDay(CivilDay(2025, 3, 11));
  expect_field(r, "visited_on");
  r = Visit();
  r.clear_visited_on();
  expect_field(r, "visited_on");
  r = Visit();
  r.set_kind(vpb::VISIT_KIND_JOINT);
  expect_field(r, "agency_codes");
  r = Visit();
  r.set_kind(vpb::VISIT_KIND_UNSPECIFIED);
  expect_field(r, "kind");
  r = Visit();
  r.set_summary(absl::StrCat("母亲证件 ", "11010519491231002X", " 已核实"));
  expect_field(r, "summary");
  r = Visit();
  r.mutable_assessments(0)->set_notes(std::string(1001, 'a'));
  expect_field(r, "assessments[0].notes");
  r = Visit();
  *r.add_needs() = NeedOf(apb::MEASURE_KIND_UNSPECIFIED, "x");
  expect_field(r, "needs[0].kind");
  r = Visit();
  *r.add_needs() = NeedOf(apb::MEASURE_KIND_MEDICAL, "");
  expect_field(r, "needs[0].description");
  r = Visit();
  r.set_slot_sequence(1);
  expect_field(r, "plan_id");
  r = Visit();
  r.set_case_id("");
  expect_field(r, "case_id");
  r = Visit();
  r.set_base_plan_version(3);
  expect_field(r, "base_plan_version");
  EXPECT_EQ(Counts(), before);
}

TEST_F(VisitRecordTest, UnknownAndForeignIds) {
  vpb::RecordVisitRequest r = Visit();
  r.set_case_id("case-520382-9999999999999999");
  EXPECT_EQ(visits_->RecordVisit(zhang_, r).status().code(), absl::StatusCode::kNotFound);
  r = Visit();
  r.set_case_id(kXsCase);
  EXPECT_EQ(visits_->RecordVisit(zhang_, r).status().code(), absl::StatusCode::kPermissionDenied);
  r = Visit();
  r.set_plan_id("vplan-520382-9999");
  r.set_slot_sequence(1);
  EXPECT_EQ(visits_->RecordVisit(zhang_, r).status().code(), absl::StatusCode::kNotFound);
  vpb::GetVisitRequest get;
  get.set_visit_id("visit-520330-0001");
  EXPECT_EQ(visits_->GetVisit(zhang_, get).status().code(), absl::StatusCode::kPermissionDenied);
  get.set_visit_id("visit-520382-0001");
  EXPECT_EQ(visits_->GetVisit(zhang_, get).status().code(), absl::StatusCode::kNotFound);
  // The access table: analysts do not record visits.
  EXPECT_EQ(Call<vpb::Visit>(*vtable_, analyst_, "RecordVisit", Visit()).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Rows("visits"), 0);
}

}  // namespace
}  // namespace shouhu::testing
