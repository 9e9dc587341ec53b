// Plans on a real MariaDB: made from aid.paid, order.issued and case.closed (once per
// anchor, also under redelivery), ended by order.ended, moved by case.transferred; made by
// hand from a template or items; slots waived; plans cancelled and assigned; access
// denials; bad input INVALID_ARGUMENT naming the field with nothing written.
#include <gtest/gtest.h>

#include "common/base/dates.h"
#include "common/db/deadline_events.h"
#include "integration/visit/visit_fixture.h"
#include "visit/schedule.h"

namespace shouhu::testing {
namespace {

using absl::CivilDay;

class VisitPlansTest : public VisitFixture {};

TEST_F(VisitPlansTest, OrderIssuedMakesOnePlanUntilTheComplianceEnd) {
  ASSERT_TRUE(
      OrderIssued("gord-520382-1", CivilDay(2025, 3, 10), CivilDay(2025, 6, 10), "ev-1").ok());
  // Redelivered under the same and under another event id: still one plan.
  ASSERT_TRUE(
      OrderIssued("gord-520382-1", CivilDay(2025, 3, 10), CivilDay(2025, 6, 10), "ev-1").ok());
  ASSERT_TRUE(
      OrderIssued("gord-520382-1", CivilDay(2025, 3, 10), CivilDay(2025, 6, 10), "ev-2").ok());
  EXPECT_EQ(Rows("visit_plans"), 1);
  const auto plans = PlansOf(kCase, zhang_);
  ASSERT_EQ(plans.plans_size(), 1);
  const vpb::VisitPlan& p = plans.plans(0);
  EXPECT_EQ(p.anchor_kind(), vpb::ANCHOR_KIND_ORDER_ISSUED);
  EXPECT_EQ(p.anchor_ref(), "gord-520382-1");
  EXPECT_EQ(p.template_id(), "order-supervision");
  EXPECT_EQ(p.assigned_to(), "u-zhang");
  EXPECT_EQ(p.subject_person_id(), kMinor);
  EXPECT_EQ(DateString(p.anchor_ends_on()), "2025-06-10");
  EXPECT_EQ(p.created_by().principal(), "service:visit");
  // First home visit on day 7, then every 14 days from day 21 while before 10 June.
  ASSERT_EQ(p.slots_size(), 7);
  EXPECT_EQ(DateString(p.slots(0).due_on()), "2025-03-17");
  EXPECT_EQ(DateString(p.slots(1).due_on()), "2025-03-31");
  EXPECT_EQ(DateString(p.slots(6).due_on()), "2025-06-09");
  EXPECT_EQ(p.slots(0).state(), vpb::SLOT_STATE_NOT_YET_OPEN);
  EXPECT_EQ(p.status(), vpb::PLAN_STATUS_ACTIVE);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM audit_log WHERE action = 'visit.plan.create'"), 1);
}

TEST_F(VisitPlansTest, FirstAidPaymentAnchorsLaterOnesAddNothing) {
  ASSERT_TRUE(AidPaid("aid-520382-9", "pay-1", CivilDay(2025, 3, 1), "ev-p1").ok());
  ASSERT_TRUE(AidPaid("aid-520382-9", "pay-2", CivilDay(2025, 4, 1), "ev-p2").ok());
  const auto plans = PlansOf(kCase, zhang_);
  ASSERT_EQ(plans.plans_size(), 1);
  const vpb::VisitPlan& p = plans.plans(0);
  EXPECT_EQ(p.anchor_kind(), vpb::ANCHOR_KIND_AID_PAID);
  EXPECT_EQ(p.anchor_ref(), "aid-520382-9");
  EXPECT_EQ(DateString(p.anchor_date()), "2025-03-01");
  EXPECT_EQ(p.subject_person_id(), kMother);  // the person paid
  EXPECT_EQ(p.assigned_to(), "u-zhang");      // the case's caseworker
  EXPECT_EQ(p.template_id(), "aid-standard");
  ASSERT_EQ(p.slots_size(), 4);
  EXPECT_EQ(DateString(p.slots(0).due_on()), "2025-03-31");
  EXPECT_EQ(p.slots(0).state(), vpb::SLOT_STATE_NOT_YET_OPEN);  // opens 24 March
}

TEST_F(VisitPlansTest, CaseClosedMakesOnePlanUnlessOneIsActive) {
  AddCase("case-520382-0000000000000007", kRenhuai, "u-wang", kAdult, rpb::CASE_STATUS_CLOSED);
  ASSERT_TRUE(CaseClosed("case-520382-0000000000000007", rpb::CLOSE_REASON_RESOLVED, "ev-c1").ok());
  ASSERT_TRUE(CaseClosed("case-520382-0000000000000007", rpb::CLOSE_REASON_RESOLVED, "ev-c2").ok());
  auto closed = PlansOf("case-520382-0000000000000007", zhang_);
  ASSERT_EQ(closed.plans_size(), 1);
  EXPECT_EQ(closed.plans(0).anchor_kind(), vpb::ANCHOR_KIND_CASE_CLOSED);
  EXPECT_EQ(closed.plans(0).assigned_to(), "u-wang");
  EXPECT_EQ(closed.plans(0).template_id(), "case-closed");
  // A case with an ACTIVE plan already has its visit; a merged case gets none.
  ASSERT_TRUE(
      OrderIssued("gord-520382-1", CivilDay(2025, 3, 10), CivilDay(2025, 6, 10), "ev-1").ok());
  ASSERT_TRUE(CaseClosed(kCase, rpb::CLOSE_REASON_RESOLVED, "ev-c3").ok());
  EXPECT_EQ(PlansOf(kCase, zhang_).plans_size(), 1);
  AddCase("case-520382-0000000000000008", kRenhuai, "u-wang", kAdult, rpb::CASE_STATUS_CLOSED);
  ASSERT_TRUE(CaseClosed("case-520382-0000000000000008", rpb::CLOSE_REASON_MERGED, "ev-c4").ok());
  EXPECT_EQ(PlansOf("case-520382-0000000000000008", zhang_).plans_size(), 0);
  // The case hub down: the event fails (and the relay delivers it again), nothing written.
  AddCase("case-520382-0000000000000009", kRenhuai, "u-wang", kAdult, rpb::CASE_STATUS_CLOSED);
  SetHubDown(true);
  EXPECT_FALSE(
      CaseClosed("case-520382-0000000000000009", rpb::CLOSE_REASON_RESOLVED, "ev-c5").ok());
  SetHubDown(false);
  EXPECT_EQ(PlansOf("case-520382-0000000000000009", zhang_).plans_size(), 0);
}

TEST_F(VisitPlansTest, OrderEndedEndsThePlanAndItsDueSlots) {
  ASSERT_TRUE(
      OrderIssued("gord-520382-1", CivilDay(2025, 3, 1), CivilDay(2025, 6, 1), "ev-1").ok());
  vpb::ListDueVisitsRequest due;
  auto before = plans_->ListDueVisits(zhang_, due);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->visits_size(), 1);  // the first visit (due 8 March) is overdue
  gpb::OrderEnded ended;
  ended.set_order_id("gord-520382-1");
  ended.set_case_id(kCase);
  *ended.mutable_ended_on() = FromCivilDay(CivilDay(2025, 3, 10));
  ASSERT_TRUE(Deliver(visit::kTopicOrderEnded, ended, "ev-e1").ok());
  const auto plans = PlansOf(kCase, zhang_);
  ASSERT_EQ(plans.plans_size(), 1);
  EXPECT_EQ(plans.plans(0).status(), vpb::PLAN_STATUS_ENDED);
  EXPECT_EQ(DateString(plans.plans(0).ended_on()), "2025-03-10");
  EXPECT_TRUE(plans.plans(0).finished());
  auto after = plans_->ListDueVisits(zhang_, due);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->visits_size(), 0);
}

