// Every SQL statement of the aid service's money part (fund, disbursements and payments,
// bank statements, recoveries), named, with "?" parameters; prepared once per connection.
// WHERE clauses of list queries are assembled only from the fixed fragments here.
#ifndef SHOUHU_AID_DISBURSEMENT_SQL_H_
#define SHOUHU_AID_DISBURSEMENT_SQL_H_

namespace shouhu::aid {

// --- Fund (救助资金) ---------------------------------------------------------------------
// The pot's row is changed only by conditional updates; the parameters after the key are
// the amount (twice for the condition). A pot that would go negative is not updated.
#define SHOUHU_AID_FUND_KEY " WHERE procuratorate_code = ? AND year = ? AND pot = ?"
constexpr char kFundReserve[] =
    "UPDATE aid_funds SET reserved_fen = reserved_fen + ?, version = version + 1,"
    " updated_at_ms = ?" SHOUHU_AID_FUND_KEY
    " AND allocated_fen + recovered_fen - reserved_fen - drawn_fen >= ?";
constexpr char kFundRelease[] =
    "UPDATE aid_funds SET reserved_fen = reserved_fen - ?, version = version + 1,"
    " updated_at_ms = ?" SHOUHU_AID_FUND_KEY " AND reserved_fen >= ?";
constexpr char kFundDraw[] =
    "UPDATE aid_funds SET reserved_fen = reserved_fen - ?, drawn_fen = drawn_fen + ?,"
    " version = version + 1, updated_at_ms = ?" SHOUHU_AID_FUND_KEY " AND reserved_fen >= ?";
constexpr char kFundUndraw[] =
    "UPDATE aid_funds SET reserved_fen = reserved_fen + ?, drawn_fen = drawn_fen - ?,"
    " version = version + 1, updated_at_ms = ?" SHOUHU_AID_FUND_KEY " AND drawn_fen >= ?";
// Allocation and recovery create the pot when it does not exist yet.
constexpr char kFundAllocate[] =
    "INSERT INTO aid_funds (procuratorate_code, year, pot, allocated_fen, updated_at_ms)"
    " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
    " allocated_fen = allocated_fen + VALUES(allocated_fen), version = version + 1,"
    " updated_at_ms = VALUES(updated_at_ms)";
constexpr char kFundCredit[] =
    "INSERT INTO aid_funds (procuratorate_code, year, pot, recovered_fen, updated_at_ms)"
    " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
    " recovered_fen = recovered_fen + VALUES(recovered_fen), version = version + 1,"
    " updated_at_ms = VALUES(updated_at_ms)";
constexpr char kFundCols[] =
    "SELECT procuratorate_code, year, pot, allocated_fen, reserved_fen, drawn_fen,"
    " recovered_fen, version FROM aid_funds";
constexpr char kGetFund[] =
    "SELECT procuratorate_code, year, pot, allocated_fen, reserved_fen, drawn_fen,"
    " recovered_fen, version FROM aid_funds" SHOUHU_AID_FUND_KEY;
constexpr char kFundsOfYear[] =
    "SELECT procuratorate_code, year, pot, allocated_fen, reserved_fen, drawn_fen,"
    " recovered_fen, version FROM aid_funds WHERE procuratorate_code = ? AND year = ?"
    " ORDER BY pot";
constexpr char kInsertFundEntry[] =
    "INSERT INTO aid_fund_entries (procuratorate_code, year, pot, kind, amount_fen,"
    " application_id, payment_id, source, actor, at_ms, available_after_fen)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// Sums of the entries of a pot by kind, to check the pot's figures.
constexpr char kFundEntrySums[] =
    "SELECT kind, SUM(amount_fen) AS total FROM aid_fund_entries"
    " WHERE procuratorate_code = ? AND year = ? AND pot = ? GROUP BY kind";
constexpr char kFundEntryCols[] =
    "SELECT seq, kind, pot, amount_fen, application_id, payment_id, source, actor, at_ms,"
    " available_after_fen FROM aid_fund_entries";
constexpr char kFundEntriesOfYear[] =
    " WHERE procuratorate_code = ? AND year = ? AND seq > ? ORDER BY seq LIMIT ?";
constexpr char kFundEntriesOfPot[] =
    " WHERE procuratorate_code = ? AND year = ? AND pot = ? AND seq > ? ORDER BY seq LIMIT ?";
#undef SHOUHU_AID_FUND_KEY

// The year of the application's last reservation on a pot: payments draw from it.
constexpr char kReservationYear[] =
    "SELECT year FROM aid_fund_entries WHERE application_id = ? AND kind = 2 AND pot = ?"
    " ORDER BY seq DESC LIMIT 1";

// --- Applications (the columns the money part reads and writes) --------------------------
constexpr char kGetApplication[] =
    "SELECT id, procuratorate_code, case_id, status, assigned_to, applicant_person_id,"
    " victim_minor, approved_fen, emergency_fen, paid_fen, recovered_fen, version"
    " FROM aid_applications WHERE id = ? FOR UPDATE";
constexpr char kAddApplicationPaid[] =
    "UPDATE aid_applications SET paid_fen = paid_fen + ?,"
    " emergency_paid_fen = emergency_paid_fen + ?, version = version + 1,"
    " updated_at_ms = ? WHERE id = ? AND paid_fen + ? >= 0 AND emergency_paid_fen + ? >= 0";
constexpr char kSetApplicationStatus[] =
    "UPDATE aid_applications SET status = ?, version = version + 1, updated_at_ms = ?"
    " WHERE id = ? AND status = ?";
constexpr char kAddApplicationRecovered[] =
    "UPDATE aid_applications SET recovered_fen = recovered_fen + ?, version = version + 1,"
    " updated_at_ms = ? WHERE id = ?";

// --- Disbursements ---------------------------------------------------------------------
constexpr char kInsertDisbursement[] =
    "INSERT INTO aid_disbursements (id, procuratorate_code, application_id, case_id, purpose,"
    " method, custody, custodian, guardian_monthly_limit_fen, payee_name_enc, payee_bank,"
    " payee_account_enc, payee_account_last4, total_fen, custody_agreement_ref,"
    " release_condition, next_due_on, created_at_ms, updated_at_ms, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
#define SHOUHU_AID_DISB_COLS                                                                  \
  "SELECT id, seq, procuratorate_code, application_id, case_id, purpose, method, custody,"    \
  " custodian, guardian_monthly_limit_fen, payee_name_enc, payee_bank, payee_account_enc,"    \
  " payee_account_last4, total_fen, paid_fen, funds_arrived_on, notify_due_on,"               \
  " applicant_notified_at_ms, notification_method, custody_agreement_ref, release_condition," \
  " custody_balance_fen, amendment_reason_enc, next_due_on, version FROM aid_disbursements"
constexpr char kGetDisbursement[] = SHOUHU_AID_DISB_COLS " WHERE id = ?";
constexpr char kGetDisbursementForUpdate[] = SHOUHU_AID_DISB_COLS " WHERE id = ? FOR UPDATE";
constexpr char kDisbursementsOfProc[] =
    SHOUHU_AID_DISB_COLS " WHERE procuratorate_code = ? AND seq > ? ORDER BY seq LIMIT ?";
constexpr char kDisbursementsOfApp[] = SHOUHU_AID_DISB_COLS
    " WHERE application_id = ? AND procuratorate_code = ? AND seq > ? ORDER BY seq LIMIT ?";
// Finance's queue: first unpaid instalment due on or before a day, by due date then seq.
constexpr char kDisbursementsDue[] = SHOUHU_AID_DISB_COLS
    " WHERE procuratorate_code = ? AND next_due_on <= ?"
    " AND (next_due_on > ? OR (next_due_on = ? AND seq > ?)) ORDER BY next_due_on, seq LIMIT ?";
#undef SHOUHU_AID_DISB_COLS
constexpr char kSetFundsArrived[] =
    "UPDATE aid_disbursements SET funds_arrived_on = ?, notify_due_on = ?, version = version + 1,"
    " updated_at_ms = ? WHERE id = ? AND version = ?";
constexpr char kSetNotified[] =
    "UPDATE aid_disbursements SET applicant_notified_at_ms = ?, notification_method = ?,"
    " version = version + 1, updated_at_ms = ? WHERE id = ? AND version = ?";
constexpr char kSetAmended[] =
    "UPDATE aid_disbursements SET payee_name_enc = ?, payee_bank = ?, payee_account_enc = ?,"
    " payee_account_last4 = ?, amendment_reason_enc = ?, version = version + 1,"
    " updated_at_ms = ? WHERE id = ? AND version = ?";
// After a payment, a failure or an amendment: paid amount, custody balance and the queue.
constexpr char kSetPaidState[] =
    "UPDATE aid_disbursements SET paid_fen = ?, custody_balance_fen = ?, next_due_on = ?,"
    " version = version + 1, updated_at_ms = ? WHERE id = ?";
constexpr char kSetCustodyBalance[] =
    "UPDATE aid_disbursements SET custody_balance_fen = ?, version = version + 1,"
    " updated_at_ms = ? WHERE id = ? AND version = ?";
// Whether every AWARD plan of an application is paid in full and every payment receipted.
constexpr char kAwardProgress[] =
    "SELECT COUNT(*) AS plans, COALESCE(SUM(paid_fen < total_fen), 0) AS unpaid,"
    " (SELECT COUNT(*) FROM aid_payments p WHERE p.application_id = ? AND p.status = 1)"
    " AS unreceipted FROM aid_disbursements WHERE application_id = ? AND purpose = 1";
// Emergency advance paid on an application (live payments of its EMERGENCY_ADVANCE plans).
constexpr char kEmergencyPaid[] =
    "SELECT COALESCE(SUM(amount_fen), 0) FROM aid_payments"
    " WHERE application_id = ? AND emergency = TRUE AND status <> 3";
constexpr char kPlannedOfApp[] =
    "SELECT COALESCE(SUM(total_fen), 0) FROM aid_disbursements"
    " WHERE application_id = ? AND purpose = ?";

constexpr char kInsertInstalment[] =
    "INSERT INTO aid_instalments (disbursement_id, sequence, procuratorate_code, due_on,"
    " amount_fen) VALUES (?, ?, ?, ?, ?)";
constexpr char kInstalmentsOf[] =
    "SELECT sequence, due_on, amount_fen FROM aid_instalments WHERE disbursement_id = ?"
    " ORDER BY sequence";
constexpr char kDeleteInstalmentsFrom[] =
    "DELETE FROM aid_instalments WHERE disbursement_id = ? AND sequence >= ?";

// --- Payments ----------------------------------------------------------------------------
constexpr char kInsertPayment[] =
    "INSERT INTO aid_payments (id, procuratorate_code, disbursement_id, application_id,"
    " instalment_sequence, amount_fen, paid_on, voucher_number, bank_reference, status,"
    " recorded_by, recorded_by_name, emergency, fund_year, created_at_ms, updated_at_ms,"
    " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, 1)";
#define SHOUHU_AID_PAY_COLS                                                                   \
  "SELECT id, procuratorate_code, disbursement_id, application_id, instalment_sequence,"      \
  " amount_fen, paid_on, voucher_number, bank_reference, status, receipt_number, receipt_on," \
  " failure_reason, recorded_by, recorded_by_name, emergency, fund_year, reconciliation,"     \
  " statement_id, version FROM aid_payments"
constexpr char kGetPayment[] = SHOUHU_AID_PAY_COLS " WHERE id = ?";
constexpr char kPaymentsOf[] = SHOUHU_AID_PAY_COLS " WHERE disbursement_id = ? ORDER BY seq";
constexpr char kPaymentsByReference[] =
    SHOUHU_AID_PAY_COLS " WHERE procuratorate_code = ? AND bank_reference = ? AND status <> 3";
constexpr char kPaymentsPaidBetween[] =
    SHOUHU_AID_PAY_COLS " WHERE procuratorate_code = ? AND paid_on BETWEEN ? AND ? AND status <> 3";
#undef SHOUHU_AID_PAY_COLS
constexpr char kSetPaymentReceipted[] =
    "UPDATE aid_payments SET status = 2, receipt_number = ?, receipt_on = ?,"
    " version = version + 1, updated_at_ms = ? WHERE id = ? AND version = ? AND status = 1";
constexpr char kSetPaymentFailed[] =
    "UPDATE aid_payments SET status = 3, failure_reason = ?, receipt_on = ?,"
    " version = version + 1, updated_at_ms = ? WHERE id = ? AND version = ? AND status <> 3";
constexpr char kSetPaymentReconciliation[] =
    "UPDATE aid_payments SET reconciliation = ?, statement_id = ?, version = version + 1,"
    " updated_at_ms = ? WHERE id = ?";

// --- Guardian withdrawals ----------------------------------------------------------------
constexpr char kInsertWithdrawal[] =
    "INSERT INTO aid_withdrawals (disbursement_id, sequence, procuratorate_code, withdrawn_on,"
    " amount_fen, purpose_enc, balance_after_fen, recorded_by, at_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kWithdrawalsOf[] =
    "SELECT sequence, withdrawn_on, amount_fen, purpose_enc, balance_after_fen, recorded_by"
    " FROM aid_withdrawals WHERE disbursement_id = ? ORDER BY sequence";
constexpr char kWithdrawnBetween[] =
    "SELECT COALESCE(SUM(amount_fen), 0) FROM aid_withdrawals WHERE disbursement_id = ?"
    " AND withdrawn_on BETWEEN ? AND ?";

// --- Bank statements (对账) ----------------------------------------------------------------
constexpr char kInsertStatement[] =
    "INSERT INTO aid_bank_statements (id, procuratorate_code, account_label, period_from,"
    " period_to, line_count, imported_by, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kInsertStatementLine[] =
    "INSERT INTO aid_statement_lines (statement_id, line_number, procuratorate_code, txn_date,"
    " bank_reference, amount_fen, result, payment_id, expected_fen, problem)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// A reference already on an earlier statement (a line that was read, not a duplicate).
constexpr char kReferenceOnStatement[] =
    "SELECT 1 FROM aid_statement_lines WHERE procuratorate_code = ? AND bank_reference = ?"
    " AND result IN (1, 2, 3) LIMIT 1";
constexpr char kInsertIssue[] =
    "INSERT INTO aid_reconciliation_issues (procuratorate_code, kind, statement_id, line_number,"
    " payment_id, bank_reference, statement_fen, payment_fen, on_date)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
// Issues newest first: open or resolved (idx_aid_issue_open), or both (idx_aid_issue_proc):
// kIssueCols + kIssuesOfProc + [kIssuesOpen] + kIssuesBelow.
constexpr char kIssueCols[] =
    "SELECT seq, procuratorate_code, kind, statement_id, line_number, payment_id,"
    " bank_reference, statement_fen, payment_fen, on_date, open, resolution,"
    " resolution_note_enc, resolved_by, resolved_by_name, resolved_at_ms, version"
    " FROM aid_reconciliation_issues";
constexpr char kIssuesOfProc[] = " WHERE procuratorate_code = ?";
constexpr char kIssuesOpen[] = " AND open = ?";
constexpr char kIssuesBelow[] = " AND seq < ? ORDER BY seq DESC LIMIT ?";
constexpr char kIssueForUpdate[] = " WHERE seq = ? AND procuratorate_code = ? FOR UPDATE";
constexpr char kResolveIssue[] =
    "UPDATE aid_reconciliation_issues SET open = FALSE, resolution = ?, resolution_note_enc = ?,"
    " resolved_by = ?, resolved_by_name = ?, resolved_at_ms = ?, version = version + 1"
    " WHERE seq = ? AND version = ? AND open = TRUE";

// --- Recoveries (追回/追偿) ----------------------------------------------------------------
constexpr char kInsertRecovery[] =
    "INSERT INTO aid_recoveries (id, procuratorate_code, application_id, kind, status,"
    " debtor_enc, reason_enc, amount_due_fen, destination, opened_on, created_at_ms,"
    " updated_at_ms, version) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 1)";
#define SHOUHU_AID_REC_COLS                                                                   \
  "SELECT id, seq, procuratorate_code, application_id, kind, status, debtor_enc, reason_enc," \
  " termination_reason_enc, amount_due_fen, recovered_fen, destination, opened_on, version"   \
  " FROM aid_recoveries"
constexpr char kGetRecovery[] = SHOUHU_AID_REC_COLS " WHERE id = ? FOR UPDATE";
constexpr char kRecoveriesOfProc[] =
    SHOUHU_AID_REC_COLS " WHERE procuratorate_code = ? AND seq > ? ORDER BY seq LIMIT ?";
constexpr char kRecoveriesOfStatus[] = SHOUHU_AID_REC_COLS
    " WHERE procuratorate_code = ? AND status = ? AND seq > ? ORDER BY seq LIMIT ?";
constexpr char kRecoveriesOfApp[] = SHOUHU_AID_REC_COLS
    " WHERE application_id = ? AND procuratorate_code = ? AND seq > ? ORDER BY seq LIMIT ?";
#undef SHOUHU_AID_REC_COLS
// Amount still claimed on an application by recoveries not cancelled.
constexpr char kRecoveriesDue[] =
    "SELECT COALESCE(SUM(amount_due_fen), 0) FROM aid_recoveries"
    " WHERE application_id = ? AND status IN (1, 2, 3)";
constexpr char kSetRecoveryReceived[] =
    "UPDATE aid_recoveries SET recovered_fen = recovered_fen + ?, status = ?,"
    " version = version + 1, updated_at_ms = ? WHERE id = ? AND version = ?";
constexpr char kSetRecoveryClosed[] =
    "UPDATE aid_recoveries SET status = ?, termination_reason_enc = ?, version = version + 1,"
    " updated_at_ms = ? WHERE id = ? AND version = ?";
constexpr char kInsertRecoveryReceipt[] =
    "INSERT INTO aid_recovery_receipts (recovery_id, sequence, procuratorate_code, amount_fen,"
    " received_on, voucher_number, recorded_by, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kRecoveryReceiptsOf[] =
    "SELECT sequence, amount_fen, received_on, voucher_number, recorded_by"
    " FROM aid_recovery_receipts WHERE recovery_id = ? ORDER BY sequence";

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_DISBURSEMENT_SQL_H_
