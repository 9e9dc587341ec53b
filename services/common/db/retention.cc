#include "common/db/retention.h"

#include <algorithm>

#include "common/db/transaction.h"
#include "common/ops/log.h"

namespace shouhu::db {
namespace {

// Single-table DELETE with ORDER BY and LIMIT walks idx_idem_created from the oldest key.
constexpr char kPurgeBatch[] =
    "DELETE FROM idempotency_keys WHERE created_at_ms < ? ORDER BY created_at_ms LIMIT ?";

}  // namespace

IdempotencyRetention::IdempotencyRetention(ConnectionPool* pool, const Clock* clock,
                                           Options options)
    : pool_(pool), clock_(clock), options_(options) {}

absl::StatusOr<int64_t> IdempotencyRetention::RunOnce(absl::Time now) {
  const int64_t cutoff = absl::ToUnixMillis(now - options_.retention);
  const int batch = std::max(1, options_.batch_size);
  int64_t total = 0;
  for (int i = 0; i < options_.max_batches_per_run; ++i) {
    if (i > 0 && stop_.HasBeenNotified()) break;
    int64_t deleted = 0;
    absl::Status st = RunInTransaction(*pool_, [&](Tx& tx) -> absl::Status {
      deleted = tx.Sql(kPurgeBatch).Int(cutoff).Int(batch).Exec();
      return absl::OkStatus();
    });
    if (!st.ok()) return st;
    total += deleted;
    if (deleted < batch) break;
    if (options_.pause_between_batches > absl::ZeroDuration()) {
      stop_.WaitForNotificationWithTimeout(options_.pause_between_batches);
    }
  }
  return total;
}

void IdempotencyRetention::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    ConnectionPool::EnsureThreadInit();
    do {
      absl::StatusOr<int64_t> deleted = RunOnce(clock_->Now());
      if (!deleted.ok()) {
        Log(LogLevel::kWarning, "idempotency.retention_failed",
            {{"error", std::string(deleted.status().message())}});
      } else if (*deleted > 0) {
        Log(LogLevel::kInfo, "idempotency.purged", {{"rows", std::to_string(*deleted)}});
      }
    } while (!stop_.WaitForNotificationWithTimeout(options_.interval));
  });
}

void IdempotencyRetention::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace shouhu::db
