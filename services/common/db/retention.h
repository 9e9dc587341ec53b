// Retention of idempotency keys.
//
// A stored response only has to outlive the window in which a client may retry a request
// (deadlines, reconnects, a queue replayed after an outage). Keys older than
// `Options::retention` (30 days by default) are deleted in small batches, each its own
// short transaction over the created_at_ms index, so no batch holds locks for long and
// concurrent requests are never queued behind the purge. A repeat of a purged request id
// runs again as a new request.
#ifndef SHOUHU_COMMON_DB_RETENTION_H_
#define SHOUHU_COMMON_DB_RETENTION_H_

#include <cstdint>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "common/db/pool.h"

namespace shouhu::db {

class IdempotencyRetention {
 public:
  struct Options {
    // Keys created longer ago than this are deleted.
    absl::Duration retention = absl::Hours(24 * 30);
    // Rows per DELETE (and per transaction).
    int batch_size = 500;
    // At most this many batches per RunOnce; the next run continues.
    int max_batches_per_run = 1000;
    // Pause between two batches, so that replicas and other writers keep up.
    absl::Duration pause_between_batches = absl::Milliseconds(20);
    // How often the background loop runs.
    absl::Duration interval = absl::Hours(1);
  };

  // `pool` and `clock` must outlive this object.
  IdempotencyRetention(ConnectionPool* pool, const Clock* clock, Options options);
  ~IdempotencyRetention() { Stop(); }
  IdempotencyRetention(const IdempotencyRetention&) = delete;
  IdempotencyRetention& operator=(const IdempotencyRetention&) = delete;

  // Deletes keys created before `now - retention`, batch by batch, until a batch deletes
  // fewer rows than the batch size (or max_batches_per_run is reached). Returns how many
  // rows were deleted; on a database error, the error (rows already deleted stay deleted).
  [[nodiscard]] absl::StatusOr<int64_t> RunOnce(absl::Time now);

  // Runs RunOnce(clock->Now()) every `interval` (the first run at once) until Stop().
  void Start();
  // Stops the loop; an ongoing run ends after its current batch. Idempotent.
  void Stop();

  const Options& options() const { return options_; }

 private:
  ConnectionPool* pool_;
  const Clock* clock_;
  const Options options_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace shouhu::db

#endif  // SHOUHU_COMMON_DB_RETENTION_H_
