-- Aid service: the case's closure noted on decided applications, the history of materials
-- requests (补充材料) with their sealed notes, resolutions of reconciliation issues, and
-- the indexes the paged rights-notice and wage lists read.

-- case.closed: undecided applications are closed (CLOSED_UNPAID); a decided one still owed
-- money keeps its state and gets the day its case closed (listable: idx_aidapp_case_closed).
ALTER TABLE aid_applications
  ADD COLUMN case_closed_on DATE NULL AFTER moved_from_id,
  ADD KEY idx_aidapp_case_closed (procuratorate_code, case_closed_on, seq);

-- One row per RequestMaterials, oldest first by seq; note_enc is sealed
-- ("aid_materials_requests/<application_id>:<seq>/note"); answered_on is set by
-- MaterialsReceived (or when the application is closed while waiting: left NULL).
CREATE TABLE aid_materials_requests (
  application_id VARCHAR(48) NOT NULL,
  seq INT NOT NULL,
  procuratorate_code CHAR(6) NOT NULL,
  materials VARCHAR(64) NOT NULL,
  note_enc VARBINARY(2048) NULL,
  requested_on DATE NOT NULL,
  requested_by VARCHAR(128) NOT NULL,
  requested_by_name VARCHAR(128) NOT NULL,
  answered_on DATE NULL,
  version BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (application_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Resolution of a reconciliation issue by finance (resolution =
-- pb::ReconciliationIssue::Resolution; note sealed "aid_reconciliation_issues/<seq>/note").
ALTER TABLE aid_reconciliation_issues
  ADD COLUMN resolution TINYINT NOT NULL DEFAULT 0,
  ADD COLUMN resolution_note_enc VARBINARY(4096) NULL,
  ADD COLUMN resolved_by VARCHAR(128) NULL,
  ADD COLUMN resolved_by_name VARCHAR(128) NULL,
  ADD COLUMN resolved_at_ms BIGINT NULL,
  ADD COLUMN version BIGINT NOT NULL DEFAULT 1,
  ADD KEY idx_aid_issue_proc (procuratorate_code, seq);

-- ListRightsNotices is paged newest first within the case (idx_notice_case (case_id, seq)
-- already serves it); ListWageEntries pages the current figures by (year, province_code)
-- (idx_aid_wage_entries_year) and the province's by the primary key.
