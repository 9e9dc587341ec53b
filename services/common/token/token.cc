#include "common/token/token.h"

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"

namespace shouhu {
namespace {

using Json = nlohmann::json;

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};
using CString = std::unique_ptr<char, FreeDeleter>;

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

// Never prompts for a passphrase: encrypted keys are refused.
int NoPassphrase(char*, int, int, void*) { return 0; }

// OK if `pem` holds an EC key on P-256, private or public as asked.
absl::Status CheckP256Pem(const std::string& pem, bool is_private) {
  const char* what = is_private ? "private" : "public";
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) return absl::InternalError("out of memory");
  std::unique_ptr<EVP_PKEY, PkeyDeleter> key(
      is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr)
                 : PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a PEM ", what, " key (or the key is encrypted)"));
  }
  char group[64] = {0};
  size_t group_len = 0;
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC ||
      EVP_PKEY_get_group_name(key.get(), group, sizeof(group), &group_len) != 1 ||
      std::strcmp(group, "prime256v1") != 0) {
    return absl::InvalidArgumentError(absl::StrCat("the ", what, " key must be EC P-256 (ES256)"));
  }
  return absl::OkStatus();
}

// The reason alone ("expired"): the caller that reports it (the authenticator) says that
// it is about a token, once.
absl::Status Unauthenticated(absl::string_view why) { return absl::UnauthenticatedError(why); }

// Reads a required string claim.
absl::Status GetString(const Json& claims, const char* name, bool non_empty, std::string* out) {
  const auto it = claims.find(name);
  if (it == claims.end()) return Unauthenticated(absl::StrCat("missing claim '", name, "'"));
  if (!it->is_string()) {
    return Unauthenticated(absl::StrCat("claim '", name, "' must be a string"));
  }
  *out = it->get<std::string>();
  if (non_empty && out->empty()) {
    return Unauthenticated(absl::StrCat("claim '", name, "' must not be empty"));
  }
  return absl::OkStatus();
}

