#include "aid/stats_ops.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "aid/stats.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/db/transaction.h"
#include "common/server/policy_bind.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"

namespace shouhu::aid {
namespace {

// Named statements. The grouping expression and the index hint are chosen from the fixed
// fragments below; every value is a parameter.
constexpr char kRegistered[] =
    "SELECT {key:a.registered_on} AS k, COUNT(*) AS n, SUM(a.channel = 2) AS ex"
    " FROM aid_applications a FORCE INDEX (idx_aidapp_registered)"
    " WHERE a.procuratorate_code = ? AND a.registered_on BETWEEN ? AND ? GROUP BY k";
constexpr char kDecided[] =
    "SELECT {key:a.decided_on} AS k, a.status, a.approved_fen, a.registered_on, a.decided_on,"
    " a.decision_due_on FROM aid_applications a FORCE INDEX (idx_aidapp_decision_due)"
    " WHERE a.procuratorate_code = ? AND a.decided_on BETWEEN ? AND ?";
constexpr char kEmergency[] =
    // The approval day in China time (UTC+8, no daylight saving), whatever the session's zone.
    "SELECT {key:DATE_ADD('1970-01-01', INTERVAL (a.emergency_approved_at_ms DIV 1000 + 28800)"
    " SECOND)} AS k, COUNT(*) AS n FROM aid_applications a FORCE INDEX (idx_aidapp_emergency)"
    " WHERE a.procuratorate_code = ? AND a.emergency_approved_at_ms BETWEEN ? AND ? GROUP BY k";
constexpr char kPaid[] =
    "SELECT {key:p.paid_on} AS k, SUM(p.amount_fen) AS fen"
    " FROM aid_payments p FORCE INDEX (idx_aid_pay_paid_on)"
    " JOIN aid_applications a ON a.id = p.application_id"
    " WHERE p.procuratorate_code = ? AND p.paid_on BETWEEN ? AND ? AND p.status <> 3 GROUP BY k";
constexpr char kRecovered[] =
    "SELECT {key:r.received_on} AS k, SUM(r.amount_fen) AS fen"
    " FROM aid_recovery_receipts r FORCE INDEX (idx_aid_rec_receipt_on)"
    " JOIN aid_recoveries v ON v.id = r.recovery_id"
    " JOIN aid_applications a ON a.id = v.application_id"
    " WHERE r.procuratorate_code = ? AND r.received_on BETWEEN ? AND ? GROUP BY k";
constexpr char kSuggested[] =
    "SELECT {key:s.issued_on} AS k, COUNT(*) AS n, SUM(s.status = 4) AS done"
    " FROM aid_suggestions s FORCE INDEX (idx_sug_issued)"
    " LEFT JOIN aid_applications a ON a.id = s.application_id"
    " WHERE s.procuratorate_code = ? AND s.issued_on BETWEEN ? AND ? GROUP BY k";
constexpr char kMeasures[] =
    "SELECT s.measure, COUNT(*) AS n, SUM(s.status = 4) AS done, SUM(s.outcome_granted) AS granted,"
    " SUM(s.outcome_sessions) AS sessions FROM aid_suggestions s FORCE INDEX (idx_sug_issued)"
    " WHERE s.procuratorate_code = ? AND s.issued_on BETWEEN ? AND ? GROUP BY s.measure"
    " ORDER BY s.measure";

// The grouping expression of `group_by` for the figure's own date column `date_expr`.
std::string KeyExpr(pb::StatsGroupBy group_by, const std::string& date_expr) {
  switch (group_by) {
    case pb::STATS_GROUP_BY_MONTH:
      return absl::StrCat("DATE_FORMAT(", date_expr, ", '%Y-%m')");
    case pb::STATS_GROUP_BY_DEPARTMENT:
      return "COALESCE(a.department, '')";
    case pb::STATS_GROUP_BY_CASEWORKER:
      return "COALESCE(a.assigned_to, '')";
    case pb::STATS_GROUP_BY_CHANNEL:
      return "COALESCE(CAST(a.channel AS CHAR), '')";
    default:
      return "''";
  }
}

// `sql` with its "{key:<date expression>}" placeholder replaced.
std::string WithKey(const char* sql, pb::StatsGroupBy group_by) {
  std::string s = sql;
  const size_t at = s.find("{key:");
  if (at == std::string::npos) return s;
  // The date expression may hold parentheses: match the closing brace.
  const size_t end = s.find("} AS k", at);
  const std::string date_expr = s.substr(at + 5, end - at - 5);
  return absl::StrCat(s.substr(0, at), KeyExpr(group_by, date_expr), s.substr(end + 1));
}

std::string Label(pb::StatsGroupBy group_by, const std::string& key) {
  switch (group_by) {
    case pb::STATS_GROUP_BY_DEPARTMENT:
      return key.empty() ? "未填部门" : key;
    case pb::STATS_GROUP_BY_CASEWORKER:
      return key.empty() ? "未分配" : key;
    case pb::STATS_GROUP_BY_CHANNEL:
      if (key == "1") return "依申请";
      if (key == "2") return "依职权主动救助";
      return "未关联申请";
    case pb::STATS_GROUP_BY_MONTH:
      return key;
    default:
      return "合计";
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> StatsStatements(pb::StatsGroupBy group_by) {
  return {{"kRegistered", WithKey(kRegistered, group_by)},
          {"kDecided", WithKey(kDecided, group_by)},
          {"kEmergency", WithKey(kEmergency, group_by)},
          {"kPaid", WithKey(kPaid, group_by)},
          {"kRecovered", WithKey(kRecovered, group_by)},
          {"kSuggested", WithKey(kSuggested, group_by)},
          {"kMeasures", kMeasures}};
}

namespace {

// Working days after `from` up to and including `to`.
int64_t WorkingDaysBetween(const WorkingCalendar& cal, absl::CivilDay from, absl::CivilDay to) {
  int64_t n = 0;
  for (absl::CivilDay d = from + 1; d <= to; ++d) n += cal.IsWorkingDay(d) ? 1 : 0;
  return n;
}

int64_t StartOfDayMs(absl::CivilDay d) {
  return absl::ToUnixMillis(absl::FromCivil(d, WorkingCalendar::ChinaTimeZone()));
}

}  // namespace

absl::StatusOr<pb::GetAidStatisticsResponse> StatsCore::Get(
    const Principal& p, const pb::GetAidStatisticsRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "AidStatisticsService", "GetAidStatistics"));
  ASSIGN_OR_RETURN(StatsPeriod period, PeriodOf(req));
  const pb::StatsGroupBy g = req.group_by();
  const std::string from = DateString(period.from);
  const std::string to = DateString(period.to);
  std::map<std::string, pb::AidStatisticsRow> rows;
  std::map<std::string, std::vector<int64_t>> decision_days;
  std::vector<pb::MeasureCount> measures;
  auto row = [&](sql::ResultSet& rs) -> pb::AidStatisticsRow& {
    const std::string key = db::GetStr(rs, "k");
    pb::AidStatisticsRow& r = rows[key];
    r.set_group_key(key);
    return r;
  };
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        rows.clear();
        decision_days.clear();
        measures.clear();
        auto rs = tx.Sql(WithKey(kRegistered, g)).Str(p.procuratorate).Str(from).Str(to).Rows();
        while (rs->next()) {
          pb::AidStatisticsRow& r = row(*rs);
          r.set_applications_accepted(rs->getInt64("n"));
          r.set_ex_officio_count(rs->getInt64("ex"));
        }
        rs = tx.Sql(WithKey(kDecided, g)).Str(p.procuratorate).Str(from).Str(to).Rows();
        while (rs->next()) {
          pb::AidStatisticsRow& r = row(*rs);
          const int status = rs->getInt("status");
          if (rs->getInt64("approved_fen") > 0 && (status == pb::APPLICATION_STATUS_APPROVED ||
                                                   status == pb::APPLICATION_STATUS_PAID)) {
            r.set_people_aided(r.people_aided() + 1);
          }
          auto registered = ParseDateString(db::GetStr(*rs, "registered_on"));
          auto decided = ParseDateString(db::GetStr(*rs, "decided_on"));
          auto due = ParseDateString(db::GetStr(*rs, "decision_due_on"));
          if (!registered || !decided || !due) continue;
          if (*decided <= *due) {
            r.set_decided_on_time(r.decided_on_time() + 1);
          } else {
            r.set_decided_late(r.decided_late() + 1);
          }
          const int64_t days = WorkingDaysBetween(*d_.calendar, *registered, *decided);
          decision_days[r.group_key()].push_back(days);
          decision_days[""].push_back(days);  // the total's
        }
        rs = tx.Sql(WithKey(kEmergency, g))
                 .Str(p.procuratorate)
                 .Int(StartOfDayMs(period.from))
                 .Int(StartOfDayMs(period.to + 1) - 1)
                 .Rows();
        while (rs->next()) row(*rs).set_emergency_count(rs->getInt64("n"));
        rs = tx.Sql(WithKey(kPaid, g)).Str(p.procuratorate).Str(from).Str(to).Rows();
        while (rs->next()) row(*rs).set_amount_paid_fen(rs->getInt64("fen"));
        rs = tx.Sql(WithKey(kRecovered, g)).Str(p.procuratorate).Str(from).Str(to).Rows();
        while (rs->next()) row(*rs).set_recovered_fen(rs->getInt64("fen"));
        rs = tx.Sql(WithKey(kSuggested, g)).Str(p.procuratorate).Str(from).Str(to).Rows();
        while (rs->next()) {
          pb::AidStatisticsRow& r = row(*rs);
          r.set_suggestions_issued(rs->getInt64("n"));
          r.set_suggestions_completed(rs->getInt64("done"));
        }
        rs = tx.Sql(kMeasures).Str(p.procuratorate).Str(from).Str(to).Rows();
        while (rs->next()) {
          pb::MeasureCount m;
          m.set_measure(static_cast<pb::MeasureKind>(rs->getInt("measure")));
          m.set_issued(rs->getInt64("n"));
          m.set_completed(rs->getInt64("done"));
          m.set_granted(rs->getInt64("granted"));
          m.set_sessions(rs->getInt64("sessions"));
          measures.push_back(m);
        }
        return absl::OkStatus();
      },
      {.read_only = true}));

  pb::GetAidStatisticsResponse resp;
  pb::AidStatisticsRow total;
  total.set_group_key(period.label);
  total.set_group_label(absl::StrCat("合计 ", period.label));
  std::vector<pb::AidStatisticsRow> out;
  for (auto& [key, r] : rows) {
    AddFigures(r, total);
    if (g == pb::STATS_GROUP_BY_UNSPECIFIED) continue;
    r.set_group_label(Label(g, key));
    r.set_ex_officio_share_bp(ExOfficioShareBp(r.ex_officio_count(), r.applications_accepted()));
    r.set_median_decision_days(Median(decision_days[key]));
    out.push_back(std::move(r));
  }
  total.set_ex_officio_share_bp(
      ExOfficioShareBp(total.ex_officio_count(), total.applications_accepted()));
  total.set_median_decision_days(Median(decision_days[""]));
  for (pb::MeasureCount& m : measures) *total.add_measures() = std::move(m);
  // Analysts see aggregates only: small counts are hidden (heads and the chief may read
  // the records themselves and get exact figures).
  const bool analyst_only = !p.HasAny({Role::kDepartmentHead, Role::kChief});
  if (analyst_only) {
    SuppressSmallCounts(out, total, kSuppressionThreshold);
    resp.set_suppression_threshold(kSuppressionThreshold);
  }
  for (pb::AidStatisticsRow& r : out) *resp.add_rows() = std::move(r);
  *resp.mutable_total() = std::move(total);
  return resp;
}

MethodTable StatsMethods(StatsCore* core) {
  MethodTable t = MethodTable::For<pb::AidStatisticsService>();
  BindPolicy(t, AidAccessPolicy(), "GetAidStatistics", core, &StatsCore::Get);
  return t;
}

}  // namespace shouhu::aid
