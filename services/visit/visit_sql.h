// Every statement of the visit records storage (visits, the slot a visit completes,
// visit_batch_items, visit_conflicts), named, with "?" parameters; each list has its index
// (migrations 0016, 0017), checked by EXPLAIN at 100,000 rows.
#ifndef SHOUHU_VISIT_VISIT_SQL_H_
#define SHOUHU_VISIT_VISIT_SQL_H_

namespace shouhu::visit::visit_sql {

// --- Visits ---------------------------------------------------------------------------
inline constexpr char kInsertVisit[] =
    "INSERT INTO visits (id, procuratorate_code, case_id, plan_id, slot_sequence, kind,"
    " visited_on, subject_person_id, recorded_by, client_id, amendments, body_enc,"
    " created_at_ms, updated_at_ms, department, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 1)";
inline constexpr char kUpdateVisit[] =
    "UPDATE visits SET amendments = amendments + 1, body_enc = ?, updated_at_ms = ?,"
    " version = version + 1 WHERE id = ? AND version = ?";
#define SHOUHU_VISIT_COLS                                                                 \
  "SELECT seq, id, procuratorate_code, recorded_by, amendments, body_enc, created_at_ms," \
  " department, version FROM visits"
inline constexpr char kGetVisit[] = SHOUHU_VISIT_COLS " WHERE id = ?";
inline constexpr char kGetVisitForUpdate[] = SHOUHU_VISIT_COLS " WHERE id = ? FOR UPDATE";
// ListVisits: idx_visit_case_seq, newest first.
inline constexpr char kVisitsOfCase[] =
    SHOUHU_VISIT_COLS " WHERE case_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
#undef SHOUHU_VISIT_COLS

// --- Case facts (CaseFactsService/GetCaseFacts) --------------------------------------
// The visits of a case with the number of needs recorded on each, by id, at most ? (1000)
// visits: idx_visit_case for the visits, idx_vneed_visit for each visit's needs; sorted in
// memory (a case has a few visits). The sealed body is not read.
inline constexpr char kVisitFactsOfCase[] =
    "SELECT v.id, v.plan_id, v.slot_sequence, v.kind, v.visited_on, v.subject_person_id,"
    " v.recorded_by, v.department, v.created_at_ms,"
    " (SELECT COUNT(*) FROM visit_needs n WHERE n.visit_id = v.id) AS needs"
    " FROM visits v WHERE v.case_id = ? ORDER BY v.id LIMIT ?";

// --- The slot a visit completes (the plan's version is bumped with it) ----------------
inline constexpr char kCompleteSlot[] =
    "UPDATE visit_slots SET state = 5, live = 0, visit_id = ?, visited_on = ?"
    " WHERE plan_id = ? AND sequence = ? AND state = 0";
inline constexpr char kBumpPlan[] =
    "UPDATE visit_plans SET version = version + 1, updated_at_ms = ? WHERE id = ? AND version = ?";

// --- Daily reports (ListAmendments of a "vrep-" id) ------------------------------------
inline constexpr char kReportTenant[] =
    "SELECT procuratorate_code FROM volunteer_reports WHERE id = ?";

// --- Offline batches --------------------------------------------------------------------
inline constexpr char kSavepoint[] = "SAVEPOINT batch_item";
inline constexpr char kRollbackToSavepoint[] = "ROLLBACK TO SAVEPOINT batch_item";
inline constexpr char kGetBatchItem[] =
    "SELECT outcome, record_id, conflict_id, payload_hash FROM visit_batch_items"
    " WHERE uploaded_by = ? AND client_id = ?";
inline constexpr char kInsertBatchItem[] =
    "INSERT INTO visit_batch_items (uploaded_by, client_id, procuratorate_code, outcome,"
    " record_id, conflict_id, payload_hash, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
// A conflict resolved into a record: the item answers with it from then on.
inline constexpr char kSetBatchItemRecord[] =
    "UPDATE visit_batch_items SET record_id = ? WHERE uploaded_by = ? AND client_id = ?";

// --- Conflicts --------------------------------------------------------------------------
inline constexpr char kInsertConflict[] =
    "INSERT INTO visit_conflicts (id, procuratorate_code, case_id, plan_id, client_id, reason,"
    " uploaded_by, item_enc, created_at_ms, updated_at_ms, uploader_department, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
#define SHOUHU_CONFLICT_COLS                                                              \
  "SELECT seq, id, procuratorate_code, case_id, plan_id, client_id, reason, uploaded_by," \
  " item_enc, resolved, resolution, record_id, resolved_by, created_at_ms, version,"      \
  " uploader_department FROM visit_conflicts"
inline constexpr char kGetConflict[] = SHOUHU_CONFLICT_COLS " WHERE id = ?";
inline constexpr char kGetConflictForUpdate[] = SHOUHU_CONFLICT_COLS " WHERE id = ? FOR UPDATE";
// ListConflicts: one of four fixed statements, each on its index.
inline constexpr char kConflictsOfProc[] =  // idx_vcfl_proc_all
    SHOUHU_CONFLICT_COLS " WHERE procuratorate_code = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
inline constexpr char kOpenConflictsOfProc[] =  // idx_vcfl_proc
    SHOUHU_CONFLICT_COLS
    " WHERE procuratorate_code = ? AND resolved = 0 AND seq < ? ORDER BY seq DESC LIMIT ?";
inline constexpr char kConflictsOfCase[] =  // idx_vcfl_case_all
    SHOUHU_CONFLICT_COLS " WHERE case_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
inline constexpr char kOpenConflictsOfCase[] =  // idx_vcfl_case
    SHOUHU_CONFLICT_COLS
    " WHERE case_id = ? AND resolved = 0 AND seq < ? ORDER BY seq DESC LIMIT ?";
#undef SHOUHU_CONFLICT_COLS
inline constexpr char kResolveConflict[] =
    "UPDATE visit_conflicts SET resolved = 1, resolution = ?, record_id = ?, resolved_by = ?,"
    " updated_at_ms = ?, version = version + 1 WHERE id = ? AND version = ? AND resolved = 0";

}  // namespace shouhu::visit::visit_sql

#endif  // SHOUHU_VISIT_VISIT_SQL_H_
