#include "oversight/watch_core.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/ops/log.h"
#include "common/server/events.h"
#include "common/server/tenant.h"
#include "oversight/access_policy.h"
#include "oversight/store.h"

namespace shouhu::oversight {
namespace {

absl::Status BadToken() {
  FieldErrors e;
  e.Add("page_token", "not a token of this list");
  return e.ToStatus();
}

absl::Status CheckFilter(v1::DeadlineFilter f) {
  if (f >= v1::DEADLINE_FILTER_UNSPECIFIED && f <= v1::FILTER_ENDED) return absl::OkStatus();
  FieldErrors e;
  e.Add("filter", "not a filter");
  return e.ToStatus();
}

// "<due ms>:<item key>".
absl::StatusOr<std::optional<std::pair<int64_t, std::string>>> ItemAfter(const std::string& token) {
  if (token.empty()) return std::optional<std::pair<int64_t, std::string>>();
  absl::StatusOr<std::string> key = DecodeKeyPageToken(token);
  if (!key.ok()) return BadToken();
  std::pair<std::string, std::string> parts = absl::StrSplit(*key, absl::MaxSplits(':', 1));
  int64_t due = 0;
  if (!absl::SimpleAtoi(parts.first, &due) || parts.second.empty()) return BadToken();
  return std::optional<std::pair<int64_t, std::string>>(std::make_pair(due, parts.second));
}

}  // namespace

absl::StatusOr<v1::ListDeadlinesResponse> WatchCore::List(ItemQuery q, int page_size,
                                                          const std::string& page_token) {
  RETURN_IF_ERROR(CheckFilter(q.filter));
  ASSIGN_OR_RETURN(q.after, ItemAfter(page_token));
  const int size = PageSize(page_size);
  q.limit = size + 1;
  const absl::Time now = d_.clock->Now();
  q.now_ms = absl::ToUnixMillis(now);
  q.horizon_ms = absl::ToUnixMillis(DueHorizon(now, d_.timing));
  std::vector<Item> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(rows, ListItems(tx, q));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  v1::ListDeadlinesResponse out;
  out.set_next_page_token(TakePage(
      rows, size, [&](Item&& i) { *out.add_deadlines() = ToDeadline(i, now, d_.timing); },
      [](const Item& i) {
        return EncodeKeyPageToken(absl::StrCat(i.due_at_ms, ":", i.item_key));
      }));
  return out;
}

absl::StatusOr<v1::ListDeadlinesResponse> WatchCore::ListMyDeadlines(
    const Principal& p, const v1::ListMyDeadlinesRequest& r) {
  ItemQuery q;
  q.scope = ItemQuery::Scope::kAssignee;
  q.procuratorate = p.procuratorate;
  q.who = p.id;
  q.filter = r.filter();
  return List(std::move(q), r.page_size(), r.page_token());
}

absl::StatusOr<v1::ListDeadlinesResponse> WatchCore::ListDepartmentDeadlines(
    const Principal& p, const v1::ListDepartmentDeadlinesRequest& r) {
  if (r.department().size() > 64) {
    FieldErrors e;
    e.Add("department", "at most 64 characters");
    return e.ToStatus();
  }
  // Department heads: their own department when none is named.
  const std::string department =
      r.department().empty() && !p.Has(Role::kChief) ? p.department : r.department();
  RETURN_IF_ERROR(Require(OwnDepartmentOrChief(), p,
                          RecordFacts{.procuratorate = p.procuratorate,
                                      .agency = "",
                                      .assigned_to = "",
                                      .department = department},
                          "list this department's deadlines"));
  ItemQuery q;
  q.scope = department.empty() ? ItemQuery::Scope::kProcuratorate : ItemQuery::Scope::kDepartment;
  q.procuratorate = p.procuratorate;
  q.who = department;
  q.filter = r.filter();
  return List(std::move(q), r.page_size(), r.page_token());
}

absl::StatusOr<v1::ListNoticesResponse> WatchCore::ListNotices(const Principal& p,
                                                               const v1::ListNoticesRequest& r) {
  NoticeQuery q;
  q.procuratorate = p.procuratorate;
  q.recipient = p.id;
  q.unacknowledged_only = r.unacknowledged_only();
  if (!r.page_token().empty()) {
    absl::StatusOr<std::string> key = DecodeKeyPageToken(r.page_token());
    if (!key.ok()) return BadToken();
    std::pair<std::string, std::string> parts = absl::StrSplit(*key, absl::MaxSplits(':', 1));
    int acked = 0;
    int64_t seq = 0;
    if (!absl::SimpleAtoi(parts.first, &acked) || !absl::SimpleAtoi(parts.second, &seq)) {
      return BadToken();
    }
    q.after = std::make_pair(acked, seq);
  }
  const int size = PageSize(r.page_size());
  q.limit = size + 1;
  std::vector<NoticeRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(rows, oversight::ListNotices(tx, q));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  v1::ListNoticesResponse out;
  out.set_next_page_token(TakePage(
      rows, size, [&](NoticeRow&& n) { *out.add_notices() = std::move(n.notice); },
      [](const NoticeRow& n) {
        return EncodeKeyPageToken(absl::StrCat(n.notice.acknowledged() ? 1 : 0, ":", n.seq));
      }));
  return out;
}

absl::StatusOr<v1::Notice> WatchCore::AcknowledgeNotice(const Principal& p,
                                                        const v1::AcknowledgeNoticeRequest& r) {
  FieldErrors errors;
  CheckRequestId(errors, r.request_id());
  if (r.notice_id().empty() || TenantOfId(r.notice_id()).empty()) {
    errors.Add("notice_id", "not a notice id");
  }
  CheckVersion(errors, r.version());
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, r.notice_id(), "notice_id"));
  return runner_.Run<v1::Notice>(
      {.actor = p.Name(), .method = "AcknowledgeNotice", .request_id = r.request_id()}, r,
      [&](db::Mutation& m) -> absl::StatusOr<v1::Notice> {
        ASSIGN_OR_RETURN(std::optional<NoticeRow> row, GetNoticeForUpdate(m.tx(), r.notice_id()));
        if (!row.has_value()) return absl::NotFoundError("no such notice");
        v1::Notice n = std::move(row->notice);
        RETURN_IF_ERROR(Require(NoticeRecipient(), p,
                                RecordFacts{.procuratorate = n.procuratorate_code(),
                                            .agency = "",
                                            .assigned_to = n.recipient(),
                                            .department = ""},
                                "acknowledge this notice"));
        RETURN_IF_ERROR(m.CheckVersion(n.version(), r.version()));
        if (n.acknowledged()) return n;
        RETURN_IF_ERROR(oversight::AcknowledgeNotice(m.tx(), n.notice_id(), m.now()));
        RETURN_IF_ERROR(m.Audit("oversight.notice_acknowledged", "oversight_notice", n.notice_id(),
                                n.procuratorate_code()));
        n.set_acknowledged(true);
        *n.mutable_acknowledged_at() = ToTimestamp(m.now());
        n.set_version(n.version() + 1);
        return n;
      });
}

