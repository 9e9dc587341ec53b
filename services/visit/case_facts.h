// GetCaseFacts (CaseFactsService, proto/shouhu/oversight/v1/review.proto): what the visit
// service holds about one case, as the case-quality review (案件质量评查) of the oversight
// service reads it. Independent of gRPC (case_facts_grpc.cc binds it behind the visit
// access table: the oversight service only).
//
// Two kinds of records, sorted by (kind, record id):
// - "visit_plan": status (PlanStatus name), assigned_to (the plan's caseworker),
//   department; facts subject_person_id, anchor_kind, anchor_ref, anchor_date, slots,
//   slots_done, slots_waived, moved_from_plan_id.
// - "visit": no status; assigned_to (the recording caseworker), department (the
//   recorder's); facts plan_id, slot_sequence, kind, visited_on, subject_person_id, needs
//   (needs recorded on the visit, withdrawn ones included), recorded_at.
// A fact is a key exactly when it is filled (common/server/case_facts.h). Only columns are
// read, in one read-only
// transaction, at most kMaxFactRecordsPerKind records per kind; nothing sealed is opened,
// so what is kept only in the sealed bodies is not given: a plan's ended_on, a visit's
// visitor_ids, agency_codes, assessments and summary (docs/visit.md).
#ifndef SHOUHU_VISIT_CASE_FACTS_H_
#define SHOUHU_VISIT_CASE_FACTS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/base/text.h"
#include "common/server/principal.h"
#include "shouhu/oversight/v1/review.pb.h"
#include "visit/case_facts_store.h"
#include "visit/deps.h"

namespace shouhu::visit {

namespace opb = ::shouhu::oversight::v1;

inline constexpr char kFactsSource[] = "visit";
inline constexpr char kPlanKind[] = "visit_plan";
inline constexpr char kVisitKind[] = "visit";
// A case has a few plans and visits; a read stops at this many of a kind.
inline constexpr int kMaxFactRecordsPerKind = 1000;

// The record of one plan row and of one visit row.
opb::RecordFacts PlanFacts(const PlanFactsRow& r);
opb::RecordFacts VisitFacts(const VisitFactsRow& r);

class CaseFactsCore {
 public:
  explicit CaseFactsCore(const VisitDeps& deps) : d_(deps) {}

  // INVALID_ARGUMENT naming "case_id" for a malformed id; an unknown case has no records.
  absl::StatusOr<opb::CaseFacts> GetCaseFacts(const Principal& p,
                                              const opb::GetCaseFactsRequest& req);

 private:
  VisitDeps d_;
};

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_CASE_FACTS_H_
