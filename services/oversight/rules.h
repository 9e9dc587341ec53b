// The oversight service's rules, without I/O: what an event means for the read model,
// where an item stands at a given instant, when its notices are due, and the monthly
// ledger's arithmetic. All times are instants; days are China days (common/base/dates.h).
#ifndef SHOUHU_OVERSIGHT_RULES_H_
#define SHOUHU_OVERSIGHT_RULES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "shouhu/oversight/v1/events.pb.h"
#include "shouhu/oversight/v1/oversight.pb.h"

namespace shouhu::oversight {

namespace v1 = ::shouhu::oversight::v1;

// One row of the read model (oversight_items): the latest change of one item.
struct Item {
  std::string item_key;
  int kind = 0;  // v1::DeadlineKind
  std::string procuratorate;
  std::string case_id;
  std::string record_id;
  std::string assignee;  // user id, "" while unassigned
  std::string department;
  int64_t started_at_ms = 0;
  int64_t due_at_ms = 0;
  int state = 0;            // v1::DeadlineState
  int64_t ended_at_ms = 0;  // 0 while open
  int64_t sequence = 0;
};

// The user id of an event's assigned_to: "person:u-zhang", "user:u-zhang" and "u-zhang"
// all name u-zhang; "" stays "".
std::string AssigneeOf(const std::string& assigned_to);

// The item an event describes; INVALID_ARGUMENT naming the first bad field (empty or
// over-long key, unknown kind, procuratorate not six digits, missing due_at, state
// unspecified, an ended state without ended_at, a sequence below 1).
absl::StatusOr<Item> ItemFromEvent(const v1::DeadlineChanged& e);

// What a delivery does to the read model, given the stored sequence of its item (none
// when the item is new): the highest sequence wins; a lower or equal one (an older
// change arriving late, or a redelivery) changes nothing.
enum class Apply { kInsert, kUpdate, kIgnore };
Apply Decide(std::optional<int64_t> stored_sequence, int64_t incoming_sequence);

// The notice lead: an open item is "due" (and its DUE notice is raised) from the start
// of the China day `lead_days` before its due day; 0: the day it is due.
struct NoticeTiming {
  int lead_days = 0;
};

// The end of the "due" window seen at `now`: items due before this instant are due (or
// overdue). The start of the China day lead_days + 1 after today.
absl::Time DueHorizon(absl::Time now, const NoticeTiming& timing);

// The status of `item` at `now`.
v1::DeadlineStatus StatusAt(const Item& item, absl::Time now, const NoticeTiming& timing);
// Whether the DUE / OVERDUE notice of an open, assigned item is due at `now`.
bool DueNoticeDue(const Item& item, absl::Time now, const NoticeTiming& timing);
bool OverdueNoticeDue(const Item& item, absl::Time now);

// The API form of a stored item at `now`.
v1::Deadline ToDeadline(const Item& item, absl::Time now, const NoticeTiming& timing);

// One China month: [start, end) in Unix milliseconds. INVALID_ARGUMENT (fields "year",
// "month") unless 2000-2200 and 1-12, or when the month starts after `now`.
struct MonthSpan {
  int year = 0;
  int month = 0;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  // The instant the month's open items are counted at: its end, or `now` for the
  // running month.
  int64_t cutoff_ms = 0;
};
absl::StatusOr<MonthSpan> LedgerMonth(int year, int month, absl::Time now);

// One group's figures as the ledger's three queries return them.
struct LedgerCounts {
  int64_t handled = 0;
  int64_t on_time = 0;
  int64_t open = 0;
  int64_t overdue = 0;
};
struct LedgerPart {
  std::string key;
  LedgerCounts counts;
};

// The ledger's rows (by key) and total from the parts of the three queries (handled in
// the month; open now and started before the cutoff; ended after the cutoff and started
// before it). late = handled - on_time. With `suppress` (analysts) a row with a count
// from 1 to 4 is shown without figures, and the next smallest row too when it is the
// only one (common/base/suppression.h); the total likewise when itself small.
v1::MonthlyLedger BuildLedger(const MonthSpan& month, const std::vector<LedgerPart>& parts,
                              bool suppress);

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_RULES_H_
