// The case-quality review's statements (migration 0022), checked by EXPLAIN at 100,000
// reviews and findings (tests/integration/oversight/review_test.cc).
#ifndef SHOUHU_OVERSIGHT_REVIEW_SQL_H_
#define SHOUHU_OVERSIGHT_REVIEW_SQL_H_

namespace shouhu::oversight::review_sql {

// ---- Rule sets.
#define SHOUHU_REVIEW_RULE_SET_COLS                                                       \
  "SELECT procuratorate_code, version, state, rules_pb, note, created_by, created_at_ms," \
  " activated_by, activated_at_ms FROM review_rule_sets"
constexpr char kActiveRuleSet[] =
    SHOUHU_REVIEW_RULE_SET_COLS " WHERE procuratorate_code = ? AND active_marker = 1";
constexpr char kRuleSet[] =
    SHOUHU_REVIEW_RULE_SET_COLS " WHERE procuratorate_code = ? AND version = ?";
constexpr char kRuleSets[] =
    SHOUHU_REVIEW_RULE_SET_COLS " WHERE procuratorate_code = ? ORDER BY version DESC LIMIT ?";
#undef SHOUHU_REVIEW_RULE_SET_COLS
// The procuratorate's versions, locked (a new version takes the next number).
constexpr char kLastRuleSetVersion[] =
    "SELECT version FROM review_rule_sets WHERE procuratorate_code = ?"
    " ORDER BY version DESC LIMIT 1 FOR UPDATE";
// The shipped set as version 1, active, when the procuratorate has none yet.
constexpr char kInstallShipped[] =
    "INSERT IGNORE INTO review_rule_sets (procuratorate_code, version, state, active_marker,"
    " rules_pb, note, created_by, created_at_ms, activated_by, activated_at_ms)"
    " VALUES (?, 1, 2, 1, ?, ?, 'system', ?, 'system', ?)";
constexpr char kInsertRuleSet[] =
    "INSERT INTO review_rule_sets (procuratorate_code, version, state, rules_pb, note,"
    " created_by, created_at_ms) VALUES (?, ?, 1, ?, ?, ?, ?)";
constexpr char kRetireActive[] =
    "UPDATE review_rule_sets SET state = 3, active_marker = NULL"
    " WHERE procuratorate_code = ? AND active_marker = 1";
constexpr char kActivate[] =
    "UPDATE review_rule_sets SET state = 2, active_marker = 1, activated_by = ?,"
    " activated_at_ms = ? WHERE procuratorate_code = ? AND version = ?";

// ---- Reviews.
constexpr char kEnqueueReview[] =
    "INSERT IGNORE INTO case_reviews (case_id, procuratorate_code, state, run_at_ms,"
    " closed_at_ms) VALUES (?, ?, 1, ?, ?)";
constexpr char kDueReviews[] =
    "SELECT case_id FROM case_reviews WHERE state = 1 AND run_at_ms <= ?"
    " ORDER BY run_at_ms LIMIT ?";
#define SHOUHU_REVIEW_COLS                                                           \
  "SELECT case_id, procuratorate_code, state, run_at_ms, attempts, missing_sources," \
  " caseworker, department, closed_at_ms, reviewed_at_ms, rule_set_version, runs,"   \
  " findings_open, facts_pb, version FROM case_reviews"
constexpr char kGetReview[] = SHOUHU_REVIEW_COLS " WHERE case_id = ?";
constexpr char kGetReviewForUpdate[] = SHOUHU_REVIEW_COLS " WHERE case_id = ? FOR UPDATE";
// A trial: the done reviews of cases closed in [from, to), after a case id, by case id.
constexpr char kReviewsClosedBetween[] = SHOUHU_REVIEW_COLS
    " WHERE procuratorate_code = ? AND closed_at_ms >= ? AND closed_at_ms < ? AND state = 2"
    " ORDER BY closed_at_ms, case_id LIMIT ?";
#undef SHOUHU_REVIEW_COLS
constexpr char kSaveReview[] =
    "UPDATE case_reviews SET state = ?, run_at_ms = ?, attempts = ?, missing_sources = ?,"
    " caseworker = ?, department = ?, reviewed_at_ms = ?, rule_set_version = ?, runs = ?,"
    " findings_open = ?, facts_pb = ?, version = version + 1 WHERE case_id = ?";

// ---- Findings.
#define SHOUHU_FINDING_COLS                                                              \
  "SELECT finding_id, seq, case_id, procuratorate_code, rule_id, severity, record_kind," \
  " record_id, field, state, caseworker, department, closed_at_ms, rule_set_version,"    \
  " found_at_ms, cleared_at_ms, appeal_reason_enc, appealed_at_ms, decided_by,"          \
  " decision_note_enc, appeal_rejected, version FROM review_findings"
constexpr char kFindingsOfCase[] = SHOUHU_FINDING_COLS " WHERE case_id = ? ORDER BY seq";
constexpr char kFindingsOfCaseForUpdate[] =
    SHOUHU_FINDING_COLS " WHERE case_id = ? ORDER BY seq FOR UPDATE";
constexpr char kGetFindingForUpdate[] = SHOUHU_FINDING_COLS " WHERE finding_id = ? FOR UPDATE";
// Lists: one scope, one state filter, one page condition, newest first.
constexpr char kFindingsOfCaseworker[] =
    SHOUHU_FINDING_COLS " WHERE procuratorate_code = ? AND caseworker = ?";
constexpr char kFindingsOfDepartment[] =
    SHOUHU_FINDING_COLS " WHERE procuratorate_code = ? AND department = ?";
constexpr char kFindingsOfProcuratorate[] = SHOUHU_FINDING_COLS " WHERE procuratorate_code = ?";
#undef SHOUHU_FINDING_COLS
constexpr char kFilterToAct[] = " AND state IN (1, 3)";
constexpr char kFilterAppealed[] = " AND state = 3";
constexpr char kFindingsAfter[] = " AND seq < ?";
constexpr char kFindingsOrder[] = " ORDER BY seq DESC LIMIT ?";

constexpr char kInsertFinding[] =
    "INSERT INTO review_findings (finding_id, case_id, procuratorate_code, rule_id, severity,"
    " record_kind, record_id, field, state, caseworker, department, closed_at_ms,"
    " rule_set_version, found_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)";
// A run: found again (state kept, or OPEN again when it was FIXED), or no longer found.
constexpr char kFindingRun[] =
    "UPDATE review_findings SET state = ?, severity = ?, rule_set_version = ?,"
    " caseworker = ?, department = ?, found_at_ms = ?, cleared_at_ms = ?,"
    " version = version + 1 WHERE finding_id = ?";
constexpr char kFindingAppeal[] =
    "UPDATE review_findings SET state = 3, appeal_reason_enc = ?, appealed_at_ms = ?,"
    " version = version + 1 WHERE finding_id = ?";
constexpr char kFindingDecision[] =
    "UPDATE review_findings SET state = ?, decided_by = ?, decision_note_enc = ?,"
    " appeal_rejected = ?, version = version + 1 WHERE finding_id = ?";

// ---- The summary: "SELECT <group> AS grp, " + a count part [+ kInDepartment] + kGroup.
// procuratorate, from, to.
constexpr char kSummaryByDepartment[] = "SELECT department AS grp, ";
constexpr char kSummaryByCaseworker[] = "SELECT caseworker AS grp, ";
constexpr char kSummaryByRule[] = "SELECT rule_id AS grp, ";
constexpr char kSummaryCases[] =
    "COUNT(*) AS n FROM case_reviews WHERE procuratorate_code = ? AND closed_at_ms >= ?"
    " AND closed_at_ms < ? AND state = 2";
constexpr char kSummaryFindings[] =
    "COUNT(*) AS n, COUNT(DISTINCT case_id) AS cases, COALESCE(SUM(state IN (1, 3)), 0) AS"
    " open_n, COALESCE(SUM(state = 2), 0) AS fixed_n, COALESCE(SUM(state = 4), 0) AS waived_n"
    " FROM review_findings WHERE procuratorate_code = ? AND closed_at_ms >= ?"
    " AND closed_at_ms < ?";
constexpr char kSummaryInDepartment[] = " AND department = ?";
constexpr char kSummaryGroup[] = " GROUP BY grp";

}  // namespace shouhu::oversight::review_sql

#endif  // SHOUHU_OVERSIGHT_REVIEW_SQL_H_
