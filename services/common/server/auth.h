// Authentication of every call: TLS client certificate (mTLS) plus, for people, a signed
// token. See docs/architecture.md "Identity".
//
//   certificate CN "agency:<code>"  -> an active partner agency from the registry
//   certificate CN "service:<name>" -> another Shouhu service
//   certificate CN "client:<name>"  -> a people-facing client; the call must carry
//                                      "authorization: Bearer <ES256 JWT>" naming the user
//                                      or, with an "agency" claim, a person of that agency
//                                      (agency staff, e.g. in the browser console): then
//                                      the caller is the agency exactly as its certificate
//                                      would make it (kind kAgency, id the code, name and
//                                      procuratorate from the registry), with the person in
//                                      Principal::person and display_name.
//
// Agency staff tokens are refused (UNAUTHENTICATED) when the role "agency" comes without an
// agency claim or the claim with other roles, when the agency is not registered, and when
// the token's procuratorate is not the agency's; a deactivated agency is PERMISSION_DENIED
// as for its certificate.
#ifndef SHOUHU_COMMON_SERVER_AUTH_H_
#define SHOUHU_COMMON_SERVER_AUTH_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "common/base/clock.h"
#include "common/server/principal.h"
#include "common/token/token.h"

namespace shouhu {

struct AgencyIdentity {
  std::string code;
  std::string name;
  std::string procuratorate;
  bool active = false;
};

// Looks up a partner agency by code (NOT_FOUND when unknown).
using AgencyLookup = std::function<absl::StatusOr<AgencyIdentity>(const std::string& code)>;

class Authenticator {
 public:
  // `agencies` may be null for services that accept no agency calls.
  Authenticator(std::unique_ptr<TokenVerifier> verifier, AgencyLookup agencies, const Clock* clock,
                absl::Duration agency_cache_ttl = absl::Seconds(30));

  // Principal from a certificate common name and an optional bearer token (the metadata
  // value of "authorization"). Exposed for unit tests; Authenticate() calls it.
  absl::StatusOr<Principal> FromPeer(absl::string_view common_name,
                                     absl::string_view authorization) const;
  // Sync (ServerContext) and callback (CallbackServerContext) calls alike.
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase& ctx) const;

 private:
  // NOT_FOUND when the registry does not know `code`.
  absl::StatusOr<AgencyIdentity> LookupAgency(const std::string& code) const;
  // The agency principal of agency staff (a verified token with an agency claim).
  absl::StatusOr<Principal> AgencyStaff(const Claims& claims) const;
  // TokenVerifier::Verify, remembering tokens whose signature checked out: an ES256
  // verification costs about half a millisecond of CPU and a client sends the same token
  // on every call. Expiry and issue time are checked against the clock on every use.
  absl::StatusOr<Claims> VerifyToken(absl::string_view token) const;

  // Verified tokens kept at most; the set is emptied when full.
  static constexpr size_t kMaxCachedTokens = 1024;

  std::unique_ptr<TokenVerifier> verifier_;
  AgencyLookup agencies_;
  const Clock* clock_;
  absl::Duration ttl_;
  struct Cached {
    AgencyIdentity identity;
    absl::Time fetched;
  };
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, Cached> cache_ ABSL_GUARDED_BY(mu_);
  mutable absl::Mutex tokens_mu_;
  mutable absl::flat_hash_map<std::string, Claims> tokens_ ABSL_GUARDED_BY(tokens_mu_);
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_AUTH_H_
