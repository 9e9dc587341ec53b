#include "aid/stats.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/base/suppression.h"
#include "common/base/text.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;

absl::StatusOr<StatsPeriod> PeriodOf(const pb::GetAidStatisticsRequest& req) {
  FieldErrors errors;
  if (req.year() < 2000 || req.year() > 2200) errors.Add("year", "must be 2000-2200");
  switch (req.period()) {
    case pb::STATS_PERIOD_MONTH:
      if (req.number() < 1 || req.number() > 12) errors.Add("number", "a month is 1-12");
      break;
    case pb::STATS_PERIOD_QUARTER:
      if (req.number() < 1 || req.number() > 4) errors.Add("number", "a quarter is 1-4");
      break;
    case pb::STATS_PERIOD_YEAR:
      if (req.number() != 0) errors.Add("number", "must be 0 for a year");
      break;
    default:
      errors.Add("period", "must be MONTH, QUARTER or YEAR (whole periods only)");
  }
  if (!pb::StatsGroupBy_IsValid(req.group_by())) errors.Add("group_by", "is not a StatsGroupBy");
  if (!errors.empty()) return errors.ToStatus();
  StatsPeriod p;
  const int y = req.year();
  switch (req.period()) {
    case pb::STATS_PERIOD_MONTH:
      p.from = absl::CivilDay(y, req.number(), 1);
      p.to = absl::CivilDay(absl::CivilMonth(y, req.number()) + 1) - 1;
      p.label = absl::StrFormat("%04d-%02d", y, req.number());
      break;
    case pb::STATS_PERIOD_QUARTER:
      p.from = absl::CivilDay(y, 3 * (req.number() - 1) + 1, 1);
      p.to = absl::CivilDay(absl::CivilMonth(y, 3 * req.number()) + 1) - 1;
      p.label = absl::StrFormat("%04d-Q%d", y, req.number());
      break;
    default:
      p.from = absl::CivilDay(y, 1, 1);
      p.to = absl::CivilDay(y, 12, 31);
      p.label = absl::StrFormat("%04d", y);
  }
  return p;
}

namespace {

std::vector<int64_t> Counts(const pb::AidStatisticsRow& r) {
  return {r.applications_accepted(), r.people_aided(),         r.ex_officio_count(),
          r.emergency_count(),       r.decided_on_time(),      r.decided_late(),
          r.suggestions_issued(),    r.suggestions_completed()};
}

void Blank(pb::AidStatisticsRow& r) {
  pb::AidStatisticsRow blank;
  blank.set_group_key(r.group_key());
  blank.set_group_label(r.group_label());
  blank.set_suppressed(true);
  r = std::move(blank);
}

}  // namespace

bool IsSmallRow(const pb::AidStatisticsRow& row, int threshold) {
  for (int64_t c : Counts(row)) {
    if (IsSmallCount(c, threshold)) return true;
  }
  for (const pb::MeasureCount& m : row.measures()) {
    if (AnySmallCount({m.issued(), m.completed(), m.granted()}, threshold)) return true;
  }
  return false;
}

void SuppressSmallCounts(std::vector<pb::AidStatisticsRow>& rows, pb::AidStatisticsRow& total,
                         int threshold) {
  // The one small row could be had as total minus the others: the next smallest (by
  // applications accepted, then key) goes with it.
  std::vector<bool> small;
  std::vector<std::pair<int64_t, std::string>> order;
  for (const pb::AidStatisticsRow& r : rows) {
    small.push_back(IsSmallRow(r, threshold));
    order.emplace_back(r.applications_accepted(), r.group_key());
  }
  for (size_t i : RowsToSuppress(small, order)) Blank(rows[i]);
  if (IsSmallRow(total, threshold)) Blank(total);
}

void AddFigures(const pb::AidStatisticsRow& from, pb::AidStatisticsRow& into) {
  into.set_applications_accepted(into.applications_accepted() + from.applications_accepted());
  into.set_people_aided(into.people_aided() + from.people_aided());
  into.set_amount_paid_fen(into.amount_paid_fen() + from.amount_paid_fen());
  into.set_ex_officio_count(into.ex_officio_count() + from.ex_officio_count());
  into.set_emergency_count(into.emergency_count() + from.emergency_count());
  into.set_decided_on_time(into.decided_on_time() + from.decided_on_time());
  into.set_decided_late(into.decided_late() + from.decided_late());
  into.set_suggestions_issued(into.suggestions_issued() + from.suggestions_issued());
  into.set_suggestions_completed(into.suggestions_completed() + from.suggestions_completed());
  into.set_recovered_fen(into.recovered_fen() + from.recovered_fen());
}

int ExOfficioShareBp(int64_t ex_officio, int64_t accepted) {
  if (accepted <= 0) return 0;
  return static_cast<int>((ex_officio * 10000 + accepted / 2) / accepted);
}

int64_t Median(std::vector<int64_t> days) {
  if (days.empty()) return 0;
  const size_t mid = (days.size() - 1) / 2;
  std::nth_element(days.begin(), days.begin() + static_cast<std::ptrdiff_t>(mid), days.end());
  return days[mid];
}

}  // namespace shouhu::aid
