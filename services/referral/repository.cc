#include "referral/repository.h"

#include <cppconn/exception.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/id_number.h"
#include "common/base/mask.h"

namespace shouhu::referral {
namespace {

// ---- statements ----------------------------------------------------------------------
constexpr char kUpsertProcuratorate[] =
    "INSERT INTO procuratorates (code, name, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?)"
    " ON DUPLICATE KEY UPDATE name = VALUES(name), updated_at_ms = VALUES(updated_at_ms)";
constexpr char kProcuratorateExists[] = "SELECT 1 FROM procuratorates WHERE code = ?";
constexpr char kUpsertAgency[] =
    "INSERT INTO agencies (code, name, type, jurisdiction_code, procuratorate_code, active,"
    " created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON DUPLICATE KEY UPDATE name = VALUES(name), type = VALUES(type),"
    " jurisdiction_code = VALUES(jurisdiction_code),"
    " procuratorate_code = VALUES(procuratorate_code), active = VALUES(active),"
    " updated_at_ms = VALUES(updated_at_ms)";
constexpr char kAgencyCols[] =
    "SELECT code, name, type, jurisdiction_code, procuratorate_code, active FROM agencies";

constexpr char kPersonByHmac[] =
    "SELECT id, merged_into FROM persons WHERE id_number_hmac = ? FOR UPDATE";
constexpr char kInsertPerson[] =
    "INSERT INTO persons (id, name, sex, birth_date, id_number_enc, id_number_hmac, phone_enc,"
    " address_enc, ethnicity, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?)";
constexpr char kPersonByNameBirth[] =
    "SELECT id FROM persons WHERE name = ? AND birth_date = ? AND merged_into IS NULL"
    " AND id <> ? ORDER BY created_at_ms LIMIT 1";
constexpr char kGetPerson[] =
    "SELECT id, name, sex, birth_date, id_number_enc, phone_enc, address_enc, ethnicity,"
    " merged_into FROM persons WHERE id = ?";
constexpr char kPersonVisible[] =
    "SELECT 1 FROM referral_people rp JOIN referrals r ON r.id = rp.referral_id"
    " WHERE rp.person_id = ? AND r.procuratorate_code = ?"
    " UNION ALL SELECT 1 FROM cases WHERE subject_person_id = ? AND procuratorate_code = ?"
    " LIMIT 1";
constexpr char kInsertCandidate[] =
    "INSERT IGNORE INTO duplicate_candidates (id, procuratorate_code, referral_id,"
    " existing_person_id, incoming_person_id, state) VALUES (?, ?, ?, ?, ?, 0)";
constexpr char kCandidateCols[] =
    "SELECT id, seq, procuratorate_code, referral_id, existing_person_id, incoming_person_id,"
    " state FROM duplicate_candidates";
constexpr char kResolveCandidate[] =
    "UPDATE duplicate_candidates SET state = ?, resolved_by = ?, resolved_at_ms = ? WHERE id = ?";
constexpr char kMergeMark[] =
    "UPDATE persons SET merged_into = ?, updated_at_ms = ? WHERE id = ? AND merged_into IS NULL";
constexpr char kMergePeople[] = "UPDATE referral_people SET person_id = ? WHERE person_id = ?";
constexpr char kMergeReferrals[] =
    "UPDATE referrals SET subject_person_id = ? WHERE subject_person_id = ?";
constexpr char kMergeCases[] =
    "UPDATE cases SET subject_person_id = ?, open_subject_key = IF(open_subject_key IS NULL, NULL,"
    " CONCAT(procuratorate_code, ':', ?)) WHERE subject_person_id = ?";
constexpr char kClearIdNumber[] = "UPDATE persons SET id_number_hmac = NULL WHERE id = ?";
constexpr char kHasIdNumber[] =
    "SELECT id_number_hmac IS NOT NULL AS has_id, id_number_enc FROM persons WHERE id = ?";

constexpr char kInsertReferral[] =
    "INSERT INTO referrals (id, procuratorate_code, agency_code, kind, status, urgent, facts,"
    " occurred_on, situations, aid_grounds, special_categories, subject_person_id,"
    " submitted_at_ms, response_due_at_ms, assigned_to, case_id, decline_reason,"
    " message_to_agency, version, updated_at_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kReferralCols[] =
    "SELECT id, seq, procuratorate_code, agency_code, kind, status, urgent, facts,"
    " DATE_FORMAT(occurred_on, '%Y-%m-%d') AS occurred_on, situations, aid_grounds,"
    " special_categories, submitted_at_ms, response_due_at_ms, assigned_to, case_id,"
    " decline_reason, message_to_agency, version FROM referrals";
constexpr char kUpdateReferral[] =
    "UPDATE referrals SET status = ?, facts = ?, response_due_at_ms = ?, assigned_to = ?,"
    " case_id = ?, decline_reason = ?, message_to_agency = ?, version = version + 1,"
    " updated_at_ms = ? WHERE id = ? AND version = ?";
constexpr char kInsertReferralPerson[] =
    "INSERT INTO referral_people (referral_id, ord, person_id, role, relation, matched_existing,"
    " possible_duplicate) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr char kReferralPeople[] =
    "SELECT ord, person_id, role, relation, matched_existing, possible_duplicate"
    " FROM referral_people WHERE referral_id = ? ORDER BY ord";
constexpr char kInsertEvent[] =
    "INSERT INTO referral_events (referral_id, seq, at_ms, status, step, message, actor,"
    " actor_name) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ? FROM referral_events"
    " WHERE referral_id = ?";
constexpr char kTimeline[] =
    "SELECT seq, at_ms, status, step, message, actor, actor_name FROM referral_events"
    " WHERE referral_id = ? AND seq > ? ORDER BY seq";

constexpr char kInsertCase[] =
    "INSERT INTO cases (id, procuratorate_code, status, subject_person_id, kind, assigned_to,"
    " opened_at_ms, transferred_from_case, open_subject_key, version, updated_at_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kCaseCols[] =
    "SELECT id, seq, procuratorate_code, status, subject_person_id, kind, assigned_to,"
    " opened_at_ms, closed_at_ms, close_reason, close_note, transfer_to, transferred_to_case,"
    " transferred_from_case, transfer_reason, version FROM cases";
constexpr char kOpenCase[] = "SELECT id FROM cases WHERE open_subject_key = ?";
constexpr char kOpenCaseForUpdate[] = "SELECT id FROM cases WHERE open_subject_key = ? FOR UPDATE";
constexpr char kUpdateCase[] =
    "UPDATE cases SET status = ?, assigned_to = ?, closed_at_ms = ?, close_reason = ?,"
    " close_note = ?, transfer_to = ?, transferred_to_case = ?, transfer_reason = ?,"
    " open_subject_key = ?, version = version + 1, updated_at_ms = ? WHERE id = ? AND version = ?";
constexpr char kCaseReferrals[] = "SELECT id FROM referrals WHERE case_id = ? ORDER BY seq";

// ---- helpers -------------------------------------------------------------------------
std::string JoinEnums(const google::protobuf::RepeatedField<int>& v) {
  return absl::StrJoin(v, ",");
}

template <typename Add>
void SplitEnums(const std::string& s, Add add) {
  for (absl::string_view part : absl::StrSplit(s, ',', absl::SkipEmpty())) {
    int v = 0;
    if (absl::SimpleAtoi(part, &v)) add(v);
  }
}

std::string DateString(const cpb::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

cpb::Date ParseDate(const std::string& s) {
  cpb::Date d;
  std::vector<absl::string_view> parts = absl::StrSplit(s, '-');
  if (parts.size() == 3) {
    int y = 0, m = 0, day = 0;
    if (absl::SimpleAtoi(parts[0], &y) && absl::SimpleAtoi(parts[1], &m) &&
        absl::SimpleAtoi(parts[2], &day)) {
      d.set_year(y);
      d.set_month(m);
      d.set_day(day);
    }
  }
  return d;
}

cpb::Timestamp Ts(int64_t ms) {
  cpb::Timestamp t;
  t.set_unix_millis(ms);
  return t;
}

int64_t NowMs(const Clock* clock) { return absl::ToUnixMillis(clock->Now()); }

pb::Agency AgencyFromRow(sql::ResultSet& rs) {
  pb::Agency a;
  a.set_agency_code(db::GetStr(rs, "code"));
  a.set_name(db::GetStr(rs, "name"));
  a.set_type(static_cast<pb::AgencyType>(rs.getInt("type")));
  a.set_jurisdiction_code(db::GetStr(rs, "jurisdiction_code"));
  a.set_procuratorate_code(db::GetStr(rs, "procuratorate_code"));
  a.set_active(rs.getBoolean("active"));
  return a;
}

pb::Referral ReferralFromRow(sql::ResultSet& rs) {
  pb::Referral r;
  r.set_referral_id(db::GetStr(rs, "id"));
  r.set_procuratorate_code(db::GetStr(rs, "procuratorate_code"));
  r.set_agency_code(db::GetStr(rs, "agency_code"));
  r.set_kind(static_cast<pb::ReferralKind>(rs.getInt("kind")));
  r.set_status(static_cast<pb::ReferralStatus>(rs.getInt("status")));
  r.set_urgent(rs.getBoolean("urgent"));
  r.set_facts(db::GetStr(rs, "facts"));
  *r.mutable_occurred_on() = ParseDate(db::GetStr(rs, "occurred_on"));
  SplitEnums(db::GetStr(rs, "situations"),
             [&](int v) { r.add_situations(static_cast<pb::MandatoryReportSituation>(v)); });
  SplitEnums(db::GetStr(rs, "aid_grounds"),
             [&](int v) { r.add_aid_grounds(static_cast<pb::AidGround>(v)); });
  SplitEnums(db::GetStr(rs, "special_categories"),
             [&](int v) { r.add_special_categories(static_cast<pb::SpecialMinorCategory>(v)); });
  *r.mutable_submitted_at() = Ts(rs.getInt64("submitted_at_ms"));
  if (!rs.isNull("response_due_at_ms")) {
    *r.mutable_response_due_at() = Ts(rs.getInt64("response_due_at_ms"));
  }
  r.set_assigned_to(db::GetStr(rs, "assigned_to"));
  r.set_case_id(db::GetStr(rs, "case_id"));
  r.set_decline_reason(static_cast<pb::DeclineReason>(rs.getInt("decline_reason")));
  r.set_message_to_agency(db::GetStr(rs, "message_to_agency"));
  r.set_version(rs.getInt64("version"));
  return r;
}

pb::Case CaseFromRow(sql::ResultSet& rs) {
  pb::Case c;
  c.set_case_id(db::GetStr(rs, "id"));
  c.set_procuratorate_code(db::GetStr(rs, "procuratorate_code"));
  c.set_status(static_cast<pb::CaseStatus>(rs.getInt("status")));
  c.set_subject_person_id(db::GetStr(rs, "subject_person_id"));
  c.set_kind(static_cast<pb::ReferralKind>(rs.getInt("kind")));
  c.set_assigned_to(db::GetStr(rs, "assigned_to"));
  *c.mutable_opened_at() = Ts(rs.getInt64("opened_at_ms"));
  if (!rs.isNull("closed_at_ms")) *c.mutable_closed_at() = Ts(rs.getInt64("closed_at_ms"));
  c.set_close_reason(static_cast<pb::CloseReason>(rs.getInt("close_reason")));
  c.set_close_note(db::GetStr(rs, "close_note"));
  c.set_transfer_to_procuratorate(db::GetStr(rs, "transfer_to"));
  c.set_transferred_to_case_id(db::GetStr(rs, "transferred_to_case"));
  c.set_transferred_from_case_id(db::GetStr(rs, "transferred_from_case"));
  c.set_transfer_reason(db::GetStr(rs, "transfer_reason"));
  c.set_version(rs.getInt64("version"));
  return c;
}

}  // namespace

std::string OpenSubjectKey(const std::string& procuratorate, const std::string& subject) {
  return absl::StrCat(procuratorate, ":", subject);
}

std::string Repository::Encrypt(absl::string_view value, const std::string& person_id,
                                const char* field) {
  if (value.empty()) return "";
  auto out = cipher_->Encrypt(value, absl::StrCat("person/", person_id, "/", field));
  if (!out.ok()) throw sql::SQLException("encryption failed", "HY000", 0);
  return *std::move(out);
}

std::string Repository::Decrypt(const std::string& blob, const std::string& person_id,
                                const char* field) {
  if (blob.empty()) return "";
  auto out = cipher_->Decrypt(blob, absl::StrCat("person/", person_id, "/", field));
  // A record that fails authentication is shown as unreadable rather than failing reads.
  return out.ok() ? *std::move(out) : std::string("<unreadable>");
}

// ---- registry ------------------------------------------------------------------------
void Repository::UpsertProcuratorate(db::Tx& tx, const pb::Procuratorate& p) {
  const int64_t now = NowMs(clock_);
  tx.Sql(kUpsertProcuratorate).Str(p.procuratorate_code()).Str(p.name()).Int(now).Int(now).Exec();
}

bool Repository::ProcuratorateExists(db::Tx& tx, const std::string& code) {
  return tx.Sql(kProcuratorateExists).Str(code).Rows()->next();
}

void Repository::UpsertAgency(db::Tx& tx, const pb::Agency& a) {
  const int64_t now = NowMs(clock_);
  tx.Sql(kUpsertAgency)
      .Str(a.agency_code())
      .Str(a.name())
      .Int(a.type())
      .Str(a.jurisdiction_code())
      .Str(a.procuratorate_code())
      .Bool(a.active())
      .Int(now)
      .Int(now)
      .Exec();
}

std::optional<pb::Agency> Repository::GetAgency(db::Tx& tx, const std::string& code) {
  auto rs = tx.Sql(absl::StrCat(kAgencyCols, " WHERE code = ?")).Str(code).Rows();
  if (!rs->next()) return std::nullopt;
  return AgencyFromRow(*rs);
}

std::vector<pb::Agency> Repository::ListAgencies(db::Tx& tx, const std::string& procuratorate,
                                                 const std::string& after_code, int limit) {
  std::vector<pb::Agency> out;
  std::unique_ptr<sql::ResultSet> rs;
  if (procuratorate.empty()) {
    rs = tx.Sql(absl::StrCat(kAgencyCols, " WHERE code > ? ORDER BY code LIMIT ?"))
             .Str(after_code)
             .Int(limit)
             .Rows();
  } else {
    rs = tx.Sql(absl::StrCat(kAgencyCols,
                             " WHERE procuratorate_code = ? AND code > ? ORDER BY code LIMIT ?"))
             .Str(procuratorate)
             .Str(after_code)
             .Int(limit)
             .Rows();
  }
  while (rs->next()) out.push_back(AgencyFromRow(*rs));
  return out;
}

// ---- people --------------------------------------------------------------------------
absl::StatusOr<PersonMatch> Repository::MatchOrCreatePerson(db::Tx& tx, const cpb::PersonInput& in,
                                                            const std::string& new_id) {
  PersonMatch m;
  std::string hmac;
  std::string birth = in.has_birth_date() ? DateString(in.birth_date()) : "";
  std::string id_number;
  int sex = in.sex();
  if (!in.id_number().empty()) {
    id_number = NormalizeIdNumber(in.id_number());
    hmac = cipher_->Hmac(id_number);
    auto from_id = BirthDateFromIdNumber(id_number);
    if (from_id.ok()) {
      birth = absl::StrFormat("%04d-%02d-%02d", from_id->year(), from_id->month(), from_id->day());
    }
    if (sex == 0) {
      auto s = SexFromIdNumber(id_number);
      // shouhu::Sex (kFemale = 0) is not the wire enum (SEX_FEMALE = 2): map explicitly.
      if (s.ok()) sex = *s == Sex::kMale ? cpb::SEX_MALE : cpb::SEX_FEMALE;
    }
  }
  // The ID number decides: the same number is the same person (following a merge).
  auto existing = [&]() -> bool {
    auto rs = tx.Sql(kPersonByHmac).Str(hmac).Rows();
    if (!rs->next()) return false;
    const std::string merged = db::GetStr(*rs, "merged_into");
    m.person_id = merged.empty() ? db::GetStr(*rs, "id") : merged;
    m.matched_existing = true;
    return true;
  };
  if (!hmac.empty() && existing()) return m;
  const int64_t now = NowMs(clock_);
  try {
    tx.Sql(kInsertPerson)
        .Str(new_id)
        .Str(in.name())
        .Int(sex)
        .StrOrNull(birth)
        .BlobOrNull(Encrypt(id_number, new_id, "id_number"))
        .StrOrNull(hmac)
        .BlobOrNull(Encrypt(in.phone(), new_id, "phone"))
        .BlobOrNull(Encrypt(in.address(), new_id, "address"))
        .Str(in.ethnicity())
        .Int(now)
        .Int(now)
        .Exec();
  } catch (const sql::SQLException& e) {
    // Another transaction registered the same ID number first and has committed.
    if (e.getErrorCode() != 1062 || hmac.empty() || !existing()) throw;
    return m;
  }
  m.person_id = new_id;
  if (!birth.empty()) {
    auto rs = tx.Sql(kPersonByNameBirth).Str(in.name()).Str(birth).Str(new_id).Rows();
    if (rs->next()) m.possible_duplicate_of = db::GetStr(*rs, "id");
  }
  return m;
}

absl::StatusOr<std::optional<PersonRow>> Repository::GetPerson(db::Tx& tx, const std::string& id) {
  auto rs = tx.Sql(kGetPerson).Str(id).Rows();
  if (!rs->next()) return std::optional<PersonRow>();
  PersonRow p;
  p.id = db::GetStr(*rs, "id");
  p.name = db::GetStr(*rs, "name");
  p.sex = rs->getInt("sex");
  p.birth_date = db::GetStr(*rs, "birth_date");
  p.id_number = Decrypt(db::GetBlob(*rs, "id_number_enc"), p.id, "id_number");
  p.phone = Decrypt(db::GetBlob(*rs, "phone_enc"), p.id, "phone");
  p.address = Decrypt(db::GetBlob(*rs, "address_enc"), p.id, "address");
  p.ethnicity = db::GetStr(*rs, "ethnicity");
  p.merged_into = db::GetStr(*rs, "merged_into");
  return std::optional<PersonRow>(std::move(p));
}

bool Repository::PersonVisibleTo(db::Tx& tx, const std::string& person_id,
                                 const std::string& procuratorate) {
  return tx.Sql(kPersonVisible)
      .Str(person_id)
      .Str(procuratorate)
      .Str(person_id)
      .Str(procuratorate)
      .Rows()
      ->next();
}

void Repository::InsertDuplicateCandidate(db::Tx& tx, const std::string& id,
                                          const std::string& procuratorate,
                                          const std::string& referral_id,
                                          const std::string& existing,
                                          const std::string& incoming) {
  tx.Sql(kInsertCandidate)
      .Str(id)
      .Str(procuratorate)
      .Str(referral_id)
      .Str(existing)
      .Str(incoming)
      .Exec();
}

namespace {
Repository::CandidateRow CandidateFromRow(sql::ResultSet& rs) {
  Repository::CandidateRow c;
  c.id = db::GetStr(rs, "id");
  c.seq = rs.getInt64("seq");
  c.procuratorate = db::GetStr(rs, "procuratorate_code");
  c.referral_id = db::GetStr(rs, "referral_id");
  c.existing = db::GetStr(rs, "existing_person_id");
  c.incoming = db::GetStr(rs, "incoming_person_id");
  c.state = rs.getInt("state");
  return c;
}
}  // namespace

std::optional<Repository::CandidateRow> Repository::GetCandidate(db::Tx& tx, const std::string& id,
                                                                 bool for_update) {
  auto rs = tx.Sql(absl::StrCat(kCandidateCols, " WHERE id = ?", for_update ? " FOR UPDATE" : ""))
                .Str(id)
                .Rows();
  if (!rs->next()) return std::nullopt;
  return CandidateFromRow(*rs);
}

std::vector<Repository::CandidateRow> Repository::ListPendingCandidates(
    db::Tx& tx, const std::string& procuratorate, int64_t before_seq, int limit) {
  std::vector<CandidateRow> out;
  auto rs = tx.Sql(absl::StrCat(kCandidateCols,
                                " WHERE procuratorate_code = ? AND state = 0 AND seq < ?"
                                " ORDER BY seq DESC LIMIT ?"))
                .Str(procuratorate)
                .Int(before_seq > 0 ? before_seq : INT64_MAX)
                .Int(limit)
                .Rows();
  while (rs->next()) out.push_back(CandidateFromRow(*rs));
  return out;
}

void Repository::ResolveCandidate(db::Tx& tx, const std::string& id, int state,
                                  const std::string& actor) {
  tx.Sql(kResolveCandidate).Int(state).Str(actor).Int(NowMs(clock_)).Str(id).Exec();
}

absl::Status Repository::MergePerson(db::Tx& tx, const std::string& from, const std::string& into) {
  if (tx.Sql(kMergeMark).Str(into).Int(NowMs(clock_)).Str(from).Exec() != 1) {
    return absl::FailedPreconditionError("the incoming person record was already merged");
  }
  // Keep the ID number if only the incoming record had one.
  {
    auto rs = tx.Sql(kHasIdNumber).Str(into).Rows();
    const bool into_has = rs->next() && rs->getBoolean("has_id");
    if (!into_has) {
      auto from_rs = tx.Sql(kHasIdNumber).Str(from).Rows();
      if (from_rs->next() && from_rs->getBoolean("has_id")) {
        // Re-encrypt under the surviving record's id (the ciphertext is bound to its id).
        const std::string plain =
            Decrypt(db::GetBlob(*from_rs, "id_number_enc"), from, "id_number");
        tx.Sql(kClearIdNumber).Str(from).Exec();
        tx.Sql("UPDATE persons SET id_number_enc = ?, id_number_hmac = ? WHERE id = ?")
            .Blob(Encrypt(plain, into, "id_number"))
            .Str(cipher_->Hmac(plain))
            .Str(into)
            .Exec();
      }
    }
  }
  tx.Sql(kMergePeople).Str(into).Str(from).Exec();
  tx.Sql(kMergeReferrals).Str(into).Str(from).Exec();
  try {
    tx.Sql(kMergeCases).Str(into).Str(into).Str(from).Exec();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != 1062) throw;
    return absl::FailedPreconditionError(
        "both person records have an open case in the same procuratorate: close one first");
  }
  return absl::OkStatus();
}

// ---- referrals -----------------------------------------------------------------------
void Repository::InsertReferral(db::Tx& tx, const pb::Referral& r) {
  const int64_t now = NowMs(clock_);
  std::string subject;
  for (const auto& p : r.people()) {
    if (p.role() == pb::PERSON_ROLE_SUBJECT) subject = p.person().person_id();
  }
  auto q = tx.Sql(kInsertReferral);
  q.Str(r.referral_id())
      .Str(r.procuratorate_code())
      .Str(r.agency_code())
      .Int(r.kind())
      .Int(r.status())
      .Bool(r.urgent())
      .Str(r.facts())
      .Str(DateString(r.occurred_on()))
      .Str(JoinEnums(r.situations()))
      .Str(JoinEnums(r.aid_grounds()))
      .Str(JoinEnums(r.special_categories()))
      .Str(subject)
      .Int(r.submitted_at().unix_millis());
  if (r.has_response_due_at()) {
    q.Int(r.response_due_at().unix_millis());
  } else {
    q.Null();
  }
  q.StrOrNull(r.assigned_to())
      .StrOrNull(r.case_id())
      .Int(r.decline_reason())
      .Str(r.message_to_agency())
      .Int(r.version())
      .Int(now)
      .Exec();
}

void Repository::InsertReferralPerson(db::Tx& tx, const std::string& referral_id, int ord,
                                      const pb::ReferralPerson& p) {
  tx.Sql(kInsertReferralPerson)
      .Str(referral_id)
      .Int(ord)
      .Str(p.person().person_id())
      .Int(p.role())
      .Str(p.relation())
      .Bool(p.matched_existing())
      .Bool(p.possible_duplicate())
      .Exec();
}

absl::StatusOr<std::optional<pb::Referral>> Repository::GetReferral(db::Tx& tx,
                                                                    const std::string& id,
                                                                    bool for_update,
                                                                    bool with_people) {
  auto rs = tx.Sql(absl::StrCat(kReferralCols, " WHERE id = ?", for_update ? " FOR UPDATE" : ""))
                .Str(id)
                .Rows();
  if (!rs->next()) return std::optional<pb::Referral>();
  pb::Referral r = ReferralFromRow(*rs);
  if (with_people) {
    struct Link {
      std::string person_id;
      pb::ReferralPerson rp;
    };
    std::vector<Link> links;
    {
      auto prs = tx.Sql(kReferralPeople).Str(id).Rows();
      while (prs->next()) {
        Link l;
        l.person_id = db::GetStr(*prs, "person_id");
        l.rp.set_role(static_cast<pb::PersonRole>(prs->getInt("role")));
        l.rp.set_relation(db::GetStr(*prs, "relation"));
        l.rp.set_matched_existing(prs->getBoolean("matched_existing"));
        l.rp.set_possible_duplicate(prs->getBoolean("possible_duplicate"));
        links.push_back(std::move(l));
      }
    }
    for (Link& l : links) {
      auto person = GetPerson(tx, l.person_id);
      if (!person.ok()) return person.status();
      if (person->has_value()) {
        cpb::Person* out = l.rp.mutable_person();
        const PersonRow& row = **person;
        out->set_person_id(row.id);
        out->set_name(MaskName(row.name));
        out->set_sex(static_cast<cpb::Sex>(row.sex));
        if (!row.birth_date.empty()) *out->mutable_birth_date() = ParseDate(row.birth_date);
        if (!row.id_number.empty()) out->set_id_number(MaskIdNumber(row.id_number));
        if (!row.phone.empty()) out->set_phone(MaskPhone(row.phone));
        if (!row.address.empty()) out->set_address(MaskAddress(row.address));
        out->set_ethnicity(row.ethnicity);
      }
      *r.add_people() = std::move(l.rp);
    }
  }
  return std::optional<pb::Referral>(std::move(r));
}

bool Repository::UpdateReferral(db::Tx& tx, const pb::Referral& r, int64_t expected_version) {
  auto q = tx.Sql(kUpdateReferral);
  q.Int(r.status()).Str(r.facts());
  if (r.has_response_due_at()) {
    q.Int(r.response_due_at().unix_millis());
  } else {
    q.Null();
  }
  return q.StrOrNull(r.assigned_to())
             .StrOrNull(r.case_id())
             .Int(r.decline_reason())
             .Str(r.message_to_agency())
             .Int(NowMs(clock_))
             .Str(r.referral_id())
             .Int(expected_version)
             .Exec() == 1;
}

std::vector<std::pair<int64_t, pb::Referral>> Repository::ListReferrals(db::Tx& tx,
                                                                        const ListFilter& f) {
  // The WHERE clause is assembled from fixed fragments only; every value is a parameter.
  std::string sql = absl::StrCat(
      kReferralCols, f.agency.empty() ? " WHERE procuratorate_code = ?" : " WHERE agency_code = ?");
  if (f.status != 0) absl::StrAppend(&sql, " AND status = ?");
  if (f.kind != 0) absl::StrAppend(&sql, " AND kind = ?");
  if (!f.assigned_to.empty()) absl::StrAppend(&sql, " AND assigned_to = ?");
  if (f.overdue_only) absl::StrAppend(&sql, " AND status IN (1, 2) AND response_due_at_ms < ?");
  absl::StrAppend(&sql, " AND seq < ? ORDER BY seq DESC LIMIT ?");
  auto q = tx.Sql(sql);
  q.Str(f.agency.empty() ? f.procuratorate : f.agency);
  if (f.status != 0) q.Int(f.status);
  if (f.kind != 0) q.Int(f.kind);
  if (!f.assigned_to.empty()) q.Str(f.assigned_to);
  if (f.overdue_only) q.Int(NowMs(clock_));
  q.Int(f.before_seq > 0 ? f.before_seq : INT64_MAX).Int(f.limit);
  std::vector<std::pair<int64_t, pb::Referral>> out;
  auto rs = q.Rows();
  while (rs->next()) out.emplace_back(rs->getInt64("seq"), ReferralFromRow(*rs));
  return out;
}

void Repository::AppendEvent(db::Tx& tx, const std::string& referral_id,
                             const pb::TimelineEntry& e) {
  tx.Sql(kInsertEvent)
      .Str(referral_id)
      .Int(e.at().unix_millis())
      .Int(e.status())
      .Str(e.step())
      .Str(e.message())
      .Str(e.actor().principal())
      .Str(e.actor().display_name())
      .Str(referral_id)
      .Exec();
}

std::vector<pb::TimelineEntry> Repository::Timeline(db::Tx& tx, const std::string& referral_id,
                                                    int64_t after_seq) {
  std::vector<pb::TimelineEntry> out;
  auto rs = tx.Sql(kTimeline).Str(referral_id).Int(after_seq).Rows();
  while (rs->next()) {
    pb::TimelineEntry e;
    e.set_sequence(rs->getInt64("seq"));
    *e.mutable_at() = Ts(rs->getInt64("at_ms"));
    e.set_status(static_cast<pb::ReferralStatus>(rs->getInt("status")));
    e.set_step(db::GetStr(*rs, "step"));
    e.set_message(db::GetStr(*rs, "message"));
    e.mutable_actor()->set_principal(db::GetStr(*rs, "actor"));
    e.mutable_actor()->set_display_name(db::GetStr(*rs, "actor_name"));
    out.push_back(std::move(e));
  }
  return out;
}

// ---- cases ---------------------------------------------------------------------------
void Repository::InsertCase(db::Tx& tx, const pb::Case& c) {
  const int64_t now = NowMs(clock_);
  tx.Sql(kInsertCase)
      .Str(c.case_id())
      .Str(c.procuratorate_code())
      .Int(c.status())
      .Str(c.subject_person_id())
      .Int(c.kind())
      .StrOrNull(c.assigned_to())
      .Int(c.opened_at().unix_millis())
      .StrOrNull(c.transferred_from_case_id())
      .Str(OpenSubjectKey(c.procuratorate_code(), c.subject_person_id()))
      .Int(c.version())
      .Int(now)
      .Exec();
}

void Repository::FillCaseReferrals(db::Tx& tx, pb::Case& c) {
  auto rs = tx.Sql(kCaseReferrals).Str(c.case_id()).Rows();
  while (rs->next()) c.add_referral_ids(db::GetStr(*rs, "id"));
}

std::optional<pb::Case> Repository::GetCase(db::Tx& tx, const std::string& id, bool for_update) {
  auto rs = tx.Sql(absl::StrCat(kCaseCols, " WHERE id = ?", for_update ? " FOR UPDATE" : ""))
                .Str(id)
                .Rows();
  if (!rs->next()) return std::nullopt;
  pb::Case c = CaseFromRow(*rs);
  FillCaseReferrals(tx, c);
  return c;
}

std::optional<std::string> Repository::OpenCaseOf(db::Tx& tx, const std::string& procuratorate,
                                                  const std::string& subject, bool for_update) {
  auto rs = tx.Sql(for_update ? kOpenCaseForUpdate : kOpenCase)
                .Str(OpenSubjectKey(procuratorate, subject))
                .Rows();
  if (!rs->next()) return std::nullopt;
  return db::GetStr(*rs, "id");
}

bool Repository::UpdateCase(db::Tx& tx, const pb::Case& c, int64_t expected_version) {
  const bool open =
      c.status() == pb::CASE_STATUS_OPEN || c.status() == pb::CASE_STATUS_TRANSFER_PENDING;
  auto q = tx.Sql(kUpdateCase);
  q.Int(c.status()).StrOrNull(c.assigned_to());
  if (c.has_closed_at()) {
    q.Int(c.closed_at().unix_millis());
  } else {
    q.Null();
  }
  return q.Int(c.close_reason())
             .StrOrNull(c.close_note())
             .StrOrNull(c.transfer_to_procuratorate())
             .StrOrNull(c.transferred_to_case_id())
             .StrOrNull(c.transfer_reason())
             .StrOrNull(open ? OpenSubjectKey(c.procuratorate_code(), c.subject_person_id()) : "")
             .Int(NowMs(clock_))
             .Str(c.case_id())
             .Int(expected_version)
             .Exec() == 1;
}

std::vector<std::pair<int64_t, pb::Case>> Repository::ListCases(db::Tx& tx, const CaseFilter& f) {
  std::string sql =
      absl::StrCat(kCaseCols, f.transfer_to.empty() ? " WHERE procuratorate_code = ?"
                                                    : " WHERE transfer_to = ? AND status = 2");
  if (f.status != 0) absl::StrAppend(&sql, " AND status = ?");
  if (f.kind != 0) absl::StrAppend(&sql, " AND kind = ?");
  if (!f.assigned_to.empty()) absl::StrAppend(&sql, " AND assigned_to = ?");
  if (!f.subject_person_id.empty()) absl::StrAppend(&sql, " AND subject_person_id = ?");
  absl::StrAppend(&sql, " AND seq < ? ORDER BY seq DESC LIMIT ?");
  auto q = tx.Sql(sql);
  q.Str(f.transfer_to.empty() ? f.procuratorate : f.transfer_to);
  if (f.status != 0) q.Int(f.status);
  if (f.kind != 0) q.Int(f.kind);
  if (!f.assigned_to.empty()) q.Str(f.assigned_to);
  if (!f.subject_person_id.empty()) q.Str(f.subject_person_id);
  q.Int(f.before_seq > 0 ? f.before_seq : INT64_MAX).Int(f.limit);
  std::vector<std::pair<int64_t, pb::Case>> out;
  auto rs = q.Rows();
  while (rs->next()) out.emplace_back(rs->getInt64("seq"), CaseFromRow(*rs));
  for (auto& [seq, c] : out) FillCaseReferrals(tx, c);
  return out;
}

}  // namespace shouhu::referral
