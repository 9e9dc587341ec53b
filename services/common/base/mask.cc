#include "common/base/mask.h"

#include "absl/strings/str_cat.h"
#include "common/base/text.h"

namespace shouhu {
namespace {

// Keeps `head` leading and `tail` trailing code points of a value of `length` code points
// and replaces each one between with '*'.
std::string KeepEnds(absl::string_view s, size_t length, size_t head, size_t tail) {
  const absl::string_view prefix = Utf8Prefix(s, head);
  const absl::string_view before_tail = Utf8Prefix(s, length - tail);
  const absl::string_view suffix = s.substr(before_tail.size());
  return absl::StrCat(prefix, std::string(length - head - tail, '*'), suffix);
}

}  // namespace

std::string MaskIdNumber(absl::string_view id) {
  const size_t length = Utf8Length(id);
  if (length <= 8) return std::string(length, '*');
  return KeepEnds(id, length, 4, 4);
}

std::string MaskName(absl::string_view name) {
  const size_t length = Utf8Length(name);
  if (length <= 1) return std::string(length, '*');
  return KeepEnds(name, length, 1, 0);
}

std::string MaskPhone(absl::string_view phone) {
  const size_t length = Utf8Length(phone);
  if (length <= 7) return std::string(length, '*');
  return KeepEnds(phone, length, 3, 4);
}

std::string MaskAddress(absl::string_view address) {
  const size_t length = Utf8Length(address);
  if (length == 0) return "";
  const size_t keep = length > 6 ? 6 : length / 2;
  return absl::StrCat(Utf8Prefix(address, keep), "****");
}

}  // namespace shouhu
