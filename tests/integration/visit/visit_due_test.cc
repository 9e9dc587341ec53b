// "My due visits" on a real MariaDB: open and overdue slots across a caseworker's plans,
// soonest due first, optionally missed ones and those coming up, paged; states computed
// for the day of the read; schedule templates per procuratorate over the shipped ones.
#include <gtest/gtest.h>

#include <array>

#include "common/base/dates.h"
#include "integration/visit/visit_fixture.h"

namespace shouhu::testing {
namespace {

using absl::CivilDay;

class VisitDueTest : public VisitFixture {
 protected:
  std::string Plan(CivilDay anchor, std::vector<std::array<int, 3>> items) {
    vpb::CreatePlanRequest req;
    req.set_request_id(VRid());
    req.set_case_id(kCase);
    req.set_anchor_kind(vpb::ANCHOR_KIND_MANUAL);
    *req.mutable_anchor_date() = FromCivilDay(anchor);
    for (const auto& [offset, before, after] : items) {
      vpb::ScheduleItem* i = req.add_items();
      i->set_label(absl::StrCat("第", offset, "天"));
      i->set_offset_days(offset);
      i->set_window_before_days(before);
      i->set_expiry_after_days(after);
    }
    auto plan = plans_->CreatePlan(zhang_, req);
    EXPECT_TRUE(plan.ok()) << plan.status();
    return plan.ok() ? plan->plan_id() : "";
  }

  // (due date, state) of the due list.
  std::vector<std::string> Due(const Principal& p, vpb::ListDueVisitsRequest req) {
    auto r = plans_->ListDueVisits(p, req);
    EXPECT_TRUE(r.ok()) << r.status();
    std::vector<std::string> out;
    if (!r.ok()) return out;
    for (const auto& v : r->visits()) {
      out.push_back(
          absl::StrCat(DateString(v.slot().due_on()), " ", vpb::SlotState_Name(v.slot().state())));
    }
    return out;
  }

  void TwoPlans() {
    // Today is 10 March 2025.
    plan_a_ = Plan(CivilDay(2025, 1, 1), {{{30, 5, 10}},     // due 31 Jan: MISSED
                                          {{65, 5, 10}},     // due 7 Mar: OVERDUE
                                          {{70, 5, 10}},     // due 12 Mar: OPEN
                                          {{80, 5, 10}},     // due 22 Mar: NOT_YET_OPEN
                                          {{120, 5, 10}}});  // due 1 May
    plan_b_ = Plan(CivilDay(2025, 3, 1), {{{10, 2, 3}}});    // due 11 Mar: OPEN
  }

