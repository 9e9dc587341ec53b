// Transactional outbox: events are written in the same transaction as the change that
// causes them and delivered afterwards by a relay, at least once, with retries and
// exponential backoff. Nothing is lost if the service or the database restarts between
// the commit and the delivery. Receivers deduplicate by event id.
//
// Payloads are protobuf messages, one type per topic (declared in the producing service's
// events.proto), stored as a serialized google.protobuf.Any. Rows written before payloads
// were protobuf carry JSON text and are delivered as a google.protobuf.StringValue.
#ifndef SHOUHU_COMMON_DB_OUTBOX_H_
#define SHOUHU_COMMON_DB_OUTBOX_H_

#include <functional>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/message.h"

namespace shouhu::db {

struct OutboxEvent {
  std::string event_id;
  std::string service;  // producing service
  std::string topic;
  std::string aggregate_id;
  std::string procuratorate;
  absl::Time occurred_at;
  google::protobuf::Any payload;
  int attempts = 0;
};

// Packs `payload` into `event` and writes it inside `tx` (event.payload is ignored).
[[nodiscard]] absl::Status EnqueueEvent(Tx& tx, const OutboxEvent& event,
                                        const google::protobuf::Message& payload);

// Delivers `event`; a non-OK status schedules a retry.
using EventSink = std::function<absl::Status(const OutboxEvent& event)>;

class OutboxRelay {
 public:
  struct Options {
    std::string service;
    absl::Duration poll_interval = absl::Milliseconds(200);
    int batch_size = 50;
    absl::Duration initial_backoff = absl::Milliseconds(500);
    absl::Duration max_backoff = absl::Minutes(5);
  };
  OutboxRelay(ConnectionPool* pool, const Clock* clock, EventSink sink, Options options)
      : pool_(pool), clock_(clock), sink_(std::move(sink)), options_(std::move(options)) {}
  ~OutboxRelay() { Stop(); }

  // Delivers every due event once (one pass); returns how many were delivered.
  [[nodiscard]] absl::StatusOr<int> RunOnce();
  // Background delivery until Stop(). Stop() finishes the current pass, then one last
  // pass flushes what is due.
  void Start();
  void Stop();

 private:
  ConnectionPool* pool_;
  const Clock* clock_;
  EventSink sink_;
  Options options_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace shouhu::db

#endif  // SHOUHU_COMMON_DB_OUTBOX_H_
