// Defaults of command-line flags from the environment (SHOUHU_<FLAG>), read by the flag
// definitions of each binary's main file only.
#ifndef SHOUHU_COMMON_BASE_ENV_H_
#define SHOUHU_COMMON_BASE_ENV_H_

#include <string>

namespace shouhu {

// The variable `name`, else `fallback`.
std::string EnvOr(const char* name, const char* fallback);
// The variable `name` as an integer, else `fallback` (also when it is not one).
int EnvIntOr(const char* name, int fallback);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_ENV_H_
