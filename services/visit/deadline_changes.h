// The visit service's watched deadlines (topic "deadline.changed",
// common/db/deadline_events.h): VISIT_WINDOW, one per slot of a plan (record: the plan,
// ordinal: the slot's sequence), from the day its window opens (opens_on) to its due day
// (due_on). Started when the plan is made (or moved in with its case), moved when the plan
// is reassigned, met when a visit completes the slot, cancelled when the slot is waived,
// the plan cancelled or ended, or moved away with its case. Published in the transaction
// of the change, sequence the plan's version.
#ifndef SHOUHU_VISIT_DEADLINE_CHANGES_H_
#define SHOUHU_VISIT_DEADLINE_CHANGES_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "common/db/transaction.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

// Publishes what changed in the slots' deadlines from `before` to `after` (each with its
// slots' stored states and the plan's version; null: the plan is new, or gone from here).
// `visited_on`: the day of the visit that completed a slot (met at the end of that day, or
// now when earlier), else met now.
[[nodiscard]] absl::Status PublishSlotDeadlines(
    db::Tx& tx, IdGenerator& ids, absl::Time now, const ::shouhu::visit::v1::VisitPlan* before,
    const ::shouhu::visit::v1::VisitPlan* after,
    std::optional<absl::CivilDay> visited_on = std::nullopt);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_DEADLINE_CHANGES_H_
