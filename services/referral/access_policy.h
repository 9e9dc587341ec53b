// The referral service's access policy: one row per RPC of ReferralService, CaseService,
// PersonService and RegistryService (common/server/access_policy.h). The handlers are
// bound through it (grpc_service.cc): who may call is decided from the row before any
// handler runs; the record-level conditions below are checked by the domain code
// (domain.cc, case_ops.cc) through the same objects the rows reference.
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

const AccessPolicy& ReferralAccessPolicy();

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_ACCESS_POLICY_H_
