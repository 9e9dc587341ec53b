#include "common/base/paging.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/base/text.h"

namespace shouhu {
namespace {

absl::Status BadToken() {
  FieldErrors errors;
  errors.Add("page_token", "is not a token returned by this service");
  return errors.ToStatus();
}

}  // namespace

int PageSize(int requested, int default_size, int max_size) {
  if (requested <= 0) return default_size;
  return std::min(requested, max_size);
}

std::string EncodePageToken(int64_t seq) {
  return absl::WebSafeBase64Escape(absl::StrCat("s", seq));
}

absl::StatusOr<int64_t> DecodePageToken(absl::string_view token) {
  if (token.empty()) return 0;
  std::string raw;
  int64_t seq = 0;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() < 2 || raw[0] != 's' ||
      !absl::SimpleAtoi(absl::string_view(raw).substr(1), &seq) || seq <= 0) {
    return BadToken();
  }
  return seq;
}

std::string EncodeKeyPageToken(absl::string_view key) { return absl::WebSafeBase64Escape(key); }

absl::StatusOr<std::string> DecodeKeyPageToken(absl::string_view token) {
  std::string key;
  if (!token.empty() && !absl::WebSafeBase64Unescape(token, &key)) return BadToken();
  return key;
}

}  // namespace shouhu
