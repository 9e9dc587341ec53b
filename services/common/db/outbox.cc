#include "common/db/outbox.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/ops/log.h"
#include "google/protobuf/wrappers.pb.h"

namespace shouhu::db {
namespace {

constexpr char kInsert[] =
    "INSERT INTO outbox_events (event_id, service, topic, aggregate_id, procuratorate_code,"
    " occurred_at_ms, payload_type, payload, attempts, next_attempt_at_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)";
constexpr char kDue[] =
    "SELECT seq, event_id, service, topic, aggregate_id, procuratorate_code, occurred_at_ms,"
    " payload, payload_json, attempts FROM outbox_events"
    " WHERE service = ? AND delivered_at_ms IS NULL AND next_attempt_at_ms <= ?"
    " ORDER BY seq LIMIT ?";
constexpr char kDelivered[] =
    "UPDATE outbox_events SET delivered_at_ms = ?, attempts = attempts + 1, last_error = NULL"
    " WHERE seq = ?";
constexpr char kFailed[] =
    "UPDATE outbox_events SET attempts = attempts + 1, next_attempt_at_ms = ?, last_error = ?"
    " WHERE seq = ?";

}  // namespace

absl::Status EnqueueEvent(Tx& tx, const OutboxEvent& e, const google::protobuf::Message& payload) {
  const int64_t at = absl::ToUnixMillis(e.occurred_at);
  google::protobuf::Any any;
  if (!any.PackFrom(payload)) {
    return absl::InternalError(
        absl::StrCat("event payload of topic ", e.topic, " not serializable"));
  }
  tx.Sql(kInsert)
      .Str(e.event_id)
      .Str(e.service)
      .Str(e.topic)
      .Str(e.aggregate_id)
      .Str(e.procuratorate)
      .Int(at)
      .Str(any.type_url())
      .Blob(any.SerializeAsString())
      .Int(at)
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<int> OutboxRelay::RunOnce() {
  struct Row {
    int64_t seq;
    OutboxEvent event;
    bool unreadable = false;
  };
  std::vector<Row> due;
  const int64_t now = absl::ToUnixMillis(clock_->Now());
  absl::Status st = RunInTransaction(*pool_, [&](Tx& tx) -> absl::Status {
    due.clear();
    auto rs = tx.Sql(kDue).Str(options_.service).Int(now).Int(options_.batch_size).Rows();
    while (rs->next()) {
      Row r;
      r.seq = rs->getInt64("seq");
      r.event.event_id = GetStr(*rs, "event_id");
      r.event.service = GetStr(*rs, "service");
      r.event.topic = GetStr(*rs, "topic");
      r.event.aggregate_id = GetStr(*rs, "aggregate_id");
      r.event.procuratorate = GetStr(*rs, "procuratorate_code");
      r.event.occurred_at = absl::FromUnixMillis(rs->getInt64("occurred_at_ms"));
      if (!rs->isNull("payload")) {
        // Never delivered with an empty payload: it stays in the outbox, retried with
        // backoff and its error recorded, for an operator to look at.
        r.unreadable = !r.event.payload.ParseFromString(GetBlob(*rs, "payload"));
      } else {
        google::protobuf::StringValue legacy;
        legacy.set_value(GetStr(*rs, "payload_json"));
        r.event.payload.PackFrom(legacy);
      }
      r.event.attempts = rs->getInt("attempts");
      due.push_back(std::move(r));
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  int delivered = 0;
  for (const Row& r : due) {
    absl::Status sent = absl::OkStatus();
    if (r.unreadable) {
      Log(LogLevel::kError, "outbox.payload_unreadable",
          {{"event_id", r.event.event_id}, {"topic", r.event.topic}});
      sent = absl::DataLossError("stored payload is not a serialized google.protobuf.Any");
    } else {
      sent = sink_(r.event);
    }
    const int64_t after = absl::ToUnixMillis(clock_->Now());
    absl::Status rec = RunInTransaction(*pool_, [&](Tx& tx) -> absl::Status {
      if (sent.ok()) {
        tx.Sql(kDelivered).Int(after).Int(r.seq).Exec();
      } else {
        absl::Duration backoff = options_.initial_backoff;
        for (int i = 0; i < r.event.attempts && backoff < options_.max_backoff; ++i) backoff *= 2;
        backoff = std::min(backoff, options_.max_backoff);
        std::string error(sent.message().substr(0, 250));
        tx.Sql(kFailed)
            .Int(after + absl::ToInt64Milliseconds(backoff))
            .Str(error)
            .Int(r.seq)
            .Exec();
      }
      return absl::OkStatus();
    });
    if (!rec.ok()) return rec;
    if (sent.ok()) ++delivered;
  }
  return delivered;
}

void OutboxRelay::Start() {
  thread_ = std::thread([this] {
    ConnectionPool::EnsureThreadInit();
    while (!stop_.WaitForNotificationWithTimeout(options_.poll_interval)) {
      (void)RunOnce();  // errors (database down) are retried on the next tick
    }
    (void)RunOnce();  // flush what is due before exit
  });
}

void OutboxRelay::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace shouhu::db
