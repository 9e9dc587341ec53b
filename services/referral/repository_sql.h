// Every SQL statement of the referral service, named, with "?" parameters; prepared once
// per connection. WHERE clauses of the list queries are assembled in repository_*.cc from
// the fixed fragments here only. Included by repository_*.cc and by the EXPLAIN test
// (tests/integration/referral_explain_test.cc), which checks every statement here.
#ifndef SHOUHU_REFERRAL_REPOSITORY_SQL_H_
#define SHOUHU_REFERRAL_REPOSITORY_SQL_H_

namespace shouhu::referral {

constexpr char kUpsertProcuratorate[] =
    "INSERT INTO procuratorates (code, name, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?)"
    " ON DUPLICATE KEY UPDATE name = VALUES(name), updated_at_ms = VALUES(updated_at_ms)";
constexpr char kProcuratorateExists[] = "SELECT 1 FROM procuratorates WHERE code = ?";
constexpr char kUpsertAgency[] =
    "INSERT INTO agencies (code, name, type, jurisdiction_code, procuratorate_code, active,"
    " created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON DUPLICATE KEY UPDATE name = VALUES(name), type = VALUES(type),"
    " jurisdiction_code = VALUES(jurisdiction_code),"
    " procuratorate_code = VALUES(procuratorate_code), active = VALUES(active),"
    " updated_at_ms = VALUES(updated_at_ms)";
constexpr char kAgencyCols[] =
    "SELECT code, name, type, jurisdiction_code, procuratorate_code, active FROM agencies";

// The whole person row (as kGetPerson), so that a match needs no second read.
constexpr char kPersonByHmac[] =
    "SELECT id, name, name_enc, sex, birth_date, id_number_enc, phone_enc, address_enc,"
    " ethnicity, merged_into, version FROM persons WHERE id_number_hmac = ? FOR UPDATE";
constexpr char kInsertPerson[] =
    "INSERT INTO persons (id, name_enc, name_key, sex, birth_date, id_number_enc, id_number_hmac,"
    " phone_enc, address_enc, ethnicity, created_at_ms, updated_at_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kPersonByNameBirth[] =
    "SELECT id FROM persons WHERE name_key = ? AND merged_into IS NULL"
    " AND id <> ? ORDER BY created_at_ms LIMIT 1";
constexpr char kGetPerson[] =
    "SELECT id, name, name_enc, sex, birth_date, id_number_enc, phone_enc, address_enc,"
    " ethnicity, merged_into, version FROM persons WHERE id = ?";
constexpr char kPersonVisible[] =
    "SELECT 1 FROM referral_people rp JOIN referrals r ON r.id = rp.referral_id"
    " WHERE rp.person_id = ? AND r.procuratorate_code = ?"
    " UNION ALL SELECT 1 FROM cases WHERE subject_person_id = ? AND procuratorate_code = ?"
    " LIMIT 1";
constexpr char kInsertCandidate[] =
    "INSERT IGNORE INTO duplicate_candidates (id, procuratorate_code, referral_id,"
    " existing_person_id, incoming_person_id, state) VALUES (?, ?, ?, ?, ?, 0)";
constexpr char kCandidateCols[] =
    "SELECT id, seq, procuratorate_code, referral_id, existing_person_id, incoming_person_id,"
    " state FROM duplicate_candidates";
constexpr char kResolveCandidate[] =
    "UPDATE duplicate_candidates SET state = ?, resolved_by = ?, resolved_at_ms = ? WHERE id = ?";
constexpr char kMergeMark[] =
    "UPDATE persons SET merged_into = ?, updated_at_ms = ? WHERE id = ? AND merged_into IS NULL";
constexpr char kMergePeople[] = "UPDATE referral_people SET person_id = ? WHERE person_id = ?";
constexpr char kMergeReferrals[] =
    "UPDATE referrals SET subject_person_id = ? WHERE subject_person_id = ?";
constexpr char kMergeCases[] =
    "UPDATE cases SET subject_person_id = ?, open_subject_key = IF(open_subject_key IS NULL, NULL,"
    " CONCAT(procuratorate_code, ':', ?)) WHERE subject_person_id = ?";
constexpr char kClearIdNumber[] = "UPDATE persons SET id_number_hmac = NULL WHERE id = ?";
constexpr char kSetIdNumber[] =
    "UPDATE persons SET id_number_enc = ?, id_number_hmac = ? WHERE id = ?";
constexpr char kHasIdNumber[] =
    "SELECT id_number_hmac IS NOT NULL AS has_id, id_number_enc FROM persons WHERE id = ?";

constexpr char kInsertReferral[] =
    "INSERT INTO referrals (id, procuratorate_code, agency_code, kind, status, urgent,"
    " facts_enc, occurred_on, situations, aid_grounds, special_categories, subject_person_id,"
    " submitted_at_ms, response_due_at_ms, assigned_to, case_id, decline_reason,"
    " message_to_agency_enc, version, updated_at_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kReferralCols[] =
    "SELECT id, seq, procuratorate_code, agency_code, kind, status, urgent, facts, facts_enc,"
    " DATE_FORMAT(occurred_on, '%Y-%m-%d') AS occurred_on, situations, aid_grounds,"
    " special_categories, submitted_at_ms, response_due_at_ms, assigned_to, case_id,"
    " decline_reason, message_to_agency, message_to_agency_enc, version FROM referrals";
// Also what the statistics need (migration 0020), in the same statement: the department
// (parameters: whether to set it, the department) and the first answer (parameters: the
// answer's instant or NULL, the deadline in force or NULL, the answer's instant again;
// kept only when none was recorded: answer_due_at_ms is assigned first, while
// answered_at_ms still holds the stored value).
constexpr char kUpdateReferral[] =
    "UPDATE referrals SET status = ?, facts = NULL, facts_enc = ?, response_due_at_ms = ?,"
    " assigned_to = ?, case_id = ?, decline_reason = ?, message_to_agency = NULL,"
    " message_to_agency_enc = ?, department = IF(?, ?, department),"
    " answer_due_at_ms = IF(answered_at_ms IS NULL AND ? IS NOT NULL, ?, answer_due_at_ms),"
    " answered_at_ms = COALESCE(answered_at_ms, ?), version = version + 1, updated_at_ms = ?"
    " WHERE id = ? AND version = ?";
// The first answer's state and the department of one referral (the primary key).
constexpr char kReferralAnswerFacts[] =
    "SELECT answered_at_ms IS NOT NULL AS answered, COALESCE(department, '') AS department"
    " FROM referrals WHERE id = ?";
// All the people of a referral in one statement: kInsertReferralPeople, then one
// kReferralPersonRow per person separated by kInListSeparator (ReferralPeopleInsertSql).
constexpr char kInsertReferralPeople[] =
    "INSERT INTO referral_people (referral_id, ord, person_id, role, relation, matched_existing,"
    " possible_duplicate, submitted_name_enc, submitted_sex, submitted_birth_date,"
    " submitted_phone_enc, submitted_address_enc, submitted_ethnicity) VALUES ";
constexpr char kReferralPersonRow[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// What the agency submitted for each person of a referral (repository_person_details.cc).
constexpr char kSubmittedPeople[] =
    "SELECT rp.ord, rp.person_id, rp.submitted_name_enc, rp.submitted_sex,"
    " DATE_FORMAT(rp.submitted_birth_date, '%Y-%m-%d') AS submitted_birth_date,"
    " rp.submitted_phone_enc, rp.submitted_address_enc, rp.submitted_ethnicity, p.id, p.name,"
    " p.name_enc, p.sex, p.birth_date, p.id_number_enc, p.phone_enc, p.address_enc, p.ethnicity,"
    " p.merged_into, p.version FROM referral_people rp LEFT JOIN persons p ON p.id = rp.person_id"
    " WHERE rp.referral_id = ? ORDER BY rp.ord";
// Changes of a person record, conditional on the version read (UpdatePerson).
constexpr char kUpdatePersonFields[] =
    "UPDATE persons SET name = NULL, name_enc = ?, name_key = ?, sex = ?, birth_date = ?,"
    " phone_enc = ?, address_enc = ?, ethnicity = ?, version = version + 1, updated_at_ms = ?"
    " WHERE id = ? AND version = ?";
constexpr char kInsertPersonHistory[] =
    "INSERT INTO person_history (person_id, version, changed_fields, old_values_enc,"
    " new_values_enc, reason_enc, actor, actor_name, procuratorate_code, request_id,"
    " source_referral_id, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kPersonHistory[] =
    "SELECT version, changed_fields, old_values_enc, new_values_enc, reason_enc, actor,"
    " actor_name, request_id, source_referral_id, at_ms FROM person_history"
    " WHERE person_id = ? AND version < ? ORDER BY version DESC LIMIT ?";
// The people of a referral with their person rows (the columns of kGetPerson), in one
// statement.
constexpr char kReferralPeople[] =
    "SELECT rp.ord, rp.person_id, rp.role, rp.relation, rp.matched_existing,"
    " rp.possible_duplicate, p.id, p.name, p.name_enc, p.sex, p.birth_date, p.id_number_enc, "
    "p.phone_enc,"
    " p.address_enc, p.ethnicity, p.merged_into, p.version FROM referral_people rp"
    " LEFT JOIN persons p ON p.id = rp.person_id WHERE rp.referral_id = ? ORDER BY rp.ord";
constexpr char kInsertEvent[] =
    "INSERT INTO referral_events (referral_id, seq, at_ms, status, step, message_enc, actor,"
    " actor_name) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ? FROM referral_events"
    " WHERE referral_id = ?";
constexpr char kTimeline[] =
    "SELECT seq, at_ms, status, step, message, message_enc, actor, actor_name FROM referral_events"
    " WHERE referral_id = ? AND seq > ? ORDER BY seq";

// The department (migration 0020) is the referral's (first parameter: its id, or NULL),
// else the second parameter.
constexpr char kInsertCase[] =
    "INSERT INTO cases (id, procuratorate_code, status, subject_person_id, kind, assigned_to,"
    " opened_at_ms, transferred_from_case, open_subject_key, version, updated_at_ms, department)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " COALESCE((SELECT department FROM referrals WHERE id = ?), ?))";
// AssignCase: the assigner's department (migration 0020).
constexpr char kSetCaseDepartment[] = "UPDATE cases SET department = ? WHERE id = ?";
constexpr char kCaseCols[] =
    "SELECT id, seq, procuratorate_code, status, subject_person_id, kind, assigned_to,"
    " opened_at_ms, closed_at_ms, close_reason, close_note, close_note_enc, transfer_to,"
    " transferred_to_case, transferred_from_case, transfer_reason, transfer_reason_enc, version"
    " FROM cases";
constexpr char kOpenCase[] = "SELECT id FROM cases WHERE open_subject_key = ?";
constexpr char kOpenCaseForUpdate[] = "SELECT id FROM cases WHERE open_subject_key = ? FOR UPDATE";
constexpr char kUpdateCase[] =
    "UPDATE cases SET status = ?, assigned_to = ?, closed_at_ms = ?, close_reason = ?,"
    " close_note = NULL, close_note_enc = ?, transfer_to = ?, transferred_to_case = ?,"
    " transfer_reason = NULL, transfer_reason_enc = ?, open_subject_key = ?,"
    " version = version + 1, updated_at_ms = ? WHERE id = ? AND version = ?";
constexpr char kCaseReferrals[] = "SELECT id FROM referrals WHERE case_id = ? ORDER BY seq";
// The referrals of a page of cases in one statement: kCasesReferrals, then one
// kInListPlaceholder per id separated by kInListSeparator, then kCasesReferralsEnd.
constexpr char kCasesReferrals[] = "SELECT case_id, id FROM referrals WHERE case_id IN (";
constexpr char kInListPlaceholder[] = "?";
constexpr char kInListSeparator[] = ", ";
constexpr char kCasesReferralsEnd[] = ") ORDER BY seq";

// The case facts of the case-quality review (GetCaseFacts, repository_case_facts.cc):
// stored values only. Personal data and free text are read as whether they are filled
// (a sealed column or, for rows not yet backfilled, its clear one), never decrypted.
// The case by its primary key.
constexpr char kCaseFactsCase[] =
    "SELECT id, status, subject_person_id, kind, assigned_to, department, opened_at_ms,"
    " closed_at_ms, close_reason, COALESCE(LENGTH(close_note_enc), 0) > 0"
    " OR COALESCE(LENGTH(close_note), 0) > 0 AS close_note_filled, transfer_to"
    " FROM cases WHERE id = ?";
// The referrals of the case (idx_ref_case), the first ones by seq up to the bound (second
// parameter), each with its people in order (one row per person; the primary key of
// referral_people), in one statement: the referrals and their people read together.
constexpr char kCaseFactsReferrals[] =
    "SELECT r.id, r.agency_code, r.kind, r.status, r.urgent, r.facts_filled, r.occurred_on,"
    " r.submitted_at_ms, r.response_due_at_ms, r.answered_at_ms, r.assigned_to, r.department,"
    " r.decline_reason, rp.person_id FROM (SELECT seq, id, agency_code, kind, status, urgent,"
    " COALESCE(LENGTH(facts_enc), 0) > 0 OR COALESCE(LENGTH(facts), 0) > 0 AS facts_filled,"
    " DATE_FORMAT(occurred_on, '%Y-%m-%d') AS occurred_on, submitted_at_ms,"
    " response_due_at_ms, answered_at_ms, assigned_to, department, decline_reason"
    " FROM referrals WHERE case_id = ? ORDER BY seq LIMIT ?) r"
    " LEFT JOIN referral_people rp ON rp.referral_id = r.id ORDER BY r.seq, rp.ord";

// Fragments of the list queries.
constexpr char kWhereCode[] = " WHERE code = ?";
constexpr char kWhereId[] = " WHERE id = ?";
constexpr char kForUpdate[] = " FOR UPDATE";
constexpr char kAgenciesAll[] = " WHERE code > ? ORDER BY code LIMIT ?";
constexpr char kAgenciesOf[] = " WHERE procuratorate_code = ? AND code > ? ORDER BY code LIMIT ?";
constexpr char kPendingCandidates[] =
    " WHERE procuratorate_code = ? AND state = 0 AND seq < ? ORDER BY seq DESC LIMIT ?";
constexpr char kByProcuratorate[] = " WHERE procuratorate_code = ?";
constexpr char kByAgency[] = " WHERE agency_code = ?";
constexpr char kIncomingTransfers[] = " WHERE transfer_to = ? AND status = 2";
constexpr char kAndStatus[] = " AND status = ?";
constexpr char kAndKind[] = " AND kind = ?";
constexpr char kAndAssignedTo[] = " AND assigned_to = ?";
constexpr char kAndSubject[] = " AND subject_person_id = ?";
constexpr char kAndOverdue[] = " AND status IN (1, 2) AND response_due_at_ms < ?";
// Index hints of the paged lists, placed between the columns and the WHERE fragment. Left
// to itself the optimizer reads the (procuratorate_code, seq) index as a "ref" on the
// procuratorate backwards from its newest row and filters "seq < ?" row by row, so a
// page deep in the list reads every newer row first (11 ms at 25,000 cases, 44 ms at
// 50,000 referrals); forced, it is a range from the page token (0.2 ms).
constexpr char kReferralsByProcuratorateIndex[] = " FORCE INDEX (idx_ref_proc)";
constexpr char kReferralsByAgencyIndex[] = " FORCE INDEX (idx_ref_agency)";
constexpr char kCasesByProcuratorateIndex[] = " FORCE INDEX (idx_case_proc)";
constexpr char kPageBySeq[] = " AND seq < ? ORDER BY seq DESC LIMIT ?";

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_REPOSITORY_SQL_H_
