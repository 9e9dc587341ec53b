-- Guardianship escalations and the 事实无人抚养 check: what 0013 left out.
--
-- guard_escalations.assigned_to: the caseworker of the escalation's case when it was
-- drafted (the access condition "assigned caseworker or department head" is checked
-- against it, like orders).
-- guard_unattended_checks.assigned_to: likewise for the 事实无人抚养 check.
-- Overdue reads select on (status, due date) per procuratorate or per agency; the indexes
-- of 0013 serve them (idx_gesc_reply_due, idx_gesc_agency_due, idx_guc_*_due). The
-- addressed 民政 agency lists its own hand-offs newest first (idx_guc_agency).
-- Statistics count escalations issued in a period per procuratorate (idx_gesc_issued) and
-- the replies by their due date (idx_gesc_stats_due below).
ALTER TABLE guard_escalations
  ADD COLUMN assigned_to VARCHAR(64) NULL AFTER department,
  ADD KEY idx_gesc_stats_due (procuratorate_code, reply_due_on);

ALTER TABLE guard_unattended_checks
  ADD COLUMN assigned_to VARCHAR(64) NULL AFTER minor_person_id;

-- A court's answer to a request links the court order recorded for it: the order that
-- names the escalation (RecordCourtOrder requested_by_escalation_id) is found by it.
ALTER TABLE guard_orders
  ADD KEY idx_gord_requested_by (requested_by_escalation_id);
