#include "oversight/rules.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/periods.h"
#include "common/base/suppression.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "oversight/catalogue.h"

namespace shouhu::oversight {

std::string AssigneeOf(const std::string& assigned_to) {
  for (absl::string_view prefix : {"person:", "user:"}) {
    if (absl::StartsWith(assigned_to, prefix)) return assigned_to.substr(prefix.size());
  }
  return assigned_to;
}

absl::StatusOr<Item> ItemFromEvent(const v1::DeadlineChanged& e) {
  FieldErrors errors;
  if (e.item_key().empty() || e.item_key().size() > 160) {
    errors.Add("item_key", "1-160 characters");
  }
  if (FindDeadlineKind(e.kind()) == nullptr) errors.Add("kind", "not a deadline kind");
  if (!IsSixDigitCode(e.procuratorate_code())) {
    errors.Add("procuratorate_code", "six digits");
  }
  if (e.case_id().size() > 64) errors.Add("case_id", "at most 64 characters");
  if (e.record_id().size() > 64) errors.Add("record_id", "at most 64 characters");
  const std::string assignee = AssigneeOf(e.assigned_to());
  if (!assignee.empty() && !IsValidUserId(assignee)) errors.Add("assigned_to", "not a user id");
  if (e.department().size() > 64) errors.Add("department", "at most 64 characters");
  if (!e.has_due_at() || e.due_at().unix_millis() <= 0) errors.Add("due_at", "required");
  const bool ended = e.state() == v1::DEADLINE_MET || e.state() == v1::DEADLINE_CANCELLED;
  if (!ended && e.state() != v1::DEADLINE_OPEN) errors.Add("state", "required");
  if (ended && e.ended_at().unix_millis() <= 0) errors.Add("ended_at", "required when ended");
  if (e.sequence() < 1) errors.Add("sequence", "at least 1");
  if (!errors.empty()) return errors.ToStatus();
  Item item;
  item.item_key = e.item_key();
  item.kind = e.kind();
  item.procuratorate = e.procuratorate_code();
  item.case_id = e.case_id();
  item.record_id = e.record_id();
  item.assignee = assignee;
  item.department = e.department();
  item.started_at_ms = e.started_at().unix_millis();
  item.due_at_ms = e.due_at().unix_millis();
  item.state = e.state();
  item.ended_at_ms = ended ? e.ended_at().unix_millis() : 0;
  item.sequence = e.sequence();
  return item;
}

Apply Decide(std::optional<int64_t> stored_sequence, int64_t incoming_sequence) {
  if (!stored_sequence.has_value()) return Apply::kInsert;
  return incoming_sequence > *stored_sequence ? Apply::kUpdate : Apply::kIgnore;
}

absl::Time DueHorizon(absl::Time now, const NoticeTiming& timing) {
  const absl::CivilDay day = ChinaDay(now) + std::max(0, timing.lead_days) + 1;
  return absl::FromUnixMillis(ChinaDayStartMillis(day));
}

v1::DeadlineStatus StatusAt(const Item& item, absl::Time now, const NoticeTiming& timing) {
  if (item.state == v1::DEADLINE_MET) return v1::STATUS_MET;
  if (item.state == v1::DEADLINE_CANCELLED) return v1::STATUS_CANCELLED;
  const absl::Time due = absl::FromUnixMillis(item.due_at_ms);
  if (due < now) return v1::STATUS_OVERDUE;
  if (due < DueHorizon(now, timing)) return v1::STATUS_DUE;
  return v1::STATUS_RUNNING;
}

bool DueNoticeDue(const Item& item, absl::Time now, const NoticeTiming& timing) {
  return item.state == v1::DEADLINE_OPEN && !item.assignee.empty() &&
         StatusAt(item, now, timing) == v1::STATUS_DUE;
}

bool OverdueNoticeDue(const Item& item, absl::Time now) {
  return item.state == v1::DEADLINE_OPEN && !item.assignee.empty() &&
         absl::FromUnixMillis(item.due_at_ms) < now;
}

v1::Deadline ToDeadline(const Item& item, absl::Time now, const NoticeTiming& timing) {
  v1::Deadline d;
  d.set_item_key(item.item_key);
  d.set_kind(static_cast<v1::DeadlineKind>(item.kind));
  d.set_procuratorate_code(item.procuratorate);
  d.set_case_id(item.case_id);
  d.set_record_id(item.record_id);
  d.set_assigned_to(item.assignee);
  d.set_department(item.department);
  d.mutable_started_at()->set_unix_millis(item.started_at_ms);
  d.mutable_due_at()->set_unix_millis(item.due_at_ms);
  d.set_state(static_cast<v1::DeadlineState>(item.state));
  if (item.ended_at_ms > 0) d.mutable_ended_at()->set_unix_millis(item.ended_at_ms);
  d.set_status(StatusAt(item, now, timing));
  d.set_on_time(item.state == v1::DEADLINE_MET && item.ended_at_ms <= item.due_at_ms);
  d.set_sequence(item.sequence);
  return d;
}

absl::StatusOr<MonthSpan> LedgerMonth(int year, int month, absl::Time now) {
  FieldErrors errors;
  if (year < 2000 || year > 2200) errors.Add("year", "2000-2200");
  if (month < 1 || month > 12) errors.Add("month", "1-12");
  if (!errors.empty()) return errors.ToStatus();
  MonthSpan span;
  span.year = year;
  span.month = month;
  const absl::CivilMonth m(year, month);
  span.start_ms = ChinaDayStartMillis(absl::CivilDay(m));
  span.end_ms = ChinaDayStartMillis(absl::CivilDay(m + 1));
  const int64_t now_ms = absl::ToUnixMillis(now);
  if (span.start_ms > now_ms) {
    errors.Add("month", "not begun yet");
    return errors.ToStatus();
  }
  span.cutoff_ms = std::min(span.end_ms, now_ms);
  return span;
}

namespace {

v1::LedgerRow Row(const std::string& key, const LedgerCounts& c) {
  v1::LedgerRow r;
  r.set_key(key);
  r.set_handled(c.handled);
  r.set_on_time(c.on_time);
  r.set_late(c.handled - c.on_time);
  r.set_open_at_month_end(c.open);
  r.set_overdue_at_month_end(c.overdue);
  return r;
}

bool Small(const v1::LedgerRow& r) {
  return AnySmallCount(
      {r.handled(), r.on_time(), r.late(), r.open_at_month_end(), r.overdue_at_month_end()});
}

void Suppress(v1::LedgerRow* r) {
  const std::string key = r->key();
  r->Clear();
  r->set_key(key);
  r->set_suppressed(true);
}

}  // namespace

v1::MonthlyLedger BuildLedger(const MonthSpan& month, const std::vector<LedgerPart>& parts,
                              bool suppress) {
  std::map<std::string, LedgerCounts> by_key;
  LedgerCounts total;
  for (const LedgerPart& p : parts) {
    LedgerCounts& c = by_key[p.key];
    c.handled += p.counts.handled;
    c.on_time += p.counts.on_time;
    c.open += p.counts.open;
    c.overdue += p.counts.overdue;
    total.handled += p.counts.handled;
    total.on_time += p.counts.on_time;
    total.open += p.counts.open;
    total.overdue += p.counts.overdue;
  }
  v1::MonthlyLedger out;
  out.set_year(month.year);
  out.set_month(month.month);
  for (const auto& [key, counts] : by_key) *out.add_rows() = Row(key, counts);
  *out.mutable_total() = Row("total", total);
  if (suppress) {
    std::vector<bool> small;
    std::vector<std::pair<int64_t, std::string>> order;
    for (const v1::LedgerRow& r : out.rows()) {
      small.push_back(Small(r));
      order.emplace_back(r.handled() + r.open_at_month_end(), r.key());
    }
    for (size_t i : RowsToSuppress(small, order)) Suppress(out.mutable_rows(static_cast<int>(i)));
    if (Small(out.total())) Suppress(out.mutable_total());
  }
  return out;
}

}  // namespace shouhu::oversight
