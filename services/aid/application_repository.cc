#include "aid/application_repository.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "aid/application_sql.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"

namespace shouhu::aid {
namespace {

constexpr char kEntity[] = "aid_applications";
constexpr char kApprovalEntity[] = "aid_approvals";

Counter* DecryptFailures(Registry* metrics) {
  if (metrics == nullptr) return nullptr;
  return &metrics->AddCounter("shouhu_field_decrypt_failures_total",
                              "Stored sensitive values that failed to decrypt (reads failed).",
                              {"field"});
}

std::string DateOr(const cpb::Date& d) { return d.year() == 0 ? "" : DateString(d); }

void SetDate(sql::ResultSet& rs, const char* col, cpb::Date* out) {
  if (auto d = ParseDateString(db::GetStr(rs, col))) *out = FromCivilDay(*d);
}

std::vector<int> SplitInts(absl::string_view s) {
  std::vector<int> out;
  for (absl::string_view part : absl::StrSplit(s, ',', absl::SkipEmpty())) {
    int v = 0;
    if (absl::SimpleAtoi(part, &v)) out.push_back(v);
  }
  return out;
}

std::string Serialized(const google::protobuf::Message& m) {
  std::string out;
  m.SerializeToString(&out);
  return out;
}

std::string ApprovalRow(absl::string_view app_id, int seq) {
  return absl::StrCat(app_id, ":", seq);
}

}  // namespace

std::string NormalizeCaseNumber(absl::string_view case_number) {
  std::string out;
  for (char c : case_number) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) continue;
    out.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  // Ideographic spaces (U+3000) are removed as well.
  for (size_t pos; (pos = out.find("\xE3\x80\x80")) != std::string::npos;) out.erase(pos, 3);
  return out;
}

ApplicationRepository::ApplicationRepository(const FieldCipher* cipher, Registry* metrics)
    : sealed_(cipher, DecryptFailures(metrics)) {}

absl::Status ApplicationRepository::Insert(db::Tx& tx, const AppRow& row, absl::Time now) {
  const pb::Application& a = row.app;
  ASSIGN_OR_RETURN(std::string applicant, sealed_.Seal(Serialized(row.applicant), kEntity,
                                                       a.application_id(), "applicant"));
  ASSIGN_OR_RETURN(std::string details,
                   sealed_.Seal(Serialized(a.details()), kEntity, a.application_id(), "details"));
  tx.Sql(kInsertApp)
      .Str(a.application_id())
      .Str(a.procuratorate_code())
      .Str(a.case_id())
      .Int(a.channel())
      .Int(a.status())
      .StrOrNull(a.assigned_to())
      .StrOrNull(a.details().applicant_person_id())
      .Bool(a.details().victim_minor())
      .BlobOrNull(applicant)
      .Blob(details)
      .Str(row.original_case_number)
      .Str(DateString(a.registered_on()))
      .Str(DateString(a.decision_due_on()))
      .StrOrNull(a.source_referral_id())
      .StrOrNull(row.moved_from_id)
      .Str(row.department)
      .Int(absl::ToUnixMillis(now))
      .Int(absl::ToUnixMillis(now))
      .Int(a.version())
      .Exec();
  for (int i = 0; i < a.approvals_size(); ++i) {
    RETURN_IF_ERROR(
        AddApproval(tx, a.application_id(), a.procuratorate_code(), i + 1, a.approvals(i)));
  }
  for (int i = 0; i < a.materials_requests_size(); ++i) {
    RETURN_IF_ERROR(AddMaterialsRequest(tx, a.application_id(), a.procuratorate_code(), i + 1,
                                        a.materials_requests(i)));
  }
  return absl::OkStatus();
}

