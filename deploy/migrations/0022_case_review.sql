-- Oversight service: the case-quality review (案件质量评查, "即结即评",
-- proto/shouhu/oversight/v1/review.proto). Only the oversight service writes these
-- tables. Ids, codes and rule ids only; the one free text (an appeal's reason and a
-- department head's note) is sealed with the data key. Instants are Unix milliseconds.

-- The review reads the watched deadlines of one case.
ALTER TABLE oversight_items ADD KEY idx_ovi_case (case_id);

-- Rule sets per procuratorate, versioned 1, 2, …: the rules as a serialized
-- RepeatedRules message. state: 1 draft, 2 active, 3 retired; one active per
-- procuratorate (active_marker is 1 only on the active row, NULL otherwise, so the unique
-- key allows many drafts and retired versions but one active one).
CREATE TABLE review_rule_sets (
  procuratorate_code CHAR(6) NOT NULL,
  version INT NOT NULL,
  state TINYINT NOT NULL,
  active_marker TINYINT NULL,
  rules_pb MEDIUMBLOB NOT NULL,
  note VARCHAR(500) NOT NULL DEFAULT '',
  created_by VARCHAR(80) NOT NULL,
  created_at_ms BIGINT NOT NULL,
  activated_by VARCHAR(80) NOT NULL DEFAULT '',
  activated_at_ms BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (procuratorate_code, version),
  UNIQUE KEY uq_rrs_active (procuratorate_code, active_marker)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One review per closed case. state: 1 pending (run at run_at_ms), 2 done. facts_pb keeps
-- the facts of the last run (a serialized ReviewFacts message: the services' RecordFacts
-- and the case's deadlines; ids, codes, dates and "*" for personal or free-text fields),
-- so that a new rule set version can be tried on past cases without asking the services
-- again. closed_at_ms is the case's closing time, the period of the summary.
CREATE TABLE case_reviews (
  case_id VARCHAR(64) NOT NULL PRIMARY KEY,
  procuratorate_code CHAR(6) NOT NULL,
  state TINYINT NOT NULL,
  run_at_ms BIGINT NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  missing_sources VARCHAR(200) NOT NULL DEFAULT '',
  caseworker VARCHAR(64) NOT NULL DEFAULT '',
  department VARCHAR(64) NOT NULL DEFAULT '',
  closed_at_ms BIGINT NOT NULL,
  reviewed_at_ms BIGINT NOT NULL DEFAULT 0,
  rule_set_version INT NOT NULL DEFAULT 0,
  runs INT NOT NULL DEFAULT 0,
  findings_open INT NOT NULL DEFAULT 0,
  facts_pb MEDIUMBLOB NULL,
  version BIGINT NOT NULL DEFAULT 1,
  -- The review job: pending reviews whose time has come.
  KEY idx_cr_pending (state, run_at_ms),
  -- The summary and a rule set's trial: reviews of cases closed in a period.
  KEY idx_cr_closed (procuratorate_code, closed_at_ms),
  KEY idx_cr_dept_closed (procuratorate_code, department, closed_at_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Findings: one row per (case, rule, record, field), kept across runs and versions.
-- state: 1 open, 2 fixed (a later run no longer finds it), 3 appealed, 4 waived (appeal
-- granted). closed_at_ms is the case's (copied, for the summary by period).
CREATE TABLE review_findings (
  finding_id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  case_id VARCHAR(64) NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  rule_id VARCHAR(40) NOT NULL,
  severity TINYINT NOT NULL,
  record_kind VARCHAR(32) NOT NULL,
  record_id VARCHAR(64) NOT NULL,
  field VARCHAR(80) NOT NULL,
  state TINYINT NOT NULL,
  caseworker VARCHAR(64) NOT NULL DEFAULT '',
  department VARCHAR(64) NOT NULL DEFAULT '',
  closed_at_ms BIGINT NOT NULL,
  rule_set_version INT NOT NULL,
  found_at_ms BIGINT NOT NULL,
  cleared_at_ms BIGINT NOT NULL DEFAULT 0,
  appeal_reason_enc VARBINARY(4200) NULL,
  appealed_at_ms BIGINT NOT NULL DEFAULT 0,
  decided_by VARCHAR(80) NOT NULL DEFAULT '',
  decision_note_enc VARBINARY(4200) NULL,
  appeal_rejected TINYINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE KEY uq_rf_seq (seq),
  UNIQUE KEY uq_rf_identity (case_id, rule_id, record_kind, record_id, field),
  -- "My findings" and "the department's findings" by state, newest first.
  KEY idx_rf_caseworker (procuratorate_code, caseworker, state, seq),
  KEY idx_rf_department (procuratorate_code, department, state, seq),
  KEY idx_rf_proc (procuratorate_code, state, seq),
  -- The summary by period (the procuratorate's, or one department's).
  KEY idx_rf_closed (procuratorate_code, closed_at_ms),
  KEY idx_rf_dept_closed (procuratorate_code, department, closed_at_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
