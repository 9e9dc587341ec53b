#include "referral/person_details.h"

#include "common/base/dates.h"
#include "common/base/mask.h"
#include "referral/domain.h"

namespace shouhu::referral {

namespace {

std::string SexText(int sex) {
  if (sex == cpb::SEX_UNSPECIFIED || !cpb::Sex_IsValid(sex)) return "";
  return cpb::Sex_Name(static_cast<cpb::Sex>(sex));
}

}  // namespace

std::string FieldText(const cpb::PersonInput& p, absl::string_view field) {
  if (field == "name") return p.name();
  if (field == "sex") return SexText(p.sex());
  if (field == "birth_date") return p.has_birth_date() ? DateString(p.birth_date()) : "";
  if (field == "phone") return p.phone();
  if (field == "address") return p.address();
  if (field == "ethnicity") return p.ethnicity();
  return "";
}

std::string FieldText(const PersonRow& row, absl::string_view field) {
  if (field == "name") return row.name;
  if (field == "sex") return SexText(row.sex);
  if (field == "birth_date") return row.birth_date;
  if (field == "phone") return row.phone;
  if (field == "address") return row.address;
  if (field == "ethnicity") return row.ethnicity;
  return "";
}

std::string ShowField(absl::string_view field, const std::string& value, Disclosure disclosure) {
  if (disclosure == Disclosure::kUnmasked || value.empty()) return value;
  if (field == "name") return MaskName(value);
  if (field == "phone") return MaskPhone(value);
  if (field == "address") return MaskAddress(value);
  return value;
}

cpb::Person SubmittedView(const cpb::PersonInput& submitted, Disclosure disclosure) {
  cpb::Person out;
  out.set_name(ShowField("name", submitted.name(), disclosure));
  out.set_sex(submitted.sex());
  if (submitted.has_birth_date()) *out.mutable_birth_date() = submitted.birth_date();
  out.set_phone(ShowField("phone", submitted.phone(), disclosure));
  out.set_address(ShowField("address", submitted.address(), disclosure));
  out.set_ethnicity(submitted.ethnicity());
  if (disclosure == Disclosure::kUnmasked) out.set_unmasked(true);
  return out;
}

std::vector<pb::PersonFieldDifference> Differences(const cpb::PersonInput& submitted,
                                                   const PersonRow& record, Disclosure disclosure) {
  std::vector<pb::PersonFieldDifference> out;
  for (const char* field : kPersonFields) {
    const std::string sent = FieldText(submitted, field);
    const std::string kept = FieldText(record, field);
    // A field the agency left empty says nothing against the record.
    if (sent.empty() || sent == kept) continue;
    pb::PersonFieldDifference d;
    d.set_field(field);
    d.set_submitted(ShowField(field, sent, disclosure));
    d.set_recorded(ShowField(field, kept, disclosure));
    out.push_back(std::move(d));
  }
  return out;
}

void ApplyField(const cpb::PersonInput& from, absl::string_view field, PersonRow& row) {
  if (field == "name") row.name = from.name();
  if (field == "sex") row.sex = from.sex();
  if (field == "birth_date") row.birth_date = FieldText(from, "birth_date");
  if (field == "phone") row.phone = from.phone();
  if (field == "address") row.address = from.address();
  if (field == "ethnicity") row.ethnicity = from.ethnicity();
}

cpb::PersonInput FieldsOf(const PersonRow& row, const std::vector<std::string>& fields) {
  cpb::PersonInput out;
  for (const std::string& f : fields) {
    if (f == "name") out.set_name(row.name);
    if (f == "sex") out.set_sex(static_cast<cpb::Sex>(row.sex));
    if (f == "birth_date") {
      if (auto day = ParseDateString(row.birth_date))
        *out.mutable_birth_date() = FromCivilDay(*day);
    }
    if (f == "phone") out.set_phone(row.phone);
    if (f == "address") out.set_address(row.address);
    if (f == "ethnicity") out.set_ethnicity(row.ethnicity);
  }
  return out;
}

std::vector<pb::PersonFieldChange> ChangesView(const std::vector<std::string>& fields,
                                               const cpb::PersonInput& before,
                                               const cpb::PersonInput& after,
                                               Disclosure disclosure) {
  std::vector<pb::PersonFieldChange> out;
  for (const std::string& f : fields) {
    pb::PersonFieldChange c;
    c.set_field(f);
    c.set_previous(ShowField(f, FieldText(before, f), disclosure));
    c.set_updated(ShowField(f, FieldText(after, f), disclosure));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace shouhu::referral
