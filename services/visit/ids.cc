#include "visit/ids.h"

namespace shouhu::visit {

std::string NewVisitId(IdGenerator& ids, VisitIdKind kind, absl::string_view procuratorate) {
  return ids.NewTenantId(VisitIdPrefix(kind), procuratorate);
}

absl::string_view VisitIdPrefix(VisitIdKind kind) {
  switch (kind) {
    case VisitIdKind::kPlan:
      return "vplan";
    case VisitIdKind::kVisit:
      return "visit";
    case VisitIdKind::kNeed:
      return "need";
    case VisitIdKind::kAssignment:
      return "vasg";
    case VisitIdKind::kReport:
      return "vrep";
    case VisitIdKind::kConflict:
      return "vcfl";
  }
  return "vplan";
}

}  // namespace shouhu::visit
