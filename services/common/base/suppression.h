// Small-count suppression of statistics (the aid, guardianship and visit statistics): a
// row whose counts identify few people is shown to analysts without its figures. A count
// from 1 to threshold - 1 makes a row small; when exactly one row of a set that adds up
// to a total is small, it could be had as the total minus the others, so the next
// smallest row is suppressed too.
#ifndef SHOUHU_COMMON_BASE_SUPPRESSION_H_
#define SHOUHU_COMMON_BASE_SUPPRESSION_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace shouhu {

inline constexpr int kStatisticsSuppressionThreshold = 5;

// A count from 1 to threshold - 1.
inline bool IsSmallCount(int64_t n, int threshold = kStatisticsSuppressionThreshold) {
  return n > 0 && n < threshold;
}
inline bool AnySmallCount(std::initializer_list<int64_t> counts,
                          int threshold = kStatisticsSuppressionThreshold) {
  return std::any_of(counts.begin(), counts.end(),
                     [threshold](int64_t n) { return IsSmallCount(n, threshold); });
}

// The rows to suppress of a set of rows adding up to a total: every small one and, when
// exactly one of several is small, the other row that orders first by `order` (e.g. its
// size, or a pair of size and key; the first of equal ones). Ascending indices.
template <typename Order>
std::vector<size_t> RowsToSuppress(const std::vector<bool>& small,
                                   const std::vector<Order>& order) {
  std::vector<size_t> out;
  for (size_t i = 0; i < small.size(); ++i) {
    if (small[i]) out.push_back(i);
  }
  if (out.size() != 1 || small.size() < 2 || order.size() != small.size()) return out;
  size_t next = small.size();
  for (size_t i = 0; i < small.size(); ++i) {
    if (i == out[0]) continue;
    if (next == small.size() || order[i] < order[next]) next = i;
  }
  out.push_back(next);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_SUPPRESSION_H_
