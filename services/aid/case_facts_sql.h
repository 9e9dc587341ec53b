// The statements of the case facts (CaseFactsService/GetCaseFacts, case_facts.h): every
// record of one case, read through the applications' index on the case
// (idx_aidapp_case (case_id, seq), migration 0008) and from there the plans' and payments'
// indexes on their application (idx_aid_disb_app, idx_aid_pay_app). Plans and payments
// belong to a decided application or one with an emergency advance, which a case transfer
// never moves (kMovableOfCase), so their application's case is theirs.
//
// Nothing sealed is read: a personal column is only tested for holding a value. A case has
// a handful of records; each read is bounded to kCaseFactsLimit rows (the oldest first).
#ifndef SHOUHU_AID_CASE_FACTS_SQL_H_
#define SHOUHU_AID_CASE_FACTS_SQL_H_

namespace shouhu::aid {

// Rows read per kind and case at most (the LIMIT parameter of the statements below).
inline constexpr int kCaseFactsLimit = 1000;

// Parameters of each: the case id, the limit.
constexpr char kCaseApplicationFacts[] =
    "SELECT a.id, a.case_id, a.channel, a.status, a.assigned_to, a.department,"
    " a.applicant_person_id, a.registered_on, a.decision_due_on, a.decided_on,"
    " a.decision_document_number, a.proposed_decision, a.approved_fen, a.paid_fen,"
    " a.source_referral_id, COALESCE(LENGTH(a.closing_reason_enc), 0) > 0 AS has_closing_reason,"
    " a.case_closed_on FROM aid_applications a WHERE a.case_id = ? ORDER BY a.seq LIMIT ?";

constexpr char kCaseDisbursementFacts[] =
    "SELECT d.id, d.application_id, d.case_id, d.method, d.purpose, d.total_fen, d.paid_fen,"
    " d.funds_arrived_on, d.notify_due_on, d.applicant_notified_at_ms, d.notification_method,"
    " COALESCE(LENGTH(d.payee_account_enc), 0) > 0 AS has_payee_account,"
    " d.custody_agreement_ref, a.assigned_to, a.department FROM aid_applications a"
    " JOIN aid_disbursements d ON d.application_id = a.id WHERE a.case_id = ?"
    " ORDER BY a.seq, d.seq LIMIT ?";

constexpr char kCasePaymentFacts[] =
    "SELECT p.id, p.disbursement_id, p.application_id, p.amount_fen, p.paid_on,"
    " p.voucher_number, p.bank_reference, p.status, p.receipt_number, p.receipt_on, p.emergency"
    " FROM aid_applications a JOIN aid_payments p ON p.application_id = a.id"
    " WHERE a.case_id = ? ORDER BY a.seq, p.seq LIMIT ?";

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_CASE_FACTS_SQL_H_
