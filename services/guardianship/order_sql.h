// Every statement of the order storage (guard_orders, guard_order_agencies, guard_sessions,
// guard_checks), named, with "?" parameters. Lists are built only from the fixed fragments
// below; each has its index (migration 0013), checked by EXPLAIN at 100,000 rows.
#ifndef SHOUHU_GUARDIANSHIP_ORDER_SQL_H_
#define SHOUHU_GUARDIANSHIP_ORDER_SQL_H_

namespace shouhu::guardianship::order_sql {

inline constexpr char kInsertOrder[] =
    "INSERT INTO guard_orders (id, procuratorate_code, case_id, kind, status, minor_person_id,"
    " assigned_to, department, drafted_by, main_failing, order_date, compliance_months,"
    " served_on, compliance_ends_on, evaluated_on, ended_on, document_number,"
    " previous_order_id, requested_by_escalation_id, body_enc, created_at_ms, updated_at_ms,"
    " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
inline constexpr char kUpdateOrder[] =
    "UPDATE guard_orders SET kind = ?, status = ?, minor_person_id = ?, assigned_to = ?,"
    " main_failing = ?, compliance_months = ?, served_on = ?, compliance_ends_on = ?,"
    " evaluated_on = ?, ended_on = ?, document_number = ?, previous_order_id = ?,"
    " requested_by_escalation_id = ?, body_enc = ?, updated_at_ms = ?, version = version + 1"
    " WHERE id = ? AND version = ?";
inline constexpr char kSetDocNumber[] =
    "UPDATE guard_orders SET doc_kind = ?, doc_year = ?, doc_seq = ? WHERE id = ?";
inline constexpr char kOrderCols[] =
    "SELECT seq, id, procuratorate_code, version, body_enc FROM guard_orders";
inline constexpr char kGetOrder[] =
    "SELECT seq, id, procuratorate_code, version, body_enc FROM guard_orders WHERE id = ?";
inline constexpr char kGetOrderForUpdate[] =
    "SELECT seq, id, procuratorate_code, version, body_enc FROM guard_orders WHERE id = ?"
    " FOR UPDATE";

// List: kOrderCols + kWhereProc + optional filters + kBeforeSeq + kOrderBySeq.
inline constexpr char kWhereProc[] = " WHERE procuratorate_code = ?";
inline constexpr char kAndCase[] = " AND case_id = ?";
inline constexpr char kAndKind[] = " AND kind = ?";
inline constexpr char kAndStatus[] = " AND status = ?";
inline constexpr char kAndAssigned[] = " AND assigned_to = ?";
// Evaluation overdue (index idx_gord_eval_due / idx_gord_assigned_eval_due).
inline constexpr char kAndEvaluationOverdue[] = " AND status = 4 AND compliance_ends_on < ?";
inline constexpr char kBeforeSeq[] = " AND seq < ?";
inline constexpr char kOrderBySeq[] = " ORDER BY seq DESC LIMIT ?";

// Guidance agencies of an order.
inline constexpr char kDeleteAgencies[] = "DELETE FROM guard_order_agencies WHERE order_id = ?";
inline constexpr char kInsertAgency[] =
    "INSERT INTO guard_order_agencies (agency_code, order_id, arrangement_index,"
    " procuratorate_code, order_seq) SELECT ?, id, ?, procuratorate_code, seq FROM guard_orders"
    " WHERE id = ?";
inline constexpr char kListAgencyOrders[] =
    "SELECT o.seq, o.id, o.procuratorate_code, o.version, o.body_enc"
    " FROM guard_order_agencies a JOIN guard_orders o ON o.id = a.order_id"
    " WHERE a.agency_code = ? AND a.order_seq < ? AND o.document_number <> ''"
    " ORDER BY a.order_seq DESC LIMIT ?";

// Guidance sessions.
inline constexpr char kInsertSession[] =
    "INSERT INTO guard_sessions (id, procuratorate_code, order_id, arrangement_index,"
    " agency_code, held_on, attended, minutes, topic_enc, recorded_by, recorded_by_name,"
    " created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kSessionCols[] =
    "SELECT seq, id, order_id, arrangement_index, agency_code, held_on, attended, minutes,"
    " topic_enc, recorded_by, recorded_by_name FROM guard_sessions";
inline constexpr char kWhereSessionOrder[] = " WHERE order_id = ?";
inline constexpr char kAndAgency[] = " AND agency_code = ?";

// Compliance checks.
inline constexpr char kInsertCheck[] =
    "INSERT INTO guard_checks (id, procuratorate_code, order_id, checked_on, method,"
    " source_agency_code, progress_pb, notes_enc, visit_id, concern_found, recorded_by,"
    " recorded_by_name, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kCheckCols[] =
    "SELECT seq, id, order_id, checked_on, method, source_agency_code, progress_pb, notes_enc,"
    " visit_id, concern_found, recorded_by, recorded_by_name FROM guard_checks";
inline constexpr char kWhereCheckOrder[] = " WHERE order_id = ?";
inline constexpr char kAndSourceAgency[] = " AND source_agency_code = ?";
// Summary of an order's checks (index idx_gchk_order).
inline constexpr char kCheckSummary[] =
    "SELECT COUNT(*) AS n, SUM(source_agency_code <> '') AS agency_n,"
    " SUM(concern_found) AS concerns, MAX(checked_on) AS last_on FROM guard_checks"
    " WHERE order_id = ?";

// case.transferred: the open orders of the case move to the receiving procuratorate under
// new ids; their sessions and checks follow them.
inline constexpr char kOpenOrdersOfCase[] =
    "SELECT id FROM guard_orders WHERE case_id = ? AND status IN (1, 2, 3, 4) ORDER BY seq";
inline constexpr char kDeleteOrder[] = "DELETE FROM guard_orders WHERE id = ?";
inline constexpr char kSetMovedFrom[] = "UPDATE guard_orders SET moved_from_id = ? WHERE id = ?";
inline constexpr char kMoveSessions[] =
    "UPDATE guard_sessions SET order_id = ?, procuratorate_code = ? WHERE order_id = ?";
inline constexpr char kMoveChecks[] =
    "UPDATE guard_checks SET order_id = ?, procuratorate_code = ? WHERE order_id = ?";

// The kind of an escalation (a court order recorded as requested by one).
inline constexpr char kEscalationKind[] = "SELECT kind FROM guard_escalations WHERE id = ?";

}  // namespace shouhu::guardianship::order_sql

#endif  // SHOUHU_GUARDIANSHIP_ORDER_SQL_H_
