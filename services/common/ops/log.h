// Structured logs: one JSON object per line on stderr, for a log collector.
//
//   Log(LogLevel::kInfo, "referral.accepted", {{"referral_id", id}, {"procuratorate", proc}});
//   -> {"ts":"2026-02-12T08:30:00.123Z","level":"info","event":"referral.accepted",
//       "request_id":"r-1","referral_id":"...","procuratorate":"520382"}
//
// PRIVACY: never pass identity numbers, phone numbers, addresses, bank accounts or names
// of people (not even masked) as fields or in the event name. Log record ids instead.
//
// Field values are strings; keys should be snake_case and must not repeat "ts", "level",
// "event" or "request_id". All functions are thread-safe.
#ifndef SHOUHU_COMMON_OPS_LOG_H_
#define SHOUHU_COMMON_OPS_LOG_H_

#include <functional>
#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "common/base/clock.h"

namespace shouhu {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// "debug", "info", "warning", "error".
absl::string_view LogLevelName(LogLevel level);
// Parses the names above; false if unknown.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

// Lines below the minimum level are dropped. Default: kInfo.
void SetMinLogLevel(LogLevel level);
LogLevel MinLogLevel();

// Writes one line if `level` is at least the minimum level.
void Log(LogLevel level, absl::string_view event,
         std::initializer_list<std::pair<absl::string_view, std::string>> fields = {});

// Where lines go: the sink receives one complete JSON object without the trailing
// newline; calls are serialised. An empty function restores the default (stderr).
using LogSink = std::function<void(absl::string_view line)>;
void SetLogSink(LogSink sink);

// The clock for "ts" (nullptr restores the real clock). The clock must outlive its use.
void SetLogClock(const Clock* clock);

// Within its lifetime on the current thread, every line carries "request_id": id.
// Scopes nest; the innermost wins. Must be destroyed on the thread that created it.
class ScopedRequestId {
 public:
  explicit ScopedRequestId(std::string id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string id_;
  const std::string* previous_;
};

// The request id of the innermost scope on this thread, or "" if none.
absl::string_view CurrentRequestId();

}  // namespace shouhu

#endif  // SHOUHU_COMMON_OPS_LOG_H_
