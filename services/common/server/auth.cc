#include "common/server/auth.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace shouhu {

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  static const std::pair<absl::string_view, Role> kRoles[] = {
      {"agency", Role::kAgency},
      {"caseworker", Role::kCaseworker},
      {"department_head", Role::kDepartmentHead},
      {"chief", Role::kChief},
      {"finance", Role::kFinance},
      {"volunteer", Role::kVolunteer},
      {"analyst", Role::kAnalyst},
      {"admin", Role::kAdmin},
      {"service", Role::kService},
  };
  for (const auto& [n, r] : kRoles) {
    if (n == name) return r;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown role '", name, "'"));
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAgency:
      return "agency";
    case Role::kCaseworker:
      return "caseworker";
    case Role::kDepartmentHead:
      return "department_head";
    case Role::kChief:
      return "chief";
    case Role::kFinance:
      return "finance";
    case Role::kVolunteer:
      return "volunteer";
    case Role::kAnalyst:
      return "analyst";
    case Role::kAdmin:
      return "admin";
    case Role::kService:
      return "service";
  }
  return "unknown";
}

std::string Principal::Name() const {
  switch (kind) {
    case Kind::kUser:
      return absl::StrCat("user:", id);
    case Kind::kAgency:
      return absl::StrCat("agency:", id);
    case Kind::kService:
      return absl::StrCat("service:", id);
  }
  return id;
}

Authenticator::Authenticator(std::unique_ptr<TokenVerifier> verifier, AgencyLookup agencies,
                             const Clock* clock, absl::Duration agency_cache_ttl)
    : verifier_(std::move(verifier)),
      agencies_(std::move(agencies)),
      clock_(clock),
      ttl_(agency_cache_ttl) {}

absl::StatusOr<AgencyIdentity> Authenticator::LookupAgency(const std::string& code) const {
  const absl::Time now = clock_->Now();
  {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(code);
    if (it != cache_.end() && now - it->second.fetched < ttl_) return it->second.identity;
  }
  if (!agencies_) return absl::UnauthenticatedError("agency calls are not accepted here");
  auto found = agencies_(code);
  if (!found.ok()) return found.status();  // NOT_FOUND: the caller says whose claim it was
  absl::MutexLock lock(&mu_);
  cache_[code] = Cached{*found, now};
  return *found;
}

absl::StatusOr<Principal> Authenticator::AgencyStaff(const Claims& claims) const {
  auto agency = LookupAgency(claims.agency);
  if (!agency.ok()) {
    if (absl::IsNotFound(agency.status())) {
      return absl::UnauthenticatedError("token names an unregistered agency");
    }
    return agency.status();
  }
  if (!agency->active) return absl::PermissionDeniedError("agency is deactivated");
  if (agency->procuratorate != claims.procuratorate) {
    return absl::UnauthenticatedError("token procuratorate is not the agency's");
  }
  Principal p;
  p.kind = Principal::Kind::kAgency;
  p.id = agency->code;
  p.display_name = claims.name.empty() ? agency->name : claims.name;
  p.procuratorate = agency->procuratorate;
  p.person = claims.subject;
  p.roles = {Role::kAgency};
  return p;
}

absl::StatusOr<Claims> Authenticator::VerifyToken(absl::string_view token) const {
  const absl::Time now = clock_->Now();
  {
    absl::MutexLock lock(&tokens_mu_);
    auto it = tokens_.find(token);
    if (it != tokens_.end()) {
      // The signature of these exact bytes was verified; only the time checks of
      // TokenVerifier::Verify can change their answer.
      if (now >= it->second.expires_at) {
        tokens_.erase(it);
        return absl::UnauthenticatedError("expired");
      }
      if (it->second.issued_at > now + TokenVerifier::kMaxClockSkew) {
        return absl::UnauthenticatedError("issued in the future");
      }
      return it->second;
    }
  }
  absl::StatusOr<Claims> claims = verifier_->Verify(token, now);
  if (!claims.ok()) return claims;
  absl::MutexLock lock(&tokens_mu_);
  if (tokens_.size() >= kMaxCachedTokens) tokens_.clear();
  tokens_.emplace(std::string(token), *claims);
  return claims;
}

absl::StatusOr<Principal> Authenticator::FromPeer(absl::string_view cn,
                                                  absl::string_view authorization) const {
  Principal p;
  if (absl::ConsumePrefix(&cn, "agency:")) {
    auto agency = LookupAgency(std::string(cn));
    if (!agency.ok()) {
      if (absl::IsNotFound(agency.status())) {
        return absl::UnauthenticatedError("certificate names an unregistered agency");
      }
      return agency.status();
    }
    if (!agency->active) return absl::PermissionDeniedError("agency is deactivated");
    p.kind = Principal::Kind::kAgency;
    p.id = agency->code;
    p.display_name = agency->name;
    p.procuratorate = agency->procuratorate;
    p.roles = {Role::kAgency};
    return p;
  }
  if (absl::ConsumePrefix(&cn, "service:")) {
    if (cn.empty()) return absl::UnauthenticatedError("empty service name in certificate");
    p.kind = Principal::Kind::kService;
    p.id = std::string(cn);
    p.display_name = p.id;
    p.roles = {Role::kService};
    return p;
  }
  if (absl::ConsumePrefix(&cn, "client:")) {
    absl::string_view token = authorization;
    if (!absl::ConsumePrefix(&token, "Bearer ") || token.empty()) {
      return absl::UnauthenticatedError("missing bearer token (authorization: Bearer <token>)");
    }
    auto claims = VerifyToken(absl::StripAsciiWhitespace(token));
    if (!claims.ok()) {
      return absl::UnauthenticatedError(absl::StrCat("invalid token: ", claims.status().message()));
    }
    if (absl::Status roles = CheckAgencyRoles(*claims); !roles.ok()) {
      return absl::UnauthenticatedError(absl::StrCat("invalid token: ", roles.message()));
    }
    if (!claims->agency.empty()) return AgencyStaff(*claims);
    p.kind = Principal::Kind::kUser;
    p.id = claims->subject;
    p.display_name = claims->name;
    p.procuratorate = claims->procuratorate;
    p.department = claims->department;
    p.title = claims->title;
    for (const std::string& r : claims->roles) {
      auto role = ParseRole(r);
      if (!role.ok()) continue;  // unknown roles grant nothing
      if (*role == Role::kAgency || *role == Role::kService) continue;  // certificate-only roles
      p.roles.insert(*role);
    }
    return p;
  }
  return absl::UnauthenticatedError("client certificate is not a Shouhu identity");
}

absl::StatusOr<Principal> Authenticator::Authenticate(const grpc::ServerContextBase& ctx) const {
  std::shared_ptr<const grpc::AuthContext> auth = ctx.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) {
    return absl::UnauthenticatedError("a client certificate is required");
  }
  std::vector<grpc::string_ref> cns = auth->FindPropertyValues("x509_common_name");
  if (cns.empty()) return absl::UnauthenticatedError("client certificate has no common name");
  const std::string cn(cns.front().data(), cns.front().size());
  std::string authorization;
  const auto& md = ctx.client_metadata();
  auto it = md.find("authorization");
  if (it != md.end()) authorization.assign(it->second.data(), it->second.size());
  return FromPeer(cn, authorization);
}

}  // namespace shouhu
