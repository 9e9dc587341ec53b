-- Oversight service (流程监控): its own read model of every watched deadline, fed only by
-- "deadline.changed" events (proto/shouhu/oversight/v1/events.proto), and the notices it
-- raises. Only the oversight service writes these tables; it reads no other service's.
-- Ids and codes only: no personal data, no free text. Instants are Unix milliseconds.

-- One row per item_key: the change with the highest sequence received so far (an older
-- or repeated delivery leaves the row as it is). assignee is the user id (the event's
-- "person:"/"user:" prefix removed); ended_at_ms is 0 while the item is open. The notice
-- flags record that the DUE / OVERDUE notice was raised (at most one of each per item).
CREATE TABLE oversight_items (
  item_key VARCHAR(160) NOT NULL PRIMARY KEY,
  kind TINYINT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(64) NOT NULL DEFAULT '',
  record_id VARCHAR(64) NOT NULL DEFAULT '',
  assignee VARCHAR(64) NOT NULL DEFAULT '',
  department VARCHAR(64) NOT NULL DEFAULT '',
  started_at_ms BIGINT NOT NULL,
  due_at_ms BIGINT NOT NULL,
  state TINYINT NOT NULL,
  ended_at_ms BIGINT NOT NULL DEFAULT 0,
  sequence BIGINT NOT NULL,
  event_id VARCHAR(64) NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  due_noticed TINYINT NOT NULL DEFAULT 0,
  overdue_noticed TINYINT NOT NULL DEFAULT 0,
  -- "My items by due": one caseworker's items of one state, by due time.
  KEY idx_ovi_mine (procuratorate_code, assignee, state, due_at_ms),
  -- "Department items by due".
  KEY idx_ovi_dept (procuratorate_code, department, state, due_at_ms),
  -- The chief's whole procuratorate by due; the ledger's open items.
  KEY idx_ovi_proc (procuratorate_code, state, due_at_ms),
  -- The ledger: items ended within a month (and those ended after its end).
  KEY idx_ovi_ended (procuratorate_code, state, ended_at_ms),
  -- The notice scans: open items without their DUE / OVERDUE notice, by due time.
  KEY idx_ovi_due_scan (state, due_noticed, due_at_ms),
  KEY idx_ovi_overdue_scan (state, overdue_noticed, due_at_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Notices to an item's assignee, stored before they are delivered. notice_kind: 1 DUE,
-- 2 OVERDUE; the unique key makes "at most one of each kind per item" hold under
-- concurrent scans. Delivery through the configured notifier: delivery_pending until
-- the notifier accepted it (delivered_at_ms), retried at next_attempt_at_ms with backoff;
-- a delivery in flight pushes next_attempt_at_ms ahead (a lease), so that two scans do
-- not send one notice twice.
CREATE TABLE oversight_notices (
  notice_id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  item_key VARCHAR(160) NOT NULL,
  notice_kind TINYINT NOT NULL,
  deadline_kind TINYINT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  recipient VARCHAR(64) NOT NULL,
  case_id VARCHAR(64) NOT NULL DEFAULT '',
  record_id VARCHAR(64) NOT NULL DEFAULT '',
  due_at_ms BIGINT NOT NULL,
  raised_at_ms BIGINT NOT NULL,
  acknowledged TINYINT NOT NULL DEFAULT 0,
  acknowledged_at_ms BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  delivery_pending TINYINT NOT NULL DEFAULT 1,
  delivery_attempts INT NOT NULL DEFAULT 0,
  next_attempt_at_ms BIGINT NOT NULL,
  delivered_at_ms BIGINT NOT NULL DEFAULT 0,
  UNIQUE KEY uq_ovn_seq (seq),
  UNIQUE KEY uq_ovn_item_kind (item_key, notice_kind),
  -- "My notices": unacknowledged first, newest first.
  KEY idx_ovn_recipient (procuratorate_code, recipient, acknowledged, seq),
  -- The delivery scan.
  KEY idx_ovn_delivery (delivery_pending, next_attempt_at_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
