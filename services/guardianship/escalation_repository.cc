#include "guardianship/escalation_repository.h"

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "guardianship/escalation_sql.h"

namespace shouhu::guardianship {

using namespace escalation_sql;  // NOLINT(build/namespaces): the statements of this file
namespace cpb = ::shouhu::common::v1;

namespace {

constexpr char kEntity[] = "guard_escalations";

std::string DateOr(const cpb::Date& d) { return IsValidDate(d) ? DateString(d) : ""; }

// body_pb: the escalation without its sealed texts and the read-time fields.
std::string Body(const pb::Escalation& e) {
  pb::Escalation b = e;
  b.clear_content();
  b.clear_reply_summary();
  b.clear_outcome_note();
  b.mutable_court_answer()->clear_note();
  if (!e.has_court_answer()) b.clear_court_answer();
  b.clear_disclosures();
  b.clear_reply_overdue();
  b.clear_version();
  return b.SerializeAsString();
}

db::Query& BindOptionalInt(db::Query& q, int64_t v) { return v == 0 ? q.Null() : q.Int(v); }

}  // namespace

absl::StatusOr<std::pair<std::string, std::string>> EscalationRepository::SealTexts(
    const pb::Escalation& e) const {
  ASSIGN_OR_RETURN(std::string content,
                   sealed_.Seal(e.content(), kEntity, e.escalation_id(), "content_enc"));
  pb::Escalation reply;
  reply.set_reply_summary(e.reply_summary());
  reply.set_outcome_note(e.outcome_note());
  if (!e.court_answer().note().empty())
    reply.mutable_court_answer()->set_note(e.court_answer().note());
  const std::string reply_pb = reply.ByteSizeLong() == 0 ? "" : reply.SerializeAsString();
  ASSIGN_OR_RETURN(std::string reply_enc,
                   sealed_.Seal(reply_pb, kEntity, e.escalation_id(), "reply_enc"));
  return std::make_pair(std::move(content), std::move(reply_enc));
}

absl::Status EscalationRepository::Insert(db::Tx& tx, const EscalationRow& row,
                                          absl::Time now) const {
  const pb::Escalation& e = row.e;
  ASSIGN_OR_RETURN(auto texts, SealTexts(e));
  const int64_t at = absl::ToUnixMillis(now);
  db::Query q = tx.Sql(kInsert);
  q.Str(e.escalation_id())
      .Str(row.procuratorate)
      .Str(e.case_id())
      .StrOrNull(e.order_id())
      .Int(e.kind())
      .Int(e.status())
      .Int(e.basis())
      .Str(e.addressee_agency_code())
      .Str(e.department())
      .StrOrNull(row.assigned_to)
      .Str(e.drafted_by().principal())
      .StrOrNull(DateOr(e.issued_on()))
      .StrOrNull(DateOr(e.served_on()))
      .StrOrNull(DateOr(e.reply_due_on()))
      .StrOrNull(DateOr(e.replied_on()))
      .StrOrNull("")
      .Int(e.outcome())
      .Str(e.document_number())
      .Int(row.doc_kind);
  BindOptionalInt(q, row.doc_year);
  BindOptionalInt(q, row.doc_seq);
  q.StrOrNull(e.follows_escalation_id())
      .StrOrNull(e.proposed_by_order_id())
      .Blob(Body(e))
      .BlobOrNull(texts.first)
      .BlobOrNull(texts.second)
      .Int(at)
      .Int(at);
  ASSIGN_OR_RETURN(int64_t n, q.ExecOrStatus());
  if (n != 1) return absl::InternalError("escalation not inserted");
  return absl::OkStatus();
}

absl::Status EscalationRepository::Update(db::Tx& tx, const EscalationRow& row,
                                          int64_t expected_version, absl::Time now) const {
  const pb::Escalation& e = row.e;
  ASSIGN_OR_RETURN(auto texts, SealTexts(e));
  db::Query q = tx.Sql(kUpdate);
  q.StrOrNull(e.order_id())
      .Int(e.kind())
      .Int(e.status())
      .Int(e.basis())
      .Str(e.addressee_agency_code())
      .StrOrNull(DateOr(e.issued_on()))
      .StrOrNull(DateOr(e.served_on()))
      .StrOrNull(DateOr(e.reply_due_on()))
      .StrOrNull(DateOr(e.replied_on()))
      .StrOrNull(row.closed_on)
      .Int(e.outcome())
      .Str(e.document_number())
      .Int(row.doc_kind);
  BindOptionalInt(q, row.doc_year);
  BindOptionalInt(q, row.doc_seq);
  q.StrOrNull(e.follows_escalation_id())
      .Blob(Body(e))
      .BlobOrNull(texts.first)
      .BlobOrNull(texts.second)
      .Int(absl::ToUnixMillis(now))
      .Str(e.escalation_id())
      .Int(expected_version);
  if (q.Exec() != 1) {
    return absl::AbortedError(absl::StrCat("escalation ", e.escalation_id(),
                                           " changed since version ", expected_version));
  }
  return absl::OkStatus();
}

absl::StatusOr<EscalationRow> EscalationRepository::Read(sql::ResultSet& rs) const {
  EscalationRow row;
  const std::string id = db::GetStr(rs, "id");
  if (!row.e.ParseFromString(db::GetBlob(rs, "body_pb"))) {
    return absl::InternalError(absl::StrCat("stored escalation ", id, " is unreadable"));
  }
  row.e.set_escalation_id(id);
  row.e.set_version(rs.getInt64("version"));
  row.seq = rs.getInt64("seq");
  row.procuratorate = db::GetStr(rs, "procuratorate_code");
  row.assigned_to = db::GetStr(rs, "assigned_to");
  row.doc_kind = static_cast<pb::DocumentKind>(rs.getInt("doc_kind"));
  row.doc_year = rs.isNull("doc_year") ? 0 : rs.getInt("doc_year");
  row.doc_seq = rs.isNull("doc_seq") ? 0 : rs.getInt("doc_seq");
  row.closed_on = db::GetStr(rs, "closed_on");
  ASSIGN_OR_RETURN(std::string content,
                   sealed_.Open(db::GetBlob(rs, "content_enc"), kEntity, id, "content_enc"));
  row.e.set_content(std::move(content));
  ASSIGN_OR_RETURN(std::string reply_pb,
                   sealed_.Open(db::GetBlob(rs, "reply_enc"), kEntity, id, "reply_enc"));
  if (!reply_pb.empty()) {
    pb::Escalation reply;
    if (!reply.ParseFromString(reply_pb)) {
      return absl::DataLossError(absl::StrCat("reply of escalation ", id, " is unreadable"));
    }
    row.e.set_reply_summary(reply.reply_summary());
    row.e.set_outcome_note(reply.outcome_note());
    if (row.e.has_court_answer())
      row.e.mutable_court_answer()->set_note(reply.court_answer().note());
  }
  return row;
}

absl::StatusOr<EscalationRow> EscalationRepository::Get(db::Tx& tx, const std::string& id,
                                                        bool for_update) const {
  auto rs = tx.Sql(for_update ? kGetForUpdate : kGet).Str(id).Rows();
  if (!rs->next()) return absl::NotFoundError(absl::StrCat("no escalation ", id));
  return Read(*rs);
}

std::string EscalationListSql(bool agency, bool with_case, bool with_status, bool overdue,
                              bool after_first_page) {
  std::string sql = kSelect;
  absl::StrAppend(&sql, agency ? kWhereAddressee : kWhereProcuratorate);
  if (agency) absl::StrAppend(&sql, kAndVisibleToAgency);
  if (!agency && with_case) absl::StrAppend(&sql, kAndCase);
  if (!agency && with_status) absl::StrAppend(&sql, kAndStatus);
  if (overdue) absl::StrAppend(&sql, kAndOverdue);
  if (after_first_page) absl::StrAppend(&sql, kAndBefore);
  absl::StrAppend(&sql, kOrderPage);
  return sql;
}

absl::StatusOr<std::vector<EscalationRow>> EscalationRepository::List(
    db::Tx& tx, const EscalationFilter& f) const {
  const bool agency = !f.agency.empty();
  const std::string sql =
      EscalationListSql(agency, !agency && !f.case_id.empty(),
                        !agency && f.status != pb::ESCALATION_STATUS_UNSPECIFIED,
                        f.overdue_on.has_value(), f.before_seq > 0);
  db::Query q = tx.Sql(sql);
  q.Str(agency ? f.agency : f.procuratorate);
  if (!agency && !f.case_id.empty()) q.Str(f.case_id);
  if (!agency && f.status != pb::ESCALATION_STATUS_UNSPECIFIED) q.Int(f.status);
  if (f.overdue_on) q.Str(DateString(*f.overdue_on));
  if (f.before_seq > 0) q.Int(f.before_seq);
  q.Int(f.limit);
  auto rs = q.Rows();
  std::vector<EscalationRow> out;
  while (rs->next()) {
    ASSIGN_OR_RETURN(EscalationRow row, Read(*rs));
    out.push_back(std::move(row));
  }
  return out;
}

std::optional<std::string> EscalationRepository::ProposedBy(db::Tx& tx,
                                                            const std::string& order_id) const {
  auto rs = tx.Sql(kProposedBy).Str(order_id).Rows();
  if (!rs->next()) return std::nullopt;
  return db::GetStr(*rs, "id");
}

absl::Status EscalationRepository::UpsertDisclosure(db::Tx& tx, const std::string& record_id,
                                                    const std::string& procuratorate,
                                                    const DisclosureRow& d) const {
  const pb::IdentityDisclosure& x = d.disclosure;
  const std::string row_id = absl::StrCat(record_id, ":", x.agency_code(), ":", x.person_id());
  ASSIGN_OR_RETURN(std::string person, sealed_.Seal(d.person.SerializeAsString(),
                                                    "guard_disclosures", row_id, "person_enc"));
  tx.Sql(kUpsertDisclosure)
      .Str(record_id)
      .Str(x.agency_code())
      .Str(x.person_id())
      .Str(procuratorate)
      .Str(x.purpose())
      .Blob(person)
      .Str(x.disclosed_by().principal())
      .Str(x.disclosed_by().display_name())
      .Int(absl::ToUnixMillis(FromTimestamp(x.disclosed_at())))
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<DisclosureRow>> EscalationRepository::Disclosures(
    db::Tx& tx, const std::string& record_id, const std::string& agency) const {
  auto rs = tx.Sql(kDisclosures).Str(record_id).Rows();
  std::vector<DisclosureRow> out;
  while (rs->next()) {
    DisclosureRow d;
    pb::IdentityDisclosure& x = d.disclosure;
    x.set_agency_code(db::GetStr(*rs, "agency_code"));
    if (!agency.empty() && x.agency_code() != agency) continue;
    x.set_person_id(db::GetStr(*rs, "person_id"));
    x.set_purpose(db::GetStr(*rs, "purpose"));
    x.mutable_disclosed_by()->set_principal(db::GetStr(*rs, "disclosed_by"));
    x.mutable_disclosed_by()->set_display_name(db::GetStr(*rs, "disclosed_by_name"));
    *x.mutable_disclosed_at() = TimestampFromMillis(rs->getInt64("disclosed_at_ms"));
    const std::string row_id = absl::StrCat(record_id, ":", x.agency_code(), ":", x.person_id());
    ASSIGN_OR_RETURN(std::string person, sealed_.Open(db::GetBlob(*rs, "person_enc"),
                                                      "guard_disclosures", row_id, "person_enc"));
    if (!d.person.ParseFromString(person)) {
      return absl::DataLossError(absl::StrCat("disclosure on ", record_id, " is unreadable"));
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<OrderFacts> ReadOrderFacts(db::Tx& tx, const std::string& order_id) {
  auto rs = tx.Sql(kOrderFacts).Str(order_id).Rows();
  if (!rs->next()) return std::nullopt;
  return OrderFacts{db::GetStr(*rs, "case_id"), db::GetStr(*rs, "procuratorate_code"),
                    static_cast<pb::OrderKind>(rs->getInt("kind"))};
}

std::vector<std::string> ReadOrderGuardians(db::Tx& tx, const std::string& order_id) {
  auto rs = tx.Sql(kOrderGuardians).Str(order_id).Rows();
  std::vector<std::string> out;
  while (rs->next()) out.push_back(db::GetStr(*rs, "person_id"));
  return out;
}

std::optional<std::string> ReadCourtOrderOf(db::Tx& tx, const std::string& escalation_id) {
  auto rs = tx.Sql(kCourtOrderOf).Str(escalation_id).Rows();
  if (!rs->next()) return std::nullopt;
  return db::GetStr(*rs, "id");
}

}  // namespace shouhu::guardianship
