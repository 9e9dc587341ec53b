// The seam between offline batches (UploadBatch, ResolveConflict: visit_batch.cc) and
// volunteers' daily reports (volunteer_*.cc): a batch item holding a daily report is
// applied by the volunteer part, inside the transaction the batch opened for the item,
// and the batch part stores the outcome (visit_batch_items) and any conflict
// (visit_conflicts).
#ifndef SHOUHU_VISIT_OFFLINE_REPORTS_H_
#define SHOUHU_VISIT_OFFLINE_REPORTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/mutation.h"
#include "common/server/principal.h"
#include "shouhu/common/v1/common.pb.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

// What one offline item came to, before the batch stores it.
struct OfflineResult {
  // CREATED, REJECTED or CONFLICT (REPLAYED is decided by the batch part before).
  ::shouhu::visit::v1::BatchOutcome outcome = ::shouhu::visit::v1::BATCH_OUTCOME_UNSPECIFIED;
  std::string record_id;  // CREATED: the report id.
  // CONFLICT: why, and what the conflict row names.
  ::shouhu::visit::v1::ConflictReason conflict_reason =
      ::shouhu::visit::v1::CONFLICT_REASON_UNSPECIFIED;
  std::string case_id;
  // REJECTED: the fields, under the prefix given (e.g. "items[3].report.report_on").
  std::vector<::shouhu::common::v1::FieldViolation> violations;
  std::string message;  // English, no personal data.
};

class OfflineReports {
 public:
  virtual ~OfflineReports() = default;

  // Applies `report` (captured offline by `p`, its client id `client_id`) in the
  // mutation `m` the batch opened for the item (audit and outbox through `m`). A report
  // whose version is not the stored report's (or 0 when one exists) is a
  // CONFLICT_REASON_REPORT_CHANGED conflict; with `against_current` (ResolveConflict
  // APPLY) it replaces the current report instead. A volunteer's report dated before an
  // assignment ended is accepted within the visit policy's offline_grace_days; any other
  // minor's assignment is PERMISSION_DENIED (returned as the status). Invalid fields are
  // REJECTED naming them under `prefix`; nothing is written then.
  virtual absl::StatusOr<OfflineResult> ApplyOfflineReport(
      db::Mutation& m, const Principal& p, const ::shouhu::visit::v1::DailyReport& report,
      const std::string& client_id, const std::string& prefix, bool against_current) = 0;
};

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_OFFLINE_REPORTS_H_
