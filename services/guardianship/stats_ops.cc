#include "guardianship/stats_ops.h"

#include <algorithm>
#include <string>

#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/suppression.h"
#include "common/base/text.h"
#include "common/server/policy_bind.h"
#include "guardianship/access_policy.h"
#include "guardianship/stats_sql.h"

namespace shouhu::guardianship {

using namespace stats_sql;  // NOLINT(build/namespaces): the statements of this file

absl::StatusOr<StatsPeriod> StatsPeriodOf(const pb::GetOrderStatisticsRequest& req) {
  FieldErrors errors;
  if (req.year() < 2000 || req.year() > 2100) errors.Add("year", "a year from 2000 to 2100");
  switch (req.period()) {
    case pb::PERIOD_KIND_MONTH:
      if (req.index() < 1 || req.index() > 12) errors.Add("index", "a month 1-12");
      break;
    case pb::PERIOD_KIND_QUARTER:
      if (req.index() < 1 || req.index() > 4) errors.Add("index", "a quarter 1-4");
      break;
    case pb::PERIOD_KIND_YEAR:
      if (req.index() != 0) errors.Add("index", "0 for a whole year");
      break;
    default:
      errors.Add("period", "a month, a quarter or a year");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  const int y = req.year();
  switch (req.period()) {
    case pb::PERIOD_KIND_MONTH: {
      const absl::CivilMonth m(y, req.index());
      return StatsPeriod{absl::CivilDay(m), absl::CivilDay(m + 1) - 1};
    }
    case pb::PERIOD_KIND_QUARTER: {
      const absl::CivilMonth m(y, 3 * (req.index() - 1) + 1);
      return StatsPeriod{absl::CivilDay(m), absl::CivilDay(m + 3) - 1};
    }
    default:
      return StatsPeriod{absl::CivilDay(y, 1, 1), absl::CivilDay(y, 12, 31)};
  }
}

namespace {

int64_t RowCount(const pb::OrderStatisticsRow& r) { return r.served() + r.escalations(); }

bool IsSmall(const pb::OrderStatisticsRow& r, int threshold) {
  for (int64_t n : {r.served(), r.escalations(), r.complied(), r.not_complied(),
                    r.under_supervision(), r.terminated(), r.evaluated(), r.evaluated_late(),
                    r.replies_on_time(), r.replies_late(), r.replies_overdue()}) {
    if (IsSmallCount(n, threshold)) return true;
  }
  return false;
}

void Suppress(pb::OrderStatisticsRow& r) {
  pb::OrderStatisticsRow keys;
  keys.set_kind(r.kind());
  keys.set_main_failing(r.main_failing());
  keys.set_outcome(r.outcome());
  keys.set_department(r.department());
  keys.set_escalation_kind(r.escalation_kind());
  keys.set_suppressed(true);
  r = keys;
}

}  // namespace

void SuppressSmallRows(std::vector<pb::OrderStatisticsRow>& rows, int threshold) {
  std::vector<bool> small;
  std::vector<int64_t> sizes;
  for (const pb::OrderStatisticsRow& r : rows) {
    small.push_back(IsSmall(r, threshold));
    sizes.push_back(RowCount(r));
  }
  for (size_t i : RowsToSuppress(small, sizes)) Suppress(rows[i]);
}

absl::StatusOr<pb::GetOrderStatisticsResponse> StatsCore::GetOrderStatistics(
    const Principal& p, const pb::GetOrderStatisticsRequest& req) {
  ASSIGN_OR_RETURN(StatsPeriod period, StatsPeriodOf(req));
  const pb::StatisticsDimension dim = req.dimension();
  const char* sql = nullptr;
  switch (dim) {
    case pb::STATISTICS_DIMENSION_KIND:
      sql = kOrdersByKind;
      break;
    case pb::STATISTICS_DIMENSION_MAIN_FAILING:
      sql = kOrdersByMainFailing;
      break;
    case pb::STATISTICS_DIMENSION_OUTCOME:
      sql = kOrdersByOutcome;
      break;
    case pb::STATISTICS_DIMENSION_DEPARTMENT:
      sql = kOrdersByDepartment;
      break;
    case pb::STATISTICS_DIMENSION_ESCALATION_KIND:
      sql = kEscalationsByKind;
      break;
    default: {
      FieldErrors errors;
      errors.Add("dimension",
                 "one grouping: kind, main failing, outcome, department or escalation kind");
      return errors.ToStatus();
    }
  }
  const bool escalations = dim == pb::STATISTICS_DIMENSION_ESCALATION_KIND;
  const std::string today = DateString(ChinaDay(d_.clock->Now()));
  std::vector<pb::OrderStatisticsRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        rows.clear();
        db::Query q = tx.Sql(sql);
        if (escalations) q.Str(today);
        q.Str(p.procuratorate).Str(DateString(period.from)).Str(DateString(period.to));
        auto rs = q.Rows();
        while (rs->next()) {
          pb::OrderStatisticsRow r;
          if (escalations) {
            r.set_escalation_kind(static_cast<pb::EscalationKind>(rs->getInt("k")));
            r.set_escalations(rs->getInt64("escalations"));
            r.set_replies_on_time(rs->getInt64("replies_on_time"));
            r.set_replies_late(rs->getInt64("replies_late"));
            r.set_replies_overdue(rs->getInt64("replies_overdue"));
          } else {
            if (dim == pb::STATISTICS_DIMENSION_KIND) {
              r.set_kind(static_cast<pb::OrderKind>(rs->getInt("k")));
            } else if (dim == pb::STATISTICS_DIMENSION_MAIN_FAILING) {
              r.set_main_failing(static_cast<pb::Failing>(rs->getInt("k")));
            } else if (dim == pb::STATISTICS_DIMENSION_OUTCOME) {
              r.set_outcome(static_cast<pb::OrderStatus>(rs->getInt("k")));
            } else {
              r.set_department(db::GetStr(*rs, "k"));
            }
            r.set_served(rs->getInt64("served"));
            r.set_complied(rs->getInt64("complied"));
            r.set_not_complied(rs->getInt64("not_complied"));
            r.set_under_supervision(rs->getInt64("under_supervision"));
            r.set_terminated(rs->getInt64("terminated_count"));
            r.set_evaluated(rs->getInt64("evaluated"));
            r.set_evaluated_late(rs->getInt64("evaluated_late"));
            if (r.evaluated() > 0) {
              r.set_mean_days_to_evaluation(rs->getInt64("days_to_evaluation") / r.evaluated());
            }
          }
          rows.push_back(std::move(r));
        }
        return absl::OkStatus();
      },
      {.read_only = true}));
  // Analysts only see aggregates that identify no one.
  if (!p.HasAny({Role::kDepartmentHead, Role::kChief})) {
    SuppressSmallRows(rows, kStatsSuppressionThreshold);
  }
  pb::GetOrderStatisticsResponse out;
  for (pb::OrderStatisticsRow& r : rows) *out.add_rows() = std::move(r);
  return out;
}

void BindOrderStatistics(MethodTable& t, StatsCore* core) {
  BindPolicy(t, GuardianshipAccessPolicy(), "GetOrderStatistics", core,
             &StatsCore::GetOrderStatistics);
}

}  // namespace shouhu::guardianship
