// GetReferralStatistics: the figures of the caller's procuratorate over whole periods,
// read by China month and group (stats_sql.h) in one read-only transaction and folded
// into the periods and groups asked for (stats.h). Department heads and the chief get
// exact figures; analysts (aggregates only) get counts 1-4 suppressed.
#include "absl/strings/str_cat.h"
#include "common/base/periods.h"
#include "common/base/status_macros.h"
#include "common/base/suppression.h"
#include "referral/access_policy.h"
#include "referral/core.h"
#include "referral/stats.h"

namespace shouhu::referral {

absl::StatusOr<pb::GetReferralStatisticsResponse> ReferralCore::Statistics(
    const Principal& p, const pb::GetReferralStatisticsRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "ReferralService", "GetReferralStatistics"));
  ASSIGN_OR_RETURN(StatsQuery q, StatsQueryOf(req));
  const int64_t from = ChinaDayStartMillis(q.spans.front().from);
  const int64_t to = ChinaDayStartMillis(q.spans.back().to + 1) - 1;
  const int64_t now = absl::ToUnixMillis(d_.clock->Now());
  const auto statements = StatsStatements(q.grouping);  // referrals, opened, closed
  std::vector<pb::ReferralStatisticsRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        StatsFolder folder(q);
        auto rs =
            tx.Sql(statements[0].second).Int(now).Str(p.procuratorate).Int(from).Int(to).Rows();
        while (rs->next()) {
          ReferralFigures f;
          f.month = db::GetStr(*rs, "month");
          f.key = db::GetStr(*rs, "k");
          f.kind = rs->getInt("kind");
          f.agency = db::GetStr(*rs, "agency_code");
          f.status = rs->getInt("status");
          f.count = rs->getInt64("n");
          f.on_time = rs->getInt64("on_time");
          f.late = rs->getInt64("late");
          f.untimed = rs->getInt64("untimed");
          f.overdue = rs->getInt64("overdue");
          folder.AddReferrals(f);
        }
        rs = tx.Sql(statements[1].second).Str(p.procuratorate).Int(from).Int(to).Rows();
        while (rs->next()) {
          folder.AddCasesOpened(db::GetStr(*rs, "month"), db::GetStr(*rs, "k"), rs->getInt64("n"));
        }
        rs = tx.Sql(statements[2].second).Str(p.procuratorate).Int(from).Int(to).Rows();
        while (rs->next()) {
          folder.AddCasesClosed(db::GetStr(*rs, "month"), db::GetStr(*rs, "k"), rs->getInt64("n"));
        }
        rows = folder.Rows();  // a retried attempt starts afresh
        return absl::OkStatus();
      },
      {.read_only = true}));
  pb::GetReferralStatisticsResponse out;
  // Exact figures for those who may read the records themselves.
  const bool exact = p.HasAny({Role::kDepartmentHead, Role::kChief});
  if (!exact) SuppressSmallReferralRows(rows);
  out.set_suppression_threshold(exact ? 0 : kStatisticsSuppressionThreshold);
  for (pb::ReferralStatisticsRow& r : rows) *out.add_rows() = std::move(r);
  return out;
}

}  // namespace shouhu::referral
