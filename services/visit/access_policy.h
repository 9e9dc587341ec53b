// The visit service's access policy: one row per RPC of its four services
// (common/server/access_policy.h). Handlers are bound through it (BindPolicy): who may call
// is decided from the row before any operation runs; the record-level conditions below
// are checked by the operations through the same objects the rows reference (Require).
// docs/access-policy.md is rendered from this table (visit block).
#ifndef SHOUHU_VISIT_ACCESS_POLICY_H_
#define SHOUHU_VISIT_ACCESS_POLICY_H_

#include <vector>

#include "common/server/access_policy.h"

namespace shouhu::visit {

// The caseworker a plan (or its case) is assigned to, or a department head of its
// procuratorate. RecordFacts: procuratorate, assigned_to.
const AccessCondition& AssignedOrHead();
// The caseworker who recorded a visit (or uploaded an item), or a department head.
// RecordFacts.assigned_to: the recorder's user id.
const AccessCondition& RecorderOrHead();
// A volunteer's own assignment that is active today (or within the offline grace period
// for uploads). RecordFacts.assigned_to: the volunteer of an active assignment, else empty.
const AccessCondition& OwnActiveAssignment();

const AccessPolicy& VisitAccessPolicy();

// The services the visit service serves: the three of visit.proto (plans, visits,
// volunteers) and CaseFactsService (review.proto, for the oversight service).
std::vector<const google::protobuf::ServiceDescriptor*> VisitServices();

// Whether the row of `service`/`method` ("VisitPlanService", "CancelPlan") admits `p`:
// PERMISSION_DENIED with the row's text otherwise.
[[nodiscard]] absl::Status Admitted(const Principal& p, absl::string_view service,
                                    absl::string_view method);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_ACCESS_POLICY_H_
