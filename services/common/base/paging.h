// Paging of list operations, the same for every service.
//
// A list reads one row more than the page size; TakePage hands out the page and makes the
// token of the next page from the last row handed out. Tokens are opaque to clients:
// web-safe base64 of the last row's sequence number ("s<seq>") or, for lists ordered by a
// natural key, of that key. A token that does not decode is INVALID_ARGUMENT on
// "page_token".
#ifndef SHOUHU_COMMON_BASE_PAGING_H_
#define SHOUHU_COMMON_BASE_PAGING_H_

#include <cstdint>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shouhu {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;

// The page size to use for a requested one (0 or less: the default; capped at the max).
int PageSize(int requested, int default_size = kDefaultPageSize, int max_size = kMaxPageSize);

// Sequence-number tokens. Decoding "" gives 0 (the first page).
std::string EncodePageToken(int64_t seq);
absl::StatusOr<int64_t> DecodePageToken(absl::string_view token);

// Natural-key tokens. Decoding "" gives "" (the first page).
std::string EncodeKeyPageToken(absl::string_view key);
absl::StatusOr<std::string> DecodeKeyPageToken(absl::string_view token);

// Hands the first `size` of `rows` (fetched with one extra row) to `add` and returns the
// token of the next page (`token_of(last row handed out)`), or "" when there is none.
template <typename Row, typename Add, typename TokenOf>
std::string TakePage(std::vector<Row>& rows, int size, Add add, TokenOf token_of) {
  const size_t page = size > 0 ? static_cast<size_t>(size) : 0;
  std::string token;
  if (page > 0 && rows.size() > page) token = token_of(*std::next(rows.begin(), page - 1));
  for (size_t i = 0; i < rows.size() && i < page; ++i) add(std::move(rows[i]));
  return token;
}

// For rows read as (seq, row) pairs: sequence-number tokens.
template <typename Row, typename Add>
std::string TakePage(std::vector<std::pair<int64_t, Row>>& rows, int size, Add add) {
  return TakePage(
      rows, size, [&](std::pair<int64_t, Row>&& r) { add(std::move(r.second)); },
      [](const std::pair<int64_t, Row>& r) { return EncodePageToken(r.first); });
}

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_PAGING_H_
