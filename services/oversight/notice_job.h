// The notice job: raises the DUE and OVERDUE notices of open, assigned items and hands
// stored notices to the notifier, on the injected clock.
//
// Each run:
//   1. OVERDUE: every open, assigned item whose due time has passed and that has no
//      OVERDUE notice gets one (and counts as having had its DUE notice: an item first
//      seen overdue gets one notice, not two).
//   2. DUE: every open, assigned item due before DueHorizon (by default the end of
//      today, China time; a lead of n days: n days earlier) without a DUE notice gets one.
//   3. Delivery: every notice not yet delivered whose attempt is due is claimed (its next
//      attempt pushed ahead by the lease, so a second instance skips it), handed to the
//      notifier, and recorded as delivered, or retried after RetryBackoff.
// Unassigned items get no notice while unassigned: they show in their department's list
// (ListDepartmentDeadlines) for the department head to assign; once the producer reports
// an assignee, the next run raises what is due for that person.
// Notices are raised in batches, each its own short transaction; the unique key
// (item, kind) keeps "at most one of each kind per item" under concurrent runs.
#ifndef SHOUHU_OVERSIGHT_NOTICE_JOB_H_
#define SHOUHU_OVERSIGHT_NOTICE_JOB_H_

#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/server/service_main.h"
#include "oversight/deps.h"
#include "oversight/notifier.h"

namespace shouhu::oversight {

struct NoticeJobOptions {
  absl::Duration interval = absl::Seconds(30);
  int batch_size = 100;
  // How long a claimed delivery is left to its sender before another run may retry it.
  absl::Duration lease = absl::Minutes(2);
};

struct NoticeRun {
  int raised_due = 0;
  int raised_overdue = 0;
  int delivered = 0;
  int failed = 0;
};

class NoticeJob final : public BackgroundJob {
 public:
  // `notifier` must outlive the job.
  NoticeJob(OversightDeps deps, Notifier* notifier, NoticeJobOptions options = {})
      : d_(deps), notifier_(notifier), options_(options) {}
  ~NoticeJob() override { Stop(); }

  // One run at the clock's now (raise, then deliver).
  [[nodiscard]] absl::StatusOr<NoticeRun> RunOnce();
  [[nodiscard]] absl::Status Raise(absl::Time now, NoticeRun* run);
  [[nodiscard]] absl::Status Deliver(absl::Time now, NoticeRun* run);

  void Start() override;
  void Stop() override;

 private:
  OversightDeps d_;
  Notifier* notifier_;
  NoticeJobOptions options_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_NOTICE_JOB_H_