TEST_F(VisitPlansTest, CaseTransferredMovesActivePlansUnassigned) {
  ASSERT_TRUE(
      OrderIssued("gord-520382-1", CivilDay(2025, 3, 10), CivilDay(2025, 6, 10), "ev-1").ok());
  const std::string old_id = PlansOf(kCase, zhang_).plans(0).plan_id();
  rpb::CaseTransferred t;
  t.set_case_id(kCase);
  t.set_new_case_id("case-520330-0000000000000077");
  t.set_to_procuratorate_code(kXishui);
  ASSERT_TRUE(Deliver(visit::kTopicCaseTransferred, t, "ev-t1").ok());
  ASSERT_TRUE(Deliver(visit::kTopicCaseTransferred, t, "ev-t1").ok());  // nothing left to move
  EXPECT_EQ(PlansOf(kCase, zhang_).plans_size(), 0);
  vpb::GetPlanRequest get;
  get.set_plan_id(old_id);
  EXPECT_EQ(plans_->GetPlan(zhang_, get).status().code(), absl::StatusCode::kNotFound);
  const auto moved = PlansOf("case-520330-0000000000000077", xs_head_);
  ASSERT_EQ(moved.plans_size(), 1);
  const vpb::VisitPlan& p = moved.plans(0);
  EXPECT_EQ(p.procuratorate_code(), kXishui);
  EXPECT_EQ(p.plan_id().rfind("vplan-520330-", 0), 0u) << p.plan_id();
  EXPECT_EQ(p.moved_from_plan_id(), old_id);
  EXPECT_EQ(p.assigned_to(), "");
  EXPECT_EQ(p.slots_size(), 7);
  // The windows end under the old plan id and start again, unassigned, under the new one.
  for (int slot = 1; slot <= 7; ++slot) {
    const std::string n = slot == 1 ? "" : absl::StrCat(":", slot);
    const auto left = DeadlineChanges("VISIT_WINDOW:" + old_id + n);
    const auto arrived = DeadlineChanges("VISIT_WINDOW:" + p.plan_id() + n);
    ASSERT_EQ(left.size(), 2u) << slot;
    EXPECT_EQ(left[1].state(), oversight::v1::DEADLINE_CANCELLED) << slot;
    ASSERT_EQ(arrived.size(), 1u) << slot;
    EXPECT_EQ(arrived[0].state(), oversight::v1::DEADLINE_OPEN) << slot;
    EXPECT_EQ(arrived[0].procuratorate_code(), kXishui);
    EXPECT_EQ(arrived[0].assigned_to(), "");
  }
  // The anchor stays taken: the order's event again makes no second plan.
  ASSERT_TRUE(
      OrderIssued("gord-520382-1", CivilDay(2025, 3, 10), CivilDay(2025, 6, 10), "ev-9").ok());
  EXPECT_EQ(Rows("visit_plans"), 1);
  // The receiving head assigns it; it is then in the caseworker's due list.
  vpb::AssignPlanRequest assign;
  assign.set_request_id(VRid());
  assign.set_plan_id(p.plan_id());
  assign.set_version(p.version());
  assign.set_assigned_to("u-xs-li");
  auto assigned = Call<vpb::VisitPlan>(*table_, xs_head_, "AssignPlan", assign);
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_EQ(assigned->assigned_to(), "u-xs-li");
  SetToday(2025, 3, 15);
  auto due = plans_->ListDueVisits(xs_worker_, vpb::ListDueVisitsRequest());
  ASSERT_TRUE(due.ok()) << due.status();
  ASSERT_EQ(due->visits_size(), 1);
  EXPECT_EQ(due->visits(0).case_id(), "case-520330-0000000000000077");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'visit.plan.moved_%'"), 2);
}

