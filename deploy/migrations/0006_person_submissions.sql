-- Nothing an agency submits is lost (issue 6): what the agency sent for each person of a
-- referral is kept on the referral's person link, even when the person matched an existing
-- record by ID number. Name, phone and address are AES-256-GCM ciphertexts (associated data
-- "referral_people/<referral_id>:<ord>/<column>"); sex, birth date and ethnicity are kept
-- as the persons table keeps them. Rows written before this migration have
-- submitted_name_enc NULL: nothing was kept for them.
ALTER TABLE referral_people
  ADD COLUMN submitted_name_enc VARBINARY(512) NULL,
  ADD COLUMN submitted_sex TINYINT NOT NULL DEFAULT 0,
  ADD COLUMN submitted_birth_date DATE NULL,
  ADD COLUMN submitted_phone_enc VARBINARY(128) NULL,
  ADD COLUMN submitted_address_enc VARBINARY(1024) NULL,
  ADD COLUMN submitted_ethnicity VARCHAR(16) NOT NULL DEFAULT '';

-- Person records become versioned: UpdatePerson sends the version it read and a stale one
-- is ABORTED.
ALTER TABLE persons ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- Every change of a person record (PersonService.UpdatePerson) keeps the values it replaced,
-- so a previous value is never lost. old_values_enc and new_values_enc are the changed
-- fields as a serialized shouhu.common.v1.PersonInput, reason_enc the caseworker's reason,
-- each encrypted with associated data "person_history/<person_id>:<version>/<column>".
CREATE TABLE person_history (
  person_id VARCHAR(32) NOT NULL,
  version BIGINT NOT NULL,
  changed_fields VARCHAR(128) NOT NULL,
  old_values_enc VARBINARY(2048) NOT NULL,
  new_values_enc VARBINARY(2048) NOT NULL,
  reason_enc VARBINARY(1024) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  actor_name VARCHAR(128) NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  source_referral_id VARCHAR(48) NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (person_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
