// The guardianship service's watched deadlines (topic "deadline.changed",
// common/db/deadline_events.h), published in the transaction of the change:
//   ORDER_EVALUATION  an order under supervision is evaluated by the end of its compliance
//                     period (compliance_starts_on .. compliance_ends_on, moved by
//                     extensions); met when evaluated, cancelled when terminated.
//   SUGGESTION_REPLY  an issued escalation with a written reply due (检察建议: reply_due_on,
//                     moved when served); met when the reply is recorded, cancelled when
//                     closed without one.
#ifndef SHOUHU_GUARDIANSHIP_DEADLINE_CHANGES_H_
#define SHOUHU_GUARDIANSHIP_DEADLINE_CHANGES_H_

#include <optional>

#include "common/db/deadline_events.h"
#include "guardianship/escalation_repository.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

// The evaluation deadline of `o` as it stands (its version the stored one), nullopt while
// the order has no compliance period.
std::optional<db::DeadlineChange> EvaluationDeadlineOf(const ::shouhu::guardianship::v1::Order& o);

// The written-reply deadline of an escalation, nullopt while none is due.
std::optional<db::DeadlineChange> ReplyDeadlineOf(const EscalationRow& row);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_DEADLINE_CHANGES_H_
