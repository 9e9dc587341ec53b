// People: matching by ID number, identity fields encrypted at rest, duplicate candidates
// and merges.
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/id_number.h"
#include "common/crypto/name_key.h"
#include "referral/repository.h"
#include "referral/repository_sql.h"

namespace shouhu::referral {

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
    if (from_id.ok()) birth = DateString(*from_id);
    if (sex == 0) {
      auto s = SexFromIdNumber(id_number);
      // shouhu::Sex (kFemale = 0) is not the wire enum (SEX_FEMALE = 2): map explicitly.
      if (s.ok()) sex = *s == Sex::kMale ? cpb::SEX_MALE : cpb::SEX_FEMALE;
    }
  }
  // Encrypted before the ID number lookup locks its index entry (FOR UPDATE), so that the
  // lock is not held while encrypting; unused when the person already exists.
  absl::StatusOr<std::string> id_enc = Encrypt(id_number, new_id, "id_number");
  if (!id_enc.ok()) return id_enc.status();
  absl::StatusOr<std::string> phone_enc = Encrypt(in.phone(), new_id, "phone");
  if (!phone_enc.ok()) return phone_enc.status();
  absl::StatusOr<std::string> address_enc = Encrypt(in.address(), new_id, "address");
  if (!address_enc.ok()) return address_enc.status();
  absl::StatusOr<std::string> name_enc = Encrypt(in.name(), new_id, "name");
  if (!name_enc.ok()) return name_enc.status();
  // Possible duplicates are found by this keyed hash, never by the name itself.
  const std::string name_key = birth.empty() ? "" : NameBirthKey(*cipher_, in.name(), birth);
  // The ID number decides: the same number is the same person (following a merge).
  auto existing = [&]() -> absl::StatusOr<bool> {
    auto rs = tx.Sql(kPersonByHmac).Str(hmac).Rows();
    if (!rs->next()) return false;
    const std::string merged = db::GetStr(*rs, "merged_into");
    if (merged.empty()) {
      absl::StatusOr<PersonRow> row = PersonFromRow(*rs);
      if (!row.ok()) return row.status();
      m.row = *std::move(row);
    } else {
      absl::StatusOr<std::optional<PersonRow>> into = GetPerson(tx, merged);
      if (!into.ok()) return into.status();
      if (into->has_value()) m.row = **std::move(into);
    }
    m.person_id = merged.empty() ? m.row.id : merged;
    m.matched_existing = true;
    return true;
  };
  if (!hmac.empty()) {
    absl::StatusOr<bool> found = existing();
    if (!found.ok()) return found.status();
    if (*found) return m;
  }
  const int64_t now = NowMs();
  absl::StatusOr<int64_t> inserted = tx.Sql(kInsertPerson)
                                         .Str(new_id)
                                         .BlobOrNull(*name_enc)
                                         .StrOrNull(name_key)
                                         .Int(sex)
                                         .StrOrNull(birth)
                                         .BlobOrNull(*id_enc)
                                         .StrOrNull(hmac)
                                         .BlobOrNull(*phone_enc)
                                         .BlobOrNull(*address_enc)
                                         .Str(in.ethnicity())
                                         .Int(now)
                                         .Int(now)
                                         .ExecOrStatus();
  if (absl::IsAlreadyExists(inserted.status()) && !hmac.empty()) {
    // Another transaction registered the same ID number first and has committed.
    absl::StatusOr<bool> found = existing();
    if (!found.ok()) return found.status();
    if (*found) return m;
  }
  if (!inserted.ok()) return inserted.status();
  m.person_id = new_id;
  // The row as written (what reading it back would give).
  m.row.id = new_id;
  m.row.name = in.name();
  m.row.sex = sex;
  m.row.birth_date = birth;
  m.row.id_number = id_number;
  m.row.phone = in.phone();
  m.row.address = in.address();
  m.row.ethnicity = in.ethnicity();
  if (!name_key.empty()) {
    auto rs = tx.Sql(kPersonByNameBirth).Str(name_key).Str(new_id).Rows();
    if (rs->next()) m.possible_duplicate_of = db::GetStr(*rs, "id");
  }
  return m;
}

absl::StatusOr<std::optional<PersonRow>> Repository::GetPerson(db::Tx& tx, const std::string& id) {
  auto rs = tx.Sql(kGetPerson).Str(id).Rows();
  if (!rs->next()) return std::optional<PersonRow>();
  absl::StatusOr<PersonRow> p = PersonFromRow(*rs);
  if (!p.ok()) return p.status();
  return std::optional<PersonRow>(*std::move(p));
}

