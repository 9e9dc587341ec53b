// What every part of the guardianship service is built with (common/server/service_deps.h):
// injected, so tests can give a fixed clock, sequential ids, their own database and a fake case
// hub.
#ifndef SHOUHU_GUARDIANSHIP_DEPS_H_
#define SHOUHU_GUARDIANSHIP_DEPS_H_

#include "common/server/service_deps.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;
namespace cpb = ::shouhu::common::v1;

inline constexpr char kGuardianshipService[] = "guardianship";
using GuardDeps = ServiceDeps<kGuardianshipService>;

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_DEPS_H_
