// GetVisitStatistics: the figures of the caller's procuratorate over whole periods, read
// by month and caseworker (stats_sql.h) and folded into the periods and groups asked for.
// One row per period (group_key the period), or per period and caseworker or department
// (group_key the caseworker or department; slots of plans and needs of visits without a
// department under "unassigned"; needs raised and reports written by volunteers under
// "volunteer").
#include "visit/visit_stats.h"

#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/db/transaction.h"
#include "visit/stats_period.h"
#include "visit/stats_sql.h"

namespace shouhu::visit {
namespace {

using namespace stats_sql;  // NOLINT(build/namespaces): the statements of this file

constexpr char kVolunteerKey[] = "volunteer";
constexpr char kUnassignedKey[] = "unassigned";  // 未分配: no department recorded

}  // namespace

absl::StatusOr<pb::GetVisitStatisticsResponse> VisitStatistics(
    const VisitDeps& deps, const Principal& p, const pb::GetVisitStatisticsRequest& req) {
  ASSIGN_OR_RETURN(StatsQuery q, StatsQueryOf(req));
  const bool by_department = q.grouping == pb::STATISTICS_GROUPING_DEPARTMENT;
  const bool by_group = by_department || q.grouping == pb::STATISTICS_GROUPING_CASEWORKER;
  const std::string from = DateString(q.spans.front().from);
  const std::string to = DateString(q.spans.back().to);
  const std::string today = DateString(ChinaDay(deps.clock->Now()));

  // (period, group key) -> row; need counts by (kind, status).
  std::map<std::pair<std::string, std::string>, pb::VisitStatisticsRow> rows;
  std::map<std::tuple<std::string, std::string, int, int>, int64_t> needs;
  auto row = [&](const std::string& month, const std::string& key) -> pb::VisitStatisticsRow* {
    const std::string period = PeriodOfMonth(q, month);
    if (period.empty()) return nullptr;
    std::string group = period;
    if (by_group) group = by_department && key.empty() ? kUnassignedKey : key;
    pb::VisitStatisticsRow& r = rows[{period, group}];
    r.set_period(period);
    r.set_group_key(group);
    return &r;
  };
  if (!by_group) {
    for (const StatsSpan& s : q.spans) row(DateString(s.from).substr(0, 7), "");
  }
  RETURN_IF_ERROR(db::RunInTransaction(
      *deps.pool,
      [&](db::Tx& tx) -> absl::Status {
        {
          auto rs = tx.Sql(by_department ? kSlotFiguresByDepartment : kSlotFigures)
                        .Str(today)
                        .Str(today)
                        .Str(today)
                        .Str(p.procuratorate)
                        .Str(from)
                        .Str(to)
                        .Rows();
          while (rs->next()) {
            pb::VisitStatisticsRow* r = row(db::GetStr(*rs, "month"), db::GetStr(*rs, "k"));
            if (r == nullptr) continue;
            r->set_slots_due(r->slots_due() + rs->getInt64("due"));
            r->set_done_on_time(r->done_on_time() + rs->getInt64("on_time"));
            r->set_done_late(r->done_late() + rs->getInt64("late"));
            r->set_waived(r->waived() + rs->getInt64("waived"));
            r->set_overdue(r->overdue() + rs->getInt64("overdue"));
            r->set_missed(r->missed() + rs->getInt64("missed"));
          }
        }
        {
          auto rs = tx.Sql(by_department ? kNeedFiguresByDepartment : kNeedFigures)
                        .Str(p.procuratorate)
                        .Str(from)
                        .Str(to)
                        .Rows();
          while (rs->next()) {
            pb::VisitStatisticsRow* r = row(db::GetStr(*rs, "month"), db::GetStr(*rs, "k"));
            if (r == nullptr) continue;
            const int64_t n = rs->getInt64("n");
            r->set_needs_found(r->needs_found() + n);
            needs[{r->period(), r->group_key(), rs->getInt("kind"), rs->getInt("status")}] += n;
          }
        }
        auto rs = tx.Sql(kReportFigures).Str(p.procuratorate).Str(from).Str(to).Rows();
        while (rs->next()) {
          pb::VisitStatisticsRow* r = row(db::GetStr(*rs, "month"), kVolunteerKey);
          if (r == nullptr) continue;
          r->set_volunteer_reports(r->volunteer_reports() + rs->getInt64("n"));
        }
        return absl::OkStatus();
      },
      {.read_only = true}));
  for (const auto& [key, n] : needs) {
    pb::NeedCount* c = rows[{std::get<0>(key), std::get<1>(key)}].add_needs();
    c->set_kind(static_cast<::shouhu::aid::v1::MeasureKind>(std::get<2>(key)));
    c->set_status(static_cast<pb::NeedStatus>(std::get<3>(key)));
    c->set_count(n);
  }
  // Periods in order (the labels sort chronologically), then groups by key.
  std::vector<pb::VisitStatisticsRow> out_rows;
  for (auto& [key, r] : rows) out_rows.push_back(std::move(r));
  if (!p.HasAny({Role::kDepartmentHead, Role::kChief})) SuppressSmallVisitRows(out_rows);
  pb::GetVisitStatisticsResponse out;
  for (pb::VisitStatisticsRow& r : out_rows) *out.add_rows() = std::move(r);
  return out;
}

}  // namespace shouhu::visit
