-- Visit records (VisitService): the list orders of visits and offline conflicts. Visits of
-- a case are listed newest recorded first (by seq); conflicts of a procuratorate or a case,
-- all or unresolved only, newest first.
ALTER TABLE visits ADD KEY idx_visit_case_seq (case_id, seq);
ALTER TABLE visit_conflicts ADD KEY idx_vcfl_proc_all (procuratorate_code, seq),
  ADD KEY idx_vcfl_case_all (case_id, seq);