absl::StatusOr<AppRow> ApplicationRepository::FromRow(sql::ResultSet& rs) const {
  AppRow row;
  pb::Application& a = row.app;
  const std::string id = db::GetStr(rs, "id");
  row.seq = rs.getInt64("seq");
  a.set_application_id(id);
  a.set_procuratorate_code(db::GetStr(rs, "procuratorate_code"));
  a.set_case_id(db::GetStr(rs, "case_id"));
  a.set_channel(static_cast<pb::ApplicationChannel>(rs.getInt("channel")));
  a.set_status(static_cast<pb::ApplicationStatus>(rs.getInt("status")));
  a.set_assigned_to(db::GetStr(rs, "assigned_to"));
  ASSIGN_OR_RETURN(std::string applicant,
                   sealed_.Open(db::GetBlob(rs, "applicant_enc"), kEntity, id, "applicant"));
  if (!row.applicant.ParseFromString(applicant)) return absl::DataLossError("applicant unreadable");
  ASSIGN_OR_RETURN(std::string details,
                   sealed_.Open(db::GetBlob(rs, "details_enc"), kEntity, id, "details"));
  if (!a.mutable_details()->ParseFromString(details)) {
    return absl::DataLossError("case card unreadable");
  }
  row.original_case_number = db::GetStr(rs, "original_case_number");
  SetDate(rs, "registered_on", a.mutable_registered_on());
  SetDate(rs, "decision_due_on", a.mutable_decision_due_on());
  SetDate(rs, "decided_on", a.mutable_decided_on());
  a.set_proposed_decision(static_cast<pb::DecisionKind>(rs.getInt("proposed_decision")));
  for (int v : SplitInts(db::GetStr(rs, "exclusion_reasons"))) {
    a.add_exclusion_reasons(static_cast<pb::ExclusionReason>(v));
  }
  if (!a.mutable_amount()->ParseFromString(db::GetBlob(rs, "amount_pb"))) {
    return absl::DataLossError("amount unreadable");
  }
  if (!a.mutable_eligibility()->ParseFromString(db::GetBlob(rs, "eligibility_pb"))) {
    return absl::DataLossError("eligibility unreadable");
  }
  row.round = rs.getInt("approval_round");
  a.set_approved_fen(rs.getInt64("approved_fen"));
  a.set_reserved_fen(rs.getInt64("reserved_fen"));
  a.set_paid_fen(rs.getInt64("paid_fen"));
  a.set_recovered_fen(rs.getInt64("recovered_fen"));
  a.set_decision_document_number(db::GetStr(rs, "decision_document_number"));
  const int64_t emergency = rs.getInt64("emergency_fen");
  ASSIGN_OR_RETURN(row.emergency_reason, sealed_.Open(db::GetBlob(rs, "emergency_reason_enc"),
                                                      kEntity, id, "emergency_reason"));
  if (emergency > 0) {
    pb::EmergencyAdvance* e = a.mutable_emergency();
    e->set_amount_fen(emergency);
    e->set_reason(row.emergency_reason);
    e->mutable_approved_by()->set_principal(db::GetStr(rs, "emergency_approved_by"));
    e->mutable_approved_by()->set_display_name(db::GetStr(rs, "emergency_approver_name"));
    e->set_approver_title(db::GetStr(rs, "emergency_approver_title"));
    *e->mutable_approved_at() = TimestampFromMillis(rs.getInt64("emergency_approved_at_ms"));
    SetDate(rs, "emergency_paperwork_due_on", e->mutable_paperwork_due_on());
    e->set_paperwork_done(rs.getBoolean("emergency_paperwork_done"));
    if (!rs.isNull("emergency_paperwork_done_at_ms")) {
      *e->mutable_paperwork_done_at() =
          TimestampFromMillis(rs.getInt64("emergency_paperwork_done_at_ms"));
    }
    e->set_paid_fen(rs.getInt64("emergency_paid_fen"));
    e->set_settlement(
        static_cast<pb::EmergencyAdvance::Settlement>(rs.getInt("emergency_settlement")));
  }
  for (int v : SplitInts(db::GetStr(rs, "materials_requested"))) {
    a.add_materials_requested(static_cast<pb::MaterialKind>(v));
  }
  SetDate(rs, "materials_requested_on", a.mutable_materials_requested_on());
  a.set_paused_working_days(rs.getInt("paused_working_days"));
  ASSIGN_OR_RETURN(row.closing_reason, sealed_.Open(db::GetBlob(rs, "closing_reason_enc"), kEntity,
                                                    id, "closing_reason"));
  a.set_closing_reason(row.closing_reason);
  a.set_source_referral_id(db::GetStr(rs, "source_referral_id"));
  row.moved_from_id = db::GetStr(rs, "moved_from_id");
  row.department = db::GetStr(rs, "department");
  if (auto closed = ParseDateString(db::GetStr(rs, "case_closed_on"))) {
    *a.mutable_case_closed_on() = FromCivilDay(*closed);
  }
  a.set_version(rs.getInt64("version"));
  return row;
}