TEST_F(VisitPlansTest, CreateByHandIsIdempotentAndChecked) {
  vpb::CreatePlanRequest req = ManualPlan();
  auto plan = Call<vpb::VisitPlan>(*table_, zhang_, "CreatePlan", req);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->plan_id().rfind("vplan-520382-", 0), 0u);
  EXPECT_EQ(plan->slots_size(), 2);
  EXPECT_EQ(plan->slots(0).state(), vpb::SLOT_STATE_OPEN);  // due 15 March, opens today
  EXPECT_EQ(plan->version(), 1);
  auto again = Call<vpb::VisitPlan>(*table_, zhang_, "CreatePlan", req);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->plan_id(), plan->plan_id());
  EXPECT_EQ(Rows("visit_plans"), 1);
  // From a template.
  vpb::CreatePlanRequest t = ManualPlan();
  t.clear_items();
  t.set_anchor_kind(vpb::ANCHOR_KIND_AID_PAID);
  t.set_template_id("aid-standard");
  auto templated = Call<vpb::VisitPlan>(*table_, head_, "CreatePlan", t);
  ASSERT_TRUE(templated.ok()) << templated.status();
  EXPECT_EQ(templated->slots_size(), 4);
  EXPECT_EQ(templated->template_id(), "aid-standard");
  // Another caseworker, another procuratorate, an unknown case.
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, wang_, "CreatePlan", ManualPlan()).status().code(),
            absl::StatusCode::kPermissionDenied);
  vpb::CreatePlanRequest xs = ManualPlan();
  xs.set_case_id(kXsCase);
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, zhang_, "CreatePlan", xs).status().code(),
            absl::StatusCode::kPermissionDenied);
  vpb::CreatePlanRequest unknown = ManualPlan();
  unknown.set_case_id("case-520382-0000000000000404");
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, zhang_, "CreatePlan", unknown).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, analyst_, "CreatePlan", ManualPlan()).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, volunteer_, "CreatePlan", ManualPlan()).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(VisitPlansTest, BadInputNamesTheFieldAndWritesNothing) {
  struct Case {
    const char* field;
    std::function<void(vpb::CreatePlanRequest&)> spoil;
  };
  const std::vector<Case> cases = {
      {"request_id", [](auto& r) { r.set_request_id("x"); }},
      {"case_id", [](auto& r) { r.clear_case_id(); }},
      {"anchor_kind", [](auto& r) { r.set_anchor_kind(vpb::ANCHOR_KIND_UNSPECIFIED); }},
      {"anchor_date", [](auto& r) { r.mutable_anchor_date()->set_month(13); }},
      {"anchor_ref", [](auto& r) { r.set_anchor_ref("a b"); }},
      {"template_id", [](auto& r) { r.clear_items(); }},
      {"items", [](auto& r) { r.set_template_id("aid-standard"); }},
      {"items[1].offset_days", [](auto& r) { r.mutable_items(1)->set_offset_days(1); }},
      {"items[0].label", [](auto& r) { r.mutable_items(0)->set_label(""); }},
      {"items[0].expiry_after_days",
       [](auto& r) { r.mutable_items(0)->set_expiry_after_days(91); }},
      {"subject_person_id", [](auto& r) { r.set_subject_person_id("per-nobody"); }},
      {"template_id",
       [](auto& r) {
         r.clear_items();
         r.set_template_id("no-such-template");
       }},
      {"template_id",
       [](auto& r) {
         r.clear_items();
         r.set_anchor_kind(vpb::ANCHOR_KIND_CASE_CLOSED);
         r.set_template_id("aid-standard");
       }},
  };
  const TableCounts before = Counts();
  for (const Case& c : cases) {
    vpb::CreatePlanRequest req = ManualPlan();
    c.spoil(req);
    auto r = Call<vpb::VisitPlan>(*table_, zhang_, "CreatePlan", req);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.field << r.status();
    EXPECT_TRUE(HasField(r.status(), c.field)) << c.field << ": " << r.status();
  }
  EXPECT_EQ(DescribeChange(before, Counts()), "");
}

