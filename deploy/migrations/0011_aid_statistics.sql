-- Aid statistics (救助统计): what the figures are grouped and filtered by.
-- The department of an application is the department of the caseworker who registered
-- it (or, for an ex officio draft, who first proposed on it).
ALTER TABLE aid_applications
  ADD COLUMN department VARCHAR(64) NOT NULL DEFAULT '' AFTER assigned_to,
  ADD KEY idx_aidapp_emergency (procuratorate_code, emergency_approved_at_ms);

ALTER TABLE aid_recovery_receipts
  ADD KEY idx_aid_rec_receipt_on (procuratorate_code, received_on);

ALTER TABLE aid_suggestions
  ADD KEY idx_sug_issued (procuratorate_code, issued_on);
