// Every statement of the plan storage (visit_plans, visit_slots, visit_templates,
// visit_policies), named,
// with "?" parameters. Lists are built only from the fixed fragments below; each has its
// index (migration 0016), checked by EXPLAIN at 100,000 plans and 1,000,000 slots.
#ifndef SHOUHU_VISIT_PLAN_SQL_H_
#define SHOUHU_VISIT_PLAN_SQL_H_

namespace shouhu::visit::plan_sql {

// --- Plans ---------------------------------------------------------------------------
inline constexpr char kInsertPlan[] =
    "INSERT INTO visit_plans (id, procuratorate_code, case_id, subject_person_id, anchor_kind,"
    " anchor_ref, anchor_date, anchor_ends_on, template_id, template_version, status,"
    " assigned_to, dedupe_key, moved_from_id, body_enc, created_at_ms, updated_at_ms,"
    " department, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
inline constexpr char kUpdatePlan[] =
    "UPDATE visit_plans SET status = ?, assigned_to = ?, body_enc = ?, updated_at_ms = ?,"
    " version = version + 1 WHERE id = ? AND version = ?";
inline constexpr char kPlanCols[] =
    "SELECT seq, id, version, dedupe_key, body_enc FROM visit_plans";
inline constexpr char kGetPlan[] =
    "SELECT seq, id, version, dedupe_key, body_enc FROM visit_plans WHERE id = ?";
inline constexpr char kGetPlanForUpdate[] =
    "SELECT seq, id, version, dedupe_key, body_enc FROM visit_plans WHERE id = ? FOR UPDATE";
inline constexpr char kPlanByDedupe[] = "SELECT id FROM visit_plans WHERE dedupe_key = ?";
// case.closed and case.transferred: the case's ACTIVE plans, oldest first
// (idx_vplan_case_status).
inline constexpr char kActivePlansOfCase[] =
    "SELECT id FROM visit_plans WHERE case_id = ? AND status = 1 ORDER BY seq";
// case.transferred: the plan moved away (its slots first, kDeleteSlots).
inline constexpr char kDeletePlan[] = "DELETE FROM visit_plans WHERE id = ?";

// List: kPlanCols + kWhereProc + optional filters + kBeforeSeq + kOrderBySeq.
inline constexpr char kWhereProc[] = " WHERE procuratorate_code = ?";
inline constexpr char kWhereCase[] = " WHERE case_id = ?";  // idx_vplan_case(_status)
inline constexpr char kAndStatus[] = " AND status = ?";
inline constexpr char kAndAssigned[] = " AND assigned_to = ?";
inline constexpr char kBeforeSeq[] = " AND seq < ?";
inline constexpr char kOrderBySeq[] = " ORDER BY seq DESC LIMIT ?";

// --- Slots ---------------------------------------------------------------------------
inline constexpr char kInsertSlot[] =
    "INSERT INTO visit_slots (plan_id, sequence, procuratorate_code, case_id, assigned_to,"
    " label, suggested_kind, opens_on, due_on, expires_on, state, live, visit_id, visited_on,"
    " waive_reason_enc, waived_by, waived_by_name, waived_at_ms, department)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kSlotsOfPlan[] =
    "SELECT plan_id, sequence, label, suggested_kind, opens_on, due_on, expires_on, state,"
    " visit_id, waive_reason_enc, waived_by, waived_by_name, waived_at_ms FROM visit_slots"
    " WHERE plan_id = ? ORDER BY sequence";
// The plan's status or assignee changed: pending slots stay live only on an ACTIVE plan.
inline constexpr char kRelinkSlots[] =
    "UPDATE visit_slots SET assigned_to = ?, live = IF(state = 0 AND ? = 1, 1, 0)"
    " WHERE plan_id = ?";
inline constexpr char kWaiveSlot[] =
    "UPDATE visit_slots SET state = 6, live = 0, waive_reason_enc = ?, waived_by = ?,"
    " waived_by_name = ?, waived_at_ms = ? WHERE plan_id = ? AND sequence = ? AND state = 0";
// AssignPlan: the assigner's department (statistics), on the plan and its slots.
inline constexpr char kSetPlanDepartment[] = "UPDATE visit_plans SET department = ? WHERE id = ?";
inline constexpr char kSetSlotsDepartment[] =
    "UPDATE visit_slots SET department = ? WHERE plan_id = ?";
inline constexpr char kDeleteSlots[] = "DELETE FROM visit_slots WHERE plan_id = ?";

// Due visits: kDueCols + kDueWhere (+ kDueNotMissed) (+ kDueAfter) + kDueOrder. A range
// scan of idx_vslot_due (procuratorate, assignee, live = 1, due_on) between two due
// dates, the window bounds filtered on the rows read.
inline constexpr char kDueCols[] =
    "SELECT s.seq, s.plan_id, s.sequence, s.label, s.suggested_kind, s.opens_on, s.due_on,"
    " s.expires_on, s.state, s.case_id, s.assigned_to, p.body_enc, p.id"
    " FROM visit_slots s JOIN visit_plans p ON p.id = s.plan_id";
// (procuratorate, assignee, due_on <= last due, opens_on <= today or due_on <= horizon).
inline constexpr char kDueWhere[] =
    " WHERE s.procuratorate_code = ? AND s.assigned_to = ? AND s.live = 1 AND s.due_on <= ?"
    " AND (s.opens_on <= ? OR s.due_on <= ?)";
// Not MISSED: (first due, today).
inline constexpr char kDueNotMissed[] = " AND s.due_on >= ? AND s.expires_on >= ?";
// After the page token's (due_on, seq).
inline constexpr char kDueAfter[] = " AND (s.due_on > ? OR (s.due_on = ? AND s.seq > ?))";
inline constexpr char kDueOrder[] = " ORDER BY s.due_on, s.seq LIMIT ?";

// --- Case facts (CaseFactsService/GetCaseFacts) --------------------------------------
// The plans of a case with their slot counts (all, DONE, WAIVED), by id, at most ? (1000)
// plans: idx_vplan_case for the plans, the primary key for each plan's slots; grouped and
// sorted in memory (a case has a few plans of at most a few dozen slots each).
inline constexpr char kPlanFactsOfCase[] =
    "SELECT p.id, p.status, p.assigned_to, p.department, p.subject_person_id, p.anchor_kind,"
    " p.anchor_ref, p.anchor_date, p.moved_from_id, COUNT(s.sequence) AS slots,"
    " COUNT(IF(s.state = 5, 1, NULL)) AS slots_done,"
    " COUNT(IF(s.state = 6, 1, NULL)) AS slots_waived"
    " FROM visit_plans p LEFT JOIN visit_slots s ON s.plan_id = p.id WHERE p.case_id = ?"
    " GROUP BY p.id, p.status, p.assigned_to, p.department, p.subject_person_id,"
    " p.anchor_kind, p.anchor_ref, p.anchor_date, p.moved_from_id ORDER BY p.id LIMIT ?";

// --- Templates -----------------------------------------------------------------------
inline constexpr char kTemplatesOf[] =
    "SELECT template_id, default_for_anchor, template_pb, updated_by, updated_at_ms, version"
    " FROM visit_templates WHERE procuratorate_code = ? ORDER BY template_id";
inline constexpr char kTemplateForUpdate[] =
    "SELECT template_id, default_for_anchor, template_pb, updated_by, updated_at_ms, version"
    " FROM visit_templates WHERE procuratorate_code = ? AND template_id = ? FOR UPDATE";
inline constexpr char kInsertTemplate[] =
    "INSERT INTO visit_templates (procuratorate_code, template_id, anchor_kind,"
    " default_for_anchor, template_pb, updated_by, updated_at_ms, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, 1)";
inline constexpr char kUpdateTemplate[] =
    "UPDATE visit_templates SET anchor_kind = ?, default_for_anchor = ?, template_pb = ?,"
    " updated_by = ?, updated_at_ms = ?, version = version + 1"
    " WHERE procuratorate_code = ? AND template_id = ? AND version = ?";
// A new default of an anchor: the procuratorate's other templates of it stop being one.
inline constexpr char kClearDefaults[] =
    "UPDATE visit_templates SET default_for_anchor = 0, version = version + 1"
    " WHERE procuratorate_code = ? AND anchor_kind = ? AND default_for_anchor = 1"
    " AND template_id <> ?";

// --- Settings (VisitPolicy) ---------------------------------------------------------
inline constexpr char kGetPolicy[] =
    "SELECT offline_grace_days, amend_window_days, due_horizon_days, version"
    " FROM visit_policies WHERE procuratorate_code = ?";
inline constexpr char kGetPolicyForUpdate[] =
    "SELECT offline_grace_days, amend_window_days, due_horizon_days, version"
    " FROM visit_policies WHERE procuratorate_code = ? FOR UPDATE";
inline constexpr char kInsertPolicy[] =
    "INSERT INTO visit_policies (procuratorate_code, offline_grace_days, amend_window_days,"
    " due_horizon_days, updated_at_ms, version) VALUES (?, ?, ?, ?, ?, 1)";
inline constexpr char kUpdatePolicy[] =
    "UPDATE visit_policies SET offline_grace_days = ?, amend_window_days = ?,"
    " due_horizon_days = ?, updated_at_ms = ?, version = version + 1"
    " WHERE procuratorate_code = ? AND version = ?";

}  // namespace shouhu::visit::plan_sql

#endif  // SHOUHU_VISIT_PLAN_SQL_H_