TEST_F(VisitPlansTest, WaiveASlotWithAReason) {
  auto plan = Call<vpb::VisitPlan>(*table_, zhang_, "CreatePlan", ManualPlan());
  ASSERT_TRUE(plan.ok()) << plan.status();
  vpb::WaiveSlotRequest w;
  w.set_request_id(VRid());
  w.set_plan_id(plan->plan_id());
  w.set_version(plan->version());
  w.set_slot_sequence(1);
  w.set_reason("家庭已搬离本县");
  // Bad input first: nothing written.
  const TableCounts before = Counts();
  for (auto [field, spoil] :
       std::vector<std::pair<std::string, std::function<void(vpb::WaiveSlotRequest&)>>>{
           {"reason", [](auto& r) { r.clear_reason(); }},
           {"slot_sequence", [](auto& r) { r.set_slot_sequence(0); }},
           {"slot_sequence", [](auto& r) { r.set_slot_sequence(9); }},
           {"version", [](auto& r) { r.set_version(0); }},
           {"plan_id", [](auto& r) { r.clear_plan_id(); }},
           {"request_id", [](auto& r) { r.clear_request_id(); }}}) {
    vpb::WaiveSlotRequest bad = w;
    spoil(bad);
    auto r = Call<vpb::VisitPlan>(*table_, zhang_, "WaiveSlot", bad);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << field;
    EXPECT_TRUE(HasField(r.status(), field)) << field << ": " << r.status();
  }
  EXPECT_EQ(DescribeChange(before, Counts()), "");
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, wang_, "WaiveSlot", w).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, xs_worker_, "WaiveSlot", w).status().code(),
            absl::StatusCode::kPermissionDenied);
  vpb::WaiveSlotRequest stale = w;
  stale.set_version(7);
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, zhang_, "WaiveSlot", stale).status().code(),
            absl::StatusCode::kAborted);
  auto waived = Call<vpb::VisitPlan>(*table_, zhang_, "WaiveSlot", w);
  ASSERT_TRUE(waived.ok()) << waived.status();
  EXPECT_EQ(waived->version(), 2);
  EXPECT_EQ(waived->slots(0).state(), vpb::SLOT_STATE_WAIVED);
  EXPECT_EQ(waived->slots(0).waive_reason(), "家庭已搬离本县");
  EXPECT_EQ(waived->slots(0).waived_by().principal(), "user:u-zhang");
  // Replayed: the same answer, nothing more. Read back: the reason is stored sealed.
  auto replay = Call<vpb::VisitPlan>(*table_, zhang_, "WaiveSlot", w);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->version(), 2);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_slots WHERE waive_reason_enc LIKE '%搬离%'"), 0);
  vpb::GetPlanRequest get;
  get.set_plan_id(plan->plan_id());
  auto read = plans_->GetPlan(zhang_, get);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->slots(0).waive_reason(), "家庭已搬离本县");
  // Waiving it again fails on its state.
  vpb::WaiveSlotRequest twice = w;
  twice.set_request_id(VRid());
  twice.set_version(2);
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, zhang_, "WaiveSlot", twice).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(VisitPlansTest, CancelIsForTheHead) {
  auto plan = Call<vpb::VisitPlan>(*table_, zhang_, "CreatePlan", ManualPlan());
  ASSERT_TRUE(plan.ok());
  vpb::CancelPlanRequest c;
  c.set_request_id(VRid());
  c.set_plan_id(plan->plan_id());
  c.set_version(1);
  c.set_reason("监护人拒绝回访，转为电话联系");
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, zhang_, "CancelPlan", c).status().code(),
            absl::StatusCode::kPermissionDenied);
  vpb::CancelPlanRequest no_reason = c;
  no_reason.clear_reason();
  EXPECT_TRUE(
      HasField(Call<vpb::VisitPlan>(*table_, head_, "CancelPlan", no_reason).status(), "reason"));
  auto cancelled = Call<vpb::VisitPlan>(*table_, head_, "CancelPlan", c);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->status(), vpb::PLAN_STATUS_CANCELLED);
  EXPECT_EQ(cancelled->cancel_reason(), "监护人拒绝回访，转为电话联系");
  EXPECT_TRUE(cancelled->finished());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_slots WHERE live = 1"), 0);
  vpb::CancelPlanRequest again = c;
  again.set_request_id(VRid());
  again.set_version(2);
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, head_, "CancelPlan", again).status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto due = plans_->ListDueVisits(zhang_, vpb::ListDueVisitsRequest());
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->visits_size(), 0);
}

