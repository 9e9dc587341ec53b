// The referral service's access policy (common/server/access_policy.h): one row per RPC of
// ReferralService, CaseService, PersonService, RegistryService and CaseFactsService
// (shouhu.oversight.v1). The handlers are bound through it (grpc_service.cc): who may call is
// decided from the row before any handler runs; the record-level conditions below are checked by
// the domain code (domain.cc, case_ops.cc) through the same objects the rows reference.
// docs/access-policy.md is rendered from this table (tests/unit/referral/
// access_policy_test.cc fails when it differs).
#ifndef SHOUHU_REFERRAL_ACCESS_POLICY_H_
#define SHOUHU_REFERRAL_ACCESS_POLICY_H_

#include "common/server/access_policy.h"

namespace shouhu::referral {

// The assigned caseworker of the record, or a department head of its procuratorate
// (triage of a referral, closing a case). A referral nobody was assigned can be triaged
// only by a department head: the head assigns first (流转).
const AccessCondition& AssignedOrHead();

// The key of the one RPC of another package the table holds: the case facts of the
// case-quality review (shouhu.oversight.v1.CaseFactsService), for the oversight service.
inline constexpr char kGetCaseFactsMethod[] = "shouhu.oversight.v1.CaseFactsService/GetCaseFacts";

const AccessPolicy& ReferralAccessPolicy();

// Whether the row of `service`/`method` ("CaseService", "AssignCase") admits `p`:
// PERMISSION_DENIED with the row's text otherwise. The core asks the table through this
// instead of repeating its roles, so the rules stand once.
[[nodiscard]] absl::Status Admitted(const Principal& p, absl::string_view service,
                                    absl::string_view method);

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_ACCESS_POLICY_H_
