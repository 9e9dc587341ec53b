// The aid service's watched deadlines (topic "deadline.changed", common/db/deadline_events.h),
// published in the transaction of the change that starts, moves or ends them:
//   AID_DECISION           an application's decision, from its registration to decision_due_on
//                          (moved by paused working days and reassignment); met when decided,
//                          cancelled when withdrawn, closed undecided or moved away with its case.
//   ADVANCE_AID_PAPERWORK  an approved emergency advance's paperwork, from the approval to
//                          paperwork_due_on; met when completed.
//   AID_NOTIFICATION       a disbursement's notification of the applicant, from the arrival of
//                          the funds to notify_due_on; met when the notification is recorded.
#ifndef SHOUHU_AID_DEADLINE_CHANGES_H_
#define SHOUHU_AID_DEADLINE_CHANGES_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "aid/application_repository.h"
#include "aid/disbursement_repository.h"
#include "common/base/clock.h"
#include "common/db/transaction.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

// Publishes what changed in the application's deadlines from `before` to `after` (as
// written, with its new version). `before` null: the application is new; `after` null: it
// left this procuratorate (its deadlines are cancelled under its old id).
[[nodiscard]] absl::Status PublishApplicationDeadlines(db::Tx& tx, IdGenerator& ids,
                                                       const AppRow* before, const AppRow* after,
                                                       absl::Time now);

// A disbursement's notification deadline: opened when the funds arrived (`d` as stored
// after it), met at `notified_at` when the applicant was notified.
[[nodiscard]] absl::Status PublishNotificationOpened(db::Tx& tx, IdGenerator& ids,
                                                     const ::shouhu::aid::v1::Disbursement& d,
                                                     const ApplicationRow& app, absl::Time now);
[[nodiscard]] absl::Status PublishNotificationMet(db::Tx& tx, IdGenerator& ids,
                                                  const ::shouhu::aid::v1::Disbursement& d,
                                                  const ApplicationRow& app, absl::Time notified_at,
                                                  absl::Time now);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_DEADLINE_CHANGES_H_