absl::Status ApplicationRepository::FillApprovals(db::Tx& tx, AppRow& row) const {
  const std::string& id = row.app.application_id();
  auto rs = tx.Sql(kApprovalsOf).Str(id).Rows();
  while (rs->next()) {
    const int seq = rs->getInt("seq");
    const std::string key = ApprovalRow(id, seq);
    pb::ApprovalRecord* r = row.app.add_approvals();
    r->set_round(rs->getInt("round"));
    r->set_step(static_cast<pb::ApprovalStep>(rs->getInt("step")));
    r->set_outcome(static_cast<pb::ApprovalOutcome>(rs->getInt("outcome")));
    r->mutable_actor()->set_principal(db::GetStr(*rs, "actor"));
    r->mutable_actor()->set_display_name(db::GetStr(*rs, "actor_name"));
    r->set_actor_title(db::GetStr(*rs, "actor_title"));
    *r->mutable_at() = TimestampFromMillis(rs->getInt64("at_ms"));
    ASSIGN_OR_RETURN(*r->mutable_opinion(), sealed_.Open(db::GetBlob(*rs, "opinion_enc"),
                                                         kApprovalEntity, key, "opinion"));
    r->set_document_ref(db::GetStr(*rs, "document_ref"));
    r->set_previous_amount_fen(rs->getInt64("previous_amount_fen"));
    r->set_amount_fen(rs->getInt64("amount_fen"));
    ASSIGN_OR_RETURN(
        *r->mutable_amount_reason(),
        sealed_.Open(db::GetBlob(*rs, "amount_reason_enc"), kApprovalEntity, key, "amount_reason"));
    r->set_decided_by_body(db::GetStr(*rs, "decided_by_body"));
    SetDate(*rs, "decided_on", r->mutable_decided_on());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<AppRow>> ApplicationRepository::Get(db::Tx& tx, const std::string& id,
                                                                 bool lock) {
  auto rs = tx.Sql(absl::StrCat(kAppCols, kWhereId, lock ? kForUpdate : "")).Str(id).Rows();
  if (!rs->next()) return std::optional<AppRow>();
  ASSIGN_OR_RETURN(AppRow row, FromRow(*rs));
  RETURN_IF_ERROR(FillApprovals(tx, row));
  RETURN_IF_ERROR(FillMaterialsRequests(tx, row));
  return std::optional<AppRow>(std::move(row));
}

absl::Status ApplicationRepository::Update(db::Tx& tx, AppRow& row, absl::Time now) {
  pb::Application& a = row.app;
  const std::string& id = a.application_id();
  ASSIGN_OR_RETURN(std::string details,
                   sealed_.Seal(Serialized(a.details()), kEntity, id, "details"));
  ASSIGN_OR_RETURN(std::string emergency_reason,
                   sealed_.Seal(row.emergency_reason, kEntity, id, "emergency_reason"));
  ASSIGN_OR_RETURN(std::string closing,
                   sealed_.Seal(row.closing_reason, kEntity, id, "closing_reason"));
  const pb::EmergencyAdvance& e = a.emergency();
  const bool has_emergency = e.amount_fen() > 0;
  db::Query q = tx.Sql(kUpdateApp);
  q.Int(a.status())
      .StrOrNull(a.assigned_to())
      .StrOrNull(a.details().applicant_person_id())
      .Bool(a.details().victim_minor())
      .Blob(details)
      .Str(row.original_case_number)
      .Str(DateString(a.decision_due_on()))
      .StrOrNull(DateOr(a.decided_on()))
      .Int(a.proposed_decision())
      .Str(absl::StrJoin(a.exclusion_reasons(), ","))
      .BlobOrNull(Serialized(a.amount()))
      .BlobOrNull(Serialized(a.eligibility()))
      .Str(a.eligibility().rule_set_version())
      .Int(row.round)
      .Int(a.approved_fen())
      .Int(a.reserved_fen())
      .Str(a.decision_document_number())
      .Int(e.amount_fen())
      .BlobOrNull(emergency_reason)
      .StrOrNull(e.approved_by().principal())
      .StrOrNull(e.approved_by().display_name())
      .Str(e.approver_title());
  if (has_emergency) {
    q.Int(e.approved_at().unix_millis());
  } else {
    q.Null();
  }
  q.StrOrNull(DateOr(e.paperwork_due_on())).Bool(e.paperwork_done());
  if (e.has_paperwork_done_at()) {
    q.Int(e.paperwork_done_at().unix_millis());
  } else {
    q.Null();
  }
  q.Int(e.settlement())
      .Str(absl::StrJoin(a.materials_requested(), ","))
      .StrOrNull(DateOr(a.materials_requested_on()))
      .Int(a.paused_working_days())
      .BlobOrNull(closing)
      .Str(row.department)
      .StrOrNull(DateOr(a.case_closed_on()))
      .Int(absl::ToUnixMillis(now))
      .Str(id)
      .Int(a.version());
  if (q.Exec() != 1) return db::StaleVersionError(a.version());
  a.set_version(a.version() + 1);
  return absl::OkStatus();
}

absl::Status ApplicationRepository::Delete(db::Tx& tx, const std::string& id) {
  tx.Sql(kDeleteApprovals).Str(id).Exec();
  tx.Sql(kDeleteMaterialsRequests).Str(id).Exec();
  tx.Sql(kDeleteApp).Str(id).Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AppRow>> ApplicationRepository::List(db::Tx& tx, const AppFilter& f) {
  std::string filters;
  if (!f.case_id.empty()) absl::StrAppend(&filters, kListCase);
  if (f.status != pb::APPLICATION_STATUS_UNSPECIFIED) absl::StrAppend(&filters, kListStatus);
  if (f.channel != pb::APPLICATION_CHANNEL_UNSPECIFIED) absl::StrAppend(&filters, kListChannel);
  if (!f.assigned_to.empty()) absl::StrAppend(&filters, kListAssigned);
  if (f.case_closed_only) absl::StrAppend(&filters, kListCaseClosed);
  if (f.before_seq > 0) absl::StrAppend(&filters, kListBeforeSeq);
  auto bind = [&](db::Query& q) {
    q.Str(f.procuratorate);
    if (!f.case_id.empty()) q.Str(f.case_id);
    if (f.status != pb::APPLICATION_STATUS_UNSPECIFIED) q.Int(f.status);
    if (f.channel != pb::APPLICATION_CHANNEL_UNSPECIFIED) q.Int(f.channel);
    if (!f.assigned_to.empty()) q.Str(f.assigned_to);
    if (f.before_seq > 0) q.Int(f.before_seq);
  };
  std::unique_ptr<sql::ResultSet> rs;
  if (f.overdue_only) {
    const std::string sql =
        absl::StrCat(kOverdueOpen, kAppCols, kListWhereProc, filters, kListOverdueDecision,
                     kOverdueBranchClose, kUnion, kOverdueOpen, kAppCols, kListWhereProc, filters,
                     kListOverduePaperwork, kOverdueBranchClose, kOverdueOrder);
    db::Query q = tx.Sql(sql);
    bind(q);
    q.Str(f.today).Int(f.limit);
    bind(q);
    q.Str(f.today).Int(f.limit);
    rs = q.Int(f.limit).Rows();
  } else {
    db::Query q = tx.Sql(absl::StrCat(kAppCols, kListWhereProc, filters, kListOrder));
    bind(q);
    rs = q.Int(f.limit).Rows();
  }
  std::vector<AppRow> out;
  while (rs->next()) {
    ASSIGN_OR_RETURN(AppRow row, FromRow(*rs));
    out.push_back(std::move(row));
  }
  for (AppRow& row : out) {
    RETURN_IF_ERROR(FillApprovals(tx, row));
    RETURN_IF_ERROR(FillMaterialsRequests(tx, row));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> ApplicationRepository::OpenOfCase(
    db::Tx& tx, const std::string& case_id) {
  std::vector<std::string> out;
  auto rs = tx.Sql(kOpenOfCase).Str(case_id).Rows();
  while (rs->next()) out.push_back(db::GetStr(*rs, "id"));
  return out;
}

absl::StatusOr<std::optional<std::string>> ApplicationRepository::IdOfReferral(
    db::Tx& tx, const std::string& referral) {
  auto rs = tx.Sql(kAppByReferral).Str(referral).Rows();
  if (!rs->next()) return std::optional<std::string>();
  return std::optional<std::string>(db::GetStr(*rs, "id"));
}

absl::StatusOr<std::vector<std::string>> ApplicationRepository::MovableOfCase(
    db::Tx& tx, const std::string& case_id) {
  std::vector<std::string> out;
  auto rs = tx.Sql(kMovableOfCase).Str(case_id).Rows();
  while (rs->next()) out.push_back(db::GetStr(*rs, "id"));
  return out;
}

absl::Status ApplicationRepository::AddApproval(db::Tx& tx, const std::string& application_id,
                                                const std::string& procuratorate, int seq,
                                                const pb::ApprovalRecord& r) {
  const std::string key = ApprovalRow(application_id, seq);
  ASSIGN_OR_RETURN(std::string opinion, sealed_.Seal(r.opinion(), kApprovalEntity, key, "opinion"));
  ASSIGN_OR_RETURN(std::string reason,
                   sealed_.Seal(r.amount_reason(), kApprovalEntity, key, "amount_reason"));
  tx.Sql(kInsertApproval)
      .Str(application_id)
      .Int(seq)
      .Str(procuratorate)
      .Int(r.round())
      .Int(r.step())
      .Int(r.outcome())
      .Str(r.actor().principal())
      .Str(r.actor().display_name())
      .Str(r.actor_title())
      .Int(r.at().unix_millis())
      .BlobOrNull(opinion)
      .Str(r.document_ref())
      .Int(r.previous_amount_fen())
      .Int(r.amount_fen())
      .BlobOrNull(reason)
      .Str(r.decided_by_body())
      .StrOrNull(DateOr(r.decided_on()))
      .Exec();
  return absl::OkStatus();
}

absl::Status ApplicationRepository::Claim(db::Tx& tx, const std::string& party_key,
                                          const std::string& case_number,
                                          const std::string& application_id,
                                          const std::string& procuratorate, absl::Time now) {
  tx.Sql(kDeleteClaim).Str(application_id).Exec();
  absl::StatusOr<int64_t> inserted = tx.Sql(kInsertClaim)
                                         .Str(party_key)
                                         .Str(case_number)
                                         .Str(application_id)
                                         .Str(procuratorate)
                                         .Int(absl::ToUnixMillis(now))
                                         .ExecOrStatus();
  if (absl::IsAlreadyExists(inserted.status())) {
    return absl::FailedPreconditionError(
        "ALREADY_AIDED: the applicant already has a live or granted application for this "
        "original case (once per party per case, 一案一救助)");
  }
  return inserted.status();
}

absl::Status ApplicationRepository::ReleaseClaim(db::Tx& tx, const std::string& application_id) {
  tx.Sql(kDeleteClaim).Str(application_id).Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> ApplicationRepository::ClaimHolder(
    db::Tx& tx, const std::string& party_key, const std::string& case_number) {
  auto rs = tx.Sql(kClaimHolder).Str(party_key).Str(case_number).Rows();
  if (!rs->next()) return std::optional<std::string>();
  return std::optional<std::string>(db::GetStr(*rs, "application_id"));
}

absl::Status ApplicationRepository::InsertPriorAid(db::Tx& tx, const std::string& procuratorate,
                                                   const pb::PriorAid& a, absl::Time now) {
  ASSIGN_OR_RETURN(std::string note,
                   sealed_.Seal(a.note(), "aid_prior_aid", a.prior_aid_id(), "note"));
  tx.Sql(kInsertPriorAid)
      .Str(a.prior_aid_id())
      .Str(procuratorate)
      .Str(a.person_id())
      .Str(NormalizeCaseNumber(a.original_case_number()))
      .Int(a.organ())
      .Str(a.organ_name())
      .StrOrNull(DateOr(a.aided_on()))
      .Int(a.amount_fen())
      .BlobOrNull(note)
      .Str(a.recorded_by().principal())
      .Str(a.recorded_by().display_name())
      .Int(absl::ToUnixMillis(now))
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<pb::PriorAid>> ApplicationRepository::PriorAidOf(
    db::Tx& tx, const std::string& person_id, const std::string& case_number) {
  std::vector<pb::PriorAid> out;
  auto rs = tx.Sql(kPriorAidOf).Str(person_id).Str(case_number).Rows();
  while (rs->next()) {
    pb::PriorAid a;
    a.set_prior_aid_id(db::GetStr(*rs, "id"));
    a.set_person_id(db::GetStr(*rs, "person_id"));
    a.set_original_case_number(db::GetStr(*rs, "original_case_number"));
    a.set_organ(static_cast<pb::PriorAid::Organ>(rs->getInt("organ")));
    a.set_organ_name(db::GetStr(*rs, "organ_name"));
    SetDate(*rs, "aided_on", a.mutable_aided_on());
    a.set_amount_fen(rs->getInt64("amount_fen"));
    ASSIGN_OR_RETURN(*a.mutable_note(), sealed_.Open(db::GetBlob(*rs, "note_enc"), "aid_prior_aid",
                                                     a.prior_aid_id(), "note"));
    a.mutable_recorded_by()->set_principal(db::GetStr(*rs, "recorded_by"));
    a.mutable_recorded_by()->set_display_name(db::GetStr(*rs, "recorded_by_name"));
    out.push_back(std::move(a));
  }
  return out;
}

absl::Status ApplicationRepository::InsertNotice(db::Tx& tx, const std::string& procuratorate,
                                                 const pb::RightsNotice& n, absl::Time now) {
  tx.Sql(kInsertNotice)
      .Str(n.notice_id())
      .Str(procuratorate)
      .Str(n.case_id())
      .Str(n.person_id())
      .Str(DateString(n.notified_on()))
      .Int(n.method())
      .Str(n.recorded_by().principal())
      .Str(n.recorded_by().display_name())
      .Int(absl::ToUnixMillis(now))
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<int64_t, pb::RightsNotice>>>
ApplicationRepository::NoticesOfCase(db::Tx& tx, const std::string& case_id, int64_t before_seq,
                                     int limit) {
  std::vector<std::pair<int64_t, pb::RightsNotice>> out;
  auto rs = tx.Sql(kNoticesOfCase)
                .Str(case_id)
                .Int(before_seq > 0 ? before_seq : INT64_MAX)
                .Int(limit)
                .Rows();
  while (rs->next()) {
    pb::RightsNotice n;
    n.set_notice_id(db::GetStr(*rs, "id"));
    n.set_case_id(db::GetStr(*rs, "case_id"));
    n.set_person_id(db::GetStr(*rs, "person_id"));
    SetDate(*rs, "notified_on", n.mutable_notified_on());
    n.set_method(static_cast<pb::NotificationMethod>(rs->getInt("method")));
    n.mutable_recorded_by()->set_principal(db::GetStr(*rs, "recorded_by"));
    n.mutable_recorded_by()->set_display_name(db::GetStr(*rs, "recorded_by_name"));
    out.emplace_back(rs->getInt64("seq"), std::move(n));
  }
  return out;
}

}  // namespace shouhu::aid