absl::StatusOr<v1::MonthlyLedger> WatchCore::GetMonthlyLedger(
    const Principal& p, const v1::GetMonthlyLedgerRequest& r) {
  if (r.grouping() < v1::LEDGER_GROUPING_UNSPECIFIED || r.grouping() > v1::BY_CASEWORKER) {
    FieldErrors e;
    e.Add("grouping", "not a grouping");
    return e.ToStatus();
  }
  ASSIGN_OR_RETURN(MonthSpan month, LedgerMonth(r.year(), r.month(), d_.clock->Now()));
  const v1::LedgerGrouping grouping =
      r.grouping() == v1::BY_CASEWORKER ? v1::BY_CASEWORKER : v1::BY_DEPARTMENT;
  // The chief: the whole procuratorate. A department head: their department's items.
  // Analysts: the whole procuratorate, small counts suppressed.
  std::string department;
  bool suppress = false;
  if (!p.Has(Role::kChief)) {
    if (p.Has(Role::kDepartmentHead)) {
      if (p.department.empty()) {
        return absl::FailedPreconditionError("the caller's token names no department");
      }
      department = p.department;
    } else {
      suppress = true;
    }
  }
  std::vector<LedgerPart> parts;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(parts, LedgerParts(tx, p.procuratorate, department, grouping, month));
        return absl::OkStatus();
      },
      {.read_only = true}));
  v1::MonthlyLedger out = BuildLedger(month, parts, suppress);
  out.set_grouping(grouping);
  out.set_procuratorate_code(p.procuratorate);
  return out;
}

absl::Status WatchCore::ReactToEvent(db::Tx& tx, const common::v1::Event& e) {
  if (e.topic() != kTopicDeadlineChanged) return absl::OkStatus();
  absl::StatusOr<v1::DeadlineChanged> change = UnpackEventPayload<v1::DeadlineChanged>(e);
  absl::StatusOr<Item> item =
      change.ok() ? ItemFromEvent(*change) : absl::StatusOr<Item>(change.status());
  if (!item.ok()) {
    Log(LogLevel::kWarning, "oversight.event_dropped",
        {{"event_id", e.event_id()}, {"error", item.status().ToString()}});
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(Apply applied, StoreItem(tx, *item, e.event_id(), d_.clock->Now()));
  if (applied == Apply::kIgnore) {
    Log(LogLevel::kDebug, "oversight.change_superseded",
        {{"event_id", e.event_id()}, {"sequence", absl::StrCat(item->sequence)}});
  }
  return absl::OkStatus();
}

}  // namespace shouhu::oversight
