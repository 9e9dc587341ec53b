#include "visit/stats_period.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/suppression.h"
#include "common/base/text.h"

namespace shouhu::visit {
namespace {

// The spans of `req`, or its violations added to `e`.
std::vector<StatsSpan> Spans(FieldErrors& e, const PeriodRequest& req) {
  absl::StatusOr<std::vector<PeriodSpan>> spans = WholePeriods(req);
  if (spans.ok()) return *std::move(spans);
  for (const auto& [field, why] : FieldViolationsOf(spans.status())) e.Add(field, why);
  return {};
}

bool IsSmallRow(const pb::VisitStatisticsRow& r) {
  if (AnySmallCount({r.slots_due(), r.done_on_time(), r.done_late(), r.missed(), r.overdue(),
                     r.waived(), r.needs_found(), r.volunteer_reports()})) {
    return true;
  }
  for (const pb::NeedCount& n : r.needs()) {
    if (IsSmallCount(n.count())) return true;
  }
  return false;
}

void Blank(pb::VisitStatisticsRow& r) {
  pb::VisitStatisticsRow blank;
  blank.set_group_key(r.group_key());
  blank.set_period(r.period());
  blank.set_suppressed(true);
  r = std::move(blank);
}

}  // namespace

absl::StatusOr<StatsQuery> StatsQueryOf(const pb::GetVisitStatisticsRequest& req) {
  FieldErrors e;
  StatsQuery q;
  const bool old_form = req.has_from() || req.has_to() || req.by_caseworker();
  if (!pb::StatisticsGrouping_IsValid(req.grouping())) e.Add("grouping", "unknown value");
  q.grouping = req.grouping();
  if (req.period() != pb::STATISTICS_PERIOD_UNSPECIFIED) {
    if (old_form) e.Add("from", "the deprecated from/to/by_caseworker, or period, not both");
    PeriodRequest whole;
    whole.unit = PeriodUnit::kYear;
    whole.year = req.year();
    whole.first = req.first_period();
    whole.count = req.period_count();
    switch (req.period()) {
      case pb::STATISTICS_PERIOD_MONTH:
        whole.unit = PeriodUnit::kMonth;
        break;
      case pb::STATISTICS_PERIOD_QUARTER:
        whole.unit = PeriodUnit::kQuarter;
        break;
      case pb::STATISTICS_PERIOD_YEAR:
        break;
      default:
        e.Add("period", "MONTH, QUARTER or YEAR");
    }
    q.spans = Spans(e, whole);
    if (!e.empty()) return e.ToStatus();
    q.period = req.period();
    return q;
  }
  // Deprecated: whole months from..to.
  if (!req.has_from() || !IsValidDate(req.from())) {
    e.Add("from", "period required (or, deprecated, the first day of a month)");
  } else if (req.from().day() != 1) {
    e.Add("from", "the first day of a month (whole months only)");
  }
  if (!req.has_to() || !IsValidDate(req.to())) {
    e.Add("to", "the last day of a month");
  } else if (ToCivilDay(req.to()) + 1 !=
             absl::CivilDay(absl::CivilMonth(ToCivilDay(req.to())) + 1)) {
    e.Add("to", "the last day of a month (whole months only)");
  }
  if (req.by_caseworker() && req.grouping() != pb::STATISTICS_GROUPING_UNSPECIFIED &&
      req.grouping() != pb::STATISTICS_GROUPING_CASEWORKER) {
    e.Add("grouping", "by_caseworker asks for CASEWORKER");
  }
  if (!e.empty()) return e.ToStatus();
  const absl::CivilMonth first(ToCivilDay(req.from()));
  const absl::CivilMonth last(ToCivilDay(req.to()));
  if (last < first) e.Add("to", "not before from");
  if (last - first + 1 > kMaxStatisticsPeriods) {
    e.Add("to", absl::StrCat("at most ", kMaxStatisticsPeriods, " months"));
  }
  if (!e.empty()) return e.ToStatus();
  q.period = pb::STATISTICS_PERIOD_MONTH;
  PeriodRequest months;
  months.year = static_cast<int>(first.year());
  months.first = first.month();
  months.count = static_cast<int>(last - first + 1);
  q.spans = Spans(e, months);
  if (!e.empty()) return e.ToStatus();
  if (req.by_caseworker()) q.grouping = pb::STATISTICS_GROUPING_CASEWORKER;
  return q;
}

std::string PeriodOfMonth(const StatsQuery& q, const std::string& month) {
  return shouhu::PeriodOfMonth(q.spans, month);
}

void SuppressSmallVisitRows(std::vector<pb::VisitStatisticsRow>& rows) {
  std::map<std::string, std::vector<size_t>> by_period;
  for (size_t i = 0; i < rows.size(); ++i) by_period[rows[i].period()].push_back(i);
  std::vector<size_t> blank;
  for (const auto& [period, idx] : by_period) {
    std::vector<bool> small;
    std::vector<int64_t> sizes;
    for (size_t i : idx) {
      small.push_back(IsSmallRow(rows[i]));
      sizes.push_back(rows[i].slots_due());
    }
    for (size_t k : RowsToSuppress(small, sizes)) blank.push_back(idx[k]);
  }
  for (size_t i : blank) Blank(rows[i]);
}

}  // namespace shouhu::visit
