-- Social-aid suggestions (社会救助建议, 多元救助) of the aid service. Only the aid service
-- writes them. Free text (content, outcome, the disclosure purpose) and the identity
-- disclosed to the agency are AES-256-GCM ciphertexts bound to the row.
CREATE TABLE aid_suggestions (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  application_id VARCHAR(48) NULL,
  -- The need found on a visit this draft came from: one suggestion per need.
  source_need_id VARCHAR(48) NULL,
  agency_code VARCHAR(32) NULL,
  measure TINYINT NOT NULL,
  content_enc VARBINARY(8400) NOT NULL,
  status TINYINT NOT NULL,
  issued_on DATE NULL,
  reply_due_on DATE NULL,
  -- 1 while the agency still owes its answer (ISSUED or ACKNOWLEDGED), else NULL: the
  -- overdue list reads (procuratorate_code, open_due) and (agency_code, open_due).
  open_due DATE GENERATED ALWAYS AS (IF(status IN (2, 3), reply_due_on, NULL)) STORED,
  outcome_enc VARBINARY(8400) NULL,
  outcome_on DATE NULL,
  outcome_granted BOOLEAN NOT NULL DEFAULT FALSE,
  outcome_sessions INT NOT NULL DEFAULT 0,
  outcome_amount_fen BIGINT NOT NULL DEFAULT 0,
  outcome_start_on DATE NULL,
  person_id VARCHAR(32) NULL,
  identity_disclosed BOOLEAN NOT NULL DEFAULT FALSE,
  disclosed_person_enc VARBINARY(2048) NULL,
  disclosure_purpose_enc VARBINARY(1024) NULL,
  issued_by VARCHAR(96) NULL,
  issued_by_name VARCHAR(64) NULL,
  version BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  UNIQUE KEY uq_sug_seq (seq),
  UNIQUE KEY uq_sug_need (source_need_id),
  KEY idx_sug_proc (procuratorate_code, seq),
  KEY idx_sug_case (case_id, seq),
  KEY idx_sug_agency (agency_code, seq),
  KEY idx_sug_proc_due (procuratorate_code, open_due),
  KEY idx_sug_agency_due (agency_code, open_due)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
