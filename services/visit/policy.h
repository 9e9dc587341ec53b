// Per-procuratorate settings of the visit service (VisitPolicy in visit.proto): the
// documented defaults and their validation. A procuratorate without a stored row has the
// defaults (version 0).
#ifndef SHOUHU_VISIT_POLICY_H_
#define SHOUHU_VISIT_POLICY_H_

#include "absl/strings/string_view.h"
#include "common/base/text.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

namespace pb = ::shouhu::visit::v1;

// offline_grace_days 7, amend_window_days 30, due_horizon_days 7; version 0.
pb::VisitPolicy DefaultVisitPolicy(absl::string_view procuratorate);

// Field violations under "policy." (offline_grace_days 0-30, amend_window_days 1-365,
// due_horizon_days 0-60, procuratorate empty or the caller's, version not negative).
void CheckVisitPolicy(FieldErrors& e, const pb::VisitPolicy& p, absl::string_view procuratorate);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_POLICY_H_
