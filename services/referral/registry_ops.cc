// Registry operations: procuratorates and partner agencies.
#include "absl/strings/str_cat.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "referral/access_policy.h"
#include "referral/core.h"
#include "referral/core_internal.h"

namespace shouhu::referral {

absl::StatusOr<pb::Procuratorate> ReferralCore::UpsertProcuratorate(
    const Principal& p, const pb::UpsertProcuratorateRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "RegistryService", "UpsertProcuratorate"));
  FieldErrors errors;
  if (!IsSixDigitCode(req.procuratorate().procuratorate_code())) {
    errors.Add("procuratorate.procuratorate_code", "must be a 6-digit jurisdiction code");
  }
  CheckName(errors, "procuratorate.name", req.procuratorate().name(), 2, 128);
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Procuratorate>(
      MutationOf(p, "UpsertProcuratorate", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Procuratorate> {
        RETURN_IF_ERROR(repo_.UpsertProcuratorate(m.tx(), req.procuratorate()));
        const std::string& code = req.procuratorate().procuratorate_code();
        RETURN_IF_ERROR(m.Audit("procuratorate.upsert", "procuratorate", code, code));
        return req.procuratorate();
      });
}

absl::StatusOr<pb::Agency> ReferralCore::RegisterAgency(const Principal& p,
                                                        const pb::RegisterAgencyRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "RegistryService", "RegisterAgency"));
  const pb::Agency& a = req.agency();
  FieldErrors errors;
  if (!IsValidCode(a.agency_code(), 3, 32)) {
    errors.Add("agency.agency_code", "must be 3-32 characters of [A-Za-z0-9_-]");
  }
  CheckName(errors, "agency.name", a.name(), 2, 128);
  if (a.type() == pb::AGENCY_TYPE_UNSPECIFIED || !pb::AgencyType_IsValid(a.type())) {
    errors.Add("agency.type", "an agency type is required");
  }
  if (!IsSixDigitCode(a.jurisdiction_code())) {
    errors.Add("agency.jurisdiction_code", "must be a 6-digit code");
  }
  if (!IsSixDigitCode(a.procuratorate_code())) {
    errors.Add("agency.procuratorate_code", "must be a 6-digit code");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Agency>(
      MutationOf(p, "RegisterAgency", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Agency> {
        ASSIGN_OR_RETURN(bool known, repo_.ProcuratorateExists(m.tx(), a.procuratorate_code()));
        if (!known) {
          FieldErrors unknown;
          unknown.Add("agency.procuratorate_code", "unknown procuratorate");
          return unknown.ToStatus();
        }
        RETURN_IF_ERROR(repo_.UpsertAgency(m.tx(), a));
        RETURN_IF_ERROR(
            m.Audit("agency.register", "agency", a.agency_code(), a.procuratorate_code()));
        ASSIGN_OR_RETURN(auto stored, repo_.GetAgency(m.tx(), a.agency_code()));
        if (!stored.has_value()) return absl::InternalError("registered agency disappeared");
        return *std::move(stored);
      });
}

absl::StatusOr<pb::ListAgenciesResponse> ReferralCore::ListAgencies(
    const Principal& p, const pb::ListAgenciesRequest& req) {
  std::string scope;
  if (p.Has(Role::kAdmin)) {
    scope = req.procuratorate_code();
  } else if (IsCaseStaff(p)) {
    scope = p.procuratorate;
  } else {
    return absl::PermissionDeniedError("your role does not give access to the registry");
  }
  ASSIGN_OR_RETURN(std::string after, DecodeKeyPageToken(req.page_token()));
  const int size = PageSize(req.page_size());
  pb::ListAgenciesResponse resp;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    resp.Clear();
    ASSIGN_OR_RETURN(auto rows, repo_.ListAgencies(tx, scope, after, size + 1));
    resp.set_next_page_token(TakePage(
        rows, size, [&](pb::Agency a) { *resp.add_agencies() = std::move(a); },
        [](const pb::Agency& a) { return EncodeKeyPageToken(a.agency_code()); }));
    return absl::OkStatus();
  }));
  return resp;
}

absl::StatusOr<pb::Agency> ReferralCore::GetAgency(const Principal& p,
                                                   const pb::GetAgencyRequest& req) {
  // Admitted by the table (services and admins, every procuratorate).
  RETURN_IF_ERROR(Admitted(p, "RegistryService", "GetAgency"));
  if (req.agency_code().empty() || req.agency_code().size() > 32) {
    FieldErrors errors;
    errors.Add("agency_code", "is required, at most 32 characters");
    return errors.ToStatus();
  }
  return LookupAgency(req.agency_code());
}

absl::StatusOr<pb::Agency> ReferralCore::LookupAgency(const std::string& code) {
  std::optional<pb::Agency> a;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(a, repo_.GetAgency(tx, code));
    return absl::OkStatus();
  }));
  if (!a.has_value()) return NotFound("agency");
  return *std::move(a);
}

}  // namespace shouhu::referral
