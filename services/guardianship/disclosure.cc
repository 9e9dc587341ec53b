#include "guardianship/disclosure.h"

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/db/audit.h"
#include "common/db/transaction.h"

namespace shouhu::guardianship {

absl::Status CheckDisclosureRequest(const pb::DiscloseIdentityRequest& req,
                                    absl::string_view record_what) {
  RETURN_IF_ERROR(RequestIdError(req.request_id()));
  FieldErrors errors;
  if (req.record_id().empty() || req.record_id().size() > 64) {
    errors.Add("record_id", absl::StrCat("required: the ", record_what, " id"));
  }
  if (!IsValidCode(req.agency_code(), 2, 32)) errors.Add("agency_code", "required");
  if (req.person_id().empty() || req.person_id().size() > 32) {
    errors.Add("person_id", "required: the minor or a guardian");
  }
  CheckText(errors, "purpose", req.purpose(), 1, 200);
  CheckName(errors, "disclosed_person.name", req.disclosed_person().name(), 1, 64);
  CheckText(errors, "disclosed_person.address", req.disclosed_person().address(), 0, 200);
  if (!req.disclosed_person().phone().empty()) {
    CheckPhone(errors, "disclosed_person.phone", req.disclosed_person().phone());
  }
  if (!req.disclosed_person().id_number().empty()) {
    errors.Add("disclosed_person.id_number", "an ID number is never disclosed to an agency");
  }
  return errors.ToStatus();
}

DisclosureRow NewDisclosure(const Principal& p, const pb::DiscloseIdentityRequest& req,
                            absl::Time now) {
  DisclosureRow d;
  d.disclosure.set_agency_code(req.agency_code());
  d.disclosure.set_person_id(req.person_id());
  d.disclosure.set_purpose(req.purpose());
  d.disclosure.mutable_disclosed_by()->set_principal(p.Name());
  d.disclosure.mutable_disclosed_by()->set_display_name(p.display_name);
  *d.disclosure.mutable_disclosed_at() = ToTimestamp(now);
  d.person = req.disclosed_person();
  return d;
}

::shouhu::common::v1::Person DisclosedPerson(const DisclosureRow& d) {
  ::shouhu::common::v1::Person person;
  person.set_person_id(d.disclosure.person_id());
  person.set_name(d.person.name());
  person.set_sex(d.person.sex());
  *person.mutable_birth_date() = d.person.birth_date();
  person.set_phone(d.person.phone());
  person.set_address(d.person.address());
  person.set_unmasked(true);
  return person;
}

absl::Status AuditDisclosureReads(db::ConnectionPool& pool, const Principal& p,
                                  const std::vector<DisclosureRead>& reads, absl::Time at) {
  if (reads.empty()) return absl::OkStatus();
  return db::RunInTransaction(pool, [&](db::Tx& tx) -> absl::Status {
    for (const DisclosureRead& r : reads) {
      db::AuditRecord audit;
      audit.service = "guardianship";
      audit.actor = p.Name();
      audit.action = kDisclosureReadAction;
      audit.entity_type = r.entity_type;
      audit.entity_id = r.record_id;
      audit.procuratorate = r.procuratorate;
      audit.at = at;
      // Ids only: the names stay sealed in guard_disclosures.
      audit.detail = absl::StrCat("{\"agency\":", JsonString(p.id), ",\"person_ids\":[");
      for (size_t i = 0; i < r.person_ids.size(); ++i) {
        absl::StrAppend(&audit.detail, i == 0 ? "" : ",", JsonString(r.person_ids[i]));
      }
      absl::StrAppend(&audit.detail, "]}");
      RETURN_IF_ERROR(db::AppendAudit(tx, audit));
    }
    return absl::OkStatus();
  });
}

}  // namespace shouhu::guardianship
