#include "visit/need_store.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "shouhu/visit/v1/events.pb.h"
#include "visit/ids.h"
#include "visit/need_sql.h"

namespace shouhu::visit {
namespace {

using namespace need_sql;  // NOLINT(build/namespaces): the statements of this file
namespace pb = ::shouhu::visit::v1;

constexpr char kNeeds[] = "visit_needs";

}  // namespace

absl::StatusOr<pb::Need> NeedStore::Add(db::Mutation& m, const NeedOrigin& o,
                                        const pb::Need& need) {
  pb::Need out;
  out.set_need_id(NewVisitId(*ids_, VisitIdKind::kNeed, o.procuratorate));
  out.set_kind(need.kind());
  out.set_description(need.description());
  out.set_urgent(need.urgent());
  out.set_status(pb::NEED_STATUS_OPEN);
  *out.mutable_raised_by() = o.raised_by;
  out.set_visit_id(o.visit_id);
  out.set_report_id(o.report_id);
  *out.mutable_status_on() = FromCivilDay(o.found_on);
  ASSIGN_OR_RETURN(std::string desc,
                   sealed_.Seal(need.description(), kNeeds, out.need_id(), "description"));
  const std::string on = DateString(o.found_on);
  m.tx()
      .Sql(kInsertNeed)
      .Str(out.need_id())
      .Str(o.procuratorate)
      .Str(o.case_id)
      .StrOrNull(o.visit_id)
      .StrOrNull(o.report_id)
      .Int(need.kind())
      .Bool(need.urgent())
      .Blob(desc)
      .Str(o.raised_by.principal())
      .Str(o.raised_by.display_name())
      .Str(on)
      .Str(on)
      .Int(absl::ToUnixMillis(m.now()))
      .Str(o.department)
      .Exec();
  pb::NeedFound ev;
  ev.set_need_id(out.need_id());
  ev.set_visit_id(o.visit_id);
  ev.set_report_id(o.report_id);
  ev.set_case_id(o.case_id);
  ev.set_procuratorate_code(o.procuratorate);
  ev.set_person_id(o.person_id);
  ev.set_kind(need.kind());
  ev.set_urgent(need.urgent());
  ev.set_assigned_to(o.assigned_to);
  RETURN_IF_ERROR(m.Emit(kTopicNeedFound, out.need_id(), o.procuratorate, ev));
  return out;
}

absl::StatusOr<NeedRow> NeedStore::FromRow(sql::ResultSet& rs) const {
  NeedRow row;
  row.seq = rs.getInt64("seq");
  row.procuratorate = db::GetStr(rs, "procuratorate_code");
  row.case_id = db::GetStr(rs, "case_id");
  row.version = rs.getInt64("version");
  pb::Need& n = row.need;
  n.set_need_id(db::GetStr(rs, "id"));
  n.set_visit_id(db::GetStr(rs, "visit_id"));
  n.set_report_id(db::GetStr(rs, "report_id"));
  n.set_kind(static_cast<::shouhu::aid::v1::MeasureKind>(rs.getInt("kind")));
  n.set_urgent(rs.getInt("urgent") != 0);
  n.set_status(static_cast<pb::NeedStatus>(rs.getInt("status")));
  n.set_suggestion_id(db::GetStr(rs, "suggestion_id"));
  ASSIGN_OR_RETURN(std::string desc, sealed_.Open(db::GetBlob(rs, "description_enc"), kNeeds,
                                                  n.need_id(), "description"));
  n.set_description(desc);
  ASSIGN_OR_RETURN(std::string reason, sealed_.Open(db::GetBlob(rs, "withdraw_reason_enc"), kNeeds,
                                                    n.need_id(), "withdraw_reason"));
  n.set_withdraw_reason(reason);
  n.mutable_raised_by()->set_principal(db::GetStr(rs, "raised_by"));
  n.mutable_raised_by()->set_display_name(db::GetStr(rs, "raised_by_name"));
  if (auto d = ParseDateString(db::GetStr(rs, "status_on"))) {
    *n.mutable_status_on() = FromCivilDay(*d);
  }
  return row;
}

absl::StatusOr<std::vector<pb::Need>> NeedStore::Read(db::Tx& tx, const char* sql,
                                                      const std::string& key) {
  std::vector<pb::Need> out;
  auto rs = tx.Sql(sql).Str(key).Rows();
  while (rs->next()) {
    ASSIGN_OR_RETURN(NeedRow row, FromRow(*rs));
    out.push_back(std::move(row.need));
  }
  return out;
}

absl::StatusOr<std::vector<pb::Need>> NeedStore::OfVisit(db::Tx& tx, const std::string& visit_id) {
  return Read(tx, kNeedsOfVisit, visit_id);
}

absl::StatusOr<std::vector<pb::Need>> NeedStore::OfReport(db::Tx& tx,
                                                          const std::string& report_id) {
  return Read(tx, kNeedsOfReport, report_id);
}

absl::StatusOr<std::optional<NeedRow>> NeedStore::Get(db::Tx& tx, const std::string& need_id,
                                                      bool lock) {
  auto rs = tx.Sql(lock ? kGetNeedForUpdate : kGetNeed).Str(need_id).Rows();
  if (!rs->next()) return std::optional<NeedRow>();
  ASSIGN_OR_RETURN(NeedRow row, FromRow(*rs));
  return std::optional<NeedRow>(std::move(row));
}

absl::StatusOr<std::vector<NeedRow>> NeedStore::OfCase(db::Tx& tx, const std::string& case_id,
                                                       int status, int64_t before_seq, int limit) {
  const int64_t before = before_seq > 0 ? before_seq : std::numeric_limits<int64_t>::max();
  db::Query q = tx.Sql(status != 0 ? kNeedsOfCaseStatus : kNeedsOfCase);
  q.Str(case_id);
  if (status != 0) q.Int(status);
  q.Int(before).Int(limit);
  std::vector<NeedRow> out;
  auto rs = q.Rows();
  while (rs->next()) {
    ASSIGN_OR_RETURN(NeedRow row, FromRow(*rs));
    out.push_back(std::move(row));
  }
  return out;
}

absl::StatusOr<std::vector<NeedRow>> NeedStore::OfSuggestion(db::Tx& tx,
                                                             const std::string& suggestion_id) {
  std::vector<NeedRow> out;
  auto rs = tx.Sql(kNeedsOfSuggestion).Str(suggestion_id).Rows();
  while (rs->next()) {
    ASSIGN_OR_RETURN(NeedRow row, FromRow(*rs));
    out.push_back(std::move(row));
  }
  return out;
}

absl::Status NeedStore::SetStatus(db::Tx& tx, const NeedRow& row, pb::NeedStatus status,
                                  const std::string& suggestion_id,
                                  const std::string& withdraw_reason, absl::CivilDay on) {
  std::string reason;
  if (!withdraw_reason.empty()) {
    ASSIGN_OR_RETURN(reason,
                     sealed_.Seal(withdraw_reason, kNeeds, row.need.need_id(), "withdraw_reason"));
  }
  const int64_t n = tx.Sql(kSetNeedStatus)
                        .Int(status)
                        .StrOrNull(suggestion_id)
                        .BlobOrNull(reason)
                        .Str(DateString(on))
                        .Str(row.need.need_id())
                        .Int(row.version)
                        .Exec();
  if (n != 1) return absl::AbortedError("the need changed meanwhile; read it again");
  return absl::OkStatus();
}

}  // namespace shouhu::visit
