// The oversight service's repository: its two tables (migration 0021) through the named
// statements of oversight_sql.h, inside the caller's transaction. Driver exceptions are
// left to RunInTransaction (common/db/transaction.h).
#ifndef SHOUHU_OVERSIGHT_STORE_H_
#define SHOUHU_OVERSIGHT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "oversight/rules.h"

namespace shouhu::oversight {

// Stores `item` (from event `event_id`) when its sequence is higher than the stored one;
// what was done. A first delivery racing another first delivery of the same item is
// ABORTED (the sender delivers it again).
[[nodiscard]] absl::StatusOr<Apply> StoreItem(db::Tx& tx, const Item& item,
                                              const std::string& event_id, absl::Time now);
[[nodiscard]] absl::StatusOr<std::optional<Item>> GetItem(db::Tx& tx, const std::string& key);
// Every item of a case (at most 2,000), for the case-quality review.
[[nodiscard]] absl::StatusOr<std::vector<Item>> ItemsOfCase(db::Tx& tx, const std::string& case_id);

// Which items a list reads.
struct ItemQuery {
  enum class Scope { kAssignee, kDepartment, kProcuratorate };
  Scope scope = Scope::kAssignee;
  std::string procuratorate;
  std::string who;  // the assignee or the department
  v1::DeadlineFilter filter = v1::FILTER_OPEN;
  int64_t now_ms = 0;
  int64_t horizon_ms = 0;  // DueHorizon
  // The last row of the previous page (due_at_ms, item_key).
  std::optional<std::pair<int64_t, std::string>> after;
  int limit = 51;
};
// The statement of `q` (from the fragments of oversight_sql.h) and its list of items.
std::string ItemQuerySql(const ItemQuery& q);
[[nodiscard]] absl::StatusOr<std::vector<Item>> ListItems(db::Tx& tx, const ItemQuery& q);

// A stored notice and its delivery state.
struct NoticeRow {
  v1::Notice notice;
  int64_t seq = 0;
  bool pending = true;
  int attempts = 0;
  int64_t next_attempt_ms = 0;
};

// Raises the notice of `kind` for `item` (recipient: its assignee) and marks the item;
// false when the item already had it (the unique key), nothing changed then.
[[nodiscard]] absl::StatusOr<bool> RaiseNotice(db::Tx& tx, const Item& item, v1::NoticeKind kind,
                                               const std::string& notice_id, absl::Time now);
// Open assigned items whose notice of `kind` is missing, due before `before`, locked.
[[nodiscard]] absl::StatusOr<std::vector<Item>> ScanForNotices(db::Tx& tx, v1::NoticeKind kind,
                                                               absl::Time before, int limit);

[[nodiscard]] absl::StatusOr<std::optional<NoticeRow>> GetNoticeForUpdate(db::Tx& tx,
                                                                          const std::string& id);
[[nodiscard]] absl::Status AcknowledgeNotice(db::Tx& tx, const std::string& id, absl::Time now);

struct NoticeQuery {
  std::string procuratorate;
  std::string recipient;
  bool unacknowledged_only = false;
  std::optional<std::pair<int, int64_t>> after;  // (acknowledged, seq) of the last row
  int limit = 51;
};
std::string NoticeQuerySql(const NoticeQuery& q);
[[nodiscard]] absl::StatusOr<std::vector<NoticeRow>> ListNotices(db::Tx& tx, const NoticeQuery& q);

// Delivery bookkeeping.
[[nodiscard]] absl::StatusOr<std::vector<NoticeRow>> PendingDeliveries(db::Tx& tx, absl::Time now,
                                                                       int limit);
// True when this caller now owns the attempt (next attempt moved from `seen` to `until`).
[[nodiscard]] absl::StatusOr<bool> ClaimDelivery(db::Tx& tx, const std::string& id, int64_t seen_ms,
                                                 absl::Time until);
[[nodiscard]] absl::Status MarkDelivered(db::Tx& tx, const std::string& id, absl::Time now);
[[nodiscard]] absl::Status MarkDeliveryFailed(db::Tx& tx, const std::string& id,
                                              absl::Time next_attempt);

// The ledger's three queries for one procuratorate (and one department, when not empty).
[[nodiscard]] absl::StatusOr<std::vector<LedgerPart>> LedgerParts(db::Tx& tx,
                                                                  const std::string& procuratorate,
                                                                  const std::string& department,
                                                                  v1::LedgerGrouping grouping,
                                                                  const MonthSpan& month);

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_STORE_H_
