#include "oversight/store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "oversight/oversight_sql.h"

namespace shouhu::oversight {
namespace {

Item ReadItem(sql::ResultSet& rs) {
  Item i;
  i.item_key = rs.getString("item_key").asStdString();
  i.kind = rs.getInt("kind");
  i.procuratorate = rs.getString("procuratorate_code").asStdString();
  i.case_id = rs.getString("case_id").asStdString();
  i.record_id = rs.getString("record_id").asStdString();
  i.assignee = rs.getString("assignee").asStdString();
  i.department = rs.getString("department").asStdString();
  i.started_at_ms = rs.getInt64("started_at_ms");
  i.due_at_ms = rs.getInt64("due_at_ms");
  i.state = rs.getInt("state");
  i.ended_at_ms = rs.getInt64("ended_at_ms");
  i.sequence = rs.getInt64("sequence");
  return i;
}

NoticeRow ReadNotice(sql::ResultSet& rs) {
  NoticeRow r;
  v1::Notice& n = r.notice;
  n.set_notice_id(rs.getString("notice_id").asStdString());
  n.set_item_key(rs.getString("item_key").asStdString());
  n.set_kind(static_cast<v1::NoticeKind>(rs.getInt("notice_kind")));
  n.set_deadline_kind(static_cast<v1::DeadlineKind>(rs.getInt("deadline_kind")));
  n.set_procuratorate_code(rs.getString("procuratorate_code").asStdString());
  n.set_recipient(rs.getString("recipient").asStdString());
  n.set_case_id(rs.getString("case_id").asStdString());
  n.set_record_id(rs.getString("record_id").asStdString());
  n.mutable_due_at()->set_unix_millis(rs.getInt64("due_at_ms"));
  n.mutable_raised_at()->set_unix_millis(rs.getInt64("raised_at_ms"));
  n.set_acknowledged(rs.getInt("acknowledged") != 0);
  if (n.acknowledged()) {
    n.mutable_acknowledged_at()->set_unix_millis(rs.getInt64("acknowledged_at_ms"));
  }
  n.set_version(rs.getInt64("version"));
  r.seq = rs.getInt64("seq");
  r.pending = rs.getInt("delivery_pending") != 0;
  n.set_delivered(!r.pending);
  r.attempts = rs.getInt("delivery_attempts");
  r.next_attempt_ms = rs.getInt64("next_attempt_at_ms");
  return r;
}

}  // namespace

absl::StatusOr<Apply> StoreItem(db::Tx& tx, const Item& item, const std::string& event_id,
                                absl::Time now) {
  std::optional<int64_t> stored;
  {
    auto rs = tx.Sql(oversight_sql::kItemSequenceForUpdate).Str(item.item_key).Rows();
    if (rs->next()) stored = rs->getInt64("sequence");
  }
  const Apply apply = Decide(stored, item.sequence);
  const int64_t now_ms = absl::ToUnixMillis(now);
  if (apply == Apply::kInsert) {
    absl::StatusOr<int64_t> n = tx.Sql(oversight_sql::kInsertItem)
                                    .Str(item.item_key)
                                    .Int(item.kind)
                                    .Str(item.procuratorate)
                                    .Str(item.case_id)
                                    .Str(item.record_id)
                                    .Str(item.assignee)
                                    .Str(item.department)
                                    .Int(item.started_at_ms)
                                    .Int(item.due_at_ms)
                                    .Int(item.state)
                                    .Int(item.ended_at_ms)
                                    .Int(item.sequence)
                                    .Str(event_id)
                                    .Int(now_ms)
                                    .ExecOrStatus();
    if (absl::IsAlreadyExists(n.status())) {
      return absl::AbortedError("another first delivery of this item was stored at once");
    }
    RETURN_IF_ERROR(n.status());
  } else if (apply == Apply::kUpdate) {
    tx.Sql(oversight_sql::kUpdateItem)
        .Int(item.kind)
        .Str(item.procuratorate)
        .Str(item.case_id)
        .Str(item.record_id)
        .Str(item.assignee)
        .Str(item.department)
        .Int(item.started_at_ms)
        .Int(item.due_at_ms)
        .Int(item.state)
        .Int(item.ended_at_ms)
        .Int(item.sequence)
        .Str(event_id)
        .Int(now_ms)
        .Str(item.item_key)
        .Exec();
  }
  return apply;
}

absl::StatusOr<std::optional<Item>> GetItem(db::Tx& tx, const std::string& key) {
  auto rs = tx.Sql(oversight_sql::kGetItem).Str(key).Rows();
  if (!rs->next()) return std::optional<Item>();
  return std::optional<Item>(ReadItem(*rs));
}

absl::StatusOr<std::vector<Item>> ItemsOfCase(db::Tx& tx, const std::string& case_id) {
  std::vector<Item> out;
  auto rs = tx.Sql(oversight_sql::kItemsOfCase).Str(case_id).Rows();
  while (rs->next()) out.push_back(ReadItem(*rs));
  return out;
}

std::string ItemQuerySql(const ItemQuery& q) {
  std::string s;
  switch (q.scope) {
    case ItemQuery::Scope::kAssignee:
      s = oversight_sql::kItemsOfAssignee;
      break;
    case ItemQuery::Scope::kDepartment:
      s = oversight_sql::kItemsOfDepartment;
      break;
    case ItemQuery::Scope::kProcuratorate:
      s = oversight_sql::kItemsOfProcuratorate;
      break;
  }
  const bool ended = q.filter == v1::FILTER_ENDED;
  switch (q.filter) {
    case v1::FILTER_DUE:
      s += oversight_sql::kFilterDue;
      break;
    case v1::FILTER_OVERDUE:
      s += oversight_sql::kFilterOverdue;
      break;
    case v1::FILTER_ENDED:
      s += oversight_sql::kFilterEnded;
      break;
    default:
      s += oversight_sql::kFilterOpen;
      break;
  }
  if (q.after.has_value())
    s += ended ? oversight_sql::kAfterDescending : oversight_sql::kAfterAscending;
  s += ended ? oversight_sql::kOrderDescending : oversight_sql::kOrderAscending;
  return s;
}

absl::StatusOr<std::vector<Item>> ListItems(db::Tx& tx, const ItemQuery& q) {
  db::Query query = tx.Sql(ItemQuerySql(q));
  query.Str(q.procuratorate);
  if (q.scope != ItemQuery::Scope::kProcuratorate) query.Str(q.who);
  if (q.filter == v1::FILTER_DUE) query.Int(q.now_ms).Int(q.horizon_ms);
  if (q.filter == v1::FILTER_OVERDUE) query.Int(q.now_ms);
  if (q.after.has_value()) query.Int(q.after->first).Int(q.after->first).Str(q.after->second);
  query.Int(q.limit);
  std::vector<Item> out;
  auto rs = query.Rows();
  while (rs->next()) out.push_back(ReadItem(*rs));
  return out;
}

absl::StatusOr<bool> RaiseNotice(db::Tx& tx, const Item& item, v1::NoticeKind kind,
                                 const std::string& notice_id, absl::Time now) {
  const int64_t now_ms = absl::ToUnixMillis(now);
  absl::StatusOr<int64_t> n = tx.Sql(oversight_sql::kInsertNotice)
                                  .Str(notice_id)
                                  .Str(item.item_key)
                                  .Int(kind)
                                  .Int(item.kind)
                                  .Str(item.procuratorate)
                                  .Str(item.assignee)
                                  .Str(item.case_id)
                                  .Str(item.record_id)
                                  .Int(item.due_at_ms)
                                  .Int(now_ms)
                                  .Int(now_ms)
                                  .ExecOrStatus();
  const bool raised = n.ok();
  if (!raised && !absl::IsAlreadyExists(n.status())) return n.status();
  tx.Sql(kind == v1::NOTICE_OVERDUE ? oversight_sql::kMarkOverdueNoticed
                                    : oversight_sql::kMarkDueNoticed)
      .Str(item.item_key)
      .Exec();
  return raised;
}

absl::StatusOr<std::vector<Item>> ScanForNotices(db::Tx& tx, v1::NoticeKind kind, absl::Time before,
                                                 int limit) {
  auto rs =
      tx.Sql(kind == v1::NOTICE_OVERDUE ? oversight_sql::kScanOverdue : oversight_sql::kScanDue)
          .Int(absl::ToUnixMillis(before))
          .Int(limit)
          .Rows();
  std::vector<Item> out;
  while (rs->next()) out.push_back(ReadItem(*rs));
  return out;
}

absl::StatusOr<std::optional<NoticeRow>> GetNoticeForUpdate(db::Tx& tx, const std::string& id) {
  auto rs = tx.Sql(oversight_sql::kGetNoticeForUpdate).Str(id).Rows();
  if (!rs->next()) return std::optional<NoticeRow>();
  return std::optional<NoticeRow>(ReadNotice(*rs));
}

absl::Status AcknowledgeNotice(db::Tx& tx, const std::string& id, absl::Time now) {
  tx.Sql(oversight_sql::kAcknowledgeNotice).Int(absl::ToUnixMillis(now)).Str(id).Exec();
  return absl::OkStatus();
}

std::string NoticeQuerySql(const NoticeQuery& q) {
  std::string s = oversight_sql::kNoticesOfRecipient;
  if (q.unacknowledged_only) s += oversight_sql::kNoticesUnacknowledged;
  if (q.after.has_value()) s += oversight_sql::kNoticesAfter;
  s += oversight_sql::kNoticesOrder;
  return s;
}

absl::StatusOr<std::vector<NoticeRow>> ListNotices(db::Tx& tx, const NoticeQuery& q) {
  db::Query query = tx.Sql(NoticeQuerySql(q));
  query.Str(q.procuratorate).Str(q.recipient);
  if (q.after.has_value()) query.Int(q.after->first).Int(q.after->first).Int(q.after->second);
  query.Int(q.limit);
  std::vector<NoticeRow> out;
  auto rs = query.Rows();
  while (rs->next()) out.push_back(ReadNotice(*rs));
  return out;
}

absl::StatusOr<std::vector<NoticeRow>> PendingDeliveries(db::Tx& tx, absl::Time now, int limit) {
  auto rs =
      tx.Sql(oversight_sql::kPendingDeliveries).Int(absl::ToUnixMillis(now)).Int(limit).Rows();
  std::vector<NoticeRow> out;
  while (rs->next()) out.push_back(ReadNotice(*rs));
  return out;
}

absl::StatusOr<bool> ClaimDelivery(db::Tx& tx, const std::string& id, int64_t seen_ms,
                                   absl::Time until) {
  return tx.Sql(oversight_sql::kClaimDelivery)
             .Int(absl::ToUnixMillis(until))
             .Str(id)
             .Int(seen_ms)
             .Exec() == 1;
}

absl::Status MarkDelivered(db::Tx& tx, const std::string& id, absl::Time now) {
  tx.Sql(oversight_sql::kDelivered).Int(absl::ToUnixMillis(now)).Str(id).Exec();
  return absl::OkStatus();
}

absl::Status MarkDeliveryFailed(db::Tx& tx, const std::string& id, absl::Time next_attempt) {
  tx.Sql(oversight_sql::kDeliveryFailed).Int(absl::ToUnixMillis(next_attempt)).Str(id).Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<LedgerPart>> LedgerParts(db::Tx& tx, const std::string& procuratorate,
                                                    const std::string& department,
                                                    v1::LedgerGrouping grouping,
                                                    const MonthSpan& month) {
  const std::string select = grouping == v1::BY_CASEWORKER ? oversight_sql::kLedgerByAssignee
                                                           : oversight_sql::kLedgerByDepartment;
  const std::string in_department = department.empty() ? "" : oversight_sql::kLedgerInDepartment;
  std::vector<LedgerPart> out;
  auto read = [&](db::Query& q, bool handled) {
    if (!department.empty()) q.Str(department);
    auto rs = q.Rows();
    while (rs->next()) {
      LedgerPart p;
      p.key = rs->getString("grp").asStdString();
      if (handled) {
        p.counts.handled = rs->getInt64("n");
        p.counts.on_time = rs->getInt64("m");
      } else {
        p.counts.open = rs->getInt64("n");
        p.counts.overdue = rs->getInt64("m");
      }
      out.push_back(std::move(p));
    }
  };
  read(tx.Sql(absl::StrCat(select, oversight_sql::kLedgerHandled, in_department,
                           oversight_sql::kLedgerGroup))
           .Str(procuratorate)
           .Int(month.start_ms)
           .Int(month.end_ms),
       true);
  read(tx.Sql(absl::StrCat(select, oversight_sql::kLedgerOpen, in_department,
                           oversight_sql::kLedgerGroup))
           .Int(month.cutoff_ms)
           .Str(procuratorate)
           .Int(month.cutoff_ms),
       false);
  read(tx.Sql(absl::StrCat(select, oversight_sql::kLedgerEndedLater, in_department,
                           oversight_sql::kLedgerGroup))
           .Int(month.cutoff_ms)
           .Str(procuratorate)
           .Int(month.cutoff_ms)
           .Int(month.cutoff_ms),
       false);
  return out;
}

}  // namespace shouhu::oversight
