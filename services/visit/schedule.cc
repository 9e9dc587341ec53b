#include "visit/schedule.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"

namespace shouhu::visit {
namespace {

bool IsTemplateId(absl::string_view id) {
  if (id.size() < 3 || id.size() > 32) return false;
  for (char c : id) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-')) return false;
  }
  return true;
}

pb::ScheduleItem Item(const char* label, int offset, int before, int after, pb::VisitKind kind) {
  pb::ScheduleItem i;
  i.set_label(label);
  i.set_offset_days(offset);
  i.set_window_before_days(before);
  i.set_expiry_after_days(after);
  i.set_suggested_kind(kind);
  return i;
}

pb::ScheduleTemplate Template(absl::string_view procuratorate, const char* id, const char* name,
                              pb::AnchorKind anchor, std::vector<pb::ScheduleItem> items) {
  pb::ScheduleTemplate t;
  t.set_template_id(id);
  t.set_procuratorate_code(std::string(procuratorate));
  t.set_name(name);
  t.set_anchor_kind(anchor);
  t.set_default_for_anchor(true);
  for (pb::ScheduleItem& i : items) *t.add_items() = std::move(i);
  t.set_shipped(true);
  return t;
}

}  // namespace

pb::SlotState SlotStateOn(int stored_state, absl::CivilDay opens_on, absl::CivilDay due_on,
                          absl::CivilDay expires_on, absl::CivilDay today) {
  if (stored_state == pb::SLOT_STATE_DONE) return pb::SLOT_STATE_DONE;
  if (stored_state == pb::SLOT_STATE_WAIVED) return pb::SLOT_STATE_WAIVED;
  if (today < opens_on) return pb::SLOT_STATE_NOT_YET_OPEN;
  if (today <= due_on) return pb::SLOT_STATE_OPEN;
  if (today <= expires_on) return pb::SLOT_STATE_OVERDUE;
  return pb::SLOT_STATE_MISSED;
}

pb::VisitSlot WithState(pb::VisitSlot slot, absl::CivilDay today) {
  const int stored = slot.state() == pb::SLOT_STATE_DONE || slot.state() == pb::SLOT_STATE_WAIVED
                         ? slot.state()
                         : 0;
  slot.set_state(SlotStateOn(stored, ToCivilDay(slot.opens_on()), ToCivilDay(slot.due_on()),
                             ToCivilDay(slot.expires_on()), today));
  return slot;
}

bool PlanFinished(const pb::VisitPlan& plan, absl::CivilDay today) {
  if (plan.status() != pb::PLAN_STATUS_ACTIVE) return true;
  for (const pb::VisitSlot& s : plan.slots()) {
    const pb::SlotState st = WithState(s, today).state();
    if (st == pb::SLOT_STATE_NOT_YET_OPEN || st == pb::SLOT_STATE_OPEN ||
        st == pb::SLOT_STATE_OVERDUE) {
      return false;
    }
  }
  return true;
}

