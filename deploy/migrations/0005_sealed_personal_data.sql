-- Privacy at rest: names, free-text facts and notes are stored AES-256-GCM encrypted
-- (common/crypto/sealed_fields.h), like ID numbers, phones and addresses since 0002.
-- Possible duplicates are matched through persons.name_key, a keyed hash of the
-- normalised name and the birth date (common/crypto/name_key.h), instead of the name.
--
-- SQL cannot encrypt with the service's keys: this migration only adds the encrypted
-- columns and makes the clear ones nullable. The referral service encrypts the rows
-- written before it at start (services/referral/backfill.cc, batch by batch, resumable)
-- and sets each clear column to NULL once its value is encrypted; new rows never fill the
-- clear columns. A later migration drops them.
ALTER TABLE persons
  MODIFY name VARCHAR(64) NULL,
  ADD COLUMN name_enc VARBINARY(320) NULL AFTER name,
  ADD COLUMN name_key CHAR(64) NULL AFTER name_enc,
  DROP KEY idx_person_name_birth,
  ADD KEY idx_person_name_key (name_key);

ALTER TABLE referrals
  MODIFY facts TEXT NULL,
  ADD COLUMN facts_enc MEDIUMBLOB NULL AFTER facts,
  ADD COLUMN message_to_agency_enc BLOB NULL AFTER message_to_agency;

ALTER TABLE referral_events
  MODIFY message TEXT NULL,
  ADD COLUMN message_enc BLOB NULL AFTER message;

ALTER TABLE cases
  ADD COLUMN close_note_enc BLOB NULL AFTER close_note,
  ADD COLUMN transfer_reason_enc BLOB NULL AFTER transfer_reason;
