#include "oversight/notifier.h"

#include <httplib.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/text.h"
#include "common/ops/log.h"

namespace shouhu::oversight {

std::string NoticeJson(const v1::Notice& n) {
  const std::string kind = n.kind() == v1::NOTICE_OVERDUE ? "OVERDUE" : "DUE";
  const absl::Time due = absl::FromUnixMillis(n.due_at().unix_millis());
  std::string out = "{";
  auto field = [&out](absl::string_view key, absl::string_view value, bool first = false) {
    if (!first) out += ",";
    AppendJsonString(&out, key);
    out += ":";
    AppendJsonString(&out, value);
  };
  field("notice_id", n.notice_id(), true);
  field("kind", kind);
  field("deadline_kind", v1::DeadlineKind_Name(n.deadline_kind()));
  field("item_key", n.item_key());
  field("procuratorate_code", n.procuratorate_code());
  field("recipient", n.recipient());
  field("case_id", n.case_id());
  field("record_id", n.record_id());
  field("due_at", absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", due, absl::UTCTimeZone()));
  absl::StrAppend(&out, ",\"due_at_ms\":", n.due_at().unix_millis(), "}");
  return out;
}

absl::Status LogNotifier::Deliver(const v1::Notice& n) {
  Log(LogLevel::kInfo, "oversight.notice",
      {{"notice_id", n.notice_id()},
       {"kind", n.kind() == v1::NOTICE_OVERDUE ? "OVERDUE" : "DUE"},
       {"deadline_kind", v1::DeadlineKind_Name(n.deadline_kind())},
       {"item_key", n.item_key()},
       {"procuratorate", n.procuratorate_code()},
       {"recipient", n.recipient()},
       {"due_at_ms", absl::StrCat(n.due_at().unix_millis())}});
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<WebhookNotifier>> WebhookNotifier::Create(
    const WebhookOptions& options) {
  absl::string_view url = options.url;
  size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos ||
      (url.substr(0, scheme_end) != "https" && url.substr(0, scheme_end) != "http")) {
    return absl::InvalidArgumentError("webhook URL must start with https://");
  }
  const size_t host_start = scheme_end + 3;
  size_t path_start = url.find('/', host_start);
  if (path_start == absl::string_view::npos) path_start = url.size();
  if (path_start == host_start) return absl::InvalidArgumentError("webhook URL has no host");
  // Plain HTTP only to this machine (a local relay or a test); a partner system is reached
  // over HTTPS.
  if (url.substr(0, scheme_end) == "http") {
    const absl::string_view authority = url.substr(host_start, path_start - host_start);
    const size_t host_end =
        absl::StartsWith(authority, "[") ? authority.find(']') + 1 : authority.find(':');
    const absl::string_view host = authority.substr(0, host_end);
    if (absl::StrContains(authority, '@') ||
        (host != "127.0.0.1" && host != "localhost" && host != "[::1]")) {
      return absl::InvalidArgumentError(
          "webhook URL must start with https:// (http:// only to 127.0.0.1, localhost or [::1])");
    }
  }
  const std::string path =
      path_start < url.size() ? std::string(url.substr(path_start)) : std::string(1, '/');
  return std::unique_ptr<WebhookNotifier>(
      new WebhookNotifier(options, std::string(url.substr(0, path_start)), std::move(path)));
}

absl::Status WebhookNotifier::Deliver(const v1::Notice& n) {
  httplib::Client client(origin_);
  const int64_t us = absl::ToInt64Microseconds(options_.timeout);
  client.set_connection_timeout(us / 1000000, us % 1000000);
  client.set_read_timeout(us / 1000000, us % 1000000);
  client.set_write_timeout(us / 1000000, us % 1000000);
  if (!options_.ca_file.empty()) client.set_ca_cert_path(options_.ca_file);
  httplib::Headers headers = {{"Idempotency-Key", n.notice_id()}};
  auto res = client.Post(path_, headers, NoticeJson(n), "application/json");
  if (!res) {
    return absl::UnavailableError(
        absl::StrCat("webhook not reached: ", httplib::to_string(res.error())));
  }
  if (res->status < 200 || res->status >= 300) {
    return absl::UnavailableError(absl::StrCat("webhook answered HTTP ", res->status));
  }
  return absl::OkStatus();
}

absl::Duration RetryBackoff(int attempts) {
  absl::Duration d = absl::Seconds(30);
  for (int i = 1; i < attempts && d < absl::Hours(1); ++i) d *= 2;
  return std::min(d, absl::Hours(1));
}

}  // namespace shouhu::oversight
