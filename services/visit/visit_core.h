// Visit records (VisitService): recording a visit (optionally completing a plan slot),
// reading and listing them, amending them with history, the needs found and what became
// of them, offline batches and their conflicts. Independent of gRPC (visit_grpc.cc binds
// it behind the visit access table). Every change runs through the mutation pipeline:
// idempotent by request id, version-checked (stale: ABORTED), audited; bad input is
// INVALID_ARGUMENT naming the field with nothing written; ids of another procuratorate
// are refused from the id alone (PERMISSION_DENIED); unknown ids are NOT_FOUND.
#ifndef SHOUHU_VISIT_VISIT_CORE_H_
#define SHOUHU_VISIT_VISIT_CORE_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/db/mutation.h"
#include "common/server/access_policy.h"
#include "common/server/principal.h"
#include "shouhu/common/v1/common.pb.h"
#include "shouhu/referral/v1/referral.pb.h"
#include "visit/amendment_store.h"
#include "visit/deps.h"
#include "visit/need_store.h"
#include "visit/offline_reports.h"
#include "visit/plan_repository.h"
#include "visit/visit_repository.h"

namespace shouhu::visit {

inline constexpr char kTopicSeriousConcern[] = "visit.serious_concern";
// Consumed: the aid service drafted or answered the suggestion a need became.
inline constexpr char kTopicSuggestionChanged[] = "aid.suggestion_changed";

class VisitCore {
 public:
  // `reports` applies daily reports of offline batches; null: report items are REJECTED.
  VisitCore(const VisitDeps& deps, OfflineReports* reports);

  // --- Visits (visit_ops.cc) ---------------------------------------------------------
  absl::StatusOr<pb::Visit> RecordVisit(const Principal& p, const pb::RecordVisitRequest& req);
  absl::StatusOr<pb::Visit> GetVisit(const Principal& p, const pb::GetVisitRequest& req);
  absl::StatusOr<pb::ListVisitsResponse> ListVisits(const Principal& p,
                                                    const pb::ListVisitsRequest& req);
  absl::StatusOr<pb::GetVisitStatisticsResponse> GetVisitStatistics(
      const Principal& p, const pb::GetVisitStatisticsRequest& req);

  // --- Amendments (visit_amend.cc) ---------------------------------------------------
  absl::StatusOr<pb::Visit> AmendVisit(const Principal& p, const pb::AmendVisitRequest& req);
  absl::StatusOr<pb::ListAmendmentsResponse> ListAmendments(const Principal& p,
                                                            const pb::ListAmendmentsRequest& req);

  // --- Needs (need_ops.cc) -----------------------------------------------------------
  absl::StatusOr<pb::ListNeedsResponse> ListNeeds(const Principal& p,
                                                  const pb::ListNeedsRequest& req);
  absl::StatusOr<pb::Need> WithdrawNeed(const Principal& p, const pb::WithdrawNeedRequest& req);
  // aid.suggestion_changed: the need becomes SUGGESTED, then MET or NOT_MET (a withdrawn
  // need stays withdrawn; a later status never goes back). Other topics are ignored.
  absl::Status ReactToEvent(db::Tx& tx, const cpb::Event& e);

  // --- Offline batches (visit_batch.cc, visit_conflicts.cc) -------------------------
  absl::StatusOr<pb::UploadBatchResponse> UploadBatch(const Principal& p,
                                                      const pb::UploadBatchRequest& req);
  absl::StatusOr<pb::ListConflictsResponse> ListConflicts(const Principal& p,
                                                          const pb::ListConflictsRequest& req);
  absl::StatusOr<pb::VisitConflict> ResolveConflict(const Principal& p,
                                                    const pb::ResolveConflictRequest& req);

 private:
  using Cases = std::map<std::string, absl::StatusOr<referral::v1::Case>>;

  // Stores a visit whose fields were checked (CheckVisit) of case `c` in `m`: the row
  // (recorded by `recorder`), the slot of `plan` when given (its pending slot
  // req.slot_sequence() becomes DONE and the plan's version moves), the needs with their
  // visit.need_found events, visit.serious_concern for a SERIOUS rating, the audit record.
  absl::StatusOr<pb::Visit> Store(db::Mutation& m, const cpb::Actor& recorder,
                                  const pb::RecordVisitRequest& req, const referral::v1::Case& c,
                                  const std::string& client_id,
                                  const std::optional<pb::VisitPlan>& plan,
                                  const std::string& department);
  // Publishes visit.serious_concern (and audits it) for the dimensions of `v` rated
  // SERIOUS that `before` did not rate so.
  absl::Status AlertSerious(db::Mutation& m, const pb::Visit& v, const pb::Visit* before,
                            const std::string& procuratorate, const std::string& assigned_to);
  // The case (NOT_FOUND when unknown, PERMISSION_DENIED for another procuratorate's).
  absl::StatusOr<referral::v1::Case> CaseOf(const Principal& p, const std::string& case_id) const;
  // One offline item of a batch (visit_batch.cc), inside the item's savepoint.
  absl::StatusOr<pb::BatchItemResult> Item(db::Mutation& m, const Principal& p, int index,
                                           const pb::BatchItem& item, const Cases& cases);
  absl::StatusOr<pb::BatchItemResult> VisitItem(db::Mutation& m, const Principal& p,
                                                const std::string& prefix,
                                                const pb::BatchItem& item, const Cases& cases);
  // A new conflict of `item`, returns its id.
  absl::StatusOr<std::string> AddConflict(db::Mutation& m, const Principal& p,
                                          const pb::BatchItem& item, const std::string& case_id,
                                          const std::string& plan_id, pb::ConflictReason reason);
  absl::CivilDay Today() const;
  int AmendWindowDays(db::Tx& tx, const std::string& procuratorate);

  VisitDeps d_;
  OfflineReports* reports_;
  db::MutationRunner mutations_;
  VisitRepository repo_;
  PlanRepository plans_;
  NeedStore needs_;
  AmendmentStore amendments_;
};

// The record facts of a visit, a need or a conflict: the recorder's (uploader's) user id.
RecordFacts RecorderFacts(const std::string& procuratorate, const std::string& principal_name);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_VISIT_CORE_H_
