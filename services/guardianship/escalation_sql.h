// The escalation repository's SQL: named constants with ? parameters. List statements are
// assembled from the fixed fragments below only (escalation_repository.cc).
#ifndef SHOUHU_GUARDIANSHIP_ESCALATION_SQL_H_
#define SHOUHU_GUARDIANSHIP_ESCALATION_SQL_H_

namespace shouhu::guardianship::escalation_sql {

#define SHOUHU_GESC_COLUMNS                                                         \
  "id, seq, procuratorate_code, assigned_to, doc_kind, doc_year, doc_seq, body_pb," \
  " content_enc, reply_enc, closed_on, version"

inline constexpr char kSelect[] = "SELECT " SHOUHU_GESC_COLUMNS " FROM guard_escalations";

inline constexpr char kInsert[] =
    "INSERT INTO guard_escalations (id, procuratorate_code, case_id, order_id, kind, status,"
    " basis, addressee_agency_code, department, assigned_to, drafted_by, issued_on, served_on,"
    " reply_due_on, replied_on, closed_on, outcome, document_number, doc_kind, doc_year,"
    " doc_seq, follows_escalation_id, proposed_by_order_id, body_pb, content_enc, reply_enc,"
    " created_at_ms, updated_at_ms, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, 1)";

inline constexpr char kUpdate[] =
    "UPDATE guard_escalations SET order_id = ?, kind = ?, status = ?, basis = ?,"
    " addressee_agency_code = ?, issued_on = ?, served_on = ?, reply_due_on = ?,"
    " replied_on = ?, closed_on = ?, outcome = ?, document_number = ?, doc_kind = ?,"
    " doc_year = ?, doc_seq = ?, follows_escalation_id = ?, body_pb = ?, content_enc = ?,"
    " reply_enc = ?, updated_at_ms = ?, version = version + 1 WHERE id = ? AND version = ?";

inline constexpr char kGet[] = "SELECT " SHOUHU_GESC_COLUMNS " FROM guard_escalations WHERE id = ?";
inline constexpr char kGetForUpdate[] =
    "SELECT " SHOUHU_GESC_COLUMNS " FROM guard_escalations WHERE id = ? FOR UPDATE";
inline constexpr char kProposedBy[] =
    "SELECT id FROM guard_escalations WHERE proposed_by_order_id = ?";

// List fragments (staff: one procuratorate; agency: the addressee).
inline constexpr char kWhereProcuratorate[] = " WHERE procuratorate_code = ?";
inline constexpr char kAndCase[] = " AND case_id = ?";
inline constexpr char kAndStatus[] = " AND status = ?";
inline constexpr char kAndOverdue[] = " AND status IN (1, 6) AND reply_due_on < ?";
inline constexpr char kWhereAddressee[] = " WHERE addressee_agency_code = ?";
// What an addressee sees: issued and later (never drafts or pending approvals).
inline constexpr char kAndVisibleToAgency[] = " AND status IN (1, 2, 3, 6)";
inline constexpr char kAndBefore[] = " AND seq < ?";
inline constexpr char kOrderPage[] = " ORDER BY seq DESC LIMIT ?";

// Identity disclosures (guard_disclosures, shared with orders and checks).
inline constexpr char kUpsertDisclosure[] =
    "INSERT INTO guard_disclosures (record_id, agency_code, person_id, procuratorate_code,"
    " purpose, person_enc, disclosed_by, disclosed_by_name, disclosed_at_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE purpose = VALUES(purpose),"
    " person_enc = VALUES(person_enc), disclosed_by = VALUES(disclosed_by),"
    " disclosed_by_name = VALUES(disclosed_by_name), disclosed_at_ms = VALUES(disclosed_at_ms)";
inline constexpr char kDisclosures[] =
    "SELECT agency_code, person_id, purpose, person_enc, disclosed_by, disclosed_by_name,"
    " disclosed_at_ms FROM guard_disclosures WHERE record_id = ? ORDER BY agency_code, person_id";

// Orders (read only): the order an escalation names, the guardians of an order, the court
// order recorded for a request.
inline constexpr char kOrderFacts[] =
    "SELECT case_id, procuratorate_code, kind FROM guard_orders WHERE id = ?";
inline constexpr char kOrderGuardians[] =
    "SELECT person_id FROM guard_order_addressees WHERE order_id = ?";
inline constexpr char kCourtOrderOf[] =
    "SELECT id, case_id FROM guard_orders WHERE requested_by_escalation_id = ? ORDER BY seq"
    " LIMIT 1";

#undef SHOUHU_GESC_COLUMNS

}  // namespace shouhu::guardianship::escalation_sql

#endif  // SHOUHU_GUARDIANSHIP_ESCALATION_SQL_H_
