// The reads of GetCaseFacts (case_facts.h): the plans and the visits of one case as their
// columns hold them, never their sealed bodies. Statements in plan_sql.h and visit_sql.h
// (kPlanFactsOfCase, kVisitFactsOfCase); both run in the caller's transaction.
#ifndef SHOUHU_VISIT_CASE_FACTS_STORE_H_
#define SHOUHU_VISIT_CASE_FACTS_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/transaction.h"

namespace shouhu::visit {

// One plan of the case (visit_plans) with its slot counts (visit_slots).
struct PlanFactsRow {
  std::string id;
  int status = 0;           // PlanStatus
  std::string assigned_to;  // user id; "" when unassigned
  std::string department;   // "" when not known
  std::string subject_person_id;
  int anchor_kind = 0;        // AnchorKind
  std::string anchor_ref;     // payment, order or case id
  std::string anchor_date;    // "YYYY-MM-DD"
  std::string moved_from_id;  // case.transferred: the plan's id before the move
  int64_t slots = 0;
  int64_t slots_done = 0;    // state DONE (5)
  int64_t slots_waived = 0;  // state WAIVED (6)
};

// One visit of the case (visits) with the number of needs recorded on it (visit_needs).
struct VisitFactsRow {
  std::string id;
  std::string plan_id;  // "" for an unscheduled visit
  int slot_sequence = 0;
  int kind = 0;            // VisitKind
  std::string visited_on;  // "YYYY-MM-DD"
  std::string subject_person_id;
  std::string recorded_by;     // principal name, "user:<id>"
  std::string department;      // the recorder's; "" when not known
  int64_t recorded_at_ms = 0;  // created_at_ms: the visit's recorded_at
  int64_t needs = 0;
};

// The case's plans by id, at most `limit`.
absl::StatusOr<std::vector<PlanFactsRow>> PlanFactsOfCase(db::Tx& tx, const std::string& case_id,
                                                          int limit);
// The case's visits by id, at most `limit`.
absl::StatusOr<std::vector<VisitFactsRow>> VisitFactsOfCase(db::Tx& tx, const std::string& case_id,
                                                            int limit);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_CASE_FACTS_STORE_H_
