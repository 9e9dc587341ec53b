// The statements of the case facts (CaseFactsService/GetCaseFacts, case_facts.h): the
// orders and escalations of one case through their indexes on the case (idx_gord_case,
// idx_gesc_case (case_id, seq), migration 0013). Nothing sealed is read: the order's body
// and the escalation's content are only tested for holding a value. A case has a handful of
// records; each read is bounded to kCaseFactsLimit rows (the oldest first).
#ifndef SHOUHU_GUARDIANSHIP_CASE_FACTS_SQL_H_
#define SHOUHU_GUARDIANSHIP_CASE_FACTS_SQL_H_

namespace shouhu::guardianship {

// Rows read per kind and case at most (the LIMIT parameter of the statements below).
inline constexpr int kCaseFactsLimit = 1000;

// Parameters of each: the case id, the limit.
constexpr char kCaseOrderFacts[] =
    "SELECT id, kind, status, minor_person_id, assigned_to, department, document_number,"
    " order_date, served_on, compliance_ends_on, evaluated_on, previous_order_id,"
    " requested_by_escalation_id, COALESCE(LENGTH(body_enc), 0) > 0 AS has_body"
    " FROM guard_orders WHERE case_id = ? ORDER BY seq LIMIT ?";

constexpr char kCaseEscalationFacts[] =
    "SELECT id, kind, status, order_id, addressee_agency_code, assigned_to, department,"
    " document_number, issued_on, served_on, reply_due_on, replied_on, outcome,"
    " follows_escalation_id, proposed_by_order_id,"
    " COALESCE(LENGTH(content_enc), 0) > 0 AS has_content"
    " FROM guard_escalations WHERE case_id = ? ORDER BY seq LIMIT ?";

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_CASE_FACTS_SQL_H_
