// Applications: registration (受理), the case card, reads, amount preview and eligibility.
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "aid/application_core.h"
#include "aid/chain.h"
#include "aid/config_repository.h"
#include "aid/deadline_changes.h"
#include "aid/ids.h"
#include "common/base/dates.h"
#include "common/base/id_number.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/audit.h"
#include "common/server/tenant.h"

namespace shouhu::aid {
namespace {

namespace rpb = ::shouhu::referral::v1;

void CheckOptionalId(FieldErrors& e, absl::string_view field, absl::string_view id) {
  if (!id.empty() && !IsValidCode(id, 1, 32)) e.Add(std::string(field), "not a person id");
}

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The case card, as far as it can be checked without the database.
void CheckDetails(FieldErrors& e, const pb::ApplicationDetails& d) {
  if (d.relation() == pb::APPLICANT_RELATION_UNSPECIFIED ||
      !pb::ApplicantRelation_IsValid(d.relation())) {
    e.Add("details.relation", "the applicant's relation to the case is required");
  }
  CheckOptionalId(e, "details.applicant_person_id", d.applicant_person_id());
  CheckOptionalId(e, "details.victim_person_id", d.victim_person_id());
  CheckText(e, "details.household_registration", d.household_registration(), 0, 200);
  CheckName(e, "details.legal_representative", d.legal_representative(), 0, 64);
  CheckName(e, "details.agent", d.agent(), 0, 64);
  const pb::OriginalCase& oc = d.original_case();
  CheckText(e, "details.original_case.case_number", oc.case_number(), 0, 64);
  CheckText(e, "details.original_case.charge", oc.charge(), 0, 100);
  CheckText(e, "details.original_case.stage", oc.stage(), 0, 32);
  CheckText(e, "details.original_case.department", oc.department(), 0, 64);
  CheckText(e, "details.original_case.lead_source", oc.lead_source(), 0, 100);
  for (int g : d.grounds()) {
    if (g == 0 || !rpb::AidGround_IsValid(g)) {
      e.Add("details.grounds", "unknown aid ground");
      break;
    }
  }
  CheckText(e, "details.harm", d.harm(), 0, 2000);
  const pb::Hardship& h = d.hardship();
  if (h.household_size() < 0 || h.household_size() > 100) {
    e.Add("details.hardship.household_size", "must be 0-100");
  }
  if (h.members_able_to_work() < 0 || h.members_able_to_work() > h.household_size()) {
    e.Add("details.hardship.members_able_to_work", "must be 0 to the household size");
  }
  if (h.household_monthly_income_fen() < 0) {
    e.Add("details.hardship.household_monthly_income_fen", "must not be negative");
  }
  CheckText(e, "details.hardship.description", h.description(), 0, 2000);
  if (d.compensation_received_fen() < 0) {
    e.Add("details.compensation_received_fen", "must not be negative");
  }
  if (d.other_aid_received_fen() < 0)
    e.Add("details.other_aid_received_fen", "must not be negative");
  CheckText(e, "details.other_aid_note", d.other_aid_note(), 0, 500);
  for (int m : d.materials()) {
    if (m == 0 || !pb::MaterialKind_IsValid(m)) {
      e.Add("details.materials", "unknown material kind");
      break;
    }
  }
  CheckText(e, "details.applicant_ethnicity", d.applicant_ethnicity(), 0, 16);
  CheckText(e, "details.applicant_address", d.applicant_address(), 0, 200);
  if (d.has_bank_account()) {
    const pb::PayeeInput& b = d.bank_account();
    CheckName(e, "details.bank_account.name", b.name(), 1, 64);
    CheckText(e, "details.bank_account.bank_name", b.bank_name(), 1, 100);
    if (b.account_number().size() < 8 || b.account_number().size() > 32 ||
        !AllDigits(b.account_number())) {
      e.Add("details.bank_account.account_number", "must be 8-32 digits");
    }
  }
}

void CheckApplicant(FieldErrors& e, const cpb::PersonInput& a, absl::CivilDay today) {
  CheckName(e, "applicant.name", a.name(), 1, 64);
  if (!cpb::Sex_IsValid(a.sex())) e.Add("applicant.sex", "unknown value");
  if (!a.id_number().empty() && !ValidateIdNumber(a.id_number(), today).ok()) {
    e.Add("applicant.id_number", "not a valid resident identity number");
  }
  if (a.id_number().empty() && !a.has_birth_date()) {
    e.Add("applicant.birth_date", "required when id_number is absent");
  }
  CheckPhone(e, "applicant.phone", a.phone());
  CheckText(e, "applicant.address", a.address(), 0, 200);
  CheckText(e, "applicant.ethnicity", a.ethnicity(), 0, 16);
}

bool ApplicantIsMinor(const cpb::PersonInput& a, absl::CivilDay today) {
  if (a.has_birth_date()) return AgeOn(ToCivilDay(a.birth_date()), today) < 18;
  if (auto birth = BirthDateFromIdNumber(a.id_number()); birth.ok()) {
    return AgeOn(*birth, today) < 18;
  }
  return false;
}

}  // namespace

absl::StatusOr<pb::Application> ApplicationCore::RegisterApplication(
    const Principal& p, const pb::RegisterApplicationRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  const absl::CivilDay today = Today();
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.channel() == pb::APPLICATION_CHANNEL_UNSPECIFIED ||
      !pb::ApplicationChannel_IsValid(req.channel())) {
    e.Add("channel", "ON_APPLICATION or EX_OFFICIO is required");
  }
  CheckApplicant(e, req.applicant(), today);
  CheckDetails(e, req.details());
  if (e.empty() && req.details().legal_representative().empty() &&
      ApplicantIsMinor(req.applicant(), today)) {
    e.Add("details.legal_representative", "a minor applies through a legal representative");
  }
  if (e.empty() && req.applicant().id_number().empty() &&
      req.details().applicant_person_id().empty()) {
    e.Add("details.applicant_person_id",
          "required when the applicant has no id_number (once per party per case)");
  }
  RETURN_IF_ERROR(e.ToStatus());
  if (req.details().applicant_is_organisation()) {
    return absl::FailedPreconditionError(
        "LEGAL_PERSON: legal persons and organisations cannot apply for judicial aid");
  }
  if (d_.cases == nullptr) return absl::UnavailableError("the case service is not configured");
  absl::StatusOr<referral::v1::Case> c = d_.cases->GetCase(req.case_id());
  if (!c.ok()) {
    if (absl::IsNotFound(c.status())) return absl::NotFoundError("case not found");
    if (absl::IsPermissionDenied(c.status())) {
      return absl::PermissionDeniedError("the case belongs to another procuratorate");
    }
    return absl::UnavailableError(
        absl::StrCat("the case service did not answer: ", c.status().message()));
  }
  if (c->procuratorate_code() != p.procuratorate) {
    return absl::PermissionDeniedError("the case belongs to another procuratorate");
  }
  if (c->status() != referral::v1::CASE_STATUS_OPEN) {
    return absl::FailedPreconditionError("aid can only be registered on an open case");
  }
  return mutations_.Run<pb::Application>(
      {.actor = p.Name(), .method = "RegisterApplication", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Application> {
        ASSIGN_OR_RETURN(pb::AidPolicy policy, LoadPolicy(m.tx(), p.procuratorate));
        AppRow row;
        pb::Application& a = row.app;
        a.set_application_id(NewAidId(*d_.ids, AidIdKind::kApplication, p.procuratorate));
        a.set_case_id(req.case_id());
        a.set_procuratorate_code(p.procuratorate);
        a.set_channel(req.channel());
        a.set_status(pb::APPLICATION_STATUS_UNDER_REVIEW);
        *a.mutable_details() = req.details();
        a.set_assigned_to(p.Has(Role::kCaseworker) || c->assigned_to().empty() ? p.id
                                                                               : c->assigned_to());
        const absl::CivilDay registered = ChinaDay(m.now());
        *a.mutable_registered_on() = FromCivilDay(registered);
        *a.mutable_decision_due_on() =
            FromCivilDay(DecisionDue(*d_.calendar, registered, policy.decision_working_days(), 0));
        a.set_version(1);
        row.applicant = req.applicant();
        row.department = p.department;
        RETURN_IF_ERROR(ClaimParty(m.tx(), row, m.now()));
        RETURN_IF_ERROR(repo_.Insert(m.tx(), row, m.now()));
        RETURN_IF_ERROR(PublishApplicationDeadlines(m.tx(), *d_.ids, nullptr, &row, m.now()));
        RETURN_IF_ERROR(m.Audit(
            "aid.register", "aid_application", a.application_id(), p.procuratorate,
            absl::StrCat("{\"case_id\":\"", a.case_id(), "\",\"channel\":", a.channel(), "}")));
        return Present(row);
      });
}

absl::StatusOr<pb::Application> ApplicationCore::GetApplication(
    const Principal& p, const pb::GetApplicationRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  const bool unmask = !req.unmask_purpose().empty();
  if (unmask) {
    FieldErrors e;
    CheckText(e, "unmask_purpose", req.unmask_purpose(), 2, 200);
    RETURN_IF_ERROR(e.ToStatus());
  }
  std::optional<AppRow> row;
  std::vector<pb::PriorAid> prior;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(row, repo_.Get(tx, req.application_id(), /*lock=*/false));
        if (!row.has_value()) return absl::OkStatus();
        if (row->app.procuratorate_code() != p.procuratorate) return absl::OkStatus();
        if (unmask) RETURN_IF_ERROR(AuditUnmaskedRead(tx, p, *row, req.unmask_purpose()));
        const std::string& person = row->app.details().applicant_person_id();
        if (!person.empty() && !row->original_case_number.empty()) {
          ASSIGN_OR_RETURN(prior, repo_.PriorAidOf(tx, person, row->original_case_number));
        }
        return absl::OkStatus();
      },
      // An unmasked read writes its audit record.
      {.read_only = !unmask}));
  if (!row.has_value()) return absl::NotFoundError("application not found");
  if (row->app.procuratorate_code() != p.procuratorate) {
    return absl::PermissionDeniedError("the application belongs to another procuratorate");
  }
  pb::Application out = Present(*row, unmask);
  for (pb::PriorAid& a : prior) *out.add_prior_aid() = std::move(a);
  return out;
}

