#include "visit/deadline_changes.h"

#include <optional>
#include <set>

#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/db/deadline_events.h"

namespace shouhu::visit {
namespace {

namespace pb = ::shouhu::visit::v1;
namespace opb = ::shouhu::oversight::v1;

constexpr char kVisitService[] = "visit";

std::optional<db::DeadlineChange> SlotDeadlineOf(const pb::VisitPlan* plan, int sequence,
                                                 std::optional<absl::CivilDay> visited_on) {
  if (plan == nullptr) return std::nullopt;
  const pb::VisitSlot* slot = nullptr;
  for (const pb::VisitSlot& s : plan->slots()) {
    if (s.sequence() == sequence) slot = &s;
  }
  if (slot == nullptr || !IsValidDate(slot->opens_on()) || !IsValidDate(slot->due_on())) {
    return std::nullopt;
  }
  db::DeadlineChange c{.kind = opb::VISIT_WINDOW,
                       .procuratorate = plan->procuratorate_code(),
                       .case_id = plan->case_id(),
                       .record_id = plan->plan_id(),
                       .ordinal = sequence,
                       .assignee = plan->assigned_to(),
                       .started_at = db::DeadlineDayStart(ToCivilDay(slot->opens_on())),
                       .due_at = db::DeadlineDayEnd(ToCivilDay(slot->due_on())),
                       .sequence = plan->version()};
  if (slot->state() == pb::SLOT_STATE_DONE) {
    c.state = opb::DEADLINE_MET;
    if (visited_on.has_value()) c.ended_at = db::DeadlineDayEnd(*visited_on);
  } else if (slot->state() == pb::SLOT_STATE_WAIVED) {
    c.state = opb::DEADLINE_CANCELLED;
    if (slot->has_waived_at()) c.ended_at = FromTimestamp(slot->waived_at());
  } else if (plan->status() != pb::PLAN_STATUS_ACTIVE) {
    c.state = opb::DEADLINE_CANCELLED;
  }
  return c;
}

}  // namespace

absl::Status PublishSlotDeadlines(db::Tx& tx, IdGenerator& ids, absl::Time now,
                                  const pb::VisitPlan* before, const pb::VisitPlan* after,
                                  std::optional<absl::CivilDay> visited_on) {
  std::set<int> sequences;
  for (const pb::VisitPlan* plan : {before, after}) {
    if (plan == nullptr) continue;
    for (const pb::VisitSlot& s : plan->slots()) sequences.insert(s.sequence());
  }
  for (int sequence : sequences) {
    RETURN_IF_ERROR(db::EnqueueDeadlineTransition(tx, ids, kVisitService, now,
                                                  SlotDeadlineOf(before, sequence, std::nullopt),
                                                  SlotDeadlineOf(after, sequence, visited_on)));
  }
  return absl::OkStatus();
}

}  // namespace shouhu::visit
