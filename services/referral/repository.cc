// The repository's shared parts (field encryption, the person view) and the registry of
// procuratorates and agencies.
#include "referral/repository.h"

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/mask.h"
#include "referral/repository_sql.h"

namespace shouhu::referral {

namespace {

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

}  // namespace

std::string OpenSubjectKey(const std::string& procuratorate, const std::string& subject) {
  return absl::StrCat(procuratorate, ":", subject);
}

cpb::Person PersonView(const PersonRow& row, Disclosure disclosure) {
  const bool unmask = disclosure == Disclosure::kUnmasked;
  cpb::Person out;
  out.set_person_id(row.id);
  out.set_sex(static_cast<cpb::Sex>(row.sex));
  if (auto birth = ParseDateString(row.birth_date)) {
    *out.mutable_birth_date() = FromCivilDay(*birth);
  }
  out.set_ethnicity(row.ethnicity);
  out.set_name(unmask ? row.name : MaskName(row.name));
  if (!row.id_number.empty()) {
    out.set_id_number(unmask ? row.id_number : MaskIdNumber(row.id_number));
  }
  if (!row.phone.empty()) out.set_phone(unmask ? row.phone : MaskPhone(row.phone));
  if (!row.address.empty()) out.set_address(unmask ? row.address : MaskAddress(row.address));
  if (unmask) out.set_unmasked(true);
  out.set_version(row.version);
  return out;
}

absl::StatusOr<std::string> Repository::Encrypt(absl::string_view value,
                                                const std::string& person_id, const char* field) {
  return sealed_.Seal(value, "person", person_id, field);
}

absl::StatusOr<std::string> Repository::Decrypt(const std::string& blob,
                                                const std::string& person_id, const char* field) {
  return sealed_.Open(blob, "person", person_id, field);
}

// ---- registry ------------------------------------------------------------------------
absl::Status Repository::UpsertProcuratorate(db::Tx& tx, const pb::Procuratorate& p) {
  const int64_t now = NowMs();
  tx.Sql(kUpsertProcuratorate).Str(p.procuratorate_code()).Str(p.name()).Int(now).Int(now).Exec();
  return absl::OkStatus();
}

absl::StatusOr<bool> Repository::ProcuratorateExists(db::Tx& tx, const std::string& code) {
  return tx.Sql(kProcuratorateExists).Str(code).Rows()->next();
}

absl::Status Repository::UpsertAgency(db::Tx& tx, const pb::Agency& a) {
  const int64_t now = NowMs();
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
  return absl::OkStatus();
}

absl::StatusOr<std::optional<pb::Agency>> Repository::GetAgency(db::Tx& tx,
                                                                const std::string& code) {
  auto rs = tx.Sql(absl::StrCat(kAgencyCols, kWhereCode)).Str(code).Rows();
  if (!rs->next()) return std::optional<pb::Agency>();
  return std::optional<pb::Agency>(AgencyFromRow(*rs));
}

absl::StatusOr<std::vector<pb::Agency>> Repository::ListAgencies(db::Tx& tx,
                                                                 const std::string& procuratorate,
                                                                 const std::string& after_code,
                                                                 int limit) {
  std::vector<pb::Agency> out;
  std::unique_ptr<sql::ResultSet> rs;
  if (procuratorate.empty()) {
    rs = tx.Sql(absl::StrCat(kAgencyCols, kAgenciesAll)).Str(after_code).Int(limit).Rows();
  } else {
    rs = tx.Sql(absl::StrCat(kAgencyCols, kAgenciesOf))
             .Str(procuratorate)
             .Str(after_code)
             .Int(limit)
             .Rows();
  }
  while (rs->next()) out.push_back(AgencyFromRow(*rs));
  return out;
}

}  // namespace shouhu::referral
