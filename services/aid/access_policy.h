// The aid service's access policy: one row per RPC of its eight services and of the
// CaseFactsService it implements for the oversight service (common/server/access_policy.h).
// Handlers are bound through it (BindPolicy): who may call is decided from the row before any
// operation runs; the record-level conditions below are checked by the operations through the same
// objects the rows reference. docs/access-policy.md is rendered from this table with the referral
// service's.
#ifndef SHOUHU_AID_ACCESS_POLICY_H_
#define SHOUHU_AID_ACCESS_POLICY_H_

#include "common/server/access_policy.h"

namespace shouhu::aid {

// The caseworker the application is assigned to, or a department head of its
// procuratorate (editing the case card, proposing, withdrawing).
const AccessCondition& AssignedOrHead();

const AccessPolicy& AidAccessPolicy();

// Whether the row of `service`/`method` ("AidApplicationService", "ReviewProposal")
// admits `p`: PERMISSION_DENIED with the row's text otherwise.
[[nodiscard]] absl::Status Admitted(const Principal& p, absl::string_view service,
                                    absl::string_view method);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_ACCESS_POLICY_H_
