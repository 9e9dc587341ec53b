// The oversight service's access policy: one row per RPC of DeadlineWatchService
// (common/server/access_policy.h). Handlers are bound through it (BindPolicy); the
// record-level conditions below are checked by the operations through the same objects
// the rows reference. docs/access-policy.md is rendered from this table (oversight block).
//
// Every list is of the caller's procuratorate, and every list is scoped in its query:
// ListMyDeadlines and ListNotices read only the caller's own items and notices; a
// department head's ListDepartmentDeadlines and GetMonthlyLedger read only their
// department's items; the chief reads the whole procuratorate; analysts read only the
// ledger, with counts from 1 to 4 suppressed. Agencies and services reach nothing.
//
// The case-quality review: a case's review and findings are read by its caseworker, a
// department head of its department and the chief; the caseworker (or that department
// head) re-runs it; only the caseworker appeals a finding, and a department head of the
// finding's department other than the caseworker decides the appeal. The summary is read
// as the ledger. Rule sets are read by department heads, the chief and admins, and
// created, tried and switched on by the procuratorate's admins.
#ifndef SHOUHU_OVERSIGHT_ACCESS_POLICY_H_
#define SHOUHU_OVERSIGHT_ACCESS_POLICY_H_

#include <vector>

#include "absl/status/status.h"
#include "common/server/access_policy.h"

namespace shouhu::oversight {

// A department head of the record's procuratorate whose department is the record's
// (RecordFacts.department, never empty), or its chief (any department, or all: empty).
const AccessCondition& OwnDepartmentOrChief();
// The notice's recipient (RecordFacts.assigned_to), in its procuratorate.
const AccessCondition& NoticeRecipient();

// The case-quality review (QualityReviewService): the case's caseworker (RecordFacts
// .assigned_to), a department head of its department, or the chief.
const AccessCondition& CaseworkerHeadOrChief();
// The case's caseworker, or a department head of its department (re-running a review).
const AccessCondition& CaseworkerOrHead();
// The finding's caseworker (an appeal, 复议).
const AccessCondition& FindingCaseworker();
// A department head of the finding's department other than its caseworker (the decision).
const AccessCondition& FindingDepartmentHead();

const AccessPolicy& OversightAccessPolicy();

// The services of oversight.proto and review.proto.
std::vector<const google::protobuf::ServiceDescriptor*> OversightServices();

// Whether the row of `method` ("ListMyDeadlines") admits `p`.
[[nodiscard]] absl::Status Admitted(const Principal& p, absl::string_view method);
// The same for a method of QualityReviewService.
[[nodiscard]] absl::Status ReviewAdmitted(const Principal& p, absl::string_view method);

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_ACCESS_POLICY_H_
