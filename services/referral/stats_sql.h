// The statements of the referral statistics (GetReferralStatistics), named, with "?"
// parameters: one procuratorate's range of instants (Unix milliseconds, the whole periods
// asked for in China time), grouped by China month and a group key (the periods and groups
// are folded in stats.cc). Each is a range of an index on (procuratorate, instant) of
// migration 0020 - checked by EXPLAIN at 100,000 referrals
// (tests/integration/referral_stats_explain_test.cc).
#ifndef SHOUHU_REFERRAL_STATS_SQL_H_
#define SHOUHU_REFERRAL_STATS_SQL_H_

namespace shouhu::referral::stats_sql {

// The China month (UTC+8, no daylight saving) of an instant column, whatever the
// session's time zone.
#define SHOUHU_CHINA_MONTH(COL) \
  "DATE_FORMAT(DATE_ADD('1970-01-01', INTERVAL (" COL " DIV 1000 + 28800) SECOND), '%Y-%m')"

// Referrals received in [from, to] (idx_ref_proc_submitted) by month, group key, kind,
// agency and status now, with the timeliness of their first answer. Parameters: now
// (open_overdue), procuratorate, from, to.
#define SHOUHU_REFERRAL_FIGURES(KEY)                                                         \
  "SELECT " SHOUHU_CHINA_MONTH(                                                              \
      "submitted_at_ms") " AS month, " KEY                                                   \
                         " AS k, kind, agency_code, status, COUNT(*) AS n,"                  \
                         " SUM(answer_due_at_ms IS NOT NULL AND answered_at_ms <= "          \
                         "answer_due_at_ms) AS on_time,"                                     \
                         " SUM(answer_due_at_ms IS NOT NULL AND answered_at_ms > "           \
                         "answer_due_at_ms) AS late,"                                        \
                         " SUM(answered_at_ms IS NOT NULL AND answer_due_at_ms IS NULL) AS " \
                         "untimed,"                                                          \
                         " SUM(answered_at_ms IS NULL AND status IN (1, 2) AND "             \
                         "response_due_at_ms < ?) AS overdue"                                \
                         " FROM referrals FORCE INDEX (idx_ref_proc_submitted)"              \
                         " WHERE procuratorate_code = ? AND submitted_at_ms BETWEEN ? AND ?" \
                         " GROUP BY month, k, kind, agency_code, status"
inline constexpr char kReferralFigures[] = SHOUHU_REFERRAL_FIGURES("''");
inline constexpr char kReferralFiguresByCaseworker[] =
    SHOUHU_REFERRAL_FIGURES("COALESCE(assigned_to, '')");
inline constexpr char kReferralFiguresByDepartment[] = SHOUHU_REFERRAL_FIGURES("department");
#undef SHOUHU_REFERRAL_FIGURES

// Cases opened in [from, to] (idx_case_proc_opened) by month and group key. Parameters:
// procuratorate, from, to.
#define SHOUHU_CASES_OPENED(KEY)                                                                 \
  "SELECT " SHOUHU_CHINA_MONTH("opened_at_ms") " AS month, " KEY                                 \
                                               " AS k, COUNT(*) AS n"                            \
                                               " FROM cases FORCE INDEX (idx_case_proc_opened)"  \
                                               " WHERE procuratorate_code = ? AND opened_at_ms " \
                                               "BETWEEN ? AND ? GROUP BY month, k"
inline constexpr char kCasesOpened[] = SHOUHU_CASES_OPENED("''");
inline constexpr char kCasesOpenedByCaseworker[] = SHOUHU_CASES_OPENED("COALESCE(assigned_to, '')");
inline constexpr char kCasesOpenedByDepartment[] = SHOUHU_CASES_OPENED("department");
#undef SHOUHU_CASES_OPENED

// Cases closed (status CLOSED; a transferred case is not closed) in [from, to]
// (idx_case_proc_closed) by month and group key. Parameters: procuratorate, from, to.
#define SHOUHU_CASES_CLOSED(KEY)                                                                 \
  "SELECT " SHOUHU_CHINA_MONTH("closed_at_ms") " AS month, " KEY                                 \
                                               " AS k, COUNT(*) AS n"                            \
                                               " FROM cases FORCE INDEX (idx_case_proc_closed)"  \
                                               " WHERE procuratorate_code = ? AND closed_at_ms " \
                                               "BETWEEN ? AND ? AND status = 3"                  \
                                               " GROUP BY month, k"
inline constexpr char kCasesClosed[] = SHOUHU_CASES_CLOSED("''");
inline constexpr char kCasesClosedByCaseworker[] = SHOUHU_CASES_CLOSED("COALESCE(assigned_to, '')");
inline constexpr char kCasesClosedByDepartment[] = SHOUHU_CASES_CLOSED("department");
#undef SHOUHU_CASES_CLOSED
#undef SHOUHU_CHINA_MONTH

}  // namespace shouhu::referral::stats_sql

#endif  // SHOUHU_REFERRAL_STATS_SQL_H_
