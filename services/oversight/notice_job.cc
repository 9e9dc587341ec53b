#include "oversight/notice_job.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/db/transaction.h"
#include "common/ops/log.h"
#include "oversight/store.h"

namespace shouhu::oversight {

absl::StatusOr<NoticeRun> NoticeJob::RunOnce() {
  NoticeRun run;
  const absl::Time now = d_.clock->Now();
  RETURN_IF_ERROR(Raise(now, &run));
  RETURN_IF_ERROR(Deliver(now, &run));
  return run;
}

absl::Status NoticeJob::Raise(absl::Time now, NoticeRun* run) {
  const struct {
    v1::NoticeKind kind;
    absl::Time before;
    int* count;
  } passes[] = {{v1::NOTICE_OVERDUE, now, &run->raised_overdue},
                {v1::NOTICE_DUE, DueHorizon(now, d_.timing), &run->raised_due}};
  for (const auto& pass : passes) {
    for (;;) {
      int seen = 0;
      int raised = 0;
      RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
        raised = 0;
        ASSIGN_OR_RETURN(std::vector<Item> items,
                         ScanForNotices(tx, pass.kind, pass.before, options_.batch_size));
        seen = static_cast<int>(items.size());
        for (const Item& item : items) {
          ASSIGN_OR_RETURN(bool fresh,
                           RaiseNotice(tx, item, pass.kind,
                                       d_.ids->NewTenantId("ntc", item.procuratorate), now));
          raised += fresh ? 1 : 0;
        }
        return absl::OkStatus();
      }));
      *pass.count += raised;
      if (seen < options_.batch_size) break;
    }
  }
  return absl::OkStatus();
}

absl::Status NoticeJob::Deliver(absl::Time now, NoticeRun* run) {
  std::vector<NoticeRow> pending;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(pending, PendingDeliveries(tx, now, options_.batch_size));
    return absl::OkStatus();
  }));
  for (const NoticeRow& row : pending) {
    const std::string& id = row.notice.notice_id();
    bool claimed = false;
    RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(claimed, ClaimDelivery(tx, id, row.next_attempt_ms, now + options_.lease));
      return absl::OkStatus();
    }));
    if (!claimed) continue;
    const absl::Status sent = notifier_->Deliver(row.notice);
    if (sent.ok()) {
      ++run->delivered;
    } else {
      ++run->failed;
      Log(LogLevel::kWarning, "oversight.notice_delivery_failed",
          {{"notice_id", id},
           {"notifier", notifier_->name()},
           {"attempt", absl::StrCat(row.attempts + 1)},
           {"error", std::string(sent.message())}});
    }
    RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
      if (sent.ok()) return MarkDelivered(tx, id, now);
      return MarkDeliveryFailed(tx, id, now + RetryBackoff(row.attempts + 1));
    }));
  }
  return absl::OkStatus();
}

void NoticeJob::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    do {
      absl::StatusOr<NoticeRun> run = RunOnce();
      if (!run.ok()) {
        Log(LogLevel::kWarning, "oversight.notice_run_failed",
            {{"error", run.status().ToString()}});
      } else if (run->raised_due + run->raised_overdue + run->delivered + run->failed > 0) {
        Log(LogLevel::kInfo, "oversight.notice_run",
            {{"raised_due", absl::StrCat(run->raised_due)},
             {"raised_overdue", absl::StrCat(run->raised_overdue)},
             {"delivered", absl::StrCat(run->delivered)},
             {"failed", absl::StrCat(run->failed)}});
      }
    } while (!stop_.WaitForNotificationWithTimeout(options_.interval));
  });
}

void NoticeJob::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace shouhu::oversight
