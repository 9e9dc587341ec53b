#include "common/db/deadline_events.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/db/outbox.h"

namespace shouhu::db {

std::string DeadlineItemKey(opb::DeadlineKind kind, absl::string_view record_id, int ordinal) {
  std::string key = absl::StrCat(opb::DeadlineKind_Name(kind), ":", record_id);
  if (ordinal >= 2) absl::StrAppend(&key, ":", ordinal);
  return key;
}

absl::Time DeadlineDayStart(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day), ChinaTime());
}

absl::Time DeadlineDayEnd(absl::CivilDay day) {
  return DeadlineDayStart(day + 1) - absl::Milliseconds(1);
}

std::string DeadlineAssignee(absl::string_view user_id) {
  return user_id.empty() ? std::string() : absl::StrCat("person:", user_id);
}

absl::StatusOr<opb::DeadlineChanged> DeadlineChangedOf(const DeadlineChange& c) {
  const auto incomplete = [&](absl::string_view what) {
    return absl::InternalError(
        absl::StrCat("deadline change of ", opb::DeadlineKind_Name(c.kind), " without ", what));
  };
  if (c.kind == opb::DEADLINE_KIND_UNSPECIFIED || !opb::DeadlineKind_IsValid(c.kind)) {
    return incomplete("a kind");
  }
  if (c.record_id.empty()) return incomplete("a record id");
  if (c.procuratorate.empty()) return incomplete("a procuratorate");
  if (c.started_at == absl::InfinitePast()) return incomplete("a start");
  if (c.due_at == absl::InfinitePast()) return incomplete("a due instant");
  if (c.sequence <= 0) return incomplete("a sequence");
  if (c.state == opb::DEADLINE_STATE_UNSPECIFIED || !opb::DeadlineState_IsValid(c.state)) {
    return incomplete("a state");
  }
  const bool ended = c.state != opb::DEADLINE_OPEN;
  if (ended && !c.ended_at.has_value()) return incomplete("the instant it ended");
  opb::DeadlineChanged e;
  e.set_item_key(DeadlineItemKey(c.kind, c.record_id, c.ordinal));
  e.set_kind(c.kind);
  e.set_procuratorate_code(c.procuratorate);
  e.set_case_id(c.case_id);
  e.set_record_id(c.record_id);
  e.set_assigned_to(DeadlineAssignee(c.assignee));
  e.set_department(c.department);
  *e.mutable_started_at() = ToTimestamp(c.started_at);
  *e.mutable_due_at() = ToTimestamp(c.due_at);
  e.set_state(c.state);
  if (ended) *e.mutable_ended_at() = ToTimestamp(*c.ended_at);
  e.set_sequence(c.sequence);
  return e;
}

std::optional<DeadlineChange> DeadlineTransition(const std::optional<DeadlineChange>& before,
                                                 const std::optional<DeadlineChange>& after,
                                                 absl::Time now) {
  const bool was_open = before.has_value() && before->state == opb::DEADLINE_OPEN;
  if (!after.has_value()) {
    if (!was_open) return std::nullopt;
    DeadlineChange gone = *before;
    gone.state = opb::DEADLINE_CANCELLED;
    gone.ended_at = now;
    gone.sequence = before->sequence + 1;
    return gone;
  }
  DeadlineChange c = *after;
  if (c.state == opb::DEADLINE_OPEN) {
    if (!was_open) return c;
    const bool moved = before->due_at != c.due_at || before->started_at != c.started_at ||
                       before->assignee != c.assignee || before->department != c.department;
    if (!moved) return std::nullopt;
    return c;
  }
  if (!was_open) return std::nullopt;  // ended before, or never watched
  c.ended_at = c.ended_at.has_value() ? std::min(*c.ended_at, now) : now;
  return c;
}

absl::Status EnqueueDeadlineTransition(Tx& tx, IdGenerator& ids, absl::string_view service,
                                       absl::Time now, const std::optional<DeadlineChange>& before,
                                       const std::optional<DeadlineChange>& after) {
  std::optional<DeadlineChange> c = DeadlineTransition(before, after, now);
  if (!c.has_value()) return absl::OkStatus();
  return EnqueueDeadline(tx, ids, service, now, *c);
}

absl::Status EmitDeadline(Mutation& m, const DeadlineChange& change) {
  absl::StatusOr<opb::DeadlineChanged> e = DeadlineChangedOf(change);
  if (!e.ok()) return e.status();
  return m.Emit(kTopicDeadlineChanged, e->item_key(), change.procuratorate, *e);
}

absl::Status EnqueueDeadline(Tx& tx, IdGenerator& ids, absl::string_view service, absl::Time now,
                             const DeadlineChange& change) {
  absl::StatusOr<opb::DeadlineChanged> e = DeadlineChangedOf(change);
  if (!e.ok()) return e.status();
  OutboxEvent event;
  event.event_id = ids.NewId("evt");
  event.service = std::string(service);
  event.topic = kTopicDeadlineChanged;
  event.aggregate_id = e->item_key();
  event.procuratorate = change.procuratorate;
  event.occurred_at = now;
  return EnqueueEvent(tx, event, *e);
}

}  // namespace shouhu::db