absl::Status GetSeconds(const Json& claims, const char* name, absl::Time* out) {
  const auto it = claims.find(name);
  if (it == claims.end()) return Unauthenticated(absl::StrCat("missing claim '", name, "'"));
  if (!it->is_number_integer() ||
      (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t{INT64_MAX})) {
    return Unauthenticated(absl::StrCat("claim '", name, "' must be an integer"));
  }
  *out = absl::FromUnixSeconds(it->get<int64_t>());
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckAgencyRoles(const Claims& claims) {
  const bool agency_role =
      std::find(claims.roles.begin(), claims.roles.end(), "agency") != claims.roles.end();
  if (claims.agency.empty()) {
    if (agency_role) return absl::InvalidArgumentError("the role 'agency' needs an agency claim");
    return absl::OkStatus();
  }
  if (!agency_role || claims.roles.size() != 1) {
    return absl::InvalidArgumentError("an agency claim goes with the role 'agency' alone");
  }
  return absl::OkStatus();
}

TokenIssuer::~TokenIssuer() { std::fill(pem_.begin(), pem_.end(), '\0'); }

absl::StatusOr<std::unique_ptr<TokenIssuer>> TokenIssuer::FromPrivateKeyPem(std::string pem) {
  RETURN_IF_ERROR(CheckP256Pem(pem, /*is_private=*/true));
  return std::unique_ptr<TokenIssuer>(new TokenIssuer(std::move(pem)));
}

absl::StatusOr<std::string> TokenIssuer::Issue(const Claims& claims) const {
  if (claims.subject.empty()) return absl::InvalidArgumentError("token subject is empty");
  if (claims.procuratorate.empty()) {
    return absl::InvalidArgumentError("token procuratorate is empty");
  }
  const int64_t iat = absl::ToUnixSeconds(claims.issued_at);
  const int64_t exp = absl::ToUnixSeconds(claims.expires_at);
  if (exp <= iat) return absl::InvalidArgumentError("token must expire after it is issued");
  bool utf8 = IsValidUtf8(claims.subject) && IsValidUtf8(claims.name) &&
              IsValidUtf8(claims.procuratorate) && IsValidUtf8(claims.department) &&
              IsValidUtf8(claims.title);
  for (const std::string& role : claims.roles) utf8 = utf8 && IsValidUtf8(role);
  if (!utf8) return absl::InvalidArgumentError("token claims must be valid UTF-8");
  if (!claims.agency.empty() && !IsValidCode(claims.agency, 3, 32)) {
    return absl::InvalidArgumentError("token agency must be 3-32 characters of [A-Za-z0-9_-]");
  }
  RETURN_IF_ERROR(CheckAgencyRoles(claims));

  Json payload = {{"iss", kTokenIssuer},
                  {"sub", claims.subject},
                  {"name", claims.name},
                  {"proc", claims.procuratorate},
                  {"dept", claims.department},
                  {"title", claims.title},
                  {"roles", claims.roles},
                  {"iat", iat},
                  {"exp", exp}};
  if (!claims.agency.empty()) payload["agency"] = claims.agency;
  const std::string payload_json = payload.dump();

  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("jwt_new failed");
  JwtPtr jwt(raw);
  if (jwt_add_grants_json(jwt.get(), payload_json.c_str()) != 0) {
    return absl::InternalError("cannot add token claims");
  }
  if (jwt_set_alg(jwt.get(), JWT_ALG_ES256, reinterpret_cast<const unsigned char*>(pem_.data()),
                  static_cast<int>(pem_.size())) != 0) {
    return absl::InternalError("cannot set token algorithm");
  }
  CString encoded(jwt_encode_str(jwt.get()));
  if (encoded == nullptr) return absl::InternalError("cannot sign token");
  return std::string(encoded.get());
}

absl::StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifier::FromPublicKeyPem(std::string pem) {
  RETURN_IF_ERROR(CheckP256Pem(pem, /*is_private=*/false));
  return std::unique_ptr<TokenVerifier>(new TokenVerifier(std::move(pem)));
}

absl::StatusOr<Claims> TokenVerifier::Verify(absl::string_view token, absl::Time now) const {
  if (token.empty()) return Unauthenticated("empty");
  if (token.size() > kMaxTokenSize) return Unauthenticated("too long");
  if (token.find('\0') != absl::string_view::npos) return Unauthenticated("malformed");
  const std::string token_str(token);

  jwt_t* raw = nullptr;
  // With a key, libjwt checks the signature for the algorithm named in the header; the
  // header algorithm is then required to be ES256, so "none" and HS256-with-the-public-key
  // tokens are refused below.
  if (jwt_decode(&raw, token_str.c_str(), reinterpret_cast<const unsigned char*>(pem_.data()),
                 static_cast<int>(pem_.size())) != 0 ||
      raw == nullptr) {
    return Unauthenticated("bad signature or format");
  }
  JwtPtr jwt(raw);
  if (jwt_get_alg(jwt.get()) != JWT_ALG_ES256) return Unauthenticated("algorithm must be ES256");

  CString grants(jwt_get_grants_json(jwt.get(), nullptr));
  if (grants == nullptr) return Unauthenticated("no claims");
  const Json payload = Json::parse(grants.get(), nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return Unauthenticated("claims are not a JSON object");

  std::string issuer;
  RETURN_IF_ERROR(GetString(payload, "iss", true, &issuer));
  if (issuer != kTokenIssuer) return Unauthenticated("wrong issuer");

  Claims claims;
  RETURN_IF_ERROR(GetString(payload, "sub", true, &claims.subject));
  RETURN_IF_ERROR(GetString(payload, "name", false, &claims.name));
  RETURN_IF_ERROR(GetString(payload, "proc", true, &claims.procuratorate));
  RETURN_IF_ERROR(GetString(payload, "dept", false, &claims.department));
  if (payload.contains("title")) {  // optional: tokens issued before titles have none
    RETURN_IF_ERROR(GetString(payload, "title", false, &claims.title));
  }
  if (payload.contains("agency")) {  // optional: agency staff only
    RETURN_IF_ERROR(GetString(payload, "agency", false, &claims.agency));
  }
  const auto roles = payload.find("roles");
  if (roles == payload.end()) return Unauthenticated("missing claim 'roles'");
  if (!roles->is_array()) return Unauthenticated("claim 'roles' must be an array of strings");
  for (const Json& role : *roles) {
    if (!role.is_string()) return Unauthenticated("claim 'roles' must be an array of strings");
    claims.roles.push_back(role.get<std::string>());
  }
  RETURN_IF_ERROR(GetSeconds(payload, "iat", &claims.issued_at));
  RETURN_IF_ERROR(GetSeconds(payload, "exp", &claims.expires_at));
  if (now >= claims.expires_at) return Unauthenticated("expired");
  if (claims.issued_at > now + kMaxClockSkew) return Unauthenticated("issued in the future");
  return claims;
}

}  // namespace shouhu
