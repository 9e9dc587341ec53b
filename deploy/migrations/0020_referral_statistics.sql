-- Referral statistics (ReferralService.GetReferralStatistics): timeliness of the first
-- answer, departments, and indexes for whole periods of one procuratorate.
-- - referrals.answered_at_ms: the procuratorate's first answer (accept, decline or a
--   request for information); answer_due_at_ms: the response deadline in force then.
--   Referrals answered before this migration get answered_at_ms from their timeline and
--   no deadline (counted as "acknowledged_untimed").
-- - referrals.department / cases.department: the 办案部门 claim of whoever assigned the
--   referral (or case), or took it by answering it; a case opened on accept takes its
--   referral's, a case received by transfer its acceptor's. '' ("unassigned") for rows
--   before this migration.
-- The statistics read one procuratorate's range of submission, opening or closing
-- times: idx_ref_proc_submitted, idx_case_proc_opened, idx_case_proc_closed
-- (tests/integration/referral_stats_explain_test.cc, 100,000 referrals).
ALTER TABLE referrals
  ADD COLUMN answered_at_ms BIGINT NULL,
  ADD COLUMN answer_due_at_ms BIGINT NULL,
  ADD COLUMN department VARCHAR(64) NOT NULL DEFAULT '',
  ADD KEY idx_ref_proc_submitted (procuratorate_code, submitted_at_ms);
ALTER TABLE cases
  ADD COLUMN department VARCHAR(64) NOT NULL DEFAULT '',
  ADD KEY idx_case_proc_opened (procuratorate_code, opened_at_ms),
  ADD KEY idx_case_proc_closed (procuratorate_code, closed_at_ms);
UPDATE referrals r
  JOIN (SELECT referral_id, MIN(at_ms) AS at_ms FROM referral_events
        WHERE step IN ('accepted', 'declined', 'info_requested') GROUP BY referral_id) e
    ON e.referral_id = r.id
  SET r.answered_at_ms = e.at_ms;