absl::StatusOr<PersonRow> Repository::PersonFromRow(sql::ResultSet& rs) {
  PersonRow p;
  p.id = db::GetStr(rs, "id");
  p.sex = rs.getInt("sex");
  p.birth_date = db::GetStr(rs, "birth_date");
  p.ethnicity = db::GetStr(rs, "ethnicity");
  p.merged_into = db::GetStr(rs, "merged_into");
  // Rows written before migration 0005 and not yet backfilled still hold the name in clear.
  absl::StatusOr<std::string> name = sealed_.OpenOrLegacy(
      db::GetBlob(rs, "name_enc"), db::GetStr(rs, "name"), "person", p.id, "name");
  if (!name.ok()) return name.status();
  p.name = *std::move(name);
  p.version = rs.getInt64("version");
  for (auto [column, field, target] : {std::tuple{"id_number_enc", "id_number", &p.id_number},
                                       std::tuple{"phone_enc", "phone", &p.phone},
                                       std::tuple{"address_enc", "address", &p.address}}) {
    absl::StatusOr<std::string> plain = Decrypt(db::GetBlob(rs, column), p.id, field);
    if (!plain.ok()) return plain.status();
    *target = *std::move(plain);
  }
  return p;
}

absl::StatusOr<bool> Repository::PersonVisibleTo(db::Tx& tx, const std::string& person_id,
                                                 const std::string& procuratorate) {
  return tx.Sql(kPersonVisible)
      .Str(person_id)
      .Str(procuratorate)
      .Str(person_id)
      .Str(procuratorate)
      .Rows()
      ->next();
}

absl::Status Repository::InsertDuplicateCandidate(db::Tx& tx, const std::string& id,
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
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Repository::CandidateRow>> Repository::GetCandidate(
    db::Tx& tx, const std::string& id, Lock lock) {
  auto rs =
      tx.Sql(absl::StrCat(kCandidateCols, kWhereId, lock == Lock::kForUpdate ? kForUpdate : ""))
          .Str(id)
          .Rows();
  if (!rs->next()) return std::optional<CandidateRow>();
  return std::optional<CandidateRow>(CandidateFromRow(*rs));
}

absl::StatusOr<std::vector<Repository::CandidateRow>> Repository::ListPendingCandidates(
    db::Tx& tx, const std::string& procuratorate, int64_t before_seq, int limit) {
  std::vector<CandidateRow> out;
  auto rs = tx.Sql(absl::StrCat(kCandidateCols, kPendingCandidates))
                .Str(procuratorate)
                .Int(before_seq > 0 ? before_seq : INT64_MAX)
                .Int(limit)
                .Rows();
  while (rs->next()) out.push_back(CandidateFromRow(*rs));
  return out;
}

absl::Status Repository::ResolveCandidate(db::Tx& tx, const std::string& id, int state,
                                          const std::string& actor) {
  tx.Sql(kResolveCandidate).Int(state).Str(actor).Int(NowMs()).Str(id).Exec();
  return absl::OkStatus();
}

absl::Status Repository::MergePerson(db::Tx& tx, const std::string& from, const std::string& into) {
  if (tx.Sql(kMergeMark).Str(into).Int(NowMs()).Str(from).Exec() != 1) {
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
        absl::StatusOr<std::string> plain =
            Decrypt(db::GetBlob(*from_rs, "id_number_enc"), from, "id_number");
        if (!plain.ok()) return plain.status();
        absl::StatusOr<std::string> enc = Encrypt(*plain, into, "id_number");
        if (!enc.ok()) return enc.status();
        tx.Sql(kClearIdNumber).Str(from).Exec();
        tx.Sql(kSetIdNumber).Blob(*enc).Str(cipher_->Hmac(*plain)).Str(into).Exec();
      }
    }
  }
  tx.Sql(kMergePeople).Str(into).Str(from).Exec();
  tx.Sql(kMergeReferrals).Str(into).Str(from).Exec();
  absl::StatusOr<int64_t> cases = tx.Sql(kMergeCases).Str(into).Str(into).Str(from).ExecOrStatus();
  if (absl::IsAlreadyExists(cases.status())) {
    return absl::FailedPreconditionError(
        "both person records have an open case in the same procuratorate: close one first");
  }
  return cases.status();
}

}  // namespace shouhu::referral
