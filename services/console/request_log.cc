#include "console/request_log.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/base/text.h"
#include "common/ops/log.h"

namespace shouhu::console {
namespace {

struct RequestFacts {
  std::optional<absl::Time> start;
  std::string user;
};

RequestFacts& Facts() {
  thread_local RequestFacts facts;
  return facts;
}

}  // namespace

void BeginRequest(absl::Time now) { Facts() = RequestFacts{now, ""}; }

void NoteRequestUser(absl::string_view user_id) { Facts().user = std::string(user_id); }

void LogRequest(absl::string_view method, absl::string_view path, int status, absl::Time now) {
  RequestFacts& facts = Facts();
  // A request refused before routing (malformed, too long) has no start time.
  const int64_t ms = facts.start.has_value() ? absl::ToInt64Milliseconds(now - *facts.start) : 0;
  Log(LogLevel::kInfo, "http.request",
      {{"method", std::string(Utf8Prefix(method, 16))},
       {"path", std::string(Utf8Prefix(path, 200))},
       {"status", absl::StrCat(status)},
       {"ms", absl::StrCat(ms)},
       {"user", facts.user}});
  facts = RequestFacts{};
}

}  // namespace shouhu::console
