// The 事实无人抚养 check repository's SQL: named constants with ? parameters; the list is
// assembled from the fixed fragments below only (unattended_repository.cc).
#ifndef SHOUHU_GUARDIANSHIP_UNATTENDED_SQL_H_
#define SHOUHU_GUARDIANSHIP_UNATTENDED_SQL_H_

namespace shouhu::guardianship::unattended_sql {

#define SHOUHU_GUC_COLUMNS                                                                \
  "id, seq, procuratorate_code, case_id, order_id, minor_person_id, assigned_to, status," \
  " criteria_met, matched_rule, parents_enc, civil_affairs_agency_code, handoff_enc,"     \
  " assessed_on, version"

inline constexpr char kSelect[] = "SELECT " SHOUHU_GUC_COLUMNS " FROM guard_unattended_checks";

inline constexpr char kInsert[] =
    "INSERT INTO guard_unattended_checks (id, procuratorate_code, case_id, order_id,"
    " minor_person_id, assigned_to, status, criteria_met, matched_rule, parents_enc,"
    " civil_affairs_agency_code, handed_on, township_due_on, township_answer,"
    " township_answered_on, county_due_on, county_answer, county_answered_on, handoff_enc,"
    " assessed_on, assessed_by, created_at_ms, updated_at_ms, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";

inline constexpr char kUpdate[] =
    "UPDATE guard_unattended_checks SET order_id = ?, status = ?, criteria_met = ?,"
    " matched_rule = ?, parents_enc = ?, civil_affairs_agency_code = ?, handed_on = ?,"
    " township_due_on = ?, township_answer = ?, township_answered_on = ?, county_due_on = ?,"
    " county_answer = ?, county_answered_on = ?, handoff_enc = ?, assessed_on = ?,"
    " assessed_by = ?, updated_at_ms = ?, version = version + 1 WHERE id = ? AND version = ?";

inline constexpr char kGet[] =
    "SELECT " SHOUHU_GUC_COLUMNS " FROM guard_unattended_checks WHERE id = ?";
inline constexpr char kGetForUpdate[] =
    "SELECT " SHOUHU_GUC_COLUMNS " FROM guard_unattended_checks WHERE id = ? FOR UPDATE";

inline constexpr char kWhereProcuratorate[] = " WHERE procuratorate_code = ?";
inline constexpr char kAndCase[] = " AND case_id = ?";
inline constexpr char kAndStatus[] = " AND status = ?";
// Township stage past due (HANDED_OFF) or county stage past due (TOWNSHIP_DONE).
inline constexpr char kAndOverdue[] =
    " AND ((status = 2 AND township_due_on < ?) OR (status = 3 AND county_due_on < ?))";
inline constexpr char kWhereAgency[] = " WHERE civil_affairs_agency_code = ?";
inline constexpr char kAndBefore[] = " AND seq < ?";
inline constexpr char kOrderPage[] = " ORDER BY seq DESC LIMIT ?";

#undef SHOUHU_GUC_COLUMNS

}  // namespace shouhu::guardianship::unattended_sql

#endif  // SHOUHU_GUARDIANSHIP_UNATTENDED_SQL_H_
