-- Visit service (跟踪回访): schedule templates and settings, plans and their slots, visits
-- with the four assessments, needs, amendments (history), offline batch items and
-- conflicts, volunteer assignments and daily reports. Only the visit service writes these
-- tables. Personal data and free text live only in *_enc columns: AES-256-GCM ciphertexts
-- with associated data "<table>/<id>/<column>". Lists page by seq (newest first) unless
-- said otherwise; every list and due read has its index below.

-- Schedule templates a procuratorate defined (the shipped defaults are in the code and
-- are not stored). template_pb: a serialized shouhu.visit.v1.ScheduleTemplate.
CREATE TABLE visit_templates (
  procuratorate_code CHAR(6) NOT NULL,
  template_id VARCHAR(32) NOT NULL,
  anchor_kind TINYINT NOT NULL,
  default_for_anchor TINYINT NOT NULL DEFAULT 0,
  template_pb VARBINARY(16384) NOT NULL,
  updated_by VARCHAR(128) NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (procuratorate_code, template_id),
  KEY idx_vtpl_default (procuratorate_code, anchor_kind, default_for_anchor)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per procuratorate that changed the defaults (VisitPolicy).
CREATE TABLE visit_policies (
  procuratorate_code CHAR(6) NOT NULL PRIMARY KEY,
  offline_grace_days INT NOT NULL,
  amend_window_days INT NOT NULL,
  due_horizon_days INT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Plans. body_enc: the serialized VisitPlan without its slots (cancel reason, masked
-- display name, actors), sealed; the columns repeat what lists select on. dedupe_key is
-- set for plans made from events ("<anchor kind>:<anchor ref>"): a redelivered or second
-- event of the same anchor finds the plan instead of making another. It stays with the
-- plan when the case is transferred (the moved plan keeps it; the old row is deleted).
CREATE TABLE visit_plans (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  subject_person_id VARCHAR(32) NOT NULL DEFAULT '',
  anchor_kind TINYINT NOT NULL,
  anchor_ref VARCHAR(64) NOT NULL DEFAULT '',
  anchor_date DATE NOT NULL,
  anchor_ends_on DATE NULL,
  template_id VARCHAR(32) NOT NULL DEFAULT '',
  template_version BIGINT NOT NULL DEFAULT 0,
  status TINYINT NOT NULL,
  assigned_to VARCHAR(64) NULL,
  dedupe_key VARCHAR(96) NULL,
  moved_from_id VARCHAR(48) NULL,
  body_enc MEDIUMBLOB NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_vplan_seq (seq),
  UNIQUE KEY uq_vplan_dedupe (dedupe_key),
  KEY idx_vplan_proc (procuratorate_code, seq),
  KEY idx_vplan_case (case_id, seq),
  KEY idx_vplan_case_status (case_id, status, seq),
  KEY idx_vplan_status (procuratorate_code, status, seq),
  KEY idx_vplan_assigned (procuratorate_code, assigned_to, seq),
  KEY idx_vplan_assigned_status (procuratorate_code, assigned_to, status, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Slots, one row each, with their dates; the state is stored only as DONE (5) or WAIVED
-- (6), 0 otherwise, and the rest is computed at read time. live = 1 while the slot can
-- still be done (state 0 and the plan ACTIVE): "my due visits" is a range scan of
-- idx_vslot_due for (procuratorate, assignee, live = 1) over due_on, with the window
-- bounds filtered on the rows read. assigned_to and case_id repeat the plan's. Slots
-- change only together with their plan, whose version they share (no version column).
CREATE TABLE visit_slots (
  plan_id VARCHAR(48) NOT NULL,
  sequence INT NOT NULL,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  assigned_to VARCHAR(64) NOT NULL DEFAULT '',
  label VARCHAR(64) NOT NULL,
  suggested_kind TINYINT NOT NULL DEFAULT 0,
  opens_on DATE NOT NULL,
  due_on DATE NOT NULL,
  expires_on DATE NOT NULL,
  state TINYINT NOT NULL DEFAULT 0,
  live TINYINT NOT NULL DEFAULT 1,
  visit_id VARCHAR(48) NULL,
  visited_on DATE NULL,
  waive_reason_enc VARBINARY(2048) NULL,
  waived_by VARCHAR(128) NULL,
  waived_by_name VARCHAR(64) NULL,
  waived_at_ms BIGINT NULL,
  PRIMARY KEY (plan_id, sequence),
  UNIQUE KEY uq_vslot_seq (seq),
  KEY idx_vslot_due (procuratorate_code, assigned_to, live, due_on, seq),
  KEY idx_vslot_proc_due (procuratorate_code, due_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Visits. body_enc: the serialized Visit (assessments with notes, summary; needs are in
-- visit_needs), sealed. client_id: the offline capture's id, unique per recorder.
CREATE TABLE visits (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  plan_id VARCHAR(48) NULL,
  slot_sequence INT NOT NULL DEFAULT 0,
  kind TINYINT NOT NULL,
  visited_on DATE NOT NULL,
  subject_person_id VARCHAR(32) NOT NULL DEFAULT '',
  recorded_by VARCHAR(128) NOT NULL,
  client_id VARCHAR(64) NULL,
  amendments INT NOT NULL DEFAULT 0,
  body_enc MEDIUMBLOB NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_visit_seq (seq),
  UNIQUE KEY uq_visit_client (recorded_by, client_id),
  KEY idx_visit_case (case_id, visited_on, seq),
  KEY idx_visit_plan (plan_id, slot_sequence),
  KEY idx_visit_proc_on (procuratorate_code, visited_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Needs found on visits or raised in daily reports, and what became of them.
CREATE TABLE visit_needs (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  visit_id VARCHAR(48) NULL,
  report_id VARCHAR(48) NULL,
  kind TINYINT NOT NULL,
  urgent TINYINT NOT NULL DEFAULT 0,
  status TINYINT NOT NULL,
  suggestion_id VARCHAR(48) NULL,
  description_enc VARBINARY(8192) NOT NULL,
  withdraw_reason_enc VARBINARY(2048) NULL,
  raised_by VARCHAR(128) NOT NULL,
  raised_by_name VARCHAR(64) NOT NULL DEFAULT '',
  found_on DATE NOT NULL,
  status_on DATE NOT NULL,
  created_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_vneed_seq (seq),
  KEY idx_vneed_case (case_id, seq),
  KEY idx_vneed_case_status (case_id, status, seq),
  KEY idx_vneed_visit (visit_id),
  KEY idx_vneed_report (report_id),
  KEY idx_vneed_suggestion (suggestion_id),
  KEY idx_vneed_found (procuratorate_code, found_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- History of visits and daily reports: one row per amendment, the record before it
-- sealed (before_enc), why (reason_enc), which fields changed. Read oldest first.
CREATE TABLE visit_amendments (
  record_id VARCHAR(48) NOT NULL,
  sequence INT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  amended_by VARCHAR(128) NOT NULL,
  amended_by_name VARCHAR(64) NOT NULL DEFAULT '',
  amended_at_ms BIGINT NOT NULL,
  changed_fields VARCHAR(255) NOT NULL,
  reason_enc VARBINARY(2048) NOT NULL,
  before_enc MEDIUMBLOB NOT NULL,
  PRIMARY KEY (record_id, sequence)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Offline batch items by (uploader, client id): the first result of each item, so that a
-- replayed item (in the same or another batch) changes nothing and answers the same.
CREATE TABLE visit_batch_items (
  uploaded_by VARCHAR(128) NOT NULL,
  client_id VARCHAR(64) NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  outcome TINYINT NOT NULL,
  record_id VARCHAR(48) NULL,
  conflict_id VARCHAR(48) NULL,
  payload_hash CHAR(64) NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (uploaded_by, client_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Conflicts of offline items, kept for a person to resolve. item_enc: the uploaded
-- BatchItem, sealed.
CREATE TABLE visit_conflicts (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  plan_id VARCHAR(48) NULL,
  client_id VARCHAR(64) NOT NULL,
  reason TINYINT NOT NULL,
  uploaded_by VARCHAR(128) NOT NULL,
  item_enc MEDIUMBLOB NOT NULL,
  resolved TINYINT NOT NULL DEFAULT 0,
  resolution TINYINT NOT NULL DEFAULT 0,
  record_id VARCHAR(48) NULL,
  resolved_by VARCHAR(128) NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_vcfl_seq (seq),
  KEY idx_vcfl_proc (procuratorate_code, resolved, seq),
  KEY idx_vcfl_case (case_id, resolved, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Volunteer assignments (结对帮扶). The alias, care notes and end reason are sealed.
CREATE TABLE volunteer_assignments (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  case_id VARCHAR(48) NOT NULL,
  volunteer_id VARCHAR(64) NOT NULL,
  volunteer_name VARCHAR(64) NOT NULL DEFAULT '',
  subject_person_id VARCHAR(32) NOT NULL,
  alias_enc VARBINARY(512) NOT NULL,
  care_notes_enc VARBINARY(4096) NULL,
  starts_on DATE NOT NULL,
  ends_on DATE NULL,
  ended_on DATE NULL,
  end_reason_enc VARBINARY(2048) NULL,
  report_every_days INT NOT NULL,
  active TINYINT NOT NULL,
  last_report_on DATE NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_vasg_seq (seq),
  KEY idx_vasg_volunteer (procuratorate_code, volunteer_id, active, seq),
  KEY idx_vasg_case (case_id, active, seq),
  KEY idx_vasg_proc (procuratorate_code, active, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Daily reports (爱心妈妈日报): one per assignment and date. body_enc: the serialized
-- DailyReport (assessments, observations), sealed.
CREATE TABLE volunteer_reports (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL AUTO_INCREMENT,
  procuratorate_code CHAR(6) NOT NULL,
  assignment_id VARCHAR(48) NOT NULL,
  report_on DATE NOT NULL,
  contact_kind TINYINT NOT NULL,
  concern TINYINT NOT NULL DEFAULT 0,
  submitted_by VARCHAR(128) NOT NULL,
  client_id VARCHAR(64) NULL,
  amendments INT NOT NULL DEFAULT 0,
  body_enc MEDIUMBLOB NOT NULL,
  submitted_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_vrep_seq (seq),
  UNIQUE KEY uq_vrep_day (assignment_id, report_on),
  KEY idx_vrep_concern (assignment_id, concern, report_on),
  KEY idx_vrep_proc_on (procuratorate_code, report_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
