-- Indexes for the referral repository's named statements (services/referral/repository_sql.h)
-- that scanned a whole table: the referrals of a case (GetCase, ListCases' one query per
-- page) and the cases of a person (merging persons, whether a person is visible to a
-- procuratorate). tests/integration/referral_explain_test.cc checks EXPLAIN of every
-- statement at 100,000 referrals.
ALTER TABLE referrals ADD KEY idx_ref_case (case_id, seq);
ALTER TABLE cases ADD KEY idx_case_subject (subject_person_id, procuratorate_code);
