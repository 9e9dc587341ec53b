#include "common/ops/log.h"

#include <atomic>
#include <cstdio>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/base/text.h"

namespace shouhu {
namespace {

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<const Clock*> log_clock{nullptr};
thread_local const std::string* current_request_id = nullptr;

struct SinkState {
  absl::Mutex mu;
  LogSink sink ABSL_GUARDED_BY(mu);
};

SinkState& Sink() {
  static SinkState* state = new SinkState();
  return *state;
}

}  // namespace

absl::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

bool ParseLogLevel(absl::string_view text, LogLevel* level) {
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning, LogLevel::kError}) {
    if (text == LogLevelName(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

void SetMinLogLevel(LogLevel level) { min_level.store(static_cast<int>(level)); }

LogLevel MinLogLevel() { return static_cast<LogLevel>(min_level.load()); }

void SetLogSink(LogSink sink) {
  SinkState& state = Sink();
  absl::MutexLock lock(&state.mu);
  state.sink = std::move(sink);
}

void SetLogClock(const Clock* clock) { log_clock.store(clock); }

void Log(LogLevel level, absl::string_view event,
         std::initializer_list<std::pair<absl::string_view, std::string>> fields) {
  if (static_cast<int>(level) < min_level.load(std::memory_order_relaxed)) return;
  const Clock* clock = log_clock.load();
  const absl::Time now = clock != nullptr ? clock->Now() : absl::Now();

  std::string line;
  line.reserve(128);
  line.append("{\"ts\":\"");
  line.append(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", now, absl::UTCTimeZone()));
  line.append("\",\"level\":\"");
  line.append(LogLevelName(level).data(), LogLevelName(level).size());
  line.append("\",\"event\":");
  AppendJsonString(&line, event);
  if (current_request_id != nullptr) {
    line.append(",\"request_id\":");
    AppendJsonString(&line, *current_request_id);
  }
  for (const auto& [key, value] : fields) {
    line.push_back(',');
    AppendJsonString(&line, key);
    line.push_back(':');
    AppendJsonString(&line, value);
  }
  line.push_back('}');

  SinkState& state = Sink();
  absl::MutexLock lock(&state.mu);
  if (state.sink) {
    state.sink(line);
  } else {
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  }
}

ScopedRequestId::ScopedRequestId(std::string id)
    : id_(std::move(id)), previous_(current_request_id) {
  current_request_id = &id_;
}

ScopedRequestId::~ScopedRequestId() { current_request_id = previous_; }

absl::string_view CurrentRequestId() {
  return current_request_id != nullptr ? absl::string_view(*current_request_id)
                                       : absl::string_view();
}

}  // namespace shouhu
