-- Visit statistics by department (GetVisitStatistics grouping DEPARTMENT). The department
-- is the 办案部门 claim of the person who acted, copied when the row is written; rows
-- written before this migration, plans made from events and plans moved by
-- case.transferred carry '' (listed as "unassigned").
-- - visit_plans / visit_slots: the department of whoever made the plan by hand or last
--   assigned it (slots repeat their plan's, as they repeat its assignee).
-- - visits: the recording caseworker's (a batch item's uploader; a resolved conflict's
--   uploader, kept in visit_conflicts.uploader_department).
-- - visit_needs: the visit's department; '' for needs raised in volunteers' reports.
-- The figures by department read the same ranges as the other groupings
-- (idx_vslot_proc_due, idx_vneed_found: one procuratorate's dates, grouped as read), so
-- they need no new index; nothing lists rows by department.
ALTER TABLE visit_plans ADD COLUMN department VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE visit_slots ADD COLUMN department VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE visits ADD COLUMN department VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE visit_needs ADD COLUMN department VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE visit_conflicts ADD COLUMN uploader_department VARCHAR(64) NOT NULL DEFAULT '';
