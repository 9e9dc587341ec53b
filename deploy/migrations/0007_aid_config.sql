-- Configuration of the aid service (国家司法救助), maintained by admins through
-- AidConfigService: the provinces' average monthly wage of employees by year
-- (上一年度职工月平均工资, the base of every aid amount) and per-procuratorate policies.
--
-- The wage table is provincial reference data, not data of one procuratorate: its rows are
-- keyed by the province's 6-digit division code (province_code, e.g. "520000") instead of a
-- procuratorate_code. A corrected figure replaces the current row; the replaced figure is
-- kept in aid_wage_history with the time it was superseded, so an amount computed earlier
-- can always be explained.
CREATE TABLE aid_wage_entries (
  province_code CHAR(6) NOT NULL,
  year SMALLINT NOT NULL,
  monthly_wage_fen BIGINT NOT NULL,
  source VARCHAR(200) NOT NULL,
  basis VARCHAR(100) NOT NULL,
  recorded_at_ms BIGINT NOT NULL,
  recorded_by VARCHAR(128) NOT NULL,
  recorded_by_name VARCHAR(128) NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (province_code, year),
  KEY idx_aid_wage_entries_year (year, province_code)  -- the whole table, newest year first
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE aid_wage_history (
  province_code CHAR(6) NOT NULL,
  year SMALLINT NOT NULL,
  superseded_at_ms BIGINT NOT NULL,
  seq BIGINT NOT NULL,  -- the replaced row's version: unique per province and year
  monthly_wage_fen BIGINT NOT NULL,
  source VARCHAR(200) NOT NULL,
  basis VARCHAR(100) NOT NULL,
  recorded_at_ms BIGINT NOT NULL,
  recorded_by VARCHAR(128) NOT NULL,
  recorded_by_name VARCHAR(128) NOT NULL,
  PRIMARY KEY (province_code, year, seq),
  KEY idx_aid_wage_history_time (superseded_at_ms),
  KEY idx_aid_wage_history_province_time (province_code, superseded_at_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per procuratorate that changed the defaults (aid/policy.cc DefaultPolicy applies
-- otherwise). step_actors_pb is a serialized shouhu.aid.v1.AidPolicy holding only
-- step_actors (who acts at each step of the approval chain: role and titles).
CREATE TABLE aid_policies (
  procuratorate_code CHAR(6) NOT NULL,
  committee_threshold_fen BIGINT NOT NULL,
  cap_months INT NOT NULL,
  decision_working_days INT NOT NULL,
  notify_working_days INT NOT NULL,
  emergency_paperwork_working_days INT NOT NULL,
  suggestion_reply_working_days INT NOT NULL,
  emergency_cap_fen BIGINT NOT NULL,
  step_actors_pb VARBINARY(4096) NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (procuratorate_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