  std::string plan_a_, plan_b_;
};

TEST_F(VisitDueTest, OpenAndOverdueSoonestFirst) {
  TwoPlans();
  EXPECT_EQ(Due(zhang_, {}),
            (std::vector<std::string>{"2025-03-07 SLOT_STATE_OVERDUE", "2025-03-11 SLOT_STATE_OPEN",
                                      "2025-03-12 SLOT_STATE_OPEN"}));
  vpb::ListDueVisitsRequest missed;
  missed.set_include_missed(true);
  EXPECT_EQ(Due(zhang_, missed).front(), "2025-01-31 SLOT_STATE_MISSED");
  EXPECT_EQ(Due(zhang_, missed).size(), 4u);
  vpb::ListDueVisitsRequest coming;
  coming.set_horizon_days(12);
  EXPECT_EQ(Due(zhang_, coming).back(), "2025-03-22 SLOT_STATE_NOT_YET_OPEN");
  EXPECT_EQ(Due(zhang_, coming).size(), 4u);
  // Nobody else's list has them; a department head may read the caseworker's.
  EXPECT_TRUE(Due(wang_, {}).empty());
  vpb::ListDueVisitsRequest of_zhang;
  of_zhang.set_assigned_to("u-zhang");
  EXPECT_EQ(Due(head_, of_zhang).size(), 3u);
  EXPECT_EQ(plans_->ListDueVisits(wang_, of_zhang).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto one = plans_->ListDueVisits(zhang_, {});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->visits(0).plan_id(), plan_a_);
  EXPECT_EQ(one->visits(0).case_id(), kCase);
  EXPECT_EQ(one->visits(0).assigned_to(), "u-zhang");
  EXPECT_EQ(one->visits(0).subject_display_name(), "王**");  // masked by the case hub
}

TEST_F(VisitDueTest, StatesMoveWithTheDay) {
  TwoPlans();
  SetToday(2025, 3, 17);  // the slot due 7 March expires today
  EXPECT_EQ(Due(zhang_, {}).front(), "2025-03-07 SLOT_STATE_OVERDUE");
  SetToday(2025, 3, 18);
  EXPECT_EQ(Due(zhang_, {}), (std::vector<std::string>{"2025-03-12 SLOT_STATE_OVERDUE",
                                                       "2025-03-22 SLOT_STATE_OPEN"}));
  vpb::ListDueVisitsRequest missed;
  missed.set_include_missed(true);
  EXPECT_EQ(Due(zhang_, missed).size(), 5u);
}

TEST_F(VisitDueTest, PagesWalkTheWholeList) {
  TwoPlans();
  vpb::ListDueVisitsRequest all;
  all.set_include_missed(true);
  all.set_horizon_days(60);
  const std::vector<std::string> whole = Due(zhang_, all);
  ASSERT_EQ(whole.size(), 6u);
  std::vector<std::string> paged;
  vpb::ListDueVisitsRequest page = all;
  page.set_page_size(2);
  for (int i = 0; i < 10; ++i) {
    auto r = plans_->ListDueVisits(zhang_, page);
    ASSERT_TRUE(r.ok()) << r.status();
    for (const auto& v : r->visits()) {
      paged.push_back(
          absl::StrCat(DateString(v.slot().due_on()), " ", vpb::SlotState_Name(v.slot().state())));
    }
    if (r->next_page_token().empty()) break;
    page.set_page_token(r->next_page_token());
  }
  EXPECT_EQ(paged, whole);
}

TEST_F(VisitDueTest, WaivedSlotsLeaveTheList) {
  TwoPlans();
  vpb::WaiveSlotRequest w;
  w.set_request_id(VRid());
  w.set_plan_id(plan_b_);
  w.set_version(1);
  w.set_slot_sequence(1);
  w.set_reason("已电话确认，本月不需回访");
  ASSERT_TRUE(plans_->WaiveSlot(zhang_, w).ok());
  EXPECT_EQ(Due(zhang_, {}).size(), 2u);
}

TEST_F(VisitDueTest, BadRequests) {
  vpb::ListDueVisitsRequest bad;
  bad.set_horizon_days(61);
  EXPECT_TRUE(HasField(plans_->ListDueVisits(zhang_, bad).status(), "horizon_days"));
  bad = {};
  bad.set_page_token("bm90IGEgdG9rZW4");
  EXPECT_TRUE(HasField(plans_->ListDueVisits(zhang_, bad).status(), "page_token"));
  bad = {};
  bad.set_assigned_to("not a user");
  EXPECT_TRUE(HasField(plans_->ListDueVisits(zhang_, bad).status(), "assigned_to"));
  EXPECT_EQ(Call<vpb::ListDueVisitsResponse>(*table_, chief_, "ListDueVisits",
                                             vpb::ListDueVisitsRequest())
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(VisitDueTest, TemplatesPerProcuratorate) {
  auto shipped = Call<vpb::ListScheduleTemplatesResponse>(*table_, admin_, "ListScheduleTemplates",
                                                          vpb::ListScheduleTemplatesRequest());
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  EXPECT_EQ(shipped->templates_size(), 4);
  vpb::UpsertScheduleTemplateRequest up;
  up.set_request_id(VRid());
  vpb::ScheduleTemplate* t = up.mutable_template_();
  t->set_template_id("aid-monthly");
  t->set_name("救助后每月回访");
  t->set_anchor_kind(vpb::ANCHOR_KIND_AID_PAID);
  t->set_default_for_anchor(true);
  vpb::ScheduleItem* i = t->add_items();
  i->set_label("每月回访");
  i->set_offset_days(30);
  i->set_window_before_days(5);
  i->set_expiry_after_days(10);
  i->set_repeat_every_days(30);
  i->set_repeat_until_days(180);
  EXPECT_EQ(
      Call<vpb::ScheduleTemplate>(*table_, zhang_, "UpsertScheduleTemplate", up).status().code(),
      absl::StatusCode::kPermissionDenied);
  // Bad input: the field, nothing written.
  vpb::UpsertScheduleTemplateRequest bad = up;
  bad.mutable_template_()->mutable_items(0)->set_repeat_every_days(10);
  const TableCounts before = Counts();
  auto refused = Call<vpb::ScheduleTemplate>(*table_, admin_, "UpsertScheduleTemplate", bad);
  EXPECT_TRUE(HasField(refused.status(), "template.items[0].repeat_every_days"))
      << refused.status();
  bad = up;
  bad.mutable_template_()->set_procuratorate_code(kXishui);
  EXPECT_TRUE(
      HasField(Call<vpb::ScheduleTemplate>(*table_, admin_, "UpsertScheduleTemplate", bad).status(),
               "template.procuratorate_code"));
  EXPECT_EQ(DescribeChange(before, Counts()), "");

  auto saved = Call<vpb::ScheduleTemplate>(*table_, admin_, "UpsertScheduleTemplate", up);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->version(), 1);
  EXPECT_EQ(saved->procuratorate_code(), kRenhuai);
  vpb::UpsertScheduleTemplateRequest stale = up;
  stale.set_request_id(VRid());
  EXPECT_EQ(
      Call<vpb::ScheduleTemplate>(*table_, admin_, "UpsertScheduleTemplate", stale).status().code(),
      absl::StatusCode::kAborted);
  auto listed = plans_->ListScheduleTemplates(zhang_, {});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->templates_size(), 5);
  for (const auto& lt : listed->templates()) {
    if (lt.anchor_kind() == vpb::ANCHOR_KIND_AID_PAID) {
      EXPECT_EQ(lt.default_for_anchor(), lt.template_id() == "aid-monthly") << lt.template_id();
    }
  }
  // Xishui still has the shipped ones only.
  auto xs = plans_->ListScheduleTemplates(xs_worker_, {});
  ASSERT_TRUE(xs.ok());
  EXPECT_EQ(xs->templates_size(), 4);
  // Plans from events now use the procuratorate's own default, with its version.
  ASSERT_TRUE(AidPaid("aid-520382-1", "pay-1", CivilDay(2025, 3, 1), "ev-1").ok());
  const auto plans = PlansOf(kCase, zhang_);
  ASSERT_EQ(plans.plans_size(), 1);
  EXPECT_EQ(plans.plans(0).template_id(), "aid-monthly");
  EXPECT_EQ(plans.plans(0).template_version(), 1);
  EXPECT_EQ(plans.plans(0).slots_size(), 6);
}

}  // namespace
}  // namespace shouhu::testing
