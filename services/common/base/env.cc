#include "common/base/env.h"

#include <cstdlib>

#include "absl/strings/numbers.h"

namespace shouhu {

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string(fallback);
}

int EnvIntOr(const char* name, int fallback) {
  int out = fallback;
  const char* v = std::getenv(name);
  if (v != nullptr && !absl::SimpleAtoi(v, &out)) out = fallback;
  return out;
}

}  // namespace shouhu