TEST_F(VisitPlansTest, ReadsRefuseOtherProcuratorates) {
  auto plan = Call<vpb::VisitPlan>(*table_, zhang_, "CreatePlan", ManualPlan());
  ASSERT_TRUE(plan.ok());
  vpb::GetPlanRequest get;
  get.set_plan_id(plan->plan_id());
  EXPECT_TRUE(Call<vpb::VisitPlan>(*table_, chief_, "GetPlan", get).ok());
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, xs_head_, "GetPlan", get).status().code(),
            absl::StatusCode::kPermissionDenied);
  get.set_plan_id("vplan-520330-nothing");
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, zhang_, "GetPlan", get).status().code(),
            absl::StatusCode::kPermissionDenied);
  get.set_plan_id("vplan-520382-nothing");
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, zhang_, "GetPlan", get).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Call<vpb::VisitPlan>(*table_, analyst_, "GetPlan", get).status().code(),
            absl::StatusCode::kPermissionDenied);
  vpb::ListPlansRequest list;
  list.set_case_id(kXsCase);
  EXPECT_EQ(Call<vpb::ListPlansResponse>(*table_, zhang_, "ListPlans", list).status().code(),
            absl::StatusCode::kPermissionDenied);
  list.set_case_id(kCase);
  list.set_page_token("???");
  EXPECT_TRUE(HasField(Call<vpb::ListPlansResponse>(*table_, zhang_, "ListPlans", list).status(),
                       "page_token"));
}

