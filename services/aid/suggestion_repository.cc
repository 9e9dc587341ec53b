#include "aid/suggestion_repository.h"

#include <climits>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/db/mutation.h"

namespace shouhu::aid {
namespace {

// Named statements; WHERE clauses are assembled from the fixed fragments below only.
constexpr char kInsert[] =
    "INSERT INTO aid_suggestions (id, procuratorate_code, case_id, application_id,"
    " source_need_id, agency_code, measure, content_enc, status, issued_on, reply_due_on,"
    " person_id, identity_disclosed, disclosed_person_enc, disclosure_purpose_enc, issued_by,"
    " issued_by_name, version, created_at_ms, updated_at_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kCols[] =
    "SELECT id, seq, procuratorate_code, case_id, application_id, source_need_id, agency_code,"
    " measure, content_enc, status, issued_on, reply_due_on, outcome_enc, outcome_on,"
    " outcome_granted, outcome_sessions, outcome_amount_fen, outcome_start_on, person_id,"
    " identity_disclosed, disclosed_person_enc, disclosure_purpose_enc, issued_by,"
    " issued_by_name, version FROM aid_suggestions";
constexpr char kById[] = " WHERE id = ?";
constexpr char kForUpdate[] = " FOR UPDATE";
constexpr char kUpdate[] =
    "UPDATE aid_suggestions SET agency_code = ?, measure = ?, content_enc = ?, status = ?,"
    " issued_on = ?, reply_due_on = ?, outcome_enc = ?, outcome_on = ?, outcome_granted = ?,"
    " outcome_sessions = ?, outcome_amount_fen = ?, outcome_start_on = ?, person_id = ?,"
    " identity_disclosed = ?, disclosed_person_enc = ?, disclosure_purpose_enc = ?,"
    " issued_by = ?, issued_by_name = ?, version = version + 1, updated_at_ms = ?"
    " WHERE id = ? AND version = ?";
constexpr char kVersionOf[] = "SELECT version FROM aid_suggestions WHERE id = ?";
// Lists: newest first by seq, on the index of the leading equality.
constexpr char kByProcuratorate[] = " FORCE INDEX (idx_sug_proc) WHERE procuratorate_code = ?";
constexpr char kByAgency[] =
    " FORCE INDEX (idx_sug_agency) WHERE agency_code = ? AND status <> 1";  // no DRAFTs
constexpr char kOverdueByProcuratorate[] =
    " FORCE INDEX (idx_sug_proc_due) WHERE procuratorate_code = ? AND open_due < ?";
constexpr char kOverdueByAgency[] =
    " FORCE INDEX (idx_sug_agency_due) WHERE agency_code = ? AND open_due < ?";
constexpr char kAndCase[] = " AND case_id = ?";
constexpr char kAndStatus[] = " AND status = ?";
constexpr char kPage[] = " AND seq < ? ORDER BY seq DESC LIMIT ?";
constexpr char kCaseOfApplication[] = "SELECT case_id FROM aid_applications WHERE id = ?";

std::string DateOrEmpty(const cpb::Date& d) { return d.year() == 0 ? "" : DateString(d); }

// The DATE column as a Date, or nothing for NULL.
std::optional<cpb::Date> DateColumn(sql::ResultSet& rs, const char* column) {
  if (auto day = ParseDateString(db::GetStr(rs, column))) return FromCivilDay(*day);
  return std::nullopt;
}

}  // namespace

absl::Status SuggestionRepository::Insert(db::Tx& tx, const SuggestionRow& row) {
  const pb::Suggestion& s = row.suggestion;
  const std::string& id = s.suggestion_id();
  std::string person;
  if (s.identity_disclosed()) row.disclosed_person.SerializeToString(&person);
  absl::StatusOr<std::string> content = sealed_.Seal(s.content(), "suggestion", id, "content");
  if (!content.ok()) return content.status();
  absl::StatusOr<std::string> disclosed = sealed_.Seal(person, "suggestion", id, "person");
  if (!disclosed.ok()) return disclosed.status();
  absl::StatusOr<std::string> purpose =
      sealed_.Seal(s.disclosure_purpose(), "suggestion", id, "disclosure_purpose");
  if (!purpose.ok()) return purpose.status();
  const int64_t now = NowMs();
  absl::StatusOr<int64_t> inserted = tx.Sql(kInsert)
                                         .Str(id)
                                         .Str(row.procuratorate)
                                         .Str(s.case_id())
                                         .StrOrNull(s.application_id())
                                         .StrOrNull(s.source_need_id())
                                         .StrOrNull(s.agency_code())
                                         .Int(s.measure())
                                         .Blob(*content)
                                         .Int(s.status())
                                         .StrOrNull(DateOrEmpty(s.issued_on()))
                                         .StrOrNull(DateOrEmpty(s.reply_due_on()))
                                         .StrOrNull(s.person_id())
                                         .Bool(s.identity_disclosed())
                                         .BlobOrNull(*disclosed)
                                         .BlobOrNull(*purpose)
                                         .StrOrNull(s.issued_by().principal())
                                         .StrOrNull(s.issued_by().display_name())
                                         .Int(s.version())
                                         .Int(now)
                                         .Int(now)
                                         .ExecOrStatus();
  if (absl::IsAlreadyExists(inserted.status())) {
    return absl::AlreadyExistsError("a suggestion for this need already exists");
  }
  return inserted.status();
}

absl::StatusOr<SuggestionRow> SuggestionRepository::FromRow(sql::ResultSet& rs) const {
  SuggestionRow row;
  pb::Suggestion& s = row.suggestion;
  const std::string id = db::GetStr(rs, "id");
  s.set_suggestion_id(id);
  row.procuratorate = db::GetStr(rs, "procuratorate_code");
  s.set_case_id(db::GetStr(rs, "case_id"));
  s.set_application_id(db::GetStr(rs, "application_id"));
  s.set_source_need_id(db::GetStr(rs, "source_need_id"));
  s.set_agency_code(db::GetStr(rs, "agency_code"));
  s.set_measure(static_cast<pb::MeasureKind>(rs.getInt("measure")));
  absl::StatusOr<std::string> content =
      sealed_.Open(db::GetBlob(rs, "content_enc"), "suggestion", id, "content");
  if (!content.ok()) return content.status();
  s.set_content(*std::move(content));
  s.set_status(static_cast<pb::SuggestionStatus>(rs.getInt("status")));
  if (auto d = DateColumn(rs, "issued_on")) *s.mutable_issued_on() = *d;
  if (auto d = DateColumn(rs, "reply_due_on")) *s.mutable_reply_due_on() = *d;
  absl::StatusOr<std::string> outcome =
      sealed_.Open(db::GetBlob(rs, "outcome_enc"), "suggestion", id, "outcome");
  if (!outcome.ok()) return outcome.status();
  s.set_outcome(*std::move(outcome));
  if (auto d = DateColumn(rs, "outcome_on")) *s.mutable_outcome_on() = *d;
  pb::MeasureOutcome* mo = s.mutable_measure_outcome();
  mo->set_granted(rs.getBoolean("outcome_granted"));
  mo->set_sessions(rs.getInt("outcome_sessions"));
  mo->set_amount_fen(rs.getInt64("outcome_amount_fen"));
  if (auto d = DateColumn(rs, "outcome_start_on")) *mo->mutable_start_on() = *d;
  s.set_person_id(db::GetStr(rs, "person_id"));
  s.set_identity_disclosed(rs.getBoolean("identity_disclosed"));
  absl::StatusOr<std::string> person =
      sealed_.Open(db::GetBlob(rs, "disclosed_person_enc"), "suggestion", id, "person");
  if (!person.ok()) return person.status();
  if (!person->empty() && !row.disclosed_person.ParseFromString(*person)) {
    return absl::DataLossError(absl::StrCat("suggestion ", id, ": unreadable disclosed person"));
  }
  absl::StatusOr<std::string> purpose = sealed_.Open(db::GetBlob(rs, "disclosure_purpose_enc"),
                                                     "suggestion", id, "disclosure_purpose");
  if (!purpose.ok()) return purpose.status();
  s.set_disclosure_purpose(*std::move(purpose));
  s.mutable_issued_by()->set_principal(db::GetStr(rs, "issued_by"));
  s.mutable_issued_by()->set_display_name(db::GetStr(rs, "issued_by_name"));
  s.set_version(rs.getInt64("version"));
  return row;
}

absl::StatusOr<std::optional<SuggestionRow>> SuggestionRepository::Get(db::Tx& tx,
                                                                       const std::string& id,
                                                                       bool for_update) {
  auto rs = tx.Sql(absl::StrCat(kCols, kById, for_update ? kForUpdate : "")).Str(id).Rows();
  if (!rs->next()) return std::optional<SuggestionRow>();
  absl::StatusOr<SuggestionRow> row = FromRow(*rs);
  if (!row.ok()) return row.status();
  return std::optional<SuggestionRow>(*std::move(row));
}

absl::Status SuggestionRepository::Update(db::Tx& tx, const SuggestionRow& row,
                                          int64_t expected_version) {
  const pb::Suggestion& s = row.suggestion;
  const std::string& id = s.suggestion_id();
  std::string person;
  if (s.identity_disclosed()) row.disclosed_person.SerializeToString(&person);
  absl::StatusOr<std::string> content = sealed_.Seal(s.content(), "suggestion", id, "content");
  if (!content.ok()) return content.status();
  absl::StatusOr<std::string> outcome = sealed_.Seal(s.outcome(), "suggestion", id, "outcome");
  if (!outcome.ok()) return outcome.status();
  absl::StatusOr<std::string> disclosed = sealed_.Seal(person, "suggestion", id, "person");
  if (!disclosed.ok()) return disclosed.status();
  absl::StatusOr<std::string> purpose =
      sealed_.Seal(s.disclosure_purpose(), "suggestion", id, "disclosure_purpose");
  if (!purpose.ok()) return purpose.status();
  const pb::MeasureOutcome& mo = s.measure_outcome();
  const int64_t updated = tx.Sql(kUpdate)
                              .StrOrNull(s.agency_code())
                              .Int(s.measure())
                              .Blob(*content)
                              .Int(s.status())
                              .StrOrNull(DateOrEmpty(s.issued_on()))
                              .StrOrNull(DateOrEmpty(s.reply_due_on()))
                              .BlobOrNull(*outcome)
                              .StrOrNull(DateOrEmpty(s.outcome_on()))
                              .Bool(mo.granted())
                              .Int(mo.sessions())
                              .Int(mo.amount_fen())
                              .StrOrNull(DateOrEmpty(mo.start_on()))
                              .StrOrNull(s.person_id())
                              .Bool(s.identity_disclosed())
                              .BlobOrNull(*disclosed)
                              .BlobOrNull(*purpose)
                              .StrOrNull(s.issued_by().principal())
                              .StrOrNull(s.issued_by().display_name())
                              .Int(NowMs())
                              .Str(id)
                              .Int(expected_version)
                              .Exec();
  if (updated == 1) return absl::OkStatus();
  auto rs = tx.Sql(kVersionOf).Str(id).Rows();
  return db::StaleVersionError(rs->next() ? rs->getInt64("version") : 0);
}

std::string SuggestionListSql(bool agency, bool overdue, bool with_case, bool with_status) {
  std::string sql = kCols;
  if (overdue) {
    absl::StrAppend(&sql, agency ? kOverdueByAgency : kOverdueByProcuratorate);
  } else {
    absl::StrAppend(&sql, agency ? kByAgency : kByProcuratorate);
  }
  if (with_case) absl::StrAppend(&sql, kAndCase);
  if (with_status) absl::StrAppend(&sql, kAndStatus);
  absl::StrAppend(&sql, kPage);
  return sql;
}

std::vector<std::pair<std::string, std::string>> SuggestionStatements() {
  return {{"kInsert", kInsert},
          {"kCols+kById", absl::StrCat(kCols, kById)},
          {"kCols+kById+kForUpdate", absl::StrCat(kCols, kById, kForUpdate)},
          {"kUpdate", kUpdate},
          {"kVersionOf", kVersionOf},
          {"kCaseOfApplication", kCaseOfApplication}};
}

absl::StatusOr<std::vector<std::pair<int64_t, SuggestionRow>>> SuggestionRepository::List(
    db::Tx& tx, const SuggestionFilter& f) {
  const bool agency = !f.agency.empty();
  const bool overdue = f.overdue_before.has_value();
  db::Query q = tx.Sql(SuggestionListSql(agency, overdue, !f.case_id.empty(),
                                         f.status != pb::SUGGESTION_STATUS_UNSPECIFIED));
  q.Str(agency ? f.agency : f.procuratorate);
  if (overdue) q.Str(DateString(*f.overdue_before));
  if (!f.case_id.empty()) q.Str(f.case_id);
  if (f.status != pb::SUGGESTION_STATUS_UNSPECIFIED) q.Int(f.status);
  q.Int(f.before_seq > 0 ? f.before_seq : INT64_MAX).Int(f.limit);
  std::vector<std::pair<int64_t, SuggestionRow>> out;
  auto rs = q.Rows();
  while (rs->next()) {
    absl::StatusOr<SuggestionRow> row = FromRow(*rs);
    if (!row.ok()) return row.status();
    out.emplace_back(rs->getInt64("seq"), *std::move(row));
  }
  return out;
}

absl::StatusOr<std::string> SuggestionRepository::CaseOfApplication(
    db::Tx& tx, const std::string& application_id) {
  auto rs = tx.Sql(kCaseOfApplication).Str(application_id).Rows();
  return rs->next() ? db::GetStr(*rs, "case_id") : std::string();
}

}  // namespace shouhu::aid
