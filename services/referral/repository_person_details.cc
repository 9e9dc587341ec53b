// What agencies submitted for the people of a referral (kept encrypted on the person
// link), and changes of person records with their history.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/dates.h"
#include "common/crypto/name_key.h"
#include "common/db/mutation.h"
#include "common/ops/log.h"
#include "referral/repository.h"
#include "referral/repository_sql.h"

namespace shouhu::referral {

SealedAt SubmittedAt(const std::string& referral_id, int ord, absl::string_view field) {
  return {"referral_people", absl::StrCat(referral_id, ":", ord),
          absl::StrCat("submitted_", field)};
}

SealedAt HistoryAt(const std::string& person_id, int64_t version, absl::string_view column) {
  return {"person_history", absl::StrCat(person_id, ":", version), std::string(column)};
}

absl::StatusOr<std::string> Repository::Seal(absl::string_view value, const SealedAt& at) const {
  return sealed_.Seal(value, at.entity, at.row, at.field);
}

absl::StatusOr<std::string> Repository::Open(absl::string_view blob, const SealedAt& at) const {
  return sealed_.Open(blob, at.entity, at.row, at.field);
}

absl::StatusOr<std::vector<SubmittedPerson>> Repository::SubmittedPeople(
    db::Tx& tx, const std::string& referral_id) {
  std::vector<SubmittedPerson> out;
  auto rs = tx.Sql(kSubmittedPeople).Str(referral_id).Rows();
  while (rs->next()) {
    SubmittedPerson s;
    s.ord = rs->getInt("ord");
    s.person_id = db::GetStr(*rs, "person_id");
    s.kept = !rs->isNull("submitted_name_enc");
    if (s.kept) {
      std::string name, phone, address;
      for (auto [column, field, target] :
           {std::tuple{"submitted_name_enc", "name", &name},
            std::tuple{"submitted_phone_enc", "phone", &phone},
            std::tuple{"submitted_address_enc", "address", &address}}) {
        absl::StatusOr<std::string> plain =
            Open(db::GetBlob(*rs, column), SubmittedAt(referral_id, s.ord, field));
        if (!plain.ok()) return plain.status();
        *target = *std::move(plain);
      }
      s.values.set_name(name);
      s.values.set_phone(phone);
      s.values.set_address(address);
      s.values.set_sex(static_cast<cpb::Sex>(rs->getInt("submitted_sex")));
      if (auto day = ParseDateString(db::GetStr(*rs, "submitted_birth_date"))) {
        *s.values.mutable_birth_date() = FromCivilDay(*day);
      }
      s.values.set_ethnicity(db::GetStr(*rs, "submitted_ethnicity"));
    }
    if (!rs->isNull("id")) {
      absl::StatusOr<PersonRow> record = PersonFromRow(*rs);
      if (!record.ok()) return record.status();
      s.record = *std::move(record);
    }
    out.push_back(std::move(s));
  }
  return out;
}

absl::Status Repository::UpdatePersonFields(db::Tx& tx, const PersonRow& row,
                                            int64_t expected_version) {
  absl::StatusOr<std::string> name = Encrypt(row.name, row.id, "name");
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> phone = Encrypt(row.phone, row.id, "phone");
  if (!phone.ok()) return phone.status();
  absl::StatusOr<std::string> address = Encrypt(row.address, row.id, "address");
  if (!address.ok()) return address.status();
  // Duplicates are matched by the keyed hash of the new name and birth date.
  const std::string name_key =
      row.birth_date.empty() ? "" : NameBirthKey(*cipher_, row.name, row.birth_date);
  const int64_t updated = tx.Sql(kUpdatePersonFields)
                              .BlobOrNull(*name)
                              .StrOrNull(name_key)
                              .Int(row.sex)
                              .StrOrNull(row.birth_date)
                              .BlobOrNull(*phone)
                              .BlobOrNull(*address)
                              .Str(row.ethnicity)
                              .Int(NowMs())
                              .Str(row.id)
                              .Int(expected_version)
                              .Exec();
  return updated == 1 ? absl::OkStatus() : db::StaleVersionError(expected_version + 1);
}

absl::Status Repository::InsertPersonHistory(db::Tx& tx, const PersonHistoryRow& h) {
  absl::StatusOr<std::string> before =
      Seal(h.before.SerializeAsString(), HistoryAt(h.person_id, h.version, "old_values_enc"));
  if (!before.ok()) return before.status();
  absl::StatusOr<std::string> after =
      Seal(h.after.SerializeAsString(), HistoryAt(h.person_id, h.version, "new_values_enc"));
  if (!after.ok()) return after.status();
  absl::StatusOr<std::string> reason =
      Seal(h.reason, HistoryAt(h.person_id, h.version, "reason_enc"));
  if (!reason.ok()) return reason.status();
  tx.Sql(kInsertPersonHistory)
      .Str(h.person_id)
      .Int(h.version)
      .Str(absl::StrJoin(h.fields, ","))
      .Blob(*before)
      .Blob(*after)
      .Blob(*reason)
      .Str(h.actor)
      .Str(h.actor_name)
      .Str(h.procuratorate)
      .Str(h.request_id)
      .StrOrNull(h.source_referral_id)
      .Int(h.at_ms)
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<PersonHistoryRow>> Repository::ListPersonHistory(
    db::Tx& tx, const std::string& person_id, int64_t before_version, int limit) {
  std::vector<PersonHistoryRow> out;
  auto rs = tx.Sql(kPersonHistory)
                .Str(person_id)
                .Int(before_version > 0 ? before_version : INT64_MAX)
                .Int(limit)
                .Rows();
  while (rs->next()) {
    PersonHistoryRow h;
    h.person_id = person_id;
    h.version = rs->getInt64("version");
    h.fields = absl::StrSplit(db::GetStr(*rs, "changed_fields"), ',', absl::SkipEmpty());
    for (auto [column, target] :
         {std::pair{"old_values_enc", &h.before}, std::pair{"new_values_enc", &h.after}}) {
      absl::StatusOr<std::string> plain =
          Open(db::GetBlob(*rs, column), HistoryAt(person_id, h.version, column));
      if (!plain.ok()) return plain.status();
      if (!target->ParseFromString(*plain)) {
        return absl::DataLossError("a stored history entry does not parse");
      }
    }
    absl::StatusOr<std::string> reason =
        Open(db::GetBlob(*rs, "reason_enc"), HistoryAt(person_id, h.version, "reason_enc"));
    if (!reason.ok()) return reason.status();
    h.reason = *std::move(reason);
    h.actor = db::GetStr(*rs, "actor");
    h.actor_name = db::GetStr(*rs, "actor_name");
    h.request_id = db::GetStr(*rs, "request_id");
    h.source_referral_id = db::GetStr(*rs, "source_referral_id");
    h.at_ms = rs->getInt64("at_ms");
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace shouhu::referral
