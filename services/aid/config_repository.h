// Storage of the aid configuration (migration 0007): the wage table (aid_wage_entries,
// replaced figures kept in aid_wage_history) and per-procuratorate policies
// (aid_policies). The functions run in the caller's transaction; the applications code
// calls LoadPolicy and LoadWage inside its own mutations.
#ifndef SHOUHU_AID_CONFIG_REPOSITORY_H_
#define SHOUHU_AID_CONFIG_REPOSITORY_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "aid/amount.h"
#include "common/db/transaction.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;

// The stored policy of the procuratorate, or DefaultPolicy when none was stored.
absl::StatusOr<pb::AidPolicy> LoadPolicy(db::Tx& tx, const std::string& procuratorate);

// The figure of `wanted_year` for the province, else the latest year before it, else none.
absl::StatusOr<std::optional<WageFigure>> LoadWage(db::Tx& tx, const std::string& province,
                                                   int wanted_year);

// --- Used by the configuration operations (config_ops.cc) -----------------------------

// The current entry of (province, year), if any.
absl::StatusOr<std::optional<pb::WageEntry>> FindWageEntry(db::Tx& tx, const std::string& province,
                                                           int year);
// Replaces the entry of (province, year): the previous figure, if any, moves to the
// history with superseded_at = `at`.
absl::Status UpsertWage(db::Tx& tx, const pb::WageEntry& entry, absl::Time at);
// Where a page of wage figures starts (the last row of the previous page; empty: the
// first page). Entries are ordered by (year, province) descending; history by
// (superseded_at, province, year, seq) descending.
struct WageCursor {
  int64_t superseded_at_ms = 0;  // history only
  std::string province;
  int year = 0;
  int64_t seq = 0;  // history only
};
// "<year>:<province>" or "<superseded_at_ms>:<province>:<year>:<seq>"; nullopt when the text
// is not a cursor of that list.
std::string WageCursorKey(const WageCursor& c, bool history);
std::optional<WageCursor> ParseWageCursor(absl::string_view key, bool history);
// At most `limit` current entries (newest year first) or replaced figures (newest first)
// after `after` (nullopt: from the start); province may be empty (all provinces). Each
// comes with its cursor.
absl::StatusOr<std::vector<std::pair<WageCursor, pb::WageEntry>>> ListWages(
    db::Tx& tx, const std::string& province, const std::optional<WageCursor>& after, int limit);
absl::StatusOr<std::vector<std::pair<WageCursor, pb::WageEntry>>> ListWageHistory(
    db::Tx& tx, const std::string& province, const std::optional<WageCursor>& after, int limit);
// Stores `policy` (version = expected + 1; expected 0 inserts). ABORTED when the stored
// version is not `expected_version`.
absl::StatusOr<pb::AidPolicy> StorePolicy(db::Tx& tx, const pb::AidPolicy& policy,
                                          int64_t expected_version, absl::Time at);

