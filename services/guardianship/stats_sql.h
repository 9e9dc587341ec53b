// Guardianship statistics SQL: one statement per grouping, each a fixed constant. Orders
// count in the period of their service (served_on: the last guardian served, or the
// court's decision), escalations in the period of their issue (issued_on).
#ifndef SHOUHU_GUARDIANSHIP_STATS_SQL_H_
#define SHOUHU_GUARDIANSHIP_STATS_SQL_H_

namespace shouhu::guardianship::stats_sql {

// Parameters: procuratorate, from, to. Status numbers: OrderStatus (4 under supervision,
// 5 complied, 6 not complied, 8 terminated).
#define SHOUHU_GSTAT_ORDER_FIGURES                                                     \
  " COUNT(*) AS served, SUM(status = 5) AS complied, SUM(status = 6) AS not_complied," \
  " SUM(status = 4) AS under_supervision, SUM(status = 8) AS terminated_count,"        \
  " SUM(evaluated_on IS NOT NULL) AS evaluated,"                                       \
  " COALESCE(SUM(IF(evaluated_on IS NOT NULL, GREATEST(DATEDIFF(evaluated_on,"         \
  " compliance_ends_on), 0), 0)), 0) AS days_to_evaluation,"                           \
  " SUM(evaluated_on > compliance_ends_on) AS evaluated_late"                          \
  " FROM guard_orders WHERE procuratorate_code = ? AND served_on BETWEEN ? AND ?"

inline constexpr char kOrdersByKind[] =
    "SELECT kind AS k," SHOUHU_GSTAT_ORDER_FIGURES " GROUP BY kind ORDER BY kind";
inline constexpr char kOrdersByMainFailing[] =
    "SELECT main_failing AS k," SHOUHU_GSTAT_ORDER_FIGURES
    " GROUP BY main_failing ORDER BY main_failing";
inline constexpr char kOrdersByOutcome[] =
    "SELECT status AS k," SHOUHU_GSTAT_ORDER_FIGURES " GROUP BY status ORDER BY status";
inline constexpr char kOrdersByDepartment[] =
    "SELECT department AS k," SHOUHU_GSTAT_ORDER_FIGURES " GROUP BY department ORDER BY department";

// Parameters: today (for replies overdue), procuratorate, from, to. Status numbers:
// EscalationStatus (1 issued, 6 served).
inline constexpr char kEscalationsByKind[] =
    "SELECT kind AS k, COUNT(*) AS escalations,"
    " SUM(replied_on IS NOT NULL AND reply_due_on IS NOT NULL AND replied_on <= reply_due_on)"
    " AS replies_on_time,"
    " SUM(replied_on IS NOT NULL AND reply_due_on IS NOT NULL AND replied_on > reply_due_on)"
    " AS replies_late,"
    " SUM(replied_on IS NULL AND status IN (1, 6) AND reply_due_on < ?) AS replies_overdue"
    " FROM guard_escalations WHERE procuratorate_code = ? AND issued_on BETWEEN ? AND ?"
    " GROUP BY kind ORDER BY kind";

#undef SHOUHU_GSTAT_ORDER_FIGURES

}  // namespace shouhu::guardianship::stats_sql

#endif  // SHOUHU_GUARDIANSHIP_STATS_SQL_H_