absl::Status ApplicationCore::AuditUnmaskedRead(db::Tx& tx, const Principal& p, const AppRow& row,
                                                const std::string& purpose) const {
  if (!p.Has(Role::kChief)) {
    RETURN_IF_ERROR(Require(AssignedOrHead(), p,
                            {row.app.procuratorate_code(), "", row.app.assigned_to()},
                            "read an application unmasked (or the chief)"));
  }
  db::AuditRecord audit;
  audit.service = "aid";
  audit.actor = p.Name();
  audit.action = "aid.read_unmasked";
  audit.entity_type = "aid_application";
  audit.entity_id = row.app.application_id();
  audit.procuratorate = row.app.procuratorate_code();
  audit.at = d_.clock->Now();
  // The purpose is free text: sealed, so that a purpose naming someone is not kept in
  // clear in the audit trail.
  ASSIGN_OR_RETURN(
      std::string sealed,
      SealedFields(d_.cipher).Seal(
          purpose, "audit", UnmaskPurposeRow(audit.entity_type, audit.entity_id, audit.actor),
          "purpose"));
  audit.detail = absl::StrCat("{\"purpose_sealed\":", JsonString(absl::Base64Escape(sealed)), "}");
  return db::AppendAudit(tx, audit);
}

absl::StatusOr<pb::ListApplicationsResponse> ApplicationCore::ListApplications(
    const Principal& p, const pb::ListApplicationsRequest& req) {
  FieldErrors e;
  if (!req.case_id().empty()) {
    RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  }
  if (!pb::ApplicationStatus_IsValid(req.status())) e.Add("status", "unknown value");
  if (!pb::ApplicationChannel_IsValid(req.channel())) e.Add("channel", "unknown value");
  if (!req.assigned_to().empty()) CheckUserId(e, "assigned_to", req.assigned_to());
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  AppFilter f;
  f.procuratorate = p.procuratorate;
  f.case_id = req.case_id();
  f.status = req.status();
  f.channel = req.channel();
  f.assigned_to = req.assigned_to();
  f.overdue_only = req.overdue_only();
  f.case_closed_only = req.case_closed_only();
  f.today = DateString(Today());
  f.before_seq = *before;
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  std::vector<AppRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(rows, repo_.List(tx, f));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  pb::ListApplicationsResponse resp;
  resp.set_next_page_token(TakePage(
      rows, size, [&](AppRow r) { *resp.add_applications() = Present(r); },
      [](const AppRow& r) { return EncodePageToken(r.seq); }));
  return resp;
}