// Every statement of the configuration storage, named, with "?" parameters (an EXPLAIN
// test may check each one).
namespace config_sql {
// The wanted year, else the latest before it: one row of the primary key range.
inline constexpr char kWageAtOrBefore[] =
    "SELECT province_code, year, monthly_wage_fen, source, basis, recorded_at_ms,"
    " recorded_by, recorded_by_name, version FROM aid_wage_entries"
    " WHERE province_code = ? AND year <= ? ORDER BY year DESC LIMIT 1";
inline constexpr char kWageForUpdate[] =
    "SELECT province_code, year, monthly_wage_fen, source, basis, recorded_at_ms,"
    " recorded_by, recorded_by_name, version FROM aid_wage_entries"
    " WHERE province_code = ? AND year = ? FOR UPDATE";
inline constexpr char kInsertWage[] =
    "INSERT INTO aid_wage_entries (province_code, year, monthly_wage_fen, source, basis,"
    " recorded_at_ms, recorded_by, recorded_by_name, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)";
inline constexpr char kReplaceWage[] =
    "UPDATE aid_wage_entries SET monthly_wage_fen = ?, source = ?, basis = ?,"
    " recorded_at_ms = ?, recorded_by = ?, recorded_by_name = ?, version = version + 1"
    " WHERE province_code = ? AND year = ? AND version = ?";
inline constexpr char kInsertWageHistory[] =
    "INSERT INTO aid_wage_history (province_code, year, superseded_at_ms, seq,"
    " monthly_wage_fen, source, basis, recorded_at_ms, recorded_by, recorded_by_name)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// Newest years first, along the index (idx_aid_wage_entries_year (year, province_code)):
// MariaDB's cost model would otherwise sort the whole table (the EXPLAIN test shows it at
// 100,000 rows). Pages start after the cursor: kWageCols + [kWagesAfter] + kWagesOrder, or
// kWageCols + kWagesOfProvince + [kWagesOfProvinceAfter] + kWagesOfProvinceOrder.
inline constexpr char kWageCols[] =
    "SELECT province_code, year, monthly_wage_fen, source, basis, recorded_at_ms,"
    " recorded_by, recorded_by_name, version FROM aid_wage_entries";
inline constexpr char kWagesByYear[] = " FORCE INDEX (idx_aid_wage_entries_year)";
inline constexpr char kWagesAfter[] = " WHERE year <= ? AND (year < ? OR province_code < ?)";
inline constexpr char kWagesOrder[] = " ORDER BY year DESC, province_code DESC LIMIT ?";
inline constexpr char kWagesOfProvince[] = " WHERE province_code = ?";
inline constexpr char kWagesOfProvinceAfter[] = " AND year < ?";
inline constexpr char kWagesOfProvinceOrder[] = " ORDER BY year DESC LIMIT ?";
// Replaced figures newest first (idx_aid_wage_history_time (superseded_at_ms) and
// idx_aid_wage_history_province_time (province_code, superseded_at_ms); the primary key
// (province_code, year, seq) breaks ties):
//   kWageHistoryCols + [kWageHistoryByTime] + [kWageHistoryOfProvince | kWageHistoryAll]
//   + [kWageHistoryAfter] + kWageHistoryOrder.
inline constexpr char kWageHistoryCols[] =
    "SELECT province_code, year, monthly_wage_fen, source, basis, recorded_at_ms,"
    " recorded_by, recorded_by_name, superseded_at_ms, seq FROM aid_wage_history";
inline constexpr char kWageHistoryByTime[] = " FORCE INDEX (idx_aid_wage_history_time)";
inline constexpr char kWageHistoryOfProvince[] = " WHERE province_code = ?";
inline constexpr char kWageHistoryAll[] = " WHERE TRUE";
inline constexpr char kWageHistoryAfter[] =
    " AND superseded_at_ms <= ? AND (superseded_at_ms < ? OR province_code < ?"
    " OR (province_code = ? AND (year < ? OR (year = ? AND seq < ?))))";
inline constexpr char kWageHistoryOrder[] =
    " ORDER BY superseded_at_ms DESC, province_code DESC, year DESC, seq DESC LIMIT ?";
inline constexpr char kGetPolicy[] =
    "SELECT procuratorate_code, committee_threshold_fen, cap_months, decision_working_days,"
    " notify_working_days, emergency_paperwork_working_days, suggestion_reply_working_days,"
    " emergency_cap_fen, step_actors_pb, version FROM aid_policies WHERE procuratorate_code = ?";
inline constexpr char kInsertPolicy[] =
    "INSERT INTO aid_policies (procuratorate_code, committee_threshold_fen, cap_months,"
    " decision_working_days, notify_working_days, emergency_paperwork_working_days,"
    " suggestion_reply_working_days, emergency_cap_fen, step_actors_pb, updated_at_ms,"
    " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
inline constexpr char kUpdatePolicy[] =
    "UPDATE aid_policies SET committee_threshold_fen = ?, cap_months = ?,"
    " decision_working_days = ?, notify_working_days = ?, emergency_paperwork_working_days = ?,"
    " suggestion_reply_working_days = ?, emergency_cap_fen = ?, step_actors_pb = ?,"
    " updated_at_ms = ?, version = version + 1 WHERE procuratorate_code = ? AND version = ?";
}  // namespace config_sql

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_CONFIG_REPOSITORY_H_
