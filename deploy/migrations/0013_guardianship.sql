-- Guardianship service (监护令): orders and their supervision, escalations, the
-- 事实无人抚养儿童 check, gapless document numbers and per-procuratorate policies. Only the
-- guardianship service writes these tables. Personal data and facts live only in *_enc
-- columns: AES-256-GCM ciphertexts with associated data "<table>/<id>/<column>".
-- Lists page by seq (newest first); every list and overdue read has its index below.

-- One row per procuratorate that changed the defaults (guardianship/policy.cc). policy_pb
-- is a serialized shouhu.guardianship.v1.OrderPolicy holding the repeated settings
-- (step_actors, prefixes); the scalar settings are columns.
CREATE TABLE guard_policies (
  procuratorate_code CHAR(6) NOT NULL,
  min_compliance_months INT NOT NULL,
  max_compliance_months INT NOT NULL,
  max_extension_months INT NOT NULL,
  suggestion_reply_months INT NOT NULL,
  general_suggestion_reply_months INT NOT NULL,
  township_working_days INT NOT NULL,
  county_working_days INT NOT NULL,
  document_prefix VARCHAR(32) NOT NULL,
  policy_pb VARBINARY(4096) NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (procuratorate_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Document numbers (文号): one counter per procuratorate, year and DocumentKind, advanced
-- in the transaction of the approval that uses the number (guardianship/doc_numbers.h),
-- so a rolled-back approval gives its number back: gapless.
CREATE TABLE guard_doc_counters (
  procuratorate_code CHAR(6) NOT NULL,
  year SMALLINT NOT NULL,
  kind TINYINT NOT NULL,
  last_number INT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (procuratorate_code, year, kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Orders. body_enc: the whole serialized Order (facts, addressees, notes, evaluation),
-- sealed; the columns repeat what lists, overdue reads and statistics select on.
CREATE TABLE guard_orders (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  kind TINYINT NOT NULL,
  status TINYINT NOT NULL,
  minor_person_id VARCHAR(32) NOT NULL,
  assigned_to VARCHAR(64) NULL,
  department VARCHAR(64) NOT NULL DEFAULT '',
  drafted_by VARCHAR(128) NOT NULL,
  main_failing SMALLINT NOT NULL DEFAULT 0,
  order_date DATE NOT NULL,
  compliance_months INT NOT NULL,
  served_on DATE NULL,  -- service on the last guardian (court orders: decided on)
  compliance_ends_on DATE NULL,
  evaluated_on DATE NULL,
  ended_on DATE NULL,  -- final state reached (evaluated, cancelled, terminated)
  document_number VARCHAR(64) NOT NULL DEFAULT '',
  doc_kind TINYINT NOT NULL DEFAULT 0,
  doc_year SMALLINT NULL,
  doc_seq INT NULL,
  previous_order_id VARCHAR(48) NULL,
  requested_by_escalation_id VARCHAR(48) NULL,
  body_enc MEDIUMBLOB NOT NULL,
  -- Moved here from another procuratorate's order when its case was transferred.
  moved_from_id VARCHAR(48) NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_gord_seq (seq),
  UNIQUE KEY uq_gord_docnum (procuratorate_code, doc_kind, doc_year, doc_seq),
  KEY idx_gord_proc (procuratorate_code, seq),
  KEY idx_gord_case (case_id, seq),
  KEY idx_gord_status (procuratorate_code, status, seq),
  KEY idx_gord_kind (procuratorate_code, kind, seq),
  KEY idx_gord_assigned (procuratorate_code, assigned_to, seq),
  -- Evaluation overdue: UNDER_SUPERVISION, compliance period over (also per caseworker).
  KEY idx_gord_eval_due (procuratorate_code, status, compliance_ends_on),
  KEY idx_gord_assigned_eval_due (procuratorate_code, assigned_to, status, compliance_ends_on),
  KEY idx_gord_served (procuratorate_code, served_on),
  KEY idx_gord_minor (minor_person_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The guidance agencies an order names (one row per arrangement with an agency): what an
-- agency may see and record on.
CREATE TABLE guard_order_agencies (
  agency_code VARCHAR(32) NOT NULL,
  order_id VARCHAR(48) NOT NULL,
  arrangement_index INT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  order_seq BIGINT NOT NULL,
  PRIMARY KEY (agency_code, order_id, arrangement_index),
  KEY idx_gorda_agency_seq (agency_code, order_seq),
  KEY idx_gorda_order (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Addressees with their sealed names (masked on read) and service per guardian.
CREATE TABLE guard_order_addressees (
  order_id VARCHAR(48) NOT NULL,
  position INT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  person_id VARCHAR(32) NOT NULL,
  relation VARCHAR(32) NOT NULL,
  name_enc VARBINARY(1024) NULL,
  served_on DATE NULL,
  admonished BOOLEAN NOT NULL DEFAULT FALSE,
  service_enc VARBINARY(8192) NULL,  -- serialized GuardianService (place, notes), sealed
  PRIMARY KEY (order_id, position),
  KEY idx_gordad_person (person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Guidance sessions (held or missed), by caseworkers or the guidance agency.
CREATE TABLE guard_sessions (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  order_id VARCHAR(48) NOT NULL,
  arrangement_index INT NOT NULL,
  agency_code VARCHAR(32) NOT NULL DEFAULT '',
  held_on DATE NOT NULL,
  attended BOOLEAN NOT NULL,
  minutes INT NOT NULL DEFAULT 0,
  topic_enc VARBINARY(1024) NULL,
  recorded_by VARCHAR(128) NOT NULL,
  recorded_by_name VARCHAR(128) NOT NULL,
  created_at_ms BIGINT NOT NULL,
  UNIQUE KEY uq_gses_seq (seq),
  KEY idx_gses_order (order_id, seq),
  KEY idx_gses_order_agency (order_id, agency_code, seq),
  KEY idx_gses_held (procuratorate_code, held_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Compliance checks and agency feedback.
CREATE TABLE guard_checks (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  order_id VARCHAR(48) NOT NULL,
  checked_on DATE NOT NULL,
  method TINYINT NOT NULL,
  source_agency_code VARCHAR(32) NOT NULL DEFAULT '',
  progress_pb VARBINARY(2048) NULL,  -- serialized ComplianceCheck with action_progress only
  notes_enc VARBINARY(8192) NULL,
  visit_id VARCHAR(48) NOT NULL DEFAULT '',
  concern_found BOOLEAN NOT NULL DEFAULT FALSE,
  recorded_by VARCHAR(128) NOT NULL,
  recorded_by_name VARCHAR(128) NOT NULL,
  created_at_ms BIGINT NOT NULL,
  UNIQUE KEY uq_gchk_seq (seq),
  KEY idx_gchk_order (order_id, seq),
  KEY idx_gchk_order_agency (order_id, source_agency_code, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Structured identity disclosures to agencies (orders, escalations, 事实无人抚养 checks).
CREATE TABLE guard_disclosures (
  record_id VARCHAR(48) NOT NULL,
  agency_code VARCHAR(32) NOT NULL,
  person_id VARCHAR(32) NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  purpose VARCHAR(400) NOT NULL,
  person_enc VARBINARY(4096) NOT NULL,  -- serialized PersonInput disclosed, sealed
  disclosed_by VARCHAR(128) NOT NULL,
  disclosed_by_name VARCHAR(128) NOT NULL,
  disclosed_at_ms BIGINT NOT NULL,
  PRIMARY KEY (record_id, agency_code, person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Escalations (检察建议, revocation, temporary guardianship, court requests, ...).
-- body_pb: serialized Escalation without content / reply (sealed columns).
CREATE TABLE guard_escalations (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  order_id VARCHAR(48) NULL,
  kind TINYINT NOT NULL,
  status TINYINT NOT NULL,
  basis TINYINT NOT NULL DEFAULT 0,
  addressee_agency_code VARCHAR(32) NOT NULL DEFAULT '',
  department VARCHAR(64) NOT NULL DEFAULT '',
  drafted_by VARCHAR(128) NOT NULL,
  issued_on DATE NULL,
  served_on DATE NULL,
  reply_due_on DATE NULL,
  replied_on DATE NULL,
  closed_on DATE NULL,
  outcome TINYINT NOT NULL DEFAULT 0,
  document_number VARCHAR(64) NOT NULL DEFAULT '',
  doc_kind TINYINT NOT NULL DEFAULT 0,
  doc_year SMALLINT NULL,
  doc_seq INT NULL,
  follows_escalation_id VARCHAR(48) NULL,
  proposed_by_order_id VARCHAR(48) NULL,
  body_pb MEDIUMBLOB NOT NULL,
  content_enc MEDIUMBLOB NULL,
  reply_enc MEDIUMBLOB NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_gesc_seq (seq),
  UNIQUE KEY uq_gesc_docnum (procuratorate_code, doc_kind, doc_year, doc_seq),
  UNIQUE KEY uq_gesc_proposed (proposed_by_order_id),
  KEY idx_gesc_proc (procuratorate_code, seq),
  KEY idx_gesc_case (case_id, seq),
  KEY idx_gesc_order (order_id, seq),
  KEY idx_gesc_status (procuratorate_code, status, seq),
  -- Reply overdue: ISSUED or SERVED, due before today.
  KEY idx_gesc_reply_due (procuratorate_code, status, reply_due_on),
  KEY idx_gesc_agency (addressee_agency_code, status, seq),
  KEY idx_gesc_agency_due (addressee_agency_code, status, reply_due_on),
  KEY idx_gesc_issued (procuratorate_code, issued_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 事实无人抚养儿童 checks and their hand-off to 民政 (never published, never shown to other
-- agencies). parents_enc: serialized ParentStatus list (evidence, notes), sealed.
CREATE TABLE guard_unattended_checks (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  order_id VARCHAR(48) NULL,
  minor_person_id VARCHAR(32) NOT NULL,
  status TINYINT NOT NULL,
  criteria_met BOOLEAN NOT NULL,
  matched_rule TINYINT NOT NULL,
  parents_enc MEDIUMBLOB NOT NULL,
  civil_affairs_agency_code VARCHAR(32) NOT NULL DEFAULT '',
  handed_on DATE NULL,
  township_due_on DATE NULL,
  township_answer TINYINT NOT NULL DEFAULT 0,
  township_answered_on DATE NULL,
  county_due_on DATE NULL,
  county_answer TINYINT NOT NULL DEFAULT 0,
  county_answered_on DATE NULL,
  handoff_enc VARBINARY(8192) NULL,  -- serialized UnattendedHandoff notes, sealed
  assessed_on DATE NOT NULL,
  assessed_by VARCHAR(128) NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_guc_seq (seq),
  KEY idx_guc_proc (procuratorate_code, seq),
  KEY idx_guc_case (case_id, seq),
  KEY idx_guc_status (procuratorate_code, status, seq),
  KEY idx_guc_township_due (procuratorate_code, status, township_due_on),
  KEY idx_guc_county_due (procuratorate_code, status, county_due_on),
  KEY idx_guc_agency (civil_affairs_agency_code, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