absl::StatusOr<pb::Application> ApplicationCore::UpdateApplication(
    const Principal& p, const pb::UpdateApplicationRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  CheckVersion(e, req.version());
  CheckDetails(e, req.details());
  RETURN_IF_ERROR(e.ToStatus());
  if (req.details().applicant_is_organisation()) {
    return absl::FailedPreconditionError(
        "LEGAL_PERSON: legal persons and organisations cannot apply for judicial aid");
  }
  return Mutate(p, "UpdateApplication", req, req.request_id(), req.application_id(), req.version(),
                "update", [&](db::Mutation& m, AppRow& row) -> absl::Status {
                  RETURN_IF_ERROR(Require(AssignedOrHead(), p,
                                          {row.app.procuratorate_code(), "", row.app.assigned_to()},
                                          "edit the case card"));
                  if (row.app.status() != pb::APPLICATION_STATUS_UNDER_REVIEW) {
                    return absl::FailedPreconditionError(
                        "the case card can only be edited while the application is under review");
                  }
                  if (req.details().legal_representative().empty() &&
                      ApplicantIsMinor(row.applicant, Today())) {
                    FieldErrors minor;
                    minor.Add("details.legal_representative",
                              "a minor applies through a legal representative");
                    return minor.ToStatus();
                  }
                  *row.app.mutable_details() = req.details();
                  return ClaimParty(m.tx(), row, m.now());
                });
}