void CheckItems(FieldErrors& e, absl::string_view prefix,
                const google::protobuf::RepeatedPtrField<pb::ScheduleItem>& items) {
  if (items.empty() || items.size() > kMaxItems) {
    e.Add(std::string(prefix), absl::StrCat("1-", kMaxItems, " items"));
    return;
  }
  int previous = -1;
  for (int n = 0; n < items.size(); ++n) {
    const pb::ScheduleItem& i = items[n];
    const std::string f = absl::StrCat(prefix, "[", n, "].");
    CheckText(e, f + "label", i.label(), 1, 64);
    if (i.offset_days() < 0 || i.offset_days() > kMaxOffsetDays) {
      e.Add(f + "offset_days", absl::StrCat("0-", kMaxOffsetDays, " days"));
    } else if (i.offset_days() <= previous) {
      e.Add(f + "offset_days", "must increase from item to item");
    }
    previous = std::max(previous, i.offset_days());
    if (i.window_before_days() < 0 || i.window_before_days() > kMaxWindowDays) {
      e.Add(f + "window_before_days", absl::StrCat("0-", kMaxWindowDays, " days"));
    }
    if (i.expiry_after_days() < 0 || i.expiry_after_days() > kMaxWindowDays) {
      e.Add(f + "expiry_after_days", absl::StrCat("0-", kMaxWindowDays, " days"));
    }
    if (!pb::VisitKind_IsValid(i.suggested_kind())) e.Add(f + "suggested_kind", "unknown value");
    if (i.repeat_every_days() == 0) {
      if (i.repeat_until_days() != 0) e.Add(f + "repeat_until_days", "only with repeat_every_days");
      if (i.until_anchor_end()) e.Add(f + "until_anchor_end", "only with repeat_every_days");
      continue;
    }
    if (i.repeat_every_days() < 0 || i.repeat_every_days() > kMaxRepeatEveryDays) {
      e.Add(f + "repeat_every_days", absl::StrCat("0 (once) or 1-", kMaxRepeatEveryDays, " days"));
    } else if (i.window_before_days() + i.expiry_after_days() >= i.repeat_every_days()) {
      e.Add(f + "repeat_every_days",
            "must be longer than window_before_days + expiry_after_days (windows must not "
            "overlap)");
    }
    if (i.repeat_until_days() < i.offset_days() || i.repeat_until_days() > kMaxOffsetDays) {
      e.Add(f + "repeat_until_days", absl::StrCat("offset_days-", kMaxOffsetDays, " days"));
    }
  }
}

void CheckTemplate(FieldErrors& e, const pb::ScheduleTemplate& t, absl::string_view procuratorate) {
  if (!IsTemplateId(t.template_id())) e.Add("template.template_id", "3-32 of [a-z0-9-]");
  if (!t.procuratorate_code().empty() && t.procuratorate_code() != procuratorate) {
    e.Add("template.procuratorate_code", "empty or the caller's procuratorate");
  }
  CheckText(e, "template.name", t.name(), 1, 64);
  if (t.anchor_kind() == pb::ANCHOR_KIND_UNSPECIFIED || !pb::AnchorKind_IsValid(t.anchor_kind())) {
    e.Add("template.anchor_kind", "required");
  }
  if (t.version() < 0) e.Add("template.version", "must not be negative");
  CheckItems(e, "template.items", t.items());
}

absl::StatusOr<std::vector<pb::VisitSlot>> ExpandSlots(
    const google::protobuf::RepeatedPtrField<pb::ScheduleItem>& items, absl::CivilDay anchor,
    std::optional<absl::CivilDay> anchor_ends_on, absl::string_view field) {
  std::vector<pb::VisitSlot> out;
  auto too_many = [&] {
    FieldErrors e;
    e.Add(std::string(field), absl::StrCat("the schedule makes more than ", kMaxSlots, " slots"));
    return e.ToStatus();
  };
  for (const pb::ScheduleItem& i : items) {
    int offset = i.offset_days();
    const int last = i.repeat_every_days() > 0 ? i.repeat_until_days() : offset;
    for (; offset <= last; offset += std::max(1, i.repeat_every_days())) {
      const absl::CivilDay due = anchor + offset;
      if (i.repeat_every_days() > 0 && i.until_anchor_end() && anchor_ends_on.has_value() &&
          due > *anchor_ends_on && offset != i.offset_days()) {
        break;
      }
      if (out.size() >= static_cast<size_t>(kMaxSlots)) return too_many();
      pb::VisitSlot s;
      s.set_label(i.label());
      s.set_suggested_kind(i.suggested_kind());
      *s.mutable_opens_on() = FromCivilDay(due - i.window_before_days());
      *s.mutable_due_on() = FromCivilDay(due);
      *s.mutable_expires_on() = FromCivilDay(due + i.expiry_after_days());
      out.push_back(std::move(s));
    }
  }
  if (out.empty()) {
    FieldErrors e;
    e.Add(std::string(field), "the schedule makes no slot");
    return e.ToStatus();
  }
  std::stable_sort(out.begin(), out.end(), [](const pb::VisitSlot& a, const pb::VisitSlot& b) {
    return ToCivilDay(a.due_on()) < ToCivilDay(b.due_on());
  });
  for (size_t n = 0; n < out.size(); ++n) out[n].set_sequence(static_cast<int>(n) + 1);
  return out;
}

