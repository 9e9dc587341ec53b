// Small-count suppression of statistics (every service's GetXxxStatistics): a row whose
// counts identify few people is shown to analysts without its figures. A count from 1
// to threshold - 1 makes a row small; when exactly one row of a set that adds up to a
// total is small, it could be had as the total minus the others, so the next smallest
// row is suppressed too.
#ifndef SHOUHU_COMMON_BASE_SUPPRESSION_H_
#define SHOUHU_COMMON_BASE_SUPPRESSION_H_

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
bool AnySmallCount(std::initializer_list<int64_t> counts,
                   int threshold = kStatisticsSuppressionThreshold);

// The rows to suppress of a set of rows adding up to a total: every small one and, when
// exactly one of several is small, the one of the others with the smallest size (the
// first of equal ones). Ascending indices.
std::vector<size_t> RowsToSuppress(const std::vector<bool>& small,
                                   const std::vector<int64_t>& sizes);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_SUPPRESSION_H_
