// What every part of the aid service is built with (common/server/service_deps.h): injected,
// so tests can give a fixed clock, sequential ids, their own database and a fake case hub.
#ifndef SHOUHU_AID_DEPS_H_
#define SHOUHU_AID_DEPS_H_

#include "common/server/service_deps.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;
namespace cpb = ::shouhu::common::v1;

inline constexpr char kAidService[] = "aid";
using AidDeps = ServiceDeps<kAidService>;

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_DEPS_H_
