// Schedules without I/O: slot states at every boundary (opens, due, expires, month ends,
// the China date of an instant), template validation, expansion with recurrence, the
// shipped templates and the choice of a default.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/base/dates.h"
#include "support/field_violations.h"
#include "visit/schedule.h"

namespace shouhu::visit {
namespace {

using absl::CivilDay;
using ::shouhu::testing::ViolatedFields;

pb::ScheduleItem Item(const std::string& label, int offset, int before, int after) {
  pb::ScheduleItem i;
  i.set_label(label);
  i.set_offset_days(offset);
  i.set_window_before_days(before);
  i.set_expiry_after_days(after);
  return i;
}

google::protobuf::RepeatedPtrField<pb::ScheduleItem> Items(std::vector<pb::ScheduleItem> v) {
  google::protobuf::RepeatedPtrField<pb::ScheduleItem> out;
  for (auto& i : v) *out.Add() = std::move(i);
  return out;
}

bool Has(const absl::Status& s, const std::string& field) {
  for (const auto& f : ViolatedFields(s)) {
    if (f == field) return true;
  }
  return false;
}

absl::Status Check(const google::protobuf::RepeatedPtrField<pb::ScheduleItem>& items) {
  FieldErrors e;
  CheckItems(e, "items", items);
  return e.ToStatus();
}

// Window 1-10 March, due 5 March, expires 8 March... as dates around a month end.
TEST(SlotStateTest, EveryBoundary) {
  const CivilDay opens(2025, 2, 26), due(2025, 2, 28), expires(2025, 3, 3);
  EXPECT_EQ(SlotStateOn(0, opens, due, expires, CivilDay(2025, 2, 25)),
            pb::SLOT_STATE_NOT_YET_OPEN);
  EXPECT_EQ(SlotStateOn(0, opens, due, expires, CivilDay(2025, 2, 26)), pb::SLOT_STATE_OPEN);
  EXPECT_EQ(SlotStateOn(0, opens, due, expires, CivilDay(2025, 2, 28)), pb::SLOT_STATE_OPEN);
  // The day after 28 February 2025 is 1 March: overdue.
  EXPECT_EQ(SlotStateOn(0, opens, due, expires, CivilDay(2025, 3, 1)), pb::SLOT_STATE_OVERDUE);
  EXPECT_EQ(SlotStateOn(0, opens, due, expires, CivilDay(2025, 3, 3)), pb::SLOT_STATE_OVERDUE);
  EXPECT_EQ(SlotStateOn(0, opens, due, expires, CivilDay(2025, 3, 4)), pb::SLOT_STATE_MISSED);
  // Stored states win over the dates.
  EXPECT_EQ(SlotStateOn(pb::SLOT_STATE_DONE, opens, due, expires, CivilDay(2026, 1, 1)),
            pb::SLOT_STATE_DONE);
  EXPECT_EQ(SlotStateOn(pb::SLOT_STATE_WAIVED, opens, due, expires, CivilDay(2020, 1, 1)),
            pb::SLOT_STATE_WAIVED);
}

TEST(SlotStateTest, ZeroWindowsAndLeapYear) {
  const CivilDay day(2024, 2, 29);
  EXPECT_EQ(SlotStateOn(0, day, day, day, CivilDay(2024, 2, 28)), pb::SLOT_STATE_NOT_YET_OPEN);
  EXPECT_EQ(SlotStateOn(0, day, day, day, day), pb::SLOT_STATE_OPEN);
  EXPECT_EQ(SlotStateOn(0, day, day, day, CivilDay(2024, 3, 1)), pb::SLOT_STATE_MISSED);
}

// "Today" is the China date: 16:00 UTC is already the next day in Beijing.
TEST(SlotStateTest, TodayIsTheChinaDate) {
  const absl::Time late_utc =
      absl::FromCivil(absl::CivilSecond(2025, 3, 31, 16, 0, 0), absl::UTCTimeZone());
  EXPECT_EQ(ChinaDay(late_utc), CivilDay(2025, 4, 1));
  pb::VisitSlot s;
  *s.mutable_opens_on() = FromCivilDay(CivilDay(2025, 3, 25));
  *s.mutable_due_on() = FromCivilDay(CivilDay(2025, 3, 31));
  *s.mutable_expires_on() = FromCivilDay(CivilDay(2025, 4, 7));
  EXPECT_EQ(WithState(s, ChinaDay(late_utc - absl::Seconds(1))).state(), pb::SLOT_STATE_OPEN);
  EXPECT_EQ(WithState(s, ChinaDay(late_utc)).state(), pb::SLOT_STATE_OVERDUE);
}

TEST(ExpandSlotsTest, DatesFromTheAnchorAcrossMonthEnds) {
  auto slots = ExpandSlots(Items({Item("首次", 30, 7, 14), Item("三月", 90, 14, 30)}),
                           CivilDay(2025, 1, 31), std::nullopt);
  ASSERT_TRUE(slots.ok()) << slots.status();
  ASSERT_EQ(slots->size(), 2u);
  EXPECT_EQ((*slots)[0].sequence(), 1);
  EXPECT_EQ(DateString((*slots)[0].due_on()), "2025-03-02");  // 31 Jan + 30 days
  EXPECT_EQ(DateString((*slots)[0].opens_on()), "2025-02-23");
  EXPECT_EQ(DateString((*slots)[0].expires_on()), "2025-03-16");
  EXPECT_EQ(DateString((*slots)[1].due_on()), "2025-05-01");
  EXPECT_EQ((*slots)[1].label(), "三月");
}

TEST(ExpandSlotsTest, RecurrenceUntilTheAnchorEnd) {
  pb::ScheduleItem every = Item("每周", 7, 1, 2);
  every.set_repeat_every_days(7);
  every.set_repeat_until_days(182);
  every.set_until_anchor_end(true);
  const CivilDay anchor(2025, 3, 10);
  // A six-month order: weekly checks until its end, beyond 24 items.
  auto until_end = ExpandSlots(Items({every}), anchor, CivilDay(2025, 9, 10));
  ASSERT_TRUE(until_end.ok()) << until_end.status();
  EXPECT_EQ(until_end->size(), 26u);
  EXPECT_EQ(DateString(until_end->back().due_on()), "2025-09-08");
  // An earlier end stops it earlier; no end uses repeat_until_days.
  auto short_end = ExpandSlots(Items({every}), anchor, CivilDay(2025, 3, 31));
  ASSERT_TRUE(short_end.ok());
  EXPECT_EQ(short_end->size(), 3u);
  auto no_end = ExpandSlots(Items({every}), anchor, std::nullopt);
  ASSERT_TRUE(no_end.ok());
  EXPECT_EQ(no_end->size(), 26u);
  for (size_t i = 0; i < no_end->size(); ++i) EXPECT_EQ((*no_end)[i].sequence(), int(i) + 1);
}

TEST(ExpandSlotsTest, InterleavedItemsAreSortedByDueDate) {
  pb::ScheduleItem every = Item("每两周", 14, 2, 3);
  every.set_repeat_every_days(14);
  every.set_repeat_until_days(42);
  auto slots = ExpandSlots(Items({Item("首次", 3, 1, 1), every, Item("期末", 60, 5, 5)}),
                           CivilDay(2025, 1, 1), std::nullopt);
  ASSERT_TRUE(slots.ok());
  std::vector<std::string> due;
  for (const auto& s : *slots) due.push_back(DateString(s.due_on()));
  EXPECT_EQ(due, (std::vector<std::string>{"2025-01-04", "2025-01-15", "2025-01-29", "2025-02-12",
                                           "2025-03-02"}));
}

TEST(ExpandSlotsTest, TooManySlotsIsInvalid) {
  pb::ScheduleItem daily = Item("每日", 0, 0, 0);
  daily.set_repeat_every_days(1);
  daily.set_repeat_until_days(1825);
  auto slots = ExpandSlots(Items({daily}), CivilDay(2025, 1, 1), std::nullopt, "template.items");
  EXPECT_EQ(slots.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Has(slots.status(), "template.items"));
}

TEST(CheckItemsTest, NamesTheField) {
  EXPECT_TRUE(Check(Items({Item("首次", 30, 7, 14)})).ok());
  EXPECT_TRUE(Has(Check(Items({})), "items"));
  EXPECT_TRUE(Has(Check(Items({Item("", 30, 7, 14)})), "items[0].label"));
  EXPECT_TRUE(Has(Check(Items({Item("a", -1, 7, 14)})), "items[0].offset_days"));
  EXPECT_TRUE(Has(Check(Items({Item("a", 1826, 7, 14)})), "items[0].offset_days"));
  EXPECT_TRUE(Has(Check(Items({Item("a", 30, 91, 14)})), "items[0].window_before_days"));
  EXPECT_TRUE(Has(Check(Items({Item("a", 30, 7, -1)})), "items[0].expiry_after_days"));
  EXPECT_TRUE(
      Has(Check(Items({Item("a", 30, 7, 14), Item("b", 30, 7, 14)})), "items[1].offset_days"));
  pb::ScheduleItem overlapping = Item("a", 7, 3, 4);
  overlapping.set_repeat_every_days(7);
  overlapping.set_repeat_until_days(70);
  EXPECT_TRUE(Has(Check(Items({overlapping})), "items[0].repeat_every_days"));
  pb::ScheduleItem no_until = Item("a", 7, 1, 1);
  no_until.set_repeat_every_days(7);
  EXPECT_TRUE(Has(Check(Items({no_until})), "items[0].repeat_until_days"));
  pb::ScheduleItem stray = Item("a", 7, 1, 1);
  stray.set_until_anchor_end(true);
  EXPECT_TRUE(Has(Check(Items({stray})), "items[0].until_anchor_end"));
  std::vector<pb::ScheduleItem> many;
  for (int i = 0; i < 25; ++i) many.push_back(Item("x", i, 0, 0));
  EXPECT_TRUE(Has(Check(Items(many)), "items"));
}

TEST(CheckTemplateTest, IdsNamesAnchorsAndTenant) {
  pb::ScheduleTemplate t = ShippedTemplates("520382")[0];
  t.set_shipped(false);
  FieldErrors ok;
  CheckTemplate(ok, t, "520382");
  EXPECT_TRUE(ok.empty());
  pb::ScheduleTemplate bad = t;
  bad.set_template_id("Aid Standard");
  bad.set_name("");
  bad.set_anchor_kind(pb::ANCHOR_KIND_UNSPECIFIED);
  bad.set_procuratorate_code("520330");
  FieldErrors e;
  CheckTemplate(e, bad, "520382");
  const absl::Status s = e.ToStatus();
  EXPECT_TRUE(Has(s, "template.template_id"));
  EXPECT_TRUE(Has(s, "template.name"));
  EXPECT_TRUE(Has(s, "template.anchor_kind"));
  EXPECT_TRUE(Has(s, "template.procuratorate_code"));
}

TEST(ShippedTemplatesTest, ValidAndOneDefaultPerAnchor) {
  const auto shipped = ShippedTemplates("520382");
  ASSERT_EQ(shipped.size(), 4u);
  for (const auto& t : shipped) {
    FieldErrors e;
    CheckTemplate(e, t, "520382");
    EXPECT_TRUE(e.empty()) << t.template_id() << ": " << e.ToStatus();
    EXPECT_TRUE(ExpandSlots(t.items(), CivilDay(2025, 1, 1), std::nullopt).ok());
    EXPECT_TRUE(t.shipped());
  }
  for (auto anchor : {pb::ANCHOR_KIND_AID_PAID, pb::ANCHOR_KIND_ORDER_ISSUED,
                      pb::ANCHOR_KIND_CASE_CLOSED, pb::ANCHOR_KIND_MANUAL}) {
    ASSERT_TRUE(DefaultFor(shipped, anchor).has_value()) << anchor;
  }
}

TEST(MergeTemplatesTest, OwnDefaultReplacesTheShippedOne) {
  pb::ScheduleTemplate own = ShippedTemplates("520382")[0];
  own.set_template_id("aid-monthly");
  own.set_shipped(false);
  own.set_version(3);
  const auto merged = MergeTemplates(ShippedTemplates("520382"), {own});
  EXPECT_EQ(merged.size(), 5u);
  auto d = DefaultFor(merged, pb::ANCHOR_KIND_AID_PAID);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->template_id(), "aid-monthly");
  // The others keep the shipped defaults.
  EXPECT_EQ(DefaultFor(merged, pb::ANCHOR_KIND_CASE_CLOSED)->template_id(), "case-closed");
  // An own template of a shipped id replaces it.
  pb::ScheduleTemplate replaced = ShippedTemplates("520382")[2];
  replaced.set_shipped(false);
  replaced.set_name("结案回访（本院）");
  const auto merged2 = MergeTemplates(ShippedTemplates("520382"), {replaced});
  EXPECT_EQ(merged2.size(), 4u);
  EXPECT_EQ(DefaultFor(merged2, pb::ANCHOR_KIND_CASE_CLOSED)->name(), "结案回访（本院）");
}

TEST(PlanFinishedTest, NoSlotLeftToDo) {
  pb::VisitPlan plan;
  plan.set_status(pb::PLAN_STATUS_ACTIVE);
  pb::VisitSlot* s = plan.add_slots();
  *s->mutable_opens_on() = FromCivilDay(CivilDay(2025, 3, 1));
  *s->mutable_due_on() = FromCivilDay(CivilDay(2025, 3, 5));
  *s->mutable_expires_on() = FromCivilDay(CivilDay(2025, 3, 10));
  EXPECT_FALSE(PlanFinished(plan, CivilDay(2025, 3, 10)));
  EXPECT_TRUE(PlanFinished(plan, CivilDay(2025, 3, 11)));
  plan.set_status(pb::PLAN_STATUS_CANCELLED);
  EXPECT_TRUE(PlanFinished(plan, CivilDay(2025, 3, 1)));
}

}  // namespace
}  // namespace shouhu::visit
