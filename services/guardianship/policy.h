// Per-procuratorate guardianship policy (OrderPolicy in guardianship.proto): defaults,
// validation, and what the policy decides: who may act at an approval step (role and
// titles, like the aid service's step actors), the document-number prefix of each kind,
// and separation of duties (the drafter never approves, evaluates or ends their own order).
#ifndef SHOUHU_GUARDIANSHIP_POLICY_H_
#define SHOUHU_GUARDIANSHIP_POLICY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/server/principal.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;

// The documented defaults (docs/guardianship.md): compliance 3-6 months, one extension of
// at most 3 months, 检察建议 reply 1 month (Art. 114) / 2 months (general rules), 民政
// hand-off 15 + 15 working days, the default prefixes and step actors. version 0.
pb::OrderPolicy DefaultOrderPolicy(absl::string_view procuratorate_code);

// Field-level INVALID_ARGUMENT ("policy.max_compliance_months" ...) for UpdateOrderPolicy.
absl::Status ValidateOrderPolicy(const pb::OrderPolicy& p);

// The stored policy completed with the defaults of the repeated settings left empty.
pb::OrderPolicy WithDefaults(pb::OrderPolicy p);

// The prefix of document numbers of `kind` ("仁检督监令").
std::string DocumentPrefixFor(const pb::OrderPolicy& p, pb::DocumentKind kind);

// The document kind counting orders of `kind` (UNSPECIFIED for court orders, which carry
// the court's number) and escalations of `kind`.
pb::DocumentKind OrderDocumentKind(pb::OrderKind kind);
pb::DocumentKind EscalationDocumentKind(pb::EscalationKind kind);

// PERMISSION_DENIED unless `p` holds the role of the policy's step (and, when the step
// lists titles, one of them).
absl::Status CheckStepActor(const pb::OrderPolicy& policy, pb::ApprovalStep step,
                            const Principal& p);

// PERMISSION_DENIED when `p` (by principal name, "user:<id>") drafted the matter.
absl::Status CheckNotDrafter(const Principal& p, absl::string_view drafted_by,
                             absl::string_view what);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_POLICY_H_
