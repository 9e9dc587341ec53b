// Record ids of the guardianship service: "<prefix>-<procuratorate>-<random>"
// (common/server/tenant.h).
#ifndef SHOUHU_GUARDIANSHIP_IDS_H_
#define SHOUHU_GUARDIANSHIP_IDS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/base/clock.h"

namespace shouhu::guardianship {

enum class GuardIdKind {
  kOrder,            // gord-
  kComplianceCheck,  // gchk-
  kSession,          // gses- (guidance session)
  kEscalation,       // gesc-
  kUnattendedCheck,  // guc- (事实无人抚养 check)
};

absl::string_view GuardIdPrefix(GuardIdKind kind);
std::string NewGuardId(IdGenerator& ids, GuardIdKind kind, absl::string_view procuratorate);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_IDS_H_
