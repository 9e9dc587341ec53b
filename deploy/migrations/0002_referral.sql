-- Referral service (线索移送) tables. Only the referral service writes them.

CREATE TABLE procuratorates (
  code CHAR(6) NOT NULL PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE agencies (
  code VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  type TINYINT NOT NULL,
  jurisdiction_code CHAR(6) NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  KEY idx_agency_proc (procuratorate_code),
  CONSTRAINT fk_agency_proc FOREIGN KEY (procuratorate_code) REFERENCES procuratorates (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per natural person across the platform. Identity fields are AES-256-GCM
-- ciphertexts; the ID number is matched through its keyed hash.
CREATE TABLE persons (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  sex TINYINT NOT NULL,
  birth_date DATE NULL,
  id_number_enc VARBINARY(128) NULL,
  id_number_hmac CHAR(64) NULL,
  phone_enc VARBINARY(128) NULL,
  address_enc VARBINARY(1024) NULL,
  ethnicity VARCHAR(16) NOT NULL DEFAULT '',
  merged_into VARCHAR(32) NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  UNIQUE KEY uq_person_idhmac (id_number_hmac),
  KEY idx_person_name_birth (name, birth_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE referrals (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  agency_code VARCHAR(32) NOT NULL,
  kind TINYINT NOT NULL,
  status TINYINT NOT NULL,
  urgent BOOLEAN NOT NULL,
  facts TEXT NOT NULL,
  occurred_on DATE NOT NULL,
  situations VARCHAR(100) NOT NULL DEFAULT '',
  aid_grounds VARCHAR(100) NOT NULL DEFAULT '',
  special_categories VARCHAR(100) NOT NULL DEFAULT '',
  subject_person_id VARCHAR(32) NOT NULL,
  submitted_at_ms BIGINT NOT NULL,
  response_due_at_ms BIGINT NULL,
  assigned_to VARCHAR(64) NULL,
  case_id VARCHAR(48) NULL,
  decline_reason TINYINT NOT NULL DEFAULT 0,
  message_to_agency TEXT NULL,
  version BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  UNIQUE KEY uq_referral_seq (seq),
  KEY idx_ref_proc (procuratorate_code, seq),
  KEY idx_ref_agency (agency_code, seq),
  KEY idx_ref_due (procuratorate_code, status, response_due_at_ms),
  KEY idx_ref_subject (subject_person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE referral_people (
  referral_id VARCHAR(48) NOT NULL,
  ord TINYINT NOT NULL,
  person_id VARCHAR(32) NOT NULL,
  role TINYINT NOT NULL,
  relation VARCHAR(32) NOT NULL DEFAULT '',
  matched_existing BOOLEAN NOT NULL,
  possible_duplicate BOOLEAN NOT NULL,
  PRIMARY KEY (referral_id, ord),
  KEY idx_refpeople_person (person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The feedback timeline (反馈) of each referral.
CREATE TABLE referral_events (
  referral_id VARCHAR(48) NOT NULL,
  seq INT NOT NULL,
  at_ms BIGINT NOT NULL,
  status TINYINT NOT NULL,
  step VARCHAR(32) NOT NULL,
  message TEXT NOT NULL,
  actor VARCHAR(128) NOT NULL,
  actor_name VARCHAR(128) NOT NULL,
  PRIMARY KEY (referral_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE cases (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  status TINYINT NOT NULL,
  subject_person_id VARCHAR(32) NOT NULL,
  kind TINYINT NOT NULL,
  assigned_to VARCHAR(64) NULL,
  opened_at_ms BIGINT NOT NULL,
  closed_at_ms BIGINT NULL,
  close_reason TINYINT NOT NULL DEFAULT 0,
  close_note TEXT NULL,
  transfer_to CHAR(6) NULL,
  transferred_to_case VARCHAR(48) NULL,
  transferred_from_case VARCHAR(48) NULL,
  transfer_reason TEXT NULL,
  -- "<procuratorate>:<subject>" while the case is open, else NULL: at most one open case
  -- per person per procuratorate, even under concurrent accepts.
  open_subject_key VARCHAR(48) NULL,
  version BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  UNIQUE KEY uq_case_seq (seq),
  UNIQUE KEY uq_case_open_subject (open_subject_key),
  KEY idx_case_proc (procuratorate_code, seq),
  KEY idx_case_transfer (transfer_to, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE duplicate_candidates (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  referral_id VARCHAR(48) NOT NULL,
  existing_person_id VARCHAR(32) NOT NULL,
  incoming_person_id VARCHAR(32) NOT NULL,
  state TINYINT NOT NULL,
  resolved_by VARCHAR(128) NULL,
  resolved_at_ms BIGINT NULL,
  UNIQUE KEY uq_dup_seq (seq),
  UNIQUE KEY uq_dup_pair (existing_person_id, incoming_person_id),
  KEY idx_dup_proc (procuratorate_code, state, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