TEST_F(VisitPlansTest, SettingsDefaultsThenTheAdminsOwn) {
  auto defaults =
      Call<vpb::VisitPolicy>(*table_, zhang_, "GetVisitPolicy", vpb::GetVisitPolicyRequest());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->offline_grace_days(), 7);
  EXPECT_EQ(defaults->version(), 0);
  vpb::UpdateVisitPolicyRequest up;
  up.set_request_id(VRid());
  *up.mutable_policy() = *defaults;
  up.mutable_policy()->set_offline_grace_days(14);
  EXPECT_EQ(Call<vpb::VisitPolicy>(*table_, head_, "UpdateVisitPolicy", up).status().code(),
            absl::StatusCode::kPermissionDenied);
  vpb::UpdateVisitPolicyRequest bad = up;
  bad.mutable_policy()->set_offline_grace_days(31);
  const TableCounts before = Counts();
  EXPECT_TRUE(HasField(Call<vpb::VisitPolicy>(*table_, admin_, "UpdateVisitPolicy", bad).status(),
                       "policy.offline_grace_days"));
  EXPECT_EQ(DescribeChange(before, Counts()), "");
  auto saved = Call<vpb::VisitPolicy>(*table_, admin_, "UpdateVisitPolicy", up);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->version(), 1);
  vpb::UpdateVisitPolicyRequest stale = up;
  stale.set_request_id(VRid());
  EXPECT_EQ(Call<vpb::VisitPolicy>(*table_, admin_, "UpdateVisitPolicy", stale).status().code(),
            absl::StatusCode::kAborted);
  auto read = plans_->GetVisitPolicy(zhang_, {});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->offline_grace_days(), 14);
  EXPECT_EQ(read->version(), 1);
  auto xs = plans_->GetVisitPolicy(xs_worker_, {});
  ASSERT_TRUE(xs.ok());
  EXPECT_EQ(xs->offline_grace_days(), 7);  // Xishui keeps the defaults
  vpb::GetVisitPolicyRequest other;
  other.set_procuratorate_code(kXishui);
  EXPECT_EQ(plans_->GetVisitPolicy(zhang_, other).status().code(),
            absl::StatusCode::kPermissionDenied);
}