std::vector<pb::ScheduleTemplate> ShippedTemplates(absl::string_view procuratorate) {
  std::vector<pb::ScheduleTemplate> out;
  out.push_back(Template(procuratorate, "aid-standard", "司法救助回访（一月、三月、半年、一年）",
                         pb::ANCHOR_KIND_AID_PAID,
                         {Item("首次回访", 30, 7, 14, pb::VISIT_KIND_HOME),
                          Item("三个月回访", 90, 14, 30, pb::VISIT_KIND_PHONE),
                          Item("半年回访", 180, 14, 30, pb::VISIT_KIND_HOME),
                          Item("一年回访", 365, 30, 60, pb::VISIT_KIND_HOME)}));
  pb::ScheduleItem fortnightly = Item("督促期间回访", 21, 3, 7, pb::VISIT_KIND_PHONE);
  fortnightly.set_repeat_every_days(14);
  fortnightly.set_repeat_until_days(180);
  fortnightly.set_until_anchor_end(true);
  out.push_back(Template(procuratorate, "order-supervision", "督促监护令监督回访（每两周）",
                         pb::ANCHOR_KIND_ORDER_ISSUED,
                         {Item("送达后首次家访", 7, 3, 7, pb::VISIT_KIND_HOME), fortnightly}));
  out.push_back(Template(procuratorate, "case-closed", "结案回访（一案一回访）",
                         pb::ANCHOR_KIND_CASE_CLOSED,
                         {Item("结案回访", 30, 15, 30, pb::VISIT_KIND_HOME)}));
  out.push_back(Template(procuratorate, "manual-once", "单次回访", pb::ANCHOR_KIND_MANUAL,
                         {Item("回访", 0, 0, 14, pb::VISIT_KIND_UNSPECIFIED)}));
  return out;
}

std::vector<pb::ScheduleTemplate> MergeTemplates(std::vector<pb::ScheduleTemplate> shipped,
                                                 const std::vector<pb::ScheduleTemplate>& own) {
  std::map<std::string, pb::ScheduleTemplate> by_id;
  for (pb::ScheduleTemplate& t : shipped) by_id[t.template_id()] = std::move(t);
  for (const pb::ScheduleTemplate& t : own) by_id[t.template_id()] = t;
  // One default per anchor: an own default replaces the shipped one.
  for (const pb::ScheduleTemplate& t : own) {
    if (!t.default_for_anchor()) continue;
    for (auto& [id, other] : by_id) {
      if (id != t.template_id() && other.anchor_kind() == t.anchor_kind()) {
        other.set_default_for_anchor(false);
      }
    }
  }
  std::vector<pb::ScheduleTemplate> out;
  for (auto& [id, t] : by_id) out.push_back(std::move(t));
  return out;
}

std::optional<pb::ScheduleTemplate> DefaultFor(const std::vector<pb::ScheduleTemplate>& templates,
                                               pb::AnchorKind anchor) {
  const pb::ScheduleTemplate* found = nullptr;
  for (const pb::ScheduleTemplate& t : templates) {
    if (t.anchor_kind() != anchor || !t.default_for_anchor()) continue;
    if (found == nullptr || (found->shipped() && !t.shipped())) found = &t;
  }
  if (found == nullptr) return std::nullopt;
  return *found;
}

}  // namespace shouhu::visit
