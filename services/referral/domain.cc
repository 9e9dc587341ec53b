#include "referral/domain.h"

#include <functional>
#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/id_number.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "referral/access_policy.h"

namespace shouhu::referral {
namespace {

bool ValidDate(const cpb::Date& d) { return IsValidDate(d); }

template <typename E, typename IsValid>
void CheckEnumList(FieldErrors& errors, const std::string& field,
                   const google::protobuf::RepeatedField<int>& values, bool required,
                   absl::string_view kind_name, IsValid is_valid) {
  if (required && values.empty()) {
    errors.Add(field, absl::StrCat("at least one value is required for ", kind_name));
    return;
  }
  if (!required && !values.empty()) {
    errors.Add(field, absl::StrCat("not allowed for ", kind_name));
    return;
  }
  std::set<int> seen;
  for (int i = 0; i < values.size(); ++i) {
    const int v = values.Get(i);
    if (v == 0 || !is_valid(v)) {
      errors.Add(absl::StrCat(field, "[", i, "]"), "unknown value");
    } else if (!seen.insert(v).second) {
      errors.Add(absl::StrCat(field, "[", i, "]"), "duplicate value");
    }
  }
}

bool IsMinorKind(pb::ReferralKind k) {
  return k == pb::REFERRAL_KIND_MANDATORY_REPORT || k == pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN ||
         k == pb::REFERRAL_KIND_SPECIAL_MINOR;
}

}  // namespace

bool IsPersonField(absl::string_view field) {
  for (const char* f : kPersonFields) {
    if (field == f) return true;
  }
  return false;
}

std::optional<absl::CivilDay> CheckPersonFields(
    FieldErrors& errors, const std::string& path, const cpb::PersonInput& p, absl::CivilDay today,
    const std::function<bool(absl::string_view)>& check) {
  auto on = [&](absl::string_view field) { return !check || check(field); };
  if (on("name")) CheckName(errors, absl::StrCat(path, ".name"), p.name(), 1, 64);
  if (on("sex") && !cpb::Sex_IsValid(p.sex())) {
    errors.Add(absl::StrCat(path, ".sex"), "unknown value");
  }
  if (on("address")) CheckText(errors, absl::StrCat(path, ".address"), p.address(), 0, 200);
  if (on("ethnicity")) CheckText(errors, absl::StrCat(path, ".ethnicity"), p.ethnicity(), 0, 16);
  if (on("phone")) CheckPhone(errors, absl::StrCat(path, ".phone"), p.phone());
  std::optional<absl::CivilDay> birth;
  if (on("birth_date") && p.has_birth_date()) {
    if (!ValidDate(p.birth_date())) {
      errors.Add(absl::StrCat(path, ".birth_date"), "is not a valid calendar date");
    } else if (ToCivilDay(p.birth_date()) > today) {
      errors.Add(absl::StrCat(path, ".birth_date"), "is in the future");
    } else {
      birth = ToCivilDay(p.birth_date());
    }
  }
  return birth;
}

absl::Status ValidateUpdatePerson(const pb::UpdatePersonRequest& req, absl::CivilDay today) {
  FieldErrors errors;
  if (req.person_id().empty()) errors.Add("person_id", "is required");
  if (req.fields().empty()) errors.Add("fields", "name at least one field to change");
  std::set<std::string> named;
  for (int i = 0; i < req.fields_size(); ++i) {
    const std::string path = absl::StrCat("fields[", i, "]");
    if (!IsPersonField(req.fields(i))) {
      errors.Add(path, "must be name, sex, birth_date, phone, address or ethnicity");
    } else if (!named.insert(req.fields(i)).second) {
      errors.Add(path, "named twice");
    }
  }
  CheckText(errors, "reason", req.reason(), 2, 200);
  if (!req.from_referral_id().empty()) {
    if (req.has_values()) errors.Add("values", "not allowed with from_referral_id");
    if (TenantOfId(req.from_referral_id()).empty()) {
      errors.Add("from_referral_id", "is not a referral id");
    }
  } else if (!req.has_values()) {
    errors.Add("values", "give the new values, or from_referral_id");
  } else {
    CheckPersonFields(errors, "values", req.values(), today,
                      [&](absl::string_view f) { return named.count(std::string(f)) > 0; });
    if (named.count("birth_date") > 0 && !req.values().has_birth_date()) {
      errors.Add("values.birth_date", "is required when birth_date is changed");
    }
  }
  return errors.ToStatus();
}

absl::Status ValidateSubmit(const pb::SubmitReferralRequest& req, absl::CivilDay today) {
  FieldErrors errors;
  const pb::ReferralKind kind = req.kind();
  const std::string kind_name =
      pb::ReferralKind_IsValid(kind) ? pb::ReferralKind_Name(kind) : "this kind";
  if (kind == pb::REFERRAL_KIND_UNSPECIFIED || !pb::ReferralKind_IsValid(kind)) {
    errors.Add("kind",
               "must be one of JUDICIAL_AID, MANDATORY_REPORT, GUARDIANSHIP_CONCERN, "
               "SPECIAL_MINOR");
  }
  CheckText(errors, "facts", req.facts(), 1, 4000);
  bool occurred_ok = false;
  if (!req.has_occurred_on()) {
    errors.Add("occurred_on", "is required");
  } else if (!ValidDate(req.occurred_on())) {
    errors.Add("occurred_on", "is not a valid calendar date");
  } else if (ToCivilDay(req.occurred_on()) > today) {
    errors.Add("occurred_on", "is in the future");
  } else {
    occurred_ok = true;
  }
  CheckEnumList<pb::MandatoryReportSituation>(
      errors, "situations", req.situations(), kind == pb::REFERRAL_KIND_MANDATORY_REPORT, kind_name,
      [](int v) { return pb::MandatoryReportSituation_IsValid(v); });
  CheckEnumList<pb::AidGround>(errors, "aid_grounds", req.aid_grounds(),
                               kind == pb::REFERRAL_KIND_JUDICIAL_AID, kind_name,
                               [](int v) { return pb::AidGround_IsValid(v); });
  CheckEnumList<pb::SpecialMinorCategory>(
      errors, "special_categories", req.special_categories(),
      kind == pb::REFERRAL_KIND_SPECIAL_MINOR, kind_name,
      [](int v) { return pb::SpecialMinorCategory_IsValid(v); });

  if (req.people_size() < 1 || req.people_size() > 10) {
    errors.Add("people", "must name 1 to 10 people");
  }
  int subjects = 0;
  std::set<std::string> id_numbers;
  for (int i = 0; i < req.people_size() && i < 10; ++i) {
    const auto& rp = req.people(i);
    const std::string base = absl::StrCat("people[", i, "]");
    if (rp.role() == pb::PERSON_ROLE_UNSPECIFIED || !pb::PersonRole_IsValid(rp.role())) {
      errors.Add(absl::StrCat(base, ".role"),
                 "must be SUBJECT, GUARDIAN, RELATIVE, SUSPECT or OTHER");
    }
    if (rp.role() == pb::PERSON_ROLE_SUBJECT) ++subjects;
    CheckText(errors, absl::StrCat(base, ".relation"), rp.relation(), 0, 32);
    if (!rp.has_person()) {
      errors.Add(absl::StrCat(base, ".person"), "is required");
      continue;
    }
    const cpb::PersonInput& p = rp.person();
    const std::string pf = absl::StrCat(base, ".person");
    std::optional<absl::CivilDay> birth = CheckPersonFields(errors, pf, p, today);
    if (!p.id_number().empty()) {
      absl::Status id_ok = ValidateIdNumber(p.id_number(), today);
      if (!id_ok.ok()) {
        errors.Add(absl::StrCat(pf, ".id_number"), std::string(id_ok.message()));
      } else {
        auto from_id = BirthDateFromIdNumber(p.id_number());
        if (birth.has_value() && from_id.ok() && *from_id != *birth) {
          errors.Add(absl::StrCat(pf, ".birth_date"), "does not match the ID number");
        }
        if (from_id.ok()) birth = *from_id;
        if (!id_numbers.insert(NormalizeIdNumber(p.id_number())).second) {
          errors.Add(absl::StrCat(pf, ".id_number"), "the same person is named twice");
        }
      }
    } else if (!p.has_birth_date()) {
      errors.Add(absl::StrCat(pf, ".birth_date"), "is required when id_number is empty");
    }
    if (rp.role() == pb::PERSON_ROLE_SUBJECT && IsMinorKind(kind) && birth.has_value() &&
        occurred_ok && AgeOn(*birth, ToCivilDay(req.occurred_on())) >= 18) {
      errors.Add(absl::StrCat(pf, ".birth_date"),
                 absl::StrCat("the subject of a ", kind_name, " must be under 18"));
    }
  }
  if (req.people_size() >= 1 && subjects != 1) {
    errors.Add("people", "exactly one person must have role SUBJECT");
  }
  return errors.ToStatus();
}

absl::string_view ActionName(Action a) {
  switch (a) {
    case Action::kAssign:
      return "assign";
    case Action::kAccept:
      return "accept";
    case Action::kDecline:
      return "decline";
    case Action::kRequestInfo:
      return "request_information";
    case Action::kSupplement:
      return "supplement";
    case Action::kWithdraw:
      return "withdraw";
  }
  return "unknown";
}

bool IsFinal(pb::ReferralStatus s) {
  return s == pb::REFERRAL_STATUS_ACCEPTED || s == pb::REFERRAL_STATUS_DECLINED ||
         s == pb::REFERRAL_STATUS_WITHDRAWN;
}

absl::StatusOr<pb::ReferralStatus> NextStatus(pb::ReferralStatus from, Action action) {
  const bool open_for_review =
      from == pb::REFERRAL_STATUS_SUBMITTED || from == pb::REFERRAL_STATUS_UNDER_REVIEW;
  switch (action) {
    case Action::kAssign:
      if (open_for_review) return pb::REFERRAL_STATUS_UNDER_REVIEW;
      break;
    case Action::kAccept:
      if (open_for_review) return pb::REFERRAL_STATUS_ACCEPTED;
      break;
    case Action::kDecline:
      if (open_for_review) return pb::REFERRAL_STATUS_DECLINED;
      break;
    case Action::kRequestInfo:
      if (open_for_review) return pb::REFERRAL_STATUS_INFO_REQUESTED;
      break;
    case Action::kSupplement:
      if (from == pb::REFERRAL_STATUS_INFO_REQUESTED) return pb::REFERRAL_STATUS_UNDER_REVIEW;
      break;
    case Action::kWithdraw:
      if (!IsFinal(from) && from != pb::REFERRAL_STATUS_UNSPECIFIED) {
        return pb::REFERRAL_STATUS_WITHDRAWN;
      }
      break;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "cannot ", ActionName(action), " a referral in status ", pb::ReferralStatus_Name(from)));
}

