#include "common/base/suppression.h"

#include <algorithm>

namespace shouhu {

bool AnySmallCount(std::initializer_list<int64_t> counts, int threshold) {
  for (int64_t n : counts) {
    if (IsSmallCount(n, threshold)) return true;
  }
  return false;
}

std::vector<size_t> RowsToSuppress(const std::vector<bool>& small,
                                   const std::vector<int64_t>& sizes) {
  std::vector<size_t> out;
  for (size_t i = 0; i < small.size(); ++i) {
    if (small[i]) out.push_back(i);
  }
  if (out.size() == 1 && small.size() > 1) {
    size_t next = small.size();
    for (size_t i = 0; i < small.size(); ++i) {
      if (i == out[0]) continue;
      const int64_t size = i < sizes.size() ? sizes[i] : 0;
      const int64_t best = next < sizes.size() ? sizes[next] : 0;
      if (next == small.size() || size < best) next = i;
    }
    out.push_back(next);
    std::sort(out.begin(), out.end());
  }
  return out;
}

}  // namespace shouhu
