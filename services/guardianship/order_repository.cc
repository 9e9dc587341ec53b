#include "guardianship/order_repository.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "guardianship/order_sql.h"

namespace shouhu::guardianship {
namespace {

using namespace order_sql;  // NOLINT(build/namespaces): the statements of this file

constexpr char kEntity[] = "guard_orders";

std::string DateOr(const ::shouhu::common::v1::Date& d) {
  return d.year() == 0 ? "" : DateString(d);
}
void ReadDate(sql::ResultSet& rs, const char* col, ::shouhu::common::v1::Date* out) {
  if (auto d = ParseDateString(db::GetStr(rs, col))) *out = FromCivilDay(*d);
}
int64_t Before(int64_t before_seq) {
  return before_seq > 0 ? before_seq : std::numeric_limits<int64_t>::max();
}

}  // namespace

absl::StatusOr<pb::Order> OrderRepository::FromRow(sql::ResultSet& rs) const {
  const std::string id = db::GetStr(rs, "id");
  ASSIGN_OR_RETURN(std::string body,
                   sealed_.Open(db::GetBlob(rs, "body_enc"), kEntity, id, "body"));
  pb::Order o;
  if (!o.ParseFromString(body))
    return absl::DataLossError(absl::StrCat("order ", id, " unreadable"));
  o.set_version(rs.getInt64("version"));
  return o;
}

absl::Status OrderRepository::Insert(db::Tx& tx, const pb::Order& o, const std::string& drafted_by,
                                     const std::string& department, int64_t now_ms) {
  pb::Order stored = o;
  stored.set_version(1);
  ASSIGN_OR_RETURN(std::string body,
                   sealed_.Seal(stored.SerializeAsString(), kEntity, o.order_id(), "body"));
  tx.Sql(kInsertOrder)
      .Str(o.order_id())
      .Str(o.procuratorate_code())
      .Str(o.case_id())
      .Int(o.kind())
      .Int(o.status())
      .Str(o.minor_person_id())
      .StrOrNull(o.assigned_to())
      .Str(department)
      .Str(drafted_by)
      .Int(o.failings().empty() ? 0 : o.failings(0))
      .Str(DateString(o.order_date()))
      .Int(o.compliance_months())
      .StrOrNull(DateOr(o.compliance_starts_on()))
      .StrOrNull(DateOr(o.compliance_ends_on()))
      .StrOrNull(DateOr(o.evaluation().evaluated_on()))
      .Null()
      .Str(o.document_number())
      .StrOrNull(o.previous_order_id())
      .StrOrNull(o.requested_by_escalation_id())
      .Blob(body)
      .Int(now_ms)
      .Int(now_ms)
      .Exec();
  return absl::OkStatus();
}

absl::Status OrderRepository::Update(db::Tx& tx, const pb::Order& o, int64_t expected_version,
                                     int64_t now_ms) {
  pb::Order stored = o;
  stored.set_version(expected_version + 1);
  ASSIGN_OR_RETURN(std::string body,
                   sealed_.Seal(stored.SerializeAsString(), kEntity, o.order_id(), "body"));
  std::string ended_on;
  if (o.evaluation().has_evaluated_on()) ended_on = DateString(o.evaluation().evaluated_on());
  if (o.termination().has_terminated_on()) ended_on = DateString(o.termination().terminated_on());
  const int64_t n = tx.Sql(kUpdateOrder)
                        .Int(o.kind())
                        .Int(o.status())
                        .Str(o.minor_person_id())
                        .StrOrNull(o.assigned_to())
                        .Int(o.failings().empty() ? 0 : o.failings(0))
                        .Int(o.compliance_months())
                        .StrOrNull(DateOr(o.compliance_starts_on()))
                        .StrOrNull(DateOr(o.compliance_ends_on()))
                        .StrOrNull(DateOr(o.evaluation().evaluated_on()))
                        .StrOrNull(ended_on)
                        .Str(o.document_number())
                        .StrOrNull(o.previous_order_id())
                        .StrOrNull(o.requested_by_escalation_id())
                        .Blob(body)
                        .Int(now_ms)
                        .Str(o.order_id())
                        .Int(expected_version)
                        .Exec();
  if (n != 1) return absl::AbortedError("the order changed meanwhile; read it again");
  return absl::OkStatus();
}

absl::Status OrderRepository::SetDocumentNumber(db::Tx& tx, const std::string& id, int kind,
                                                int year, int seq) {
  tx.Sql(kSetDocNumber).Int(kind).Int(year).Int(seq).Str(id).Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::optional<pb::Order>> OrderRepository::Get(db::Tx& tx, const std::string& id,
                                                              bool lock) {
  auto rs = tx.Sql(lock ? kGetOrderForUpdate : kGetOrder).Str(id).Rows();
  if (!rs->next()) return std::optional<pb::Order>();
  ASSIGN_OR_RETURN(pb::Order o, FromRow(*rs));
  return std::optional<pb::Order>(std::move(o));
}

absl::StatusOr<std::vector<std::pair<int64_t, pb::Order>>> OrderRepository::List(
    db::Tx& tx, const OrderFilter& f) {
  std::string sql = absl::StrCat(kOrderCols, kWhereProc);
  if (!f.case_id.empty()) absl::StrAppend(&sql, kAndCase);
  if (f.kind != 0) absl::StrAppend(&sql, kAndKind);
  if (!f.assigned_to.empty()) absl::StrAppend(&sql, kAndAssigned);
  if (f.evaluation_overdue_only) {
    absl::StrAppend(&sql, kAndEvaluationOverdue);
  } else if (f.status != 0) {
    absl::StrAppend(&sql, kAndStatus);
  }
  absl::StrAppend(&sql, kBeforeSeq, kOrderBySeq);
  db::Query q = tx.Sql(sql);
  q.Str(f.procuratorate);
  if (!f.case_id.empty()) q.Str(f.case_id);
  if (f.kind != 0) q.Int(f.kind);
  if (!f.assigned_to.empty()) q.Str(f.assigned_to);
  if (f.evaluation_overdue_only) {
    q.Str(DateString(f.today));
  } else if (f.status != 0) {
    q.Int(f.status);
  }
  q.Int(Before(f.before_seq)).Int(f.limit);
  auto rs = q.Rows();
  std::vector<std::pair<int64_t, pb::Order>> out;
  while (rs->next()) {
    ASSIGN_OR_RETURN(pb::Order o, FromRow(*rs));
    out.emplace_back(rs->getInt64("seq"), std::move(o));
  }
  return out;
}

absl::Status OrderRepository::ReplaceAgencies(db::Tx& tx, const pb::Order& o) {
  tx.Sql(kDeleteAgencies).Str(o.order_id()).Exec();
  for (int i = 0; i < o.guidance_size(); ++i) {
    if (o.guidance(i).agency_code().empty()) continue;
    tx.Sql(kInsertAgency).Str(o.guidance(i).agency_code()).Int(i).Str(o.order_id()).Exec();
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<int64_t, pb::Order>>> OrderRepository::ListForAgency(
    db::Tx& tx, const std::string& agency, int64_t before_seq, int limit) {
  auto rs = tx.Sql(kListAgencyOrders).Str(agency).Int(Before(before_seq)).Int(limit).Rows();
  std::vector<std::pair<int64_t, pb::Order>> out;
  while (rs->next()) {
    ASSIGN_OR_RETURN(pb::Order o, FromRow(*rs));
    out.emplace_back(rs->getInt64("seq"), std::move(o));
  }
  return out;
}

absl::Status OrderRepository::InsertSession(db::Tx& tx, const std::string& procuratorate,
                                            const pb::GuidanceSession& s,
                                            const std::string& agency_code, int64_t now_ms) {
  ASSIGN_OR_RETURN(std::string topic,
                   sealed_.Seal(s.topic(), "guard_sessions", s.session_id(), "topic"));
  tx.Sql(kInsertSession)
      .Str(s.session_id())
      .Str(procuratorate)
      .Str(s.order_id())
      .Int(s.arrangement_index())
      .Str(agency_code)
      .Str(DateString(s.held_on()))
      .Bool(s.attended())
      .Int(s.minutes())
      .BlobOrNull(topic)
      .Str(s.recorded_by().principal())
      .Str(s.recorded_by().display_name())
      .Int(now_ms)
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<int64_t, pb::GuidanceSession>>> OrderRepository::ListSessions(
    db::Tx& tx, const std::string& order_id, const std::string& agency, int64_t before_seq,
    int limit) {
  std::string sql = absl::StrCat(kSessionCols, kWhereSessionOrder);
  if (!agency.empty()) absl::StrAppend(&sql, kAndAgency);
  absl::StrAppend(&sql, kBeforeSeq, kOrderBySeq);
  db::Query q = tx.Sql(sql);
  q.Str(order_id);
  if (!agency.empty()) q.Str(agency);
  auto rs = q.Int(Before(before_seq)).Int(limit).Rows();
  std::vector<std::pair<int64_t, pb::GuidanceSession>> out;
  while (rs->next()) {
    pb::GuidanceSession s;
    s.set_session_id(db::GetStr(*rs, "id"));
    s.set_order_id(db::GetStr(*rs, "order_id"));
    s.set_arrangement_index(rs->getInt("arrangement_index"));
    ReadDate(*rs, "held_on", s.mutable_held_on());
    s.set_attended(rs->getBoolean("attended"));
    s.set_minutes(rs->getInt("minutes"));
    ASSIGN_OR_RETURN(std::string topic, sealed_.Open(db::GetBlob(*rs, "topic_enc"),
                                                     "guard_sessions", s.session_id(), "topic"));
    s.set_topic(topic);
    s.mutable_recorded_by()->set_principal(db::GetStr(*rs, "recorded_by"));
    s.mutable_recorded_by()->set_display_name(db::GetStr(*rs, "recorded_by_name"));
    out.emplace_back(rs->getInt64("seq"), std::move(s));
  }
  return out;
}

absl::Status OrderRepository::InsertCheck(db::Tx& tx, const std::string& procuratorate,
                                          const pb::ComplianceCheck& c, int64_t now_ms) {
  ASSIGN_OR_RETURN(std::string notes,
                   sealed_.Seal(c.notes(), "guard_checks", c.check_id(), "notes"));
  pb::ComplianceCheck progress;
  *progress.mutable_action_progress() = c.action_progress();
  tx.Sql(kInsertCheck)
      .Str(c.check_id())
      .Str(procuratorate)
      .Str(c.order_id())
      .Str(DateString(c.checked_on()))
      .Int(c.method())
      .Str(c.source_agency_code())
      .Blob(progress.SerializeAsString())
      .BlobOrNull(notes)
      .Str(c.visit_id())
      .Bool(c.concern_found())
      .Str(c.recorded_by().principal())
      .Str(c.recorded_by().display_name())
      .Int(now_ms)
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<int64_t, pb::ComplianceCheck>>> OrderRepository::ListChecks(
    db::Tx& tx, const std::string& order_id, const std::string& agency, int64_t before_seq,
    int limit) {
  std::string sql = absl::StrCat(kCheckCols, kWhereCheckOrder);
  if (!agency.empty()) absl::StrAppend(&sql, kAndSourceAgency);
  absl::StrAppend(&sql, kBeforeSeq, kOrderBySeq);
  db::Query q = tx.Sql(sql);
  q.Str(order_id);
  if (!agency.empty()) q.Str(agency);
  auto rs = q.Int(Before(before_seq)).Int(limit).Rows();
  std::vector<std::pair<int64_t, pb::ComplianceCheck>> out;
  while (rs->next()) {
    pb::ComplianceCheck c;
    if (!c.ParseFromString(db::GetBlob(*rs, "progress_pb"))) {
      return absl::DataLossError("a compliance check's progress is unreadable");
    }
    c.set_check_id(db::GetStr(*rs, "id"));
    c.set_order_id(db::GetStr(*rs, "order_id"));
    ReadDate(*rs, "checked_on", c.mutable_checked_on());
    c.set_method(static_cast<pb::CheckMethod>(rs->getInt("method")));
    c.set_source_agency_code(db::GetStr(*rs, "source_agency_code"));
    ASSIGN_OR_RETURN(std::string notes, sealed_.Open(db::GetBlob(*rs, "notes_enc"), "guard_checks",
                                                     c.check_id(), "notes"));
    c.set_notes(notes);
    c.set_visit_id(db::GetStr(*rs, "visit_id"));
    c.set_concern_found(rs->getBoolean("concern_found"));
    c.mutable_recorded_by()->set_principal(db::GetStr(*rs, "recorded_by"));
    c.mutable_recorded_by()->set_display_name(db::GetStr(*rs, "recorded_by_name"));
    out.emplace_back(rs->getInt64("seq"), std::move(c));
  }
  return out;
}

absl::StatusOr<SupervisionCounts> OrderRepository::CountChecks(db::Tx& tx,
                                                               const std::string& order_id) {
  auto rs = tx.Sql(kCheckSummary).Str(order_id).Rows();
  SupervisionCounts out;
  if (!rs->next()) return out;
  out.checks = rs->getInt("n");
  out.agency_feedbacks = rs->isNull("agency_n") ? 0 : rs->getInt("agency_n");
  out.concerns = rs->isNull("concerns") ? 0 : rs->getInt("concerns");
  if (!rs->isNull("last_on")) out.last_checked_on = ParseDateString(db::GetStr(*rs, "last_on"));
  return out;
}

absl::StatusOr<std::vector<std::string>> OrderRepository::OpenOfCase(db::Tx& tx,
                                                                     const std::string& case_id) {
  auto rs = tx.Sql(kOpenOrdersOfCase).Str(case_id).Rows();
  std::vector<std::string> out;
  while (rs->next()) out.push_back(db::GetStr(*rs, "id"));
  return out;
}

absl::Status OrderRepository::Move(db::Tx& tx, const std::string& old_id, const pb::Order& moved,
                                   const std::string& drafted_by, const std::string& department,
                                   int64_t now_ms) {
  tx.Sql(kDeleteAgencies).Str(old_id).Exec();
  tx.Sql(kDeleteOrder).Str(old_id).Exec();
  RETURN_IF_ERROR(Insert(tx, moved, drafted_by, department, now_ms));
  // Insert writes version 1 and the state columns as of `moved`.
  tx.Sql(kSetMovedFrom).Str(old_id).Str(moved.order_id()).Exec();
  RETURN_IF_ERROR(ReplaceAgencies(tx, moved));
  tx.Sql(kMoveSessions).Str(moved.order_id()).Str(moved.procuratorate_code()).Str(old_id).Exec();
  tx.Sql(kMoveChecks).Str(moved.order_id()).Str(moved.procuratorate_code()).Str(old_id).Exec();
  return absl::OkStatus();
}

}  // namespace shouhu::guardianship
