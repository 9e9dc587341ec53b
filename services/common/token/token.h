// Signed tokens (JWT, ES256) that carry a person's identity: who, which procuratorate and
// department, which roles. Issued by an administrator tool or a login service holding the
// private key; verified by every service with the public key.
//
// Claims: {"iss":"shouhu","sub":...,"name":...,"proc":...,"dept":...,"roles":[...],
//          "iat":<unix seconds>,"exp":<unix seconds>} and, optional, "title" and "agency".
//
// Agency staff (a person working for a partner agency, e.g. in the browser console) carry
// "agency": the agency code, with roles exactly ["agency"]; the services then treat the
// caller as that agency (common/server/auth.h). The issuer refuses to sign a token that
// mixes the two (an agency claim with other roles, or the role "agency" without the claim).
#ifndef SHOUHU_COMMON_TOKEN_TOKEN_H_
#define SHOUHU_COMMON_TOKEN_TOKEN_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace shouhu {

inline constexpr char kTokenIssuer[] = "shouhu";

struct Claims {
  std::string subject;        // "sub": user id
  std::string name;           // "name": display name
  std::string procuratorate;  // "proc": tenant, e.g. "520382"
  std::string department;     // "dept": may be empty
  // "title": the official title where policy depends on it, e.g. "chief_procurator" (检察长)
  // or "deputy_chief_procurator" (副检察长); may be empty (absent in older tokens).
  std::string title;
  std::vector<std::string> roles;
  // "agency": the partner agency code of agency staff (roles then exactly {"agency"});
  // empty (absent) for procuratorate staff.
  std::string agency;
  absl::Time issued_at;   // "iat", whole seconds
  absl::Time expires_at;  // "exp", whole seconds
};

// An agency claim goes with roles exactly {"agency"}, and the role "agency" with an agency
// claim: INVALID_ARGUMENT naming what is wrong otherwise. The authenticator refuses such
// tokens too (a token signed by another issuer may not have been checked).
[[nodiscard]] absl::Status CheckAgencyRoles(const Claims& claims);

class TokenIssuer {
 public:
  // `pem` is an EC P-256 private key (PKCS#8 "PRIVATE KEY" or "EC PRIVATE KEY").
  // INVALID_ARGUMENT if it is anything else.
  static absl::StatusOr<std::unique_ptr<TokenIssuer>> FromPrivateKeyPem(std::string pem);
  ~TokenIssuer();

  // INVALID_ARGUMENT if subject or procuratorate is empty, a string is not valid UTF-8,
  // expires_at is not after issued_at, the agency is not an agency code (3-32 characters of
  // [A-Za-z0-9_-]), or the agency and the roles do not go together (CheckAgencyRoles).
  // Sub-second parts of the times are dropped.
  absl::StatusOr<std::string> Issue(const Claims& claims) const;

 private:
  explicit TokenIssuer(std::string pem) : pem_(std::move(pem)) {}
  std::string pem_;
};

class TokenVerifier {
 public:
  // `pem` is an EC P-256 public key ("PUBLIC KEY"). INVALID_ARGUMENT otherwise.
  static absl::StatusOr<std::unique_ptr<TokenVerifier>> FromPublicKeyPem(std::string pem);

  // UNAUTHENTICATED unless `token` is a JWT signed with ES256 by the matching private key,
  // issued by "shouhu", with every claim present and of the right type (sub and proc
  // non-empty; title and agency optional strings), not expired at `now` (now < exp) and not issued
  // more than kMaxClockSkew after `now`. Thread-safe. The message is the reason only, without a
  // prefix ("expired", "bad signature or format", "missing claim 'sub'"); whoever reports it adds
  // the context once (the authenticator answers "invalid token: expired").
  absl::StatusOr<Claims> Verify(absl::string_view token, absl::Time now) const;

  static constexpr absl::Duration kMaxClockSkew = absl::Minutes(5);
  static constexpr size_t kMaxTokenSize = 8192;

 private:
  explicit TokenVerifier(std::string pem) : pem_(std::move(pem)) {}
  std::string pem_;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_TOKEN_TOKEN_H_
