// Every statement of the volunteers' storage (volunteer_assignments, volunteer_reports),
// named, with "?" parameters. Lists are built only from the fixed fragments below; each
// has its index (migration 0016), checked by EXPLAIN at 100,000 rows.
#ifndef SHOUHU_VISIT_VOLUNTEER_SQL_H_
#define SHOUHU_VISIT_VOLUNTEER_SQL_H_

namespace shouhu::visit::volunteer_sql {

// --- Assignments ---------------------------------------------------------------------
inline constexpr char kInsertAssignment[] =
    "INSERT INTO volunteer_assignments (id, procuratorate_code, case_id, volunteer_id,"
    " volunteer_name, subject_person_id, alias_enc, care_notes_enc, starts_on, ends_on,"
    " report_every_days, active, created_at_ms, updated_at_ms, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 1)";
inline constexpr char kAsgCols[] =
    "SELECT seq, id, procuratorate_code, case_id, volunteer_id, volunteer_name,"
    " subject_person_id, alias_enc, care_notes_enc, starts_on, ends_on, ended_on,"
    " end_reason_enc, report_every_days, active, last_report_on, version"
    " FROM volunteer_assignments";
inline constexpr char kGetAssignment[] =
    "SELECT seq, id, procuratorate_code, case_id, volunteer_id, volunteer_name,"
    " subject_person_id, alias_enc, care_notes_enc, starts_on, ends_on, ended_on,"
    " end_reason_enc, report_every_days, active, last_report_on, version"
    " FROM volunteer_assignments WHERE id = ?";
inline constexpr char kGetAssignmentForUpdate[] =
    "SELECT seq, id, procuratorate_code, case_id, volunteer_id, volunteer_name,"
    " subject_person_id, alias_enc, care_notes_enc, starts_on, ends_on, ended_on,"
    " end_reason_enc, report_every_days, active, last_report_on, version"
    " FROM volunteer_assignments WHERE id = ? FOR UPDATE";
inline constexpr char kEndAssignment[] =
    "UPDATE volunteer_assignments SET active = 0, ended_on = ?, end_reason_enc = ?,"
    " updated_at_ms = ?, version = version + 1 WHERE id = ? AND version = ? AND active = 1";
// A report of a later day than the last one (the version is not changed: reporting does
// not make a caseworker's view of the assignment stale).
inline constexpr char kSetLastReport[] =
    "UPDATE volunteer_assignments SET last_report_on = ? WHERE id = ?"
    " AND (last_report_on IS NULL OR last_report_on < ?)";

// List: kAsgCols + one of kWhereAsgCase, kWhereAsgVolunteer, kWhereAsgProc
// (+ kAndActive) + kAsgBeforeSeq + kAsgOrder.
inline constexpr char kWhereAsgCase[] = " WHERE case_id = ?";  // idx_vasg_case
inline constexpr char kWhereAsgVolunteer[] =
    " WHERE procuratorate_code = ? AND volunteer_id = ?";                 // idx_vasg_volunteer
inline constexpr char kWhereAsgProc[] = " WHERE procuratorate_code = ?";  // idx_vasg_proc
inline constexpr char kAndActive[] = " AND active = 1";
inline constexpr char kAsgBeforeSeq[] = " AND seq < ?";
inline constexpr char kAsgOrder[] = " ORDER BY seq DESC LIMIT ?";

// --- Daily reports -------------------------------------------------------------------
inline constexpr char kInsertReport[] =
    "INSERT INTO volunteer_reports (id, procuratorate_code, assignment_id, report_on,"
    " contact_kind, concern, submitted_by, client_id, amendments, body_enc, submitted_at_ms,"
    " updated_at_ms, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 1)";
inline constexpr char kReportCols[] =
    "SELECT seq, id, assignment_id, report_on, amendments, body_enc, submitted_at_ms, version"
    " FROM volunteer_reports";
inline constexpr char kReportOfDayForUpdate[] =
    "SELECT seq, id, assignment_id, report_on, amendments, body_enc, submitted_at_ms, version"
    " FROM volunteer_reports WHERE assignment_id = ? AND report_on = ? FOR UPDATE";
inline constexpr char kUpdateReport[] =
    "UPDATE volunteer_reports SET contact_kind = ?, concern = ?, amendments = amendments + 1,"
    " body_enc = ?, updated_at_ms = ?, version = version + 1 WHERE id = ? AND version = ?";

// List (newest day first; one report per day, so the day is the page key):
// kReportCols + kWhereReportAsg (+ kAndConcern) (+ kReportFrom) (+ kReportTo)
// (+ kReportBefore) + kReportOrder. uq_vrep_day, or idx_vrep_concern with kAndConcern.
inline constexpr char kWhereReportAsg[] = " WHERE assignment_id = ?";
inline constexpr char kAndConcern[] = " AND concern = 1";
inline constexpr char kReportFrom[] = " AND report_on >= ?";
inline constexpr char kReportTo[] = " AND report_on <= ?";
inline constexpr char kReportBefore[] = " AND report_on < ?";
inline constexpr char kReportOrder[] = " ORDER BY report_on DESC LIMIT ?";

}  // namespace shouhu::visit::volunteer_sql

#endif  // SHOUHU_VISIT_VOLUNTEER_SQL_H_
