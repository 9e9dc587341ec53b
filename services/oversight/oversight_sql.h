// The oversight service's statements (migration 0021), checked by EXPLAIN at 100,000
// items (tests/integration/oversight). Lists are assembled from these fragments only.
#ifndef SHOUHU_OVERSIGHT_OVERSIGHT_SQL_H_
#define SHOUHU_OVERSIGHT_OVERSIGHT_SQL_H_

namespace shouhu::oversight::oversight_sql {

// ---- The read model.
constexpr char kItemSequenceForUpdate[] =
    "SELECT sequence FROM oversight_items WHERE item_key = ? FOR UPDATE";
constexpr char kInsertItem[] =
    "INSERT INTO oversight_items (item_key, kind, procuratorate_code, case_id, record_id,"
    " assignee, department, started_at_ms, due_at_ms, state, ended_at_ms, sequence, event_id,"
    " updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kUpdateItem[] =
    "UPDATE oversight_items SET kind = ?, procuratorate_code = ?, case_id = ?, record_id = ?,"
    " assignee = ?, department = ?, started_at_ms = ?, due_at_ms = ?, state = ?,"
    " ended_at_ms = ?, sequence = ?, event_id = ?, updated_at_ms = ? WHERE item_key = ?";

#define SHOUHU_OVERSIGHT_ITEM_COLS                                                       \
  "SELECT item_key, kind, procuratorate_code, case_id, record_id, assignee, department," \
  " started_at_ms, due_at_ms, state, ended_at_ms, sequence FROM oversight_items"

constexpr char kGetItem[] = SHOUHU_OVERSIGHT_ITEM_COLS " WHERE item_key = ?";
// The case-quality review: every item of one case (migration 0022's index).
constexpr char kItemsOfCase[] = SHOUHU_OVERSIGHT_ITEM_COLS " WHERE case_id = ? LIMIT 2000";

// Lists: one of the three scopes, one filter, one page condition, one order.
constexpr char kItemsOfAssignee[] =
    SHOUHU_OVERSIGHT_ITEM_COLS " WHERE procuratorate_code = ? AND assignee = ?";
constexpr char kItemsOfDepartment[] =
    SHOUHU_OVERSIGHT_ITEM_COLS " WHERE procuratorate_code = ? AND department = ?";
constexpr char kItemsOfProcuratorate[] = SHOUHU_OVERSIGHT_ITEM_COLS " WHERE procuratorate_code = ?";
constexpr char kFilterOpen[] = " AND state = 1";
constexpr char kFilterDue[] =
    " AND state = 1 AND due_at_ms >= ? AND due_at_ms < ?";             // now, horizon
constexpr char kFilterOverdue[] = " AND state = 1 AND due_at_ms < ?";  // now
constexpr char kFilterEnded[] = " AND state IN (2, 3)";
constexpr char kAfterAscending[] = " AND (due_at_ms > ? OR (due_at_ms = ? AND item_key > ?))";
constexpr char kAfterDescending[] = " AND (due_at_ms < ? OR (due_at_ms = ? AND item_key < ?))";
constexpr char kOrderAscending[] = " ORDER BY due_at_ms, item_key LIMIT ?";
constexpr char kOrderDescending[] = " ORDER BY due_at_ms DESC, item_key DESC LIMIT ?";

// ---- Notice scans (every procuratorate): open, assigned items without their notice.
constexpr char kScanOverdue[] = SHOUHU_OVERSIGHT_ITEM_COLS
    " WHERE state = 1 AND overdue_noticed = 0 AND due_at_ms < ? AND assignee <> ''"
    " ORDER BY due_at_ms LIMIT ? FOR UPDATE";
constexpr char kScanDue[] = SHOUHU_OVERSIGHT_ITEM_COLS
    " WHERE state = 1 AND due_noticed = 0 AND due_at_ms < ? AND assignee <> ''"
    " ORDER BY due_at_ms LIMIT ? FOR UPDATE";
// An overdue notice stands for the due one too (an item first seen overdue gets one notice).
constexpr char kMarkOverdueNoticed[] =
    "UPDATE oversight_items SET due_noticed = 1, overdue_noticed = 1 WHERE item_key = ?";
constexpr char kMarkDueNoticed[] = "UPDATE oversight_items SET due_noticed = 1 WHERE item_key = ?";

#undef SHOUHU_OVERSIGHT_ITEM_COLS

// ---- Notices.
constexpr char kInsertNotice[] =
    "INSERT INTO oversight_notices (notice_id, item_key, notice_kind, deadline_kind,"
    " procuratorate_code, recipient, case_id, record_id, due_at_ms, raised_at_ms,"
    " next_attempt_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

#define SHOUHU_OVERSIGHT_NOTICE_COLS                                                      \
  "SELECT notice_id, seq, item_key, notice_kind, deadline_kind, procuratorate_code,"      \
  " recipient, case_id, record_id, due_at_ms, raised_at_ms, acknowledged,"                \
  " acknowledged_at_ms, version, delivery_pending, delivery_attempts, next_attempt_at_ms" \
  " FROM oversight_notices"

constexpr char kGetNoticeForUpdate[] =
    SHOUHU_OVERSIGHT_NOTICE_COLS " WHERE notice_id = ? FOR UPDATE";
constexpr char kNoticesOfRecipient[] =
    SHOUHU_OVERSIGHT_NOTICE_COLS " WHERE procuratorate_code = ? AND recipient = ?";
constexpr char kNoticesUnacknowledged[] = " AND acknowledged = 0";
constexpr char kNoticesAfter[] = " AND (acknowledged > ? OR (acknowledged = ? AND seq < ?))";
constexpr char kNoticesOrder[] = " ORDER BY acknowledged, seq DESC LIMIT ?";
constexpr char kAcknowledgeNotice[] =
    "UPDATE oversight_notices SET acknowledged = 1, acknowledged_at_ms = ?,"
    " version = version + 1 WHERE notice_id = ?";

// Delivery: the pending notices whose attempt is due; a claim moves the attempt time
// ahead by the lease (only the scan that changed it from the value it read sends).
constexpr char kPendingDeliveries[] = SHOUHU_OVERSIGHT_NOTICE_COLS
    " WHERE delivery_pending = 1 AND next_attempt_at_ms <= ? ORDER BY next_attempt_at_ms LIMIT ?";
constexpr char kClaimDelivery[] =
    "UPDATE oversight_notices SET next_attempt_at_ms = ? WHERE notice_id = ?"
    " AND delivery_pending = 1 AND next_attempt_at_ms = ?";
constexpr char kDelivered[] =
    "UPDATE oversight_notices SET delivery_pending = 0, delivered_at_ms = ?,"
    " delivery_attempts = delivery_attempts + 1 WHERE notice_id = ?";
constexpr char kDeliveryFailed[] =
    "UPDATE oversight_notices SET delivery_attempts = delivery_attempts + 1,"
    " next_attempt_at_ms = ? WHERE notice_id = ?";

#undef SHOUHU_OVERSIGHT_NOTICE_COLS

// ---- The monthly ledger: "SELECT <group> AS grp, " + a count part [+ kLedgerInDepartment]
// + kLedgerGroup. Parameters as commented.
constexpr char kLedgerByDepartment[] = "SELECT department AS grp, ";
constexpr char kLedgerByAssignee[] = "SELECT assignee AS grp, ";
// procuratorate, month start, month end.
constexpr char kLedgerHandled[] =
    "COUNT(*) AS n, COALESCE(SUM(ended_at_ms <= due_at_ms), 0) AS m FROM oversight_items"
    " WHERE procuratorate_code = ? AND state = 2 AND ended_at_ms >= ? AND ended_at_ms < ?";
// cutoff, procuratorate, cutoff.
constexpr char kLedgerOpen[] =
    "COUNT(*) AS n, COALESCE(SUM(due_at_ms < ?), 0) AS m FROM oversight_items"
    " WHERE procuratorate_code = ? AND state = 1 AND started_at_ms < ?";
// cutoff, procuratorate, cutoff, cutoff.
constexpr char kLedgerEndedLater[] =
    "COUNT(*) AS n, COALESCE(SUM(due_at_ms < ?), 0) AS m FROM oversight_items"
    " WHERE procuratorate_code = ? AND state IN (2, 3) AND ended_at_ms >= ?"
    " AND started_at_ms < ?";
constexpr char kLedgerInDepartment[] = " AND department = ?";
constexpr char kLedgerGroup[] = " GROUP BY grp";

}  // namespace shouhu::oversight::oversight_sql

#endif  // SHOUHU_OVERSIGHT_OVERSIGHT_SQL_H_
