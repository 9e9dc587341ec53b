#include "guardianship/ids.h"

namespace shouhu::guardianship {

std::string NewGuardId(IdGenerator& ids, GuardIdKind kind, absl::string_view procuratorate) {
  return ids.NewTenantId(GuardIdPrefix(kind), procuratorate);
}

absl::string_view GuardIdPrefix(GuardIdKind kind) {
  switch (kind) {
    case GuardIdKind::kOrder:
      return "gord";
    case GuardIdKind::kComplianceCheck:
      return "gchk";
    case GuardIdKind::kSession:
      return "gses";
    case GuardIdKind::kEscalation:
      return "gesc";
    case GuardIdKind::kUnattendedCheck:
      return "guc";
  }
  return "gord";
}

}  // namespace shouhu::guardianship
