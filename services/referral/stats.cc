#include "referral/stats.h"

#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/base/suppression.h"
#include "common/base/text.h"
#include "referral/stats_sql.h"

namespace shouhu::referral {
namespace {

using namespace stats_sql;  // NOLINT(build/namespaces): the statements of this file

bool IsSmallRow(const pb::ReferralStatisticsRow& r) {
  return AnySmallCount({r.received(), r.acknowledged_on_time(), r.acknowledged_late(),
                        r.open_overdue(), r.acknowledged_untimed(), r.cases_opened(),
                        r.cases_closed()});
}

void Blank(pb::ReferralStatisticsRow& r) {
  pb::ReferralStatisticsRow blank;
  blank.set_period(r.period());
  blank.set_group_key(r.group_key());
  blank.set_suppressed(true);
  r = std::move(blank);
}

// Zeroes the small entries of one breakdown (and the complement of a lone one).
template <typename Entry>
void SuppressEntries(google::protobuf::RepeatedPtrField<Entry>& entries) {
  std::vector<bool> small;
  std::vector<std::pair<int64_t, int>> order;  // (count, position): the first of equals
  for (int i = 0; i < entries.size(); ++i) {
    small.push_back(IsSmallCount(entries[i].count()));
    order.emplace_back(entries[i].count(), i);
  }
  for (size_t i : RowsToSuppress(small, order)) {
    entries[static_cast<int>(i)].set_count(0);
    entries[static_cast<int>(i)].set_suppressed(true);
  }
}

}  // namespace

absl::StatusOr<StatsQuery> StatsQueryOf(const pb::GetReferralStatisticsRequest& req) {
  FieldErrors e;
  PeriodRequest periods;
  switch (req.period()) {
    case pb::STATISTICS_PERIOD_MONTH:
      periods.unit = PeriodUnit::kMonth;
      break;
    case pb::STATISTICS_PERIOD_QUARTER:
      periods.unit = PeriodUnit::kQuarter;
      break;
    case pb::STATISTICS_PERIOD_YEAR:
      periods.unit = PeriodUnit::kYear;
      break;
    default:
      e.Add("period", "MONTH, QUARTER or YEAR");
      periods.unit = PeriodUnit::kYear;  // without a unit, first_period means nothing yet
  }
  if (!pb::StatisticsGrouping_IsValid(req.grouping())) e.Add("grouping", "unknown value");
  periods.year = req.year();
  periods.first = req.first_period();
  periods.count = req.period_count();
  absl::StatusOr<std::vector<PeriodSpan>> spans = WholePeriods(periods);
  if (!spans.ok()) {
    for (const auto& [field, description] : FieldViolationsOf(spans.status())) {
      e.Add(field, description);
    }
  }
  if (!e.empty()) return e.ToStatus();
  return StatsQuery{*std::move(spans), req.grouping()};
}

std::vector<std::pair<std::string, std::string>> StatsStatements(pb::StatisticsGrouping g) {
  switch (g) {
    case pb::STATISTICS_GROUPING_CASEWORKER:
      return {{"kReferralFiguresByCaseworker", kReferralFiguresByCaseworker},
              {"kCasesOpenedByCaseworker", kCasesOpenedByCaseworker},
              {"kCasesClosedByCaseworker", kCasesClosedByCaseworker}};
    case pb::STATISTICS_GROUPING_DEPARTMENT:
      return {{"kReferralFiguresByDepartment", kReferralFiguresByDepartment},
              {"kCasesOpenedByDepartment", kCasesOpenedByDepartment},
              {"kCasesClosedByDepartment", kCasesClosedByDepartment}};
    default:
      return {{"kReferralFigures", kReferralFigures},
              {"kCasesOpened", kCasesOpened},
              {"kCasesClosed", kCasesClosed}};
  }
}

StatsFolder::StatsFolder(const StatsQuery& q) : q_(q) {
  if (q_.grouping != pb::STATISTICS_GROUPING_UNSPECIFIED) return;
  for (const PeriodSpan& s : q_.spans) {
    pb::ReferralStatisticsRow& r = rows_[{s.label, s.label}];
    r.set_period(s.label);
    r.set_group_key(s.label);
  }
}

pb::ReferralStatisticsRow* StatsFolder::Row(const std::string& month, const std::string& key) {
  const std::string period = PeriodOfMonth(q_.spans, month);
  if (period.empty()) return nullptr;
  std::string group = period;
  if (q_.grouping != pb::STATISTICS_GROUPING_UNSPECIFIED) {
    group = key.empty() ? kUnassignedKey : key;
  }
  pb::ReferralStatisticsRow& r = rows_[{period, group}];
  r.set_period(period);
  r.set_group_key(group);
  return &r;
}

void StatsFolder::AddReferrals(const ReferralFigures& f) {
  pb::ReferralStatisticsRow* r = Row(f.month, f.key);
  if (r == nullptr) return;
  r->set_received(r->received() + f.count);
  r->set_acknowledged_on_time(r->acknowledged_on_time() + f.on_time);
  r->set_acknowledged_late(r->acknowledged_late() + f.late);
  r->set_acknowledged_untimed(r->acknowledged_untimed() + f.untimed);
  r->set_open_overdue(r->open_overdue() + f.overdue);
  const Key key{r->period(), r->group_key()};
  kinds_[key][f.kind] += f.count;
  agencies_[key][f.agency] += f.count;
  statuses_[key][f.status] += f.count;
}

void StatsFolder::AddCasesOpened(const std::string& month, const std::string& key, int64_t n) {
  pb::ReferralStatisticsRow* r = Row(month, key);
  if (r != nullptr) r->set_cases_opened(r->cases_opened() + n);
}

void StatsFolder::AddCasesClosed(const std::string& month, const std::string& key, int64_t n) {
  pb::ReferralStatisticsRow* r = Row(month, key);
  if (r != nullptr) r->set_cases_closed(r->cases_closed() + n);
}

std::vector<pb::ReferralStatisticsRow> StatsFolder::Rows() const {
  std::vector<pb::ReferralStatisticsRow> out;
  for (const auto& [key, row] : rows_) {
    pb::ReferralStatisticsRow r = row;
    if (auto it = kinds_.find(key); it != kinds_.end()) {
      for (const auto& [kind, n] : it->second) {
        pb::ReferralKindCount* c = r.add_by_kind();
        c->set_kind(static_cast<pb::ReferralKind>(kind));
        c->set_count(n);
      }
    }
    if (auto it = agencies_.find(key); it != agencies_.end()) {
      for (const auto& [agency, n] : it->second) {
        pb::ReferralAgencyCount* c = r.add_by_agency();
        c->set_agency_code(agency);
        c->set_count(n);
      }
    }
    if (auto it = statuses_.find(key); it != statuses_.end()) {
      for (const auto& [status, n] : it->second) {
        pb::ReferralStatusCount* c = r.add_by_status();
        c->set_status(static_cast<pb::ReferralStatus>(status));
        c->set_count(n);
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

void SuppressSmallReferralRows(std::vector<pb::ReferralStatisticsRow>& rows) {
  std::map<std::string, std::vector<size_t>> by_period;
  for (size_t i = 0; i < rows.size(); ++i) by_period[rows[i].period()].push_back(i);
  std::vector<size_t> blank;
  for (const auto& [period, idx] : by_period) {
    std::vector<bool> small;
    std::vector<std::pair<int64_t, std::string>> order;
    for (size_t i : idx) {
      small.push_back(IsSmallRow(rows[i]));
      order.emplace_back(rows[i].received(), rows[i].group_key());
    }
    for (size_t k : RowsToSuppress(small, order)) blank.push_back(idx[k]);
  }
  for (size_t i : blank) Blank(rows[i]);
  for (pb::ReferralStatisticsRow& r : rows) {
    if (r.suppressed()) continue;
    SuppressEntries(*r.mutable_by_kind());
    SuppressEntries(*r.mutable_by_agency());
    SuppressEntries(*r.mutable_by_status());
  }
}

}  // namespace shouhu::referral