// Every slot's window is a watched deadline (topic "deadline.changed", for the oversight
// service; item "VISIT_WINDOW:<plan>" for slot 1, "...:<n>" for slot n): started with the
// plan, cancelled when waived or the plan cancelled, moved when the plan is reassigned.
TEST_F(VisitPlansTest, SlotWindowsArePublishedFromThePlanToTheirEnd) {
  namespace opb = ::shouhu::oversight::v1;
  auto plan = Call<vpb::VisitPlan>(*table_, zhang_, "CreatePlan", ManualPlan());
  ASSERT_TRUE(plan.ok()) << plan.status();
  const std::string first = "VISIT_WINDOW:" + plan->plan_id();
  const std::string second = first + ":2";
  std::vector<opb::DeadlineChanged> one = DeadlineChanges(first);
  std::vector<opb::DeadlineChanged> two = DeadlineChanges(second);
  ASSERT_EQ(one.size(), 1u);
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(one[0].kind(), opb::VISIT_WINDOW);
  EXPECT_EQ(one[0].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(one[0].record_id(), plan->plan_id());
  EXPECT_EQ(one[0].case_id(), kCase);
  EXPECT_EQ(one[0].procuratorate_code(), kRenhuai);
  EXPECT_EQ(one[0].assigned_to(), "person:" + plan->assigned_to());
  EXPECT_EQ(one[0].started_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayStart(CivilDay(2025, 3, 10))));
  EXPECT_EQ(one[0].due_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayEnd(CivilDay(2025, 3, 15))));
  EXPECT_EQ(one[0].sequence(), 1);
  EXPECT_EQ(two[0].started_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayStart(CivilDay(2025, 4, 4))));
  EXPECT_EQ(two[0].due_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayEnd(CivilDay(2025, 4, 9))));

  vpb::WaiveSlotRequest w;
  w.set_request_id(VRid());
  w.set_plan_id(plan->plan_id());
  w.set_version(plan->version());
  w.set_slot_sequence(1);
  w.set_reason("家庭已搬离本县");
  auto waived = Call<vpb::VisitPlan>(*table_, zhang_, "WaiveSlot", w);
  ASSERT_TRUE(waived.ok()) << waived.status();
  one = DeadlineChanges(first);
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[1].state(), opb::DEADLINE_CANCELLED);
  EXPECT_EQ(one[1].ended_at().unix_millis(), waived->slots(0).waived_at().unix_millis());
  EXPECT_EQ(one[1].sequence(), waived->version());
  EXPECT_EQ(DeadlineChanges(second).size(), 1u);

  vpb::AssignPlanRequest assign;
  assign.set_request_id(VRid());
  assign.set_plan_id(plan->plan_id());
  assign.set_version(waived->version());
  assign.set_assigned_to("u-li");
  auto assigned = Call<vpb::VisitPlan>(*table_, head_, "AssignPlan", assign);
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  two = DeadlineChanges(second);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(two[1].assigned_to(), "person:u-li");
  EXPECT_EQ(DeadlineChanges(first).size(), 2u);  // ended before: nothing more

  vpb::CancelPlanRequest c;
  c.set_request_id(VRid());
  c.set_plan_id(plan->plan_id());
  c.set_version(assigned->version());
  c.set_reason("监护人拒绝回访，转为电话联系");
  auto cancelled = Call<vpb::VisitPlan>(*table_, head_, "CancelPlan", c);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  two = DeadlineChanges(second);
  ASSERT_EQ(two.size(), 3u);
  EXPECT_EQ(two[2].state(), opb::DEADLINE_CANCELLED);
  EXPECT_EQ(two[2].sequence(), cancelled->version());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM outbox_events WHERE topic = 'deadline.changed'"), 5);
}

// An event of a topic the visit service does not react to (deadline.changed goes to every
// target of a relay) is acknowledged: no error, nothing written, not retried.
TEST_F(VisitPlansTest, TopicsItDoesNotHandleAreAcknowledgedAndIgnored) {
  namespace opb = ::shouhu::oversight::v1;
  opb::DeadlineChanged changed;
  changed.set_item_key("AID_DECISION:aid-520382-1");
  changed.set_kind(opb::AID_DECISION);
  const TableCounts before = Counts();
  EXPECT_TRUE(Deliver("deadline.changed", changed, "ev-d1").ok());
  EXPECT_EQ(DescribeChange(before, Counts()), "");
}

}  // namespace
}  // namespace shouhu::testing
