// The statements of the visit statistics (GetVisitStatistics), named, with "?"
// parameters: figures of one procuratorate's range of whole months, grouped by month and
// caseworker (the periods and groups are folded in the code). Each is a range of an
// index on (procuratorate, date) - checked by EXPLAIN at 100,000 rows.
#ifndef SHOUHU_VISIT_STATS_SQL_H_
#define SHOUHU_VISIT_STATS_SQL_H_

namespace shouhu::visit::stats_sql {

// Slots due in [from, to] (idx_vslot_proc_due): a slot counts when it is done or waived,
// or still live (pending on an ACTIVE plan); pending slots of cancelled or ended plans
// are no longer due. Parameters: today (overdue), today (overdue), today (missed),
// procuratorate, from, to. k: the slot's caseworker (kSlotFigures) or its plan's
// department (kSlotFiguresByDepartment, migration 0019; '' unassigned).
#define SHOUHU_SLOT_FIGURES(KEY)                                              \
  "SELECT DATE_FORMAT(due_on, '%Y-%m') AS month, " KEY                        \
  " AS k, COUNT(*) AS due,"                                                   \
  " SUM(state = 5 AND visited_on <= due_on) AS on_time,"                      \
  " SUM(state = 5 AND (visited_on IS NULL OR visited_on > due_on)) AS late,"  \
  " SUM(state = 6) AS waived,"                                                \
  " SUM(state = 0 AND due_on < ? AND expires_on >= ?) AS overdue,"            \
  " SUM(state = 0 AND expires_on < ?) AS missed"                              \
  " FROM visit_slots WHERE procuratorate_code = ? AND due_on BETWEEN ? AND ?" \
  " AND (state <> 0 OR live = 1) GROUP BY month, k"
inline constexpr char kSlotFigures[] = SHOUHU_SLOT_FIGURES("assigned_to");
inline constexpr char kSlotFiguresByDepartment[] = SHOUHU_SLOT_FIGURES("department");
#undef SHOUHU_SLOT_FIGURES

// Needs found in [from, to] (idx_vneed_found) by kind and status. k: the caseworker who
// recorded the visit, or 'volunteer' for needs raised in daily reports. Parameters:
// procuratorate, from, to.
#define SHOUHU_NEED_FIGURES(KEY)                                                \
  "SELECT DATE_FORMAT(found_on, '%Y-%m') AS month,"                             \
  " IF(report_id IS NULL, " KEY                                                 \
  ", 'volunteer') AS k, kind, status, COUNT(*) AS n"                            \
  " FROM visit_needs WHERE procuratorate_code = ? AND found_on BETWEEN ? AND ?" \
  " GROUP BY month, k, kind, status"
inline constexpr char kNeedFigures[] = SHOUHU_NEED_FIGURES("SUBSTRING_INDEX(raised_by, ':', -1)");
// By the department of the visit that found them (migration 0019; '' unassigned).
inline constexpr char kNeedFiguresByDepartment[] = SHOUHU_NEED_FIGURES("department");
#undef SHOUHU_NEED_FIGURES

// Volunteers' daily reports dated in [from, to] (idx_vrep_proc_on). Parameters:
// procuratorate, from, to.
inline constexpr char kReportFigures[] =
    "SELECT DATE_FORMAT(report_on, '%Y-%m') AS month, COUNT(*) AS n"
    " FROM volunteer_reports WHERE procuratorate_code = ? AND report_on BETWEEN ? AND ?"
    " GROUP BY month";

}  // namespace shouhu::visit::stats_sql

#endif  // SHOUHU_VISIT_STATS_SQL_H_
