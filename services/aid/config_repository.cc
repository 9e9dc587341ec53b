#include "aid/config_repository.h"

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "aid/policy.h"
#include "common/base/dates.h"

namespace shouhu::aid {
namespace {

using namespace config_sql;  // NOLINT(build/namespaces): the statements of this file

pb::WageEntry WageFromRow(sql::ResultSet& rs) {
  pb::WageEntry e;
  e.set_province_code(rs.getString("province_code").asStdString());
  e.set_year(rs.getInt("year"));
  e.set_monthly_wage_fen(rs.getInt64("monthly_wage_fen"));
  e.set_source(rs.getString("source").asStdString());
  e.set_basis(rs.getString("basis").asStdString());
  *e.mutable_recorded_at() = TimestampFromMillis(rs.getInt64("recorded_at_ms"));
  e.mutable_recorded_by()->set_principal(rs.getString("recorded_by").asStdString());
  e.mutable_recorded_by()->set_display_name(rs.getString("recorded_by_name").asStdString());
  return e;
}

int64_t Millis(absl::Time t) { return absl::ToUnixMillis(t); }

}  // namespace

absl::StatusOr<pb::AidPolicy> LoadPolicy(db::Tx& tx, const std::string& procuratorate) {
  auto rs = tx.Sql(kGetPolicy).Str(procuratorate).Rows();
  if (!rs->next()) return DefaultPolicy(procuratorate);
  pb::AidPolicy p;
  if (!p.ParseFromString(db::GetBlob(*rs, "step_actors_pb"))) {
    return absl::InternalError(
        absl::StrCat("stored aid policy of ", procuratorate, " is unreadable"));
  }
  p.set_procuratorate_code(rs->getString("procuratorate_code").asStdString());
  p.set_committee_threshold_fen(rs->getInt64("committee_threshold_fen"));
  p.set_cap_months(rs->getInt("cap_months"));
  p.set_decision_working_days(rs->getInt("decision_working_days"));
  p.set_notify_working_days(rs->getInt("notify_working_days"));
  p.set_emergency_paperwork_working_days(rs->getInt("emergency_paperwork_working_days"));
  p.set_suggestion_reply_working_days(rs->getInt("suggestion_reply_working_days"));
  p.set_emergency_cap_fen(rs->getInt64("emergency_cap_fen"));
  p.set_version(rs->getInt64("version"));
  return p;
}

absl::StatusOr<std::optional<WageFigure>> LoadWage(db::Tx& tx, const std::string& province,
                                                   int wanted_year) {
  auto rs = tx.Sql(kWageAtOrBefore).Str(province).Int(wanted_year).Rows();
  if (!rs->next()) return std::optional<WageFigure>();
  pb::WageEntry e = WageFromRow(*rs);
  return std::optional<WageFigure>(WageFigure{.year = e.year(),
                                              .monthly_wage_fen = e.monthly_wage_fen(),
                                              .source = e.source(),
                                              .basis = e.basis()});
}

absl::StatusOr<std::optional<pb::WageEntry>> FindWageEntry(db::Tx& tx, const std::string& province,
                                                           int year) {
  auto rs = tx.Sql(kWageForUpdate).Str(province).Int(year).Rows();
  if (!rs->next()) return std::optional<pb::WageEntry>();
  return std::optional<pb::WageEntry>(WageFromRow(*rs));
}

absl::Status UpsertWage(db::Tx& tx, const pb::WageEntry& entry, absl::Time at) {
  auto rs = tx.Sql(kWageForUpdate).Str(entry.province_code()).Int(entry.year()).Rows();
  const int64_t at_ms = Millis(at);
  if (!rs->next()) {
    tx.Sql(kInsertWage)
        .Str(entry.province_code())
        .Int(entry.year())
        .Int(entry.monthly_wage_fen())
        .Str(entry.source())
        .Str(entry.basis())
        .Int(at_ms)
        .Str(entry.recorded_by().principal())
        .Str(entry.recorded_by().display_name())
        .Exec();
    return absl::OkStatus();
  }
  const pb::WageEntry old = WageFromRow(*rs);
  const int64_t version = rs->getInt64("version");
  tx.Sql(kInsertWageHistory)
      .Str(old.province_code())
      .Int(old.year())
      .Int(at_ms)
      .Int(version)
      .Int(old.monthly_wage_fen())
      .Str(old.source())
      .Str(old.basis())
      .Int(absl::ToUnixMillis(FromTimestamp(old.recorded_at())))
      .Str(old.recorded_by().principal())
      .Str(old.recorded_by().display_name())
      .Exec();
  const int64_t n = tx.Sql(kReplaceWage)
                        .Int(entry.monthly_wage_fen())
                        .Str(entry.source())
                        .Str(entry.basis())
                        .Int(at_ms)
                        .Str(entry.recorded_by().principal())
                        .Str(entry.recorded_by().display_name())
                        .Str(entry.province_code())
                        .Int(entry.year())
                        .Int(version)
                        .Exec();
  if (n != 1) return absl::AbortedError("the wage entry changed meanwhile; try again");
  return absl::OkStatus();
}

std::string WageCursorKey(const WageCursor& c, bool history) {
  if (!history) return absl::StrCat(c.year, ":", c.province);
  return absl::StrCat(c.superseded_at_ms, ":", c.province, ":", c.year, ":", c.seq);
}

std::optional<WageCursor> ParseWageCursor(absl::string_view key, bool history) {
  std::vector<std::string> parts = absl::StrSplit(key, ':');
  WageCursor c;
  if (!history) {
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &c.year)) return std::nullopt;
    c.province = parts[1];
    return c;
  }
  if (parts.size() != 4 || !absl::SimpleAtoi(parts[0], &c.superseded_at_ms) ||
      !absl::SimpleAtoi(parts[2], &c.year) || !absl::SimpleAtoi(parts[3], &c.seq)) {
    return std::nullopt;
  }
  c.province = parts[1];
  return c;
}

