// The guardianship service's access policy: one row per RPC of its four services and of the
// CaseFactsService it implements for the oversight service (common/server/access_policy.h).
// Handlers are bound through it (BindPolicy): who may call is decided from the row before any
// operation runs; the record-level conditions below are checked by the operations through the same
// objects the rows reference (Require). docs/access-policy.md is rendered from this table
// (guardianship block).
#ifndef SHOUHU_GUARDIANSHIP_ACCESS_POLICY_H_
#define SHOUHU_GUARDIANSHIP_ACCESS_POLICY_H_

#include <vector>

#include "common/server/access_policy.h"

namespace shouhu::guardianship {

// The caseworker the order (or escalation, check) is assigned to, or a department head of
// its procuratorate. RecordFacts: procuratorate, assigned_to.
const AccessCondition& AssignedOrHead();
// A guidance agency the order names. RecordFacts.agency: the caller's code when the order
// names it, else empty.
const AccessCondition& NamedGuidanceAgency();
// The agency an escalation is addressed to. RecordFacts.agency: the addressee.
const AccessCondition& AddresseeAgency();
// The 民政 agency an 事实无人抚养 check was handed off to. RecordFacts.agency: that agency.
const AccessCondition& HandoffAgency();

const AccessPolicy& GuardianshipAccessPolicy();

// The four services of guardianship.proto (order, escalation, 事实无人抚养, config).
std::vector<const google::protobuf::ServiceDescriptor*> GuardianshipServices();

// Whether the row of `service`/`method` ("GuardianshipOrderService", "ApproveOrder")
// admits `p`: PERMISSION_DENIED with the row's text otherwise.
[[nodiscard]] absl::Status Admitted(const Principal& p, absl::string_view service,
                                    absl::string_view method);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_ACCESS_POLICY_H_
