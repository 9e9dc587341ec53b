-- Aid service: the list of applications whose case closed while money was still owed
-- (ListApplicationsRequest.case_closed_only) reads one index in page order. The index of
-- 0012 on (procuratorate_code, case_closed_on, seq) cannot give `case_closed_on IS NOT
-- NULL ORDER BY seq DESC` in order, so the optimizer may walk the whole table backwards
-- by seq instead. A stored flag with (procuratorate_code, case_closed, seq) can.
ALTER TABLE aid_applications
  ADD COLUMN case_closed TINYINT AS (case_closed_on IS NOT NULL) PERSISTENT AFTER case_closed_on,
  DROP KEY idx_aidapp_case_closed,
  ADD KEY idx_aidapp_case_closed_flag (procuratorate_code, case_closed, seq);
