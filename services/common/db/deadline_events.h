// The watched deadlines (topic "deadline.changed", proto/shouhu/oversight/v1/events.proto):
// every service publishes, in the transaction of the change, when one of its deadlines
// starts, moves (new due date, new assignee) or ends (met or cancelled). The oversight
// service (流程监控) keeps, per item key, the change with the highest sequence.
//
//   RETURN_IF_ERROR(db::EmitDeadline(m, {.kind = opb::AID_DECISION,
//                                        .procuratorate = app.procuratorate_code(),
//                                        .case_id = app.case_id(),
//                                        .record_id = app.application_id(),
//                                        .assignee = app.assigned_to(),
//                                        .started_at = accepted_at,
//                                        .due_at = decision_due,
//                                        .sequence = app.version()}));
//
// Ids, codes and instants only, never personal data.
#ifndef SHOUHU_COMMON_DB_DEADLINE_EVENTS_H_
#define SHOUHU_COMMON_DB_DEADLINE_EVENTS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "common/db/mutation.h"
#include "common/db/transaction.h"
#include "shouhu/oversight/v1/events.pb.h"

namespace shouhu::db {

namespace opb = ::shouhu::oversight::v1;

inline constexpr char kTopicDeadlineChanged[] = "deadline.changed";

// One change of one deadline, as the producing service knows it.
struct DeadlineChange {
  opb::DeadlineKind kind = opb::DEADLINE_KIND_UNSPECIFIED;
  std::string procuratorate{};
  std::string case_id{};    // empty where the record has no case (yet)
  std::string record_id{};  // the record the deadline runs on
  // A second (third, ...) deadline of one kind on one record: 2, 3, ...; 0 or 1: the first.
  int ordinal = 0;
  // The user id the record names as responsible (published as "person:<id>"); empty while
  // nobody is assigned.
  std::string assignee{};
  std::string department{};
  absl::Time started_at = absl::InfinitePast();
  absl::Time due_at = absl::InfinitePast();
  opb::DeadlineState state = opb::DEADLINE_OPEN;
  // Required when MET or CANCELLED, ignored while OPEN.
  std::optional<absl::Time> ended_at = std::nullopt;
  // The record's version after the change (or the change's instant in milliseconds).
  int64_t sequence = 0;
};

// "<KIND>:<record id>", or "<KIND>:<record id>:<n>" for ordinal n >= 2; e.g.
// "AID_DECISION:app-520382-0000000000000001".
std::string DeadlineItemKey(opb::DeadlineKind kind, absl::string_view record_id, int ordinal = 0);

// Deadlines kept as dates (China time): a period starting on `day` starts at its first
// instant; one due on `day` is met until its last millisecond.
absl::Time DeadlineDayStart(absl::CivilDay day);
absl::Time DeadlineDayEnd(absl::CivilDay day);

// The "person:<id>" form of a stored assignee, empty for none.
std::string DeadlineAssignee(absl::string_view user_id);

// The payload of `change`; INTERNAL when it is incomplete (no kind, record, procuratorate,
// start, due instant or sequence, or an ended state without its instant): a producer's
// bug, and the change it belongs to is rolled back.
[[nodiscard]] absl::StatusOr<opb::DeadlineChanged> DeadlineChangedOf(const DeadlineChange& change);

// What to publish when a record's deadline goes from `before` to `after`, each as the
// record shows it (nullopt: the record has no such deadline: not yet, or no longer, e.g.
// moved away). A start (after open, before absent or ended), a move (open both times, due,
// start, assignee or department differ), an end (open before, ended after: ended_at not
// after `now`, `now` when unknown), or a disappearance (open before, absent after:
// CANCELLED at `now`, sequence one above before's); nullopt when nothing is to be told.
std::optional<DeadlineChange> DeadlineTransition(const std::optional<DeadlineChange>& before,
                                                 const std::optional<DeadlineChange>& after,
                                                 absl::Time now);

// Publishes `change` in the mutation's transaction (topic kTopicDeadlineChanged, the item
// key as the aggregate id).
[[nodiscard]] absl::Status EmitDeadline(Mutation& m, const DeadlineChange& change);

// The same outside the mutation pipeline (event handlers, sweeps): an event of `service`
// with an id from `ids`, occurred at `now`, written in `tx`.
[[nodiscard]] absl::Status EnqueueDeadline(Tx& tx, IdGenerator& ids, absl::string_view service,
                                           absl::Time now, const DeadlineChange& change);

// DeadlineTransition(before, after, now) published through EnqueueDeadline, if any.
[[nodiscard]] absl::Status EnqueueDeadlineTransition(Tx& tx, IdGenerator& ids,
                                                     absl::string_view service, absl::Time now,
                                                     const std::optional<DeadlineChange>& before,
                                                     const std::optional<DeadlineChange>& after);

}  // namespace shouhu::db

#endif  // SHOUHU_COMMON_DB_DEADLINE_EVENTS_H_
