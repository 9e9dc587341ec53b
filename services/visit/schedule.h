// Schedules without I/O: the slot state computed at read time, template validation, the
// expansion of a template's items (with recurrence) into a plan's slots, and the templates
// shipped with the platform. The rules are those of the header of visit.proto.
#ifndef SHOUHU_VISIT_SCHEDULE_H_
#define SHOUHU_VISIT_SCHEDULE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/base/text.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

namespace pb = ::shouhu::visit::v1;

inline constexpr int kMaxItems = 24;
inline constexpr int kMaxSlots = 400;
inline constexpr int kMaxOffsetDays = 1825;
inline constexpr int kMaxWindowDays = 90;  // window_before_days and expiry_after_days
inline constexpr int kMaxRepeatEveryDays = 365;

// The stored state of a slot: 0 (pending), SLOT_STATE_DONE or SLOT_STATE_WAIVED.
// Pending slots get their state from `today` (China):
//   today < opens_on: NOT_YET_OPEN; opens_on <= today <= due_on: OPEN;
//   due_on < today <= expires_on: OVERDUE; today > expires_on: MISSED.
pb::SlotState SlotStateOn(int stored_state, absl::CivilDay opens_on, absl::CivilDay due_on,
                          absl::CivilDay expires_on, absl::CivilDay today);
// The same for a slot message (its dates), returning the slot with `state` set.
pb::VisitSlot WithState(pb::VisitSlot slot, absl::CivilDay today);
// Whether no slot of `plan` can still be done on `today`: every slot DONE, WAIVED or
// MISSED, or the plan not ACTIVE.
bool PlanFinished(const pb::VisitPlan& plan, absl::CivilDay today);

// Field violations of a template's items under `prefix` ("items", "template.items"):
// 1-24 items, labels 1-64 characters, offsets 0-1825 strictly increasing, windows 0-90,
// a valid suggested kind, and for recurring items: every 1-365 days, window_before +
// expiry_after shorter than the interval, repeat_until_days in [offset_days, 1825].
void CheckItems(FieldErrors& e, absl::string_view prefix,
                const google::protobuf::RepeatedPtrField<pb::ScheduleItem>& items);
// Field violations of a whole template for `procuratorate` (UpsertScheduleTemplate):
// template_id 3-32 of [a-z0-9-], name 1-64, an anchor kind, procuratorate empty or the
// caller's, the items. Field names under "template.".
void CheckTemplate(FieldErrors& e, const pb::ScheduleTemplate& t, absl::string_view procuratorate);

// The slots of `items` from `anchor`, sorted by due date and numbered from 1; recurring
// items stop at repeat_until_days or (until_anchor_end) at `anchor_ends_on`.
// INVALID_ARGUMENT on `field` when the items make no slot or more than kMaxSlots.
absl::StatusOr<std::vector<pb::VisitSlot>> ExpandSlots(
    const google::protobuf::RepeatedPtrField<pb::ScheduleItem>& items, absl::CivilDay anchor,
    std::optional<absl::CivilDay> anchor_ends_on, absl::string_view field = "items");

// The templates shipped with the platform for `procuratorate` (shipped = true, version 0):
// "aid-standard" (aid paid), "order-supervision" (order served), "case-closed" (case
// closed), "manual-once" (a date the caseworker picks); each the default of its anchor.
std::vector<pb::ScheduleTemplate> ShippedTemplates(absl::string_view procuratorate);

// The templates of a procuratorate: the shipped ones replaced by its own of the same id,
// then its own others, in template id order.
std::vector<pb::ScheduleTemplate> MergeTemplates(std::vector<pb::ScheduleTemplate> shipped,
                                                 const std::vector<pb::ScheduleTemplate>& own);
// The default template of `anchor` among `templates` (own before shipped), if any.
std::optional<pb::ScheduleTemplate> DefaultFor(const std::vector<pb::ScheduleTemplate>& templates,
                                               pb::AnchorKind anchor);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_SCHEDULE_H_
