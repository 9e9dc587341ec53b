// Record ids of the visit service: "<prefix>-<procuratorate>-<random>"
// (common/server/tenant.h).
#ifndef SHOUHU_VISIT_IDS_H_
#define SHOUHU_VISIT_IDS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/base/clock.h"

namespace shouhu::visit {

enum class VisitIdKind {
  kPlan,        // vplan-
  kVisit,       // visit-
  kNeed,        // need-
  kAssignment,  // vasg- (volunteer assignment)
  kReport,      // vrep- (daily report)
  kConflict,    // vcfl- (offline upload conflict)
};

absl::string_view VisitIdPrefix(VisitIdKind kind);
std::string NewVisitId(IdGenerator& ids, VisitIdKind kind, absl::string_view procuratorate);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_IDS_H_