absl::StatusOr<pb::AmountComputation> ApplicationCore::ComputeAmount(
    const Principal& p, const pb::ComputeAmountRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors e;
  if (req.input().months() < 1 || req.input().months() > 120)
    e.Add("input.months", "must be 1-120");
  if (req.input().minor_costs_fen() < 0) e.Add("input.minor_costs_fen", "must not be negative");
  if (req.input().court_award_ceiling_fen() < 0) {
    e.Add("input.court_award_ceiling_fen", "must not be negative");
  }
  RETURN_IF_ERROR(e.ToStatus());
  absl::StatusOr<pb::AmountComputation> out = absl::NotFoundError("application not found");
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<AppRow> row, repo_.Get(tx, req.application_id(), false));
        if (!row.has_value()) return absl::NotFoundError("application not found");
        if (row->app.procuratorate_code() != p.procuratorate) {
          return absl::PermissionDeniedError("the application belongs to another procuratorate");
        }
        out = Amount(tx, *row, req.input(), /*over_cap_approved=*/false);
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::EligibilityResult> ApplicationCore::EvaluateEligibility(
    const Principal& p, const pb::EvaluateEligibilityRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  pb::EligibilityResult out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<AppRow> row, repo_.Get(tx, req.application_id(), false));
        if (!row.has_value()) return absl::NotFoundError("application not found");
        if (row->app.procuratorate_code() != p.procuratorate) {
          return absl::PermissionDeniedError("the application belongs to another procuratorate");
        }
        ASSIGN_OR_RETURN(out, Eligibility(tx, *row));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

}  // namespace shouhu::aid
