// The command line every service binary shares. Every flag falls back to an environment
// variable SHOUHU_<NAME IN UPPER CASE>, then to its default. Flags only one service needs
// are defined in that service's main.cc.
#ifndef SHOUHU_COMMON_SERVER_FLAGS_SERVICE_FLAGS_H_
#define SHOUHU_COMMON_SERVER_FLAGS_SERVICE_FLAGS_H_

#include <string>

#include "common/base/env.h"
#include "common/server/service_main.h"

namespace shouhu {

// Parses the command line (absl::ParseCommandLine). A flag the service does not define,
// such as another service's own flag, stops it with a usage error.
void ParseServiceCommandLine(int argc, char** argv);

// Options from the shared flags, for the service called `name`.
ServiceMainOptions ServiceOptionsFromFlags(const std::string& name);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_FLAGS_SERVICE_FLAGS_H_
