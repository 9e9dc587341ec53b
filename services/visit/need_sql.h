// Every statement of the needs and amendments storage (visit_needs, visit_amendments),
// named, with "?" parameters; each read has its index (migration 0016).
#ifndef SHOUHU_VISIT_NEED_SQL_H_
#define SHOUHU_VISIT_NEED_SQL_H_

namespace shouhu::visit::need_sql {

inline constexpr char kInsertNeed[] =
    "INSERT INTO visit_needs (id, procuratorate_code, case_id, visit_id, report_id, kind,"
    " urgent, status, suggestion_id, description_enc, raised_by, raised_by_name, found_on,"
    " status_on, created_at_ms, department, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1, NULL, ?,"
    " ?, ?, ?, ?, ?, ?, 1)";
#define SHOUHU_NEED_COLS                                                                    \
  "SELECT seq, id, procuratorate_code, case_id, visit_id, report_id, kind, urgent, status," \
  " suggestion_id, description_enc, withdraw_reason_enc, raised_by, raised_by_name,"        \
  " status_on, version FROM visit_needs"
inline constexpr char kNeedsOfVisit[] = SHOUHU_NEED_COLS " WHERE visit_id = ? ORDER BY seq";
inline constexpr char kNeedsOfReport[] = SHOUHU_NEED_COLS " WHERE report_id = ? ORDER BY seq";
inline constexpr char kNeedsOfSuggestion[] =
    SHOUHU_NEED_COLS " WHERE suggestion_id = ? ORDER BY seq";
inline constexpr char kGetNeed[] = SHOUHU_NEED_COLS " WHERE id = ?";
inline constexpr char kGetNeedForUpdate[] = SHOUHU_NEED_COLS " WHERE id = ? FOR UPDATE";
// ListNeeds: idx_vneed_case / idx_vneed_case_status, newest first.
inline constexpr char kNeedsOfCase[] =
    SHOUHU_NEED_COLS " WHERE case_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
inline constexpr char kNeedsOfCaseStatus[] =
    SHOUHU_NEED_COLS " WHERE case_id = ? AND status = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
#undef SHOUHU_NEED_COLS
inline constexpr char kSetNeedStatus[] =
    "UPDATE visit_needs SET status = ?, suggestion_id = COALESCE(?, suggestion_id),"
    " withdraw_reason_enc = COALESCE(?, withdraw_reason_enc), status_on = ?,"
    " version = version + 1 WHERE id = ? AND version = ?";

// Amendments: by record, oldest first (the primary key).
inline constexpr char kLastAmendment[] =
    "SELECT COALESCE(MAX(sequence), 0) AS n FROM visit_amendments WHERE record_id = ?";
inline constexpr char kInsertAmendment[] =
    "INSERT INTO visit_amendments (record_id, sequence, procuratorate_code, amended_by,"
    " amended_by_name, amended_at_ms, changed_fields, reason_enc, before_enc)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr char kAmendmentsOf[] =
    "SELECT record_id, sequence, amended_by, amended_by_name, amended_at_ms, changed_fields,"
    " reason_enc, before_enc FROM visit_amendments WHERE record_id = ? AND sequence > ?"
    " ORDER BY sequence LIMIT ?";

}  // namespace shouhu::visit::need_sql

#endif  // SHOUHU_VISIT_NEED_SQL_H_