bool IsCaseStaff(const Principal& p) {
  return p.kind == Principal::Kind::kUser &&
         p.HasAny({Role::kCaseworker, Role::kDepartmentHead, Role::kChief});
}

absl::Status CheckCanRead(const Principal& p, const pb::Referral& r) {
  switch (p.kind) {
    case Principal::Kind::kService:
      // Services read cases (CaseService.GetCase), never referrals.
      return absl::PermissionDeniedError("services have no access to referrals");
    case Principal::Kind::kAgency:
      if (r.agency_code() == p.id) return absl::OkStatus();
      return absl::PermissionDeniedError("referral not found or not submitted by your agency");
    case Principal::Kind::kUser:
      if (IsCaseStaff(p) && r.procuratorate_code() == p.procuratorate) return absl::OkStatus();
      if (!IsCaseStaff(p)) {
        return absl::PermissionDeniedError("your role does not give access to referrals");
      }
      return absl::PermissionDeniedError("the record belongs to another procuratorate");
  }
  return absl::PermissionDeniedError("access denied");
}

RecordFacts FactsOf(const pb::Referral& r) {
  return RecordFacts{r.procuratorate_code(), r.agency_code(), r.assigned_to()};
}

absl::Status CheckCanAct(const Principal& p, const pb::Referral& r, Action action) {
  if (absl::Status read = CheckCanRead(p, r); !read.ok()) return read;
  const bool agency_action = action == Action::kSupplement || action == Action::kWithdraw;
  if (agency_action) {
    if (p.kind == Principal::Kind::kAgency) return absl::OkStatus();
    return absl::PermissionDeniedError("only the referring agency may do this");
  }
  if (p.kind != Principal::Kind::kUser) {
    return absl::PermissionDeniedError("only procuratorate staff may triage referrals");
  }
  // The chief (检察长) reads but does not triage: separation of duties.
  if (action == Action::kAssign) {
    if (p.Has(Role::kDepartmentHead)) return absl::OkStatus();
    return absl::PermissionDeniedError("only a department head may assign referrals");
  }
  return Require(AssignedOrHead(), p, FactsOf(r), "triage this referral");
}

pb::Referral RedactForCaller(const Principal& p, pb::Referral r) {
  if (p.kind == Principal::Kind::kAgency) {
    r.clear_assigned_to();
    r.clear_case_id();
    for (auto& person : *r.mutable_people()) {
      person.clear_matched_existing();
      person.clear_possible_duplicate();
      // What they sent is theirs already; the differences would reveal the person record.
      person.clear_submitted();
      person.clear_differences();
      person.mutable_person()->clear_person_id();
    }
  }
  return r;
}

bool IsAnswer(Action action) {
  return action == Action::kAccept || action == Action::kDecline || action == Action::kRequestInfo;
}

absl::Time ResponseDue(const ReferralRules& rules, const WorkingCalendar& calendar,
                       pb::ReferralKind kind, bool urgent, absl::Time from) {
  if (kind == pb::REFERRAL_KIND_MANDATORY_REPORT) return from + rules.mandatory_report_response;
  return calendar.DeadlineAfterWorkingDays(
      from, urgent ? rules.urgent_response_working_days : rules.response_working_days);
}

}  // namespace shouhu::referral
