#include "visit/case_facts_store.h"

#include "visit/plan_sql.h"
#include "visit/visit_sql.h"

namespace shouhu::visit {

absl::StatusOr<std::vector<PlanFactsRow>> PlanFactsOfCase(db::Tx& tx, const std::string& case_id,
                                                          int limit) {
  std::vector<PlanFactsRow> out;
  auto rs = tx.Sql(plan_sql::kPlanFactsOfCase).Str(case_id).Int(limit).Rows();
  while (rs->next()) {
    PlanFactsRow r;
    r.id = db::GetStr(*rs, "id");
    r.status = rs->getInt("status");
    r.assigned_to = db::GetStr(*rs, "assigned_to");
    r.department = db::GetStr(*rs, "department");
    r.subject_person_id = db::GetStr(*rs, "subject_person_id");
    r.anchor_kind = rs->getInt("anchor_kind");
    r.anchor_ref = db::GetStr(*rs, "anchor_ref");
    r.anchor_date = db::GetStr(*rs, "anchor_date");
    r.moved_from_id = db::GetStr(*rs, "moved_from_id");
    r.slots = rs->getInt64("slots");
    r.slots_done = rs->getInt64("slots_done");
    r.slots_waived = rs->getInt64("slots_waived");
    out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<std::vector<VisitFactsRow>> VisitFactsOfCase(db::Tx& tx, const std::string& case_id,
                                                            int limit) {
  std::vector<VisitFactsRow> out;
  auto rs = tx.Sql(visit_sql::kVisitFactsOfCase).Str(case_id).Int(limit).Rows();
  while (rs->next()) {
    VisitFactsRow r;
    r.id = db::GetStr(*rs, "id");
    r.plan_id = db::GetStr(*rs, "plan_id");
    r.slot_sequence = rs->getInt("slot_sequence");
    r.kind = rs->getInt("kind");
    r.visited_on = db::GetStr(*rs, "visited_on");
    r.subject_person_id = db::GetStr(*rs, "subject_person_id");
    r.recorded_by = db::GetStr(*rs, "recorded_by");
    r.department = db::GetStr(*rs, "department");
    r.recorded_at_ms = rs->getInt64("created_at_ms");
    r.needs = rs->getInt64("needs");
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace shouhu::visit
