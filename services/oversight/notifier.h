// Where raised notices go. A notice is stored first (oversight_notices) and then handed
// to the configured Notifier by the notice job; a failed delivery is retried with
// backoff, a delivered one is recorded, so a restart neither loses nor resends it (the
// notice id travels with every attempt, for a receiver to drop a repeat after a crash
// between its answer and the record).
//
// Two notifiers: LogNotifier (one JSON log line, ids only, "oversight.notice") and
// WebhookNotifier (HTTPS POST of a JSON object to a partner system's URL).
#ifndef SHOUHU_OVERSIGHT_NOTIFIER_H_
#define SHOUHU_OVERSIGHT_NOTIFIER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "shouhu/oversight/v1/oversight.pb.h"

namespace shouhu::oversight {

class Notifier {
 public:
  virtual ~Notifier() = default;
  // OK once the notice was accepted; any error is retried later. Must be thread-safe.
  [[nodiscard]] virtual absl::Status Deliver(const v1::Notice& notice) = 0;
  virtual std::string name() const = 0;
};

// The JSON body of a notice: ids, kinds and the due time only, e.g.
//   {"notice_id":"ntc-520382-...","kind":"OVERDUE","deadline_kind":"AID_DECISION",
//    "item_key":"AID_DECISION:aid-520382-...","procuratorate_code":"520382",
//    "recipient":"u-zhang","case_id":"case-...","record_id":"aid-...",
//    "due_at":"2026-03-10T16:00:00Z","due_at_ms":1773158400000}
std::string NoticeJson(const v1::Notice& notice);

class LogNotifier final : public Notifier {
 public:
  absl::Status Deliver(const v1::Notice& notice) override;
  std::string name() const override { return "log"; }
};

struct WebhookOptions {
  std::string url = {};  // "https://partner.example/notices" (http:// for loopback tests only)
  absl::Duration timeout = absl::Seconds(5);
  std::string ca_file = {};  // extra CA bundle for the partner's certificate; empty: system's
};

class WebhookNotifier final : public Notifier {
 public:
  // INVALID_ARGUMENT unless the URL is http(s)://host[:port][/path].
  static absl::StatusOr<std::unique_ptr<WebhookNotifier>> Create(const WebhookOptions& options);
  // POSTs NoticeJson with "Idempotency-Key: <notice id>"; any 2xx is accepted.
  absl::Status Deliver(const v1::Notice& notice) override;
  std::string name() const override { return "webhook"; }

 private:
  WebhookNotifier(WebhookOptions options, std::string origin, std::string path)
      : options_(std::move(options)), origin_(std::move(origin)), path_(std::move(path)) {}
  WebhookOptions options_;
  std::string origin_;  // scheme://host:port
  std::string path_;
};

// Delay before attempt `attempts` + 1 after `attempts` failures: 30 s doubling, at most
// one hour.
absl::Duration RetryBackoff(int attempts);

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_NOTIFIER_H_
