#include "visit/case_facts.h"

#include <string>
#include <utility>
#include <vector>

#include "common/base/status_macros.h"
#include "common/db/transaction.h"
#include "common/server/case_facts.h"
#include "visit/visit_core.h"

namespace shouhu::visit {

using case_facts::Put;
using case_facts::PutMillis;
using case_facts::PutNumber;

opb::RecordFacts PlanFacts(const PlanFactsRow& r) {
  opb::RecordFacts f;
  f.set_kind(kPlanKind);
  f.set_record_id(r.id);
  f.set_status(case_facts::EnumName(pb::PlanStatus_descriptor(), r.status));
  f.set_assigned_to(case_facts::UserId(r.assigned_to));
  f.set_department(r.department);
  Put(f, "subject_person_id", r.subject_person_id);
  case_facts::PutEnum(f, "anchor_kind", pb::AnchorKind_descriptor(), r.anchor_kind);
  Put(f, "anchor_ref", r.anchor_ref);
  Put(f, "anchor_date", r.anchor_date);
  PutNumber(f, "slots", r.slots);
  PutNumber(f, "slots_done", r.slots_done);
  PutNumber(f, "slots_waived", r.slots_waived);
  Put(f, "moved_from_plan_id", r.moved_from_id);
  return f;
}

opb::RecordFacts VisitFacts(const VisitFactsRow& r) {
  opb::RecordFacts f;
  f.set_kind(kVisitKind);
  f.set_record_id(r.id);
  // The caseworker who recorded it ("user:<id>"; nobody for another kind of recorder).
  f.set_assigned_to(RecorderFacts("", r.recorded_by).assigned_to);
  f.set_department(r.department);
  Put(f, "plan_id", r.plan_id);
  PutNumber(f, "slot_sequence", r.slot_sequence);
  case_facts::PutEnum(f, "kind", pb::VisitKind_descriptor(), r.kind);
  Put(f, "visited_on", r.visited_on);
  Put(f, "subject_person_id", r.subject_person_id);
  PutNumber(f, "needs", r.needs);
  PutMillis(f, "recorded_at", r.recorded_at_ms);
  return f;
}

absl::StatusOr<opb::CaseFacts> CaseFactsCore::GetCaseFacts(const Principal& /*p*/,
                                                           const opb::GetCaseFactsRequest& req) {
  RETURN_IF_ERROR(case_facts::CheckRequest(req));
  std::vector<PlanFactsRow> plans;
  std::vector<VisitFactsRow> visits;
  // One read-only transaction: both kinds from the same snapshot.
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(plans, PlanFactsOfCase(tx, req.case_id(), kMaxFactRecordsPerKind));
        ASSIGN_OR_RETURN(visits, VisitFactsOfCase(tx, req.case_id(), kMaxFactRecordsPerKind));
        return absl::OkStatus();
      },
      {.read_only = true}));
  std::vector<opb::RecordFacts> records;
  for (const PlanFactsRow& r : plans) records.push_back(PlanFacts(r));
  for (const VisitFactsRow& r : visits) records.push_back(VisitFacts(r));
  return case_facts::Answer(req.case_id(), kFactsSource, std::move(records));
}

}  // namespace shouhu::visit
