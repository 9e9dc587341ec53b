-- Volunteers (爱心妈妈): a procuratorate's assignments, all of them newest first
-- (ListAssignments without a case and without active_only; idx_vasg_proc serves the
-- active ones).
ALTER TABLE volunteer_assignments ADD KEY idx_vasg_proc_all (procuratorate_code, seq);
