// Every SQL statement of the aid applications (migration 0008), named, with "?"
// parameters; prepared once per connection. The list query's WHERE clause is assembled in
// application_repository.cc from the fixed fragments here only.
#ifndef SHOUHU_AID_APPLICATION_SQL_H_
#define SHOUHU_AID_APPLICATION_SQL_H_

namespace shouhu::aid {

constexpr char kAppCols[] =
    "SELECT id, seq, procuratorate_code, case_id, channel, status, assigned_to,"
    " applicant_person_id, victim_minor, applicant_enc, details_enc, original_case_number,"
    " registered_on, decision_due_on, decided_on, proposed_decision, exclusion_reasons,"
    " amount_pb, eligibility_pb, rule_set_version, approval_round, approved_fen, reserved_fen,"
    " paid_fen, recovered_fen, decision_document_number, emergency_fen, emergency_reason_enc,"
    " emergency_approved_by, emergency_approver_name, emergency_approver_title,"
    " emergency_approved_at_ms, emergency_paperwork_due_on, emergency_paperwork_done,"
    " emergency_paperwork_done_at_ms, emergency_paid_fen, emergency_settlement,"
    " materials_requested, materials_requested_on, paused_working_days, closing_reason_enc,"
    " source_referral_id, moved_from_id, department, case_closed_on, version FROM aid_applications";

constexpr char kWhereId[] = " WHERE id = ?";
constexpr char kForUpdate[] = " FOR UPDATE";

constexpr char kInsertApp[] =
    "INSERT INTO aid_applications (id, procuratorate_code, case_id, channel, status,"
    " assigned_to, applicant_person_id, victim_minor, applicant_enc, details_enc,"
    " original_case_number, registered_on, decision_due_on, source_referral_id,"
    " moved_from_id, department, created_at_ms, updated_at_ms, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

// Everything an operation may change, conditional on the version read.
constexpr char kUpdateApp[] =
    "UPDATE aid_applications SET status = ?, assigned_to = ?, applicant_person_id = ?,"
    " victim_minor = ?, details_enc = ?, original_case_number = ?, decision_due_on = ?,"
    " decided_on = ?, proposed_decision = ?, exclusion_reasons = ?, amount_pb = ?,"
    " eligibility_pb = ?, rule_set_version = ?, approval_round = ?, approved_fen = ?,"
    " reserved_fen = ?, decision_document_number = ?, emergency_fen = ?,"
    " emergency_reason_enc = ?, emergency_approved_by = ?, emergency_approver_name = ?,"
    " emergency_approver_title = ?, emergency_approved_at_ms = ?,"
    " emergency_paperwork_due_on = ?, emergency_paperwork_done = ?,"
    " emergency_paperwork_done_at_ms = ?, emergency_settlement = ?, materials_requested = ?,"
    " materials_requested_on = ?, paused_working_days = ?, closing_reason_enc = ?,"
    " department = ?, case_closed_on = ?, updated_at_ms = ?, version = version + 1"
    " WHERE id = ? AND version = ?";

constexpr char kDeleteApp[] = "DELETE FROM aid_applications WHERE id = ?";

constexpr char kAppByReferral[] = "SELECT id FROM aid_applications WHERE source_referral_id = ?";
// Undecided applications of a case without an emergency advance (moved with a transfer).
constexpr char kMovableOfCase[] =
    "SELECT id FROM aid_applications WHERE case_id = ? AND status IN (1, 2, 3, 4, 5, 10)"
    " AND emergency_fen = 0 ORDER BY seq";

// The case's undecided and approved applications (case.closed closes or marks them).
constexpr char kOpenOfCase[] =
    "SELECT id FROM aid_applications WHERE case_id = ? AND status IN (1, 2, 3, 4, 5, 6, 10)"
    " ORDER BY seq";

// List: kAppCols + kListWhereProc + optional filters + kListBeforeSeq + kListOrder.
constexpr char kListWhereProc[] = " WHERE procuratorate_code = ?";
constexpr char kListCase[] = " AND case_id = ?";
constexpr char kListStatus[] = " AND status = ?";
constexpr char kListChannel[] = " AND channel = ?";
constexpr char kListAssigned[] = " AND assigned_to = ?";
// Decided applications whose case closed (idx_aidapp_case_closed_flag, migration 0015).
constexpr char kListCaseClosed[] = " AND case_closed = 1";  // idx_aidapp_case_closed_flag
constexpr char kListBeforeSeq[] = " AND seq < ?";
constexpr char kListOrder[] = " ORDER BY seq DESC LIMIT ?";
// Overdue: the decision (undecided, not paused, due before today; index
// idx_aidapp_decision_due) or the emergency paperwork (index idx_aidapp_paperwork_due),
// as a union of two range reads, each limited to the page:
//   kOverdueOpen + kAppCols + kListWhereProc + filters + kListOverdueDecision +
//   kOverdueBranchClose + kUnion + kOverdueOpen + ... + kListOverduePaperwork +
//   kOverdueBranchClose + kOverdueOrder.
constexpr char kListOverdueDecision[] =
    " AND decided_on IS NULL AND decision_due_on < ? AND status IN (1, 2, 3, 4, 5)";
constexpr char kListOverduePaperwork[] =
    " AND emergency_paperwork_done = 0 AND emergency_paperwork_due_on < ?";
constexpr char kOverdueOpen[] = "(";
constexpr char kOverdueBranchClose[] = " ORDER BY seq DESC LIMIT ?)";
constexpr char kUnion[] = " UNION ";
constexpr char kOverdueOrder[] = " ORDER BY seq DESC LIMIT ?";

// Approvals.
constexpr char kInsertApproval[] =
    "INSERT INTO aid_approvals (application_id, seq, procuratorate_code, round, step, outcome,"
    " actor, actor_name, actor_title, at_ms, opinion_enc, document_ref, previous_amount_fen,"
    " amount_fen, amount_reason_enc, decided_by_body, decided_on)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kApprovalsOf[] =
    "SELECT seq, round, step, outcome, actor, actor_name, actor_title, at_ms, opinion_enc,"
    " document_ref, previous_amount_fen, amount_fen, amount_reason_enc, decided_by_body,"
    " decided_on FROM aid_approvals WHERE application_id = ? ORDER BY seq";
constexpr char kDeleteApprovals[] = "DELETE FROM aid_approvals WHERE application_id = ?";

// Party claims (once per party per case).
constexpr char kInsertClaim[] =
    "INSERT INTO aid_party_claims (party_key, original_case_number, application_id,"
    " procuratorate_code, created_at_ms) VALUES (?, ?, ?, ?, ?)";
constexpr char kDeleteClaim[] = "DELETE FROM aid_party_claims WHERE application_id = ?";
constexpr char kClaimHolder[] =
    "SELECT application_id FROM aid_party_claims WHERE party_key = ? AND original_case_number = ?";

// Prior aid declarations.
constexpr char kInsertPriorAid[] =
    "INSERT INTO aid_prior_aid (id, procuratorate_code, person_id, original_case_number, organ,"
    " organ_name, aided_on, amount_fen, note_enc, recorded_by, recorded_by_name, created_at_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kPriorAidOf[] =
    "SELECT id, person_id, original_case_number, organ, organ_name, aided_on, amount_fen,"
    " note_enc, recorded_by, recorded_by_name FROM aid_prior_aid"
    " WHERE person_id = ? AND original_case_number = ? ORDER BY seq LIMIT 100";

// Rights notices.
constexpr char kInsertNotice[] =
    "INSERT INTO aid_rights_notices (id, procuratorate_code, case_id, person_id, notified_on,"
    " method, recorded_by, recorded_by_name, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kNoticesOfCase[] =
    "SELECT seq, id, case_id, person_id, notified_on, method, recorded_by, recorded_by_name"
    " FROM aid_rights_notices WHERE case_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?";

// Materials requests (补充材料), oldest first; the open one is answered by
// MaterialsReceived.
constexpr char kInsertMaterialsRequest[] =
    "INSERT INTO aid_materials_requests (application_id, seq, procuratorate_code, materials,"
    " note_enc, requested_on, requested_by, requested_by_name, answered_on)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kMaterialsRequestsOf[] =
    "SELECT seq, materials, note_enc, requested_on, requested_by, requested_by_name,"
    " answered_on FROM aid_materials_requests WHERE application_id = ? ORDER BY seq";
constexpr char kAnswerMaterialsRequest[] =
    "UPDATE aid_materials_requests SET answered_on = ?, version = version + 1"
    " WHERE application_id = ? AND seq = ? AND answered_on IS NULL";
constexpr char kDeleteMaterialsRequests[] =
    "DELETE FROM aid_materials_requests WHERE application_id = ?";

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_APPLICATION_SQL_H_
