-- Aid money (救助资金, 发放, 对账, 追回): the fund, disbursements and payments, bank
-- statements and recoveries. Only the aid service writes these tables. Money is BIGINT
-- fen. Sensitive text (payee account numbers) is AES-256-GCM ciphertext with associated
-- data "<entity>/<row>/<field>".

-- One row per procuratorate, year and pot (1 REGULAR, 2 EMERGENCY). Every change is a
-- conditional UPDATE that keeps allocated + recovered - reserved - drawn >= 0.
CREATE TABLE aid_funds (
  procuratorate_code CHAR(6) NOT NULL,
  year SMALLINT NOT NULL,
  pot TINYINT NOT NULL,
  allocated_fen BIGINT NOT NULL DEFAULT 0,
  reserved_fen BIGINT NOT NULL DEFAULT 0,
  drawn_fen BIGINT NOT NULL DEFAULT 0,
  recovered_fen BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  updated_at_ms BIGINT NOT NULL,
  PRIMARY KEY (procuratorate_code, year, pot),
  CONSTRAINT ck_aid_fund_nonneg CHECK (reserved_fen >= 0 AND drawn_fen >= 0
    AND allocated_fen >= 0 AND recovered_fen >= 0
    AND allocated_fen + recovered_fen - reserved_fen - drawn_fen >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The ledger: one entry per move (kind = pb::FundEntryKind), with the pot's available
-- amount after it. Append-only.
CREATE TABLE aid_fund_entries (
  seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  procuratorate_code CHAR(6) NOT NULL,
  year SMALLINT NOT NULL,
  pot TINYINT NOT NULL,
  kind TINYINT NOT NULL,
  amount_fen BIGINT NOT NULL,
  application_id VARCHAR(48) NULL,
  payment_id VARCHAR(48) NULL,
  source VARCHAR(200) NOT NULL DEFAULT '',
  actor VARCHAR(128) NOT NULL,
  at_ms BIGINT NOT NULL,
  available_after_fen BIGINT NOT NULL,
  KEY idx_aid_fund_entry_pot (procuratorate_code, year, pot, seq),
  KEY idx_aid_fund_entry_year (procuratorate_code, year, seq),
  KEY idx_aid_fund_entry_app (application_id, kind, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A plan of how an application's money is paid (purpose = pb::DisbursementPurpose:
-- AWARD from the REGULAR pot, EMERGENCY_ADVANCE from the EMERGENCY pot). The payee's name
-- and account number are sealed ("aid_disbursements/<id>/payee_name|payee_account"); the
-- last four digits of the account are kept for the masked view and for statements.
-- next_due_on is the due date of the first instalment without a live payment (NULL when
-- everything is paid): finance's work queue reads it through idx_aid_disb_due.
CREATE TABLE aid_disbursements (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  application_id VARCHAR(48) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  purpose TINYINT NOT NULL,
  method TINYINT NOT NULL,
  custody TINYINT NOT NULL,
  custodian VARCHAR(200) NOT NULL DEFAULT '',
  guardian_monthly_limit_fen BIGINT NOT NULL DEFAULT 0,
  payee_name_enc VARBINARY(512) NOT NULL,
  payee_bank VARCHAR(128) NOT NULL DEFAULT '',
  payee_account_enc VARBINARY(256) NOT NULL,
  payee_account_last4 CHAR(4) NOT NULL DEFAULT '',
  total_fen BIGINT NOT NULL,
  paid_fen BIGINT NOT NULL DEFAULT 0,
  funds_arrived_on DATE NULL,
  notify_due_on DATE NULL,
  applicant_notified_at_ms BIGINT NULL,
  notification_method TINYINT NOT NULL DEFAULT 0,
  custody_agreement_ref VARCHAR(128) NOT NULL DEFAULT '',
  release_condition VARCHAR(200) NOT NULL DEFAULT '',
  custody_balance_fen BIGINT NOT NULL DEFAULT 0,
  amendment_reason_enc VARBINARY(2048) NULL,
  next_due_on DATE NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_aid_disb_seq (seq),
  KEY idx_aid_disb_proc (procuratorate_code, seq),
  KEY idx_aid_disb_app (application_id, seq),
  KEY idx_aid_disb_due (procuratorate_code, next_due_on, seq),
  CONSTRAINT ck_aid_disb_custody CHECK (custody_balance_fen >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE aid_instalments (
  disbursement_id VARCHAR(48) NOT NULL,
  sequence INT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  due_on DATE NOT NULL,
  amount_fen BIGINT NOT NULL,
  PRIMARY KEY (disbursement_id, sequence)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Payments (status = pb::PaymentStatus). An instalment has at most one live (not FAILED)
-- payment: live_key is NULL for FAILED rows and unique otherwise, so a second payment of
-- a paid instalment is refused by the database whatever the request id. fund_year and
-- emergency name the pot the payment drew from (an undraw returns it there).
CREATE TABLE aid_payments (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  disbursement_id VARCHAR(48) NOT NULL,
  application_id VARCHAR(48) NOT NULL,
  instalment_sequence INT NOT NULL,
  amount_fen BIGINT NOT NULL,
  paid_on DATE NOT NULL,
  voucher_number VARCHAR(64) NOT NULL,
  bank_reference VARCHAR(64) NOT NULL,
  status TINYINT NOT NULL,
  receipt_number VARCHAR(64) NOT NULL DEFAULT '',
  receipt_on DATE NULL,
  failure_reason VARCHAR(500) NOT NULL DEFAULT '',
  recorded_by VARCHAR(128) NOT NULL,
  recorded_by_name VARCHAR(128) NOT NULL DEFAULT '',
  emergency BOOLEAN NOT NULL DEFAULT FALSE,
  fund_year SMALLINT NOT NULL,
  reconciliation TINYINT NOT NULL DEFAULT 1,
  statement_id VARCHAR(48) NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  live_key VARCHAR(64) AS (IF(status <> 3, CONCAT(disbursement_id, '#', instalment_sequence),
                              NULL)) PERSISTENT,
  UNIQUE KEY uq_aid_pay_seq (seq),
  UNIQUE KEY uq_aid_pay_live (live_key),
  KEY idx_aid_pay_disb (disbursement_id, seq),
  KEY idx_aid_pay_ref (procuratorate_code, bank_reference),
  KEY idx_aid_pay_paid_on (procuratorate_code, paid_on),
  KEY idx_aid_pay_app (application_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A guardian's withdrawals from a minor's protected money (purpose sealed:
-- "aid_withdrawals/<disbursement_id>:<sequence>/purpose").
CREATE TABLE aid_withdrawals (
  disbursement_id VARCHAR(48) NOT NULL,
  sequence INT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  withdrawn_on DATE NOT NULL,
  amount_fen BIGINT NOT NULL,
  purpose_enc VARBINARY(1024) NOT NULL,
  balance_after_fen BIGINT NOT NULL,
  recorded_by VARCHAR(128) NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (disbursement_id, sequence),
  KEY idx_aid_wd_month (disbursement_id, withdrawn_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Imported bank statements and their lines (the memo column is never stored).
CREATE TABLE aid_bank_statements (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  account_label VARCHAR(64) NOT NULL,
  period_from DATE NOT NULL,
  period_to DATE NOT NULL,
  line_count INT NOT NULL,
  imported_by VARCHAR(128) NOT NULL,
  at_ms BIGINT NOT NULL,
  UNIQUE KEY uq_aid_stm_seq (seq),
  KEY idx_aid_stm_proc (procuratorate_code, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- result = pb::StatementLineResult.
CREATE TABLE aid_statement_lines (
  statement_id VARCHAR(48) NOT NULL,
  line_number INT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  txn_date DATE NULL,
  bank_reference VARCHAR(64) NOT NULL DEFAULT '',
  amount_fen BIGINT NOT NULL DEFAULT 0,
  result TINYINT NOT NULL,
  payment_id VARCHAR(48) NULL,
  expected_fen BIGINT NOT NULL DEFAULT 0,
  problem VARCHAR(200) NOT NULL DEFAULT '',
  PRIMARY KEY (statement_id, line_number),
  KEY idx_aid_stl_ref (procuratorate_code, bank_reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What finance must look at (kind = pb::ReconciliationIssue::Kind), newest first.
CREATE TABLE aid_reconciliation_issues (
  seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  procuratorate_code CHAR(6) NOT NULL,
  kind TINYINT NOT NULL,
  statement_id VARCHAR(48) NOT NULL,
  line_number INT NOT NULL DEFAULT 0,
  payment_id VARCHAR(48) NULL,
  bank_reference VARCHAR(64) NOT NULL DEFAULT '',
  statement_fen BIGINT NOT NULL DEFAULT 0,
  payment_fen BIGINT NOT NULL DEFAULT 0,
  on_date DATE NULL,
  open BOOLEAN NOT NULL DEFAULT TRUE,
  KEY idx_aid_issue_open (procuratorate_code, open, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Recoveries (追回/追偿): kind = pb::RecoveryKind, status = pb::RecoveryStatus,
-- destination = pb::RecoveryDestination. Debtor and reasons sealed
-- ("aid_recoveries/<id>/debtor|reason|termination_reason").
CREATE TABLE aid_recoveries (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  application_id VARCHAR(48) NOT NULL,
  kind TINYINT NOT NULL,
  status TINYINT NOT NULL,
  debtor_enc VARBINARY(512) NOT NULL,
  reason_enc VARBINARY(8192) NOT NULL,
  termination_reason_enc VARBINARY(8192) NULL,
  amount_due_fen BIGINT NOT NULL,
  recovered_fen BIGINT NOT NULL DEFAULT 0,
  destination TINYINT NOT NULL,
  opened_on DATE NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_aid_rec_seq (seq),
  KEY idx_aid_rec_proc (procuratorate_code, seq),
  KEY idx_aid_rec_status (procuratorate_code, status, seq),
  KEY idx_aid_rec_app (application_id, seq),
  CONSTRAINT ck_aid_rec_amount CHECK (recovered_fen >= 0 AND recovered_fen <= amount_due_fen)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE aid_recovery_receipts (
  recovery_id VARCHAR(48) NOT NULL,
  sequence INT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  amount_fen BIGINT NOT NULL,
  received_on DATE NOT NULL,
  voucher_number VARCHAR(64) NOT NULL,
  recorded_by VARCHAR(128) NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (recovery_id, sequence)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