absl::StatusOr<std::vector<std::pair<WageCursor, pb::WageEntry>>> ListWages(
    db::Tx& tx, const std::string& province, const std::optional<WageCursor>& after, int limit) {
  std::unique_ptr<sql::ResultSet> rs;
  if (province.empty()) {
    db::Query q =
        tx.Sql(absl::StrCat(kWageCols, kWagesByYear, after ? kWagesAfter : "", kWagesOrder));
    if (after) q.Int(after->year).Int(after->year).Str(after->province);
    rs = q.Int(limit).Rows();
  } else {
    db::Query q = tx.Sql(absl::StrCat(kWageCols, kWagesOfProvince,
                                      after ? kWagesOfProvinceAfter : "", kWagesOfProvinceOrder));
    q.Str(province);
    if (after) q.Int(after->year);
    rs = q.Int(limit).Rows();
  }
  std::vector<std::pair<WageCursor, pb::WageEntry>> out;
  while (rs->next()) {
    pb::WageEntry e = WageFromRow(*rs);
    out.emplace_back(WageCursor{.province = e.province_code(), .year = e.year()}, std::move(e));
  }
  return out;
}

absl::StatusOr<std::vector<std::pair<WageCursor, pb::WageEntry>>> ListWageHistory(
    db::Tx& tx, const std::string& province, const std::optional<WageCursor>& after, int limit) {
  db::Query q = tx.Sql(absl::StrCat(kWageHistoryCols, province.empty() ? kWageHistoryByTime : "",
                                    province.empty() ? kWageHistoryAll : kWageHistoryOfProvince,
                                    after ? kWageHistoryAfter : "", kWageHistoryOrder));
  if (!province.empty()) q.Str(province);
  if (after) {
    q.Int(after->superseded_at_ms)
        .Int(after->superseded_at_ms)
        .Str(after->province)
        .Str(after->province)
        .Int(after->year)
        .Int(after->year)
        .Int(after->seq);
  }
  auto rs = q.Int(limit).Rows();
  std::vector<std::pair<WageCursor, pb::WageEntry>> out;
  while (rs->next()) {
    pb::WageEntry e = WageFromRow(*rs);
    const int64_t at = rs->getInt64("superseded_at_ms");
    *e.mutable_superseded_at() = TimestampFromMillis(at);
    WageCursor c{.superseded_at_ms = at,
                 .province = e.province_code(),
                 .year = e.year(),
                 .seq = rs->getInt64("seq")};
    out.emplace_back(std::move(c), std::move(e));
  }
  return out;
}

absl::StatusOr<pb::AidPolicy> StorePolicy(db::Tx& tx, const pb::AidPolicy& policy,
                                          int64_t expected_version, absl::Time at) {
  pb::AidPolicy actors;
  *actors.mutable_step_actors() = policy.step_actors();
  const std::string actors_pb = actors.SerializeAsString();
  int64_t n = 0;
  if (expected_version == 0) {
    absl::StatusOr<int64_t> inserted = tx.Sql(kInsertPolicy)
                                           .Str(policy.procuratorate_code())
                                           .Int(policy.committee_threshold_fen())
                                           .Int(policy.cap_months())
                                           .Int(policy.decision_working_days())
                                           .Int(policy.notify_working_days())
                                           .Int(policy.emergency_paperwork_working_days())
                                           .Int(policy.suggestion_reply_working_days())
                                           .Int(policy.emergency_cap_fen())
                                           .Blob(actors_pb)
                                           .Int(Millis(at))
                                           .ExecOrStatus();
    if (absl::IsAlreadyExists(inserted.status()))
      n = 0;
    else if (!inserted.ok())
      return inserted.status();
    else
      n = *inserted;
  } else {
    n = tx.Sql(kUpdatePolicy)
            .Int(policy.committee_threshold_fen())
            .Int(policy.cap_months())
            .Int(policy.decision_working_days())
            .Int(policy.notify_working_days())
            .Int(policy.emergency_paperwork_working_days())
            .Int(policy.suggestion_reply_working_days())
            .Int(policy.emergency_cap_fen())
            .Blob(actors_pb)
            .Int(Millis(at))
            .Str(policy.procuratorate_code())
            .Int(expected_version)
            .Exec();
  }
  if (n != 1) {
    return absl::AbortedError(absl::StrCat("the aid policy of ", policy.procuratorate_code(),
                                           " changed since version ", expected_version,
                                           " was read"));
  }
  return LoadPolicy(tx, policy.procuratorate_code());
}

}  // namespace shouhu::aid
