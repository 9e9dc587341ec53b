-- Aid service (国家司法救助): applications, the approval chain, party claims (once per
-- party per case), prior-aid declarations and rights notices. Only the aid service writes
-- these tables. Personal data (applicant identity, household registration, address, bank
-- account) lives only in details_enc / applicant_enc: AES-256-GCM ciphertexts of
-- serialized protos with associated data "aid_applications/<id>/<column>".

CREATE TABLE aid_applications (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  channel TINYINT NOT NULL,
  status TINYINT NOT NULL,
  assigned_to VARCHAR(64) NULL,
  applicant_person_id VARCHAR(32) NULL,
  victim_minor BOOLEAN NOT NULL DEFAULT FALSE,
  -- Serialized shouhu.common.v1.PersonInput of the applicant, sealed.
  applicant_enc VARBINARY(4096) NULL,
  -- Serialized ApplicationDetails (the case card), sealed.
  details_enc MEDIUMBLOB NOT NULL,
  -- Normalized original case number (upper case, no blanks); the party-claim key.
  original_case_number VARCHAR(64) NOT NULL DEFAULT '',
  registered_on DATE NOT NULL,
  decision_due_on DATE NOT NULL,
  decided_on DATE NULL,
  proposed_decision TINYINT NOT NULL DEFAULT 0,
  exclusion_reasons VARCHAR(64) NOT NULL DEFAULT '',
  -- Serialized AmountComputation of the current proposal (no personal data).
  amount_pb BLOB NULL,
  -- Serialized EligibilityResult stored at proposal and decision (no personal data).
  eligibility_pb BLOB NULL,
  rule_set_version VARCHAR(64) NOT NULL DEFAULT '',
  approval_round INT NOT NULL DEFAULT 1,
  approved_fen BIGINT NOT NULL DEFAULT 0,
  reserved_fen BIGINT NOT NULL DEFAULT 0,
  paid_fen BIGINT NOT NULL DEFAULT 0,
  recovered_fen BIGINT NOT NULL DEFAULT 0,
  decision_document_number VARCHAR(64) NOT NULL DEFAULT '',
  -- Emergency advance (先行救助): emergency_fen is the approved advance.
  emergency_fen BIGINT NOT NULL DEFAULT 0,
  emergency_reason_enc VARBINARY(4096) NULL,
  emergency_approved_by VARCHAR(128) NULL,
  emergency_approver_name VARCHAR(128) NULL,
  emergency_approver_title VARCHAR(64) NOT NULL DEFAULT '',
  emergency_approved_at_ms BIGINT NULL,
  emergency_paperwork_due_on DATE NULL,
  emergency_paperwork_done BOOLEAN NOT NULL DEFAULT FALSE,
  emergency_paperwork_done_at_ms BIGINT NULL,
  emergency_paid_fen BIGINT NOT NULL DEFAULT 0,
  emergency_settlement TINYINT NOT NULL DEFAULT 0,
  -- MATERIALS_REQUESTED: comma-separated MaterialKind values, since when, paused days.
  materials_requested VARCHAR(64) NOT NULL DEFAULT '',
  materials_requested_on DATE NULL,
  paused_working_days INT NOT NULL DEFAULT 0,
  closing_reason_enc VARBINARY(8192) NULL,
  source_referral_id VARCHAR(48) NULL,
  -- Set when a transferred case moved the application here under a new id.
  moved_from_id VARCHAR(48) NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_aidapp_seq (seq),
  UNIQUE KEY uq_aidapp_referral (source_referral_id),
  KEY idx_aidapp_proc (procuratorate_code, seq),
  KEY idx_aidapp_case (case_id, seq),
  KEY idx_aidapp_status (procuratorate_code, status, seq),
  KEY idx_aidapp_channel (procuratorate_code, channel, seq),
  KEY idx_aidapp_assigned (procuratorate_code, assigned_to, seq),
  KEY idx_aidapp_registered (procuratorate_code, registered_on),
  KEY idx_aidapp_decision_due (procuratorate_code, decided_on, decision_due_on),
  KEY idx_aidapp_paperwork_due (procuratorate_code, emergency_paperwork_done,
                                emergency_paperwork_due_on),
  KEY idx_aidapp_person (applicant_person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per ApprovalRecord, oldest first by seq. opinion_enc / amount_reason_enc are
-- sealed ("aid_approvals/<application_id>:<seq>/<column>").
CREATE TABLE aid_approvals (
  application_id VARCHAR(48) NOT NULL,
  seq INT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  round INT NOT NULL,
  step TINYINT NOT NULL,
  outcome TINYINT NOT NULL,
  actor VARCHAR(128) NOT NULL,
  actor_name VARCHAR(128) NOT NULL,
  actor_title VARCHAR(64) NOT NULL DEFAULT '',
  at_ms BIGINT NOT NULL,
  opinion_enc VARBINARY(8192) NULL,
  document_ref VARCHAR(64) NOT NULL DEFAULT '',
  previous_amount_fen BIGINT NOT NULL DEFAULT 0,
  amount_fen BIGINT NOT NULL DEFAULT 0,
  amount_reason_enc VARBINARY(4096) NULL,
  decided_by_body VARCHAR(128) NOT NULL DEFAULT '',
  decided_on DATE NULL,
  PRIMARY KEY (application_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Once per party per case (一案一救助), across procuratorates: a live or granted
-- application holds the claim of its applicant on its normalized original case number.
-- The row is deleted when the application ends without aid (refused, withdrawn, revoked
-- before payment); the unique key makes a second claim fail whatever the procuratorate.
CREATE TABLE aid_party_claims (
  -- The applicant's referral-service person id, or "idh:" + a keyed hash of the
  -- normalised ID number when the applicant is not a referral-service person.
  party_key VARCHAR(80) NOT NULL,
  original_case_number VARCHAR(64) NOT NULL,
  application_id VARCHAR(48) NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (party_key, original_case_number),
  UNIQUE KEY uq_claim_app (application_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Declarations of aid already received from an organ (救助情况声明).
CREATE TABLE aid_prior_aid (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  person_id VARCHAR(32) NOT NULL,
  original_case_number VARCHAR(64) NOT NULL,
  organ TINYINT NOT NULL,
  organ_name VARCHAR(100) NOT NULL,
  aided_on DATE NULL,
  amount_fen BIGINT NOT NULL DEFAULT 0,
  note_enc VARBINARY(2048) NULL,
  recorded_by VARCHAR(128) NOT NULL,
  recorded_by_name VARCHAR(128) NOT NULL,
  created_at_ms BIGINT NOT NULL,
  UNIQUE KEY uq_prior_seq (seq),
  KEY idx_prior_person_case (person_id, original_case_number, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 告知救助权利 records.
CREATE TABLE aid_rights_notices (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  person_id VARCHAR(32) NOT NULL,
  notified_on DATE NOT NULL,
  method TINYINT NOT NULL,
  recorded_by VARCHAR(128) NOT NULL,
  recorded_by_name VARCHAR(128) NOT NULL,
  created_at_ms BIGINT NOT NULL,
  UNIQUE KEY uq_notice_seq (seq),
  KEY idx_notice_case (case_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
