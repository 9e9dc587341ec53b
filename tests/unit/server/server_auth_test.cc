// Authenticator::FromPeer: certificate common names and bearer tokens to principals.
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/clock.h"
#include "common/server/auth.h"
#include "common/server/principal.h"
#include "common/token/token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

struct KeyPair {
  std::string private_pem;
  std::string public_pem;
};

std::string Drain(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

// A fresh EC P-256 key pair as PEM.
KeyPair NewKeyPair() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  EXPECT_NE(key, nullptr);
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  EXPECT_EQ(PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  EXPECT_EQ(PEM_write_bio_PUBKEY(pub, key), 1);
  EVP_PKEY_free(key);
  return {Drain(priv), Drain(pub)};
}

const absl::Time kStart = absl::FromUnixSeconds(1789012800);  // 2026-09-10T04:00:00Z

class AuthenticatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    keys_ = new KeyPair(NewKeyPair());
    other_keys_ = new KeyPair(NewKeyPair());
  }
  static void TearDownTestSuite() {
    delete keys_;
    delete other_keys_;
  }

  void SetUp() override {
    auto issuer = TokenIssuer::FromPrivateKeyPem(keys_->private_pem);
    ASSERT_TRUE(issuer.ok()) << issuer.status();
    issuer_ = *std::move(issuer);
    agencies_["edu-renhuai"] = {"edu-renhuai", "仁怀市教育局", "520382", true};
    agencies_["fed-closed"] = {"fed-closed", "已撤销单位", "520382", false};
    auth_ = MakeAuthenticator([this](const std::string& code) -> absl::StatusOr<AgencyIdentity> {
      ++lookups_[code];
      if (code == "flaky") return absl::UnavailableError("registry down");
      auto it = agencies_.find(code);
      if (it == agencies_.end()) return absl::NotFoundError("no such agency");
      return it->second;
    });
  }

  std::unique_ptr<Authenticator> MakeAuthenticator(AgencyLookup lookup) {
    auto verifier = TokenVerifier::FromPublicKeyPem(keys_->public_pem);
    EXPECT_TRUE(verifier.ok()) << verifier.status();
    return std::make_unique<Authenticator>(*std::move(verifier), std::move(lookup), &clock_,
                                           absl::Seconds(30));
  }

  Claims UserClaims(std::vector<std::string> roles) const {
    Claims c;
    c.subject = "u-li";
    c.name = "李检察官";
    c.procuratorate = "520382";
    c.department = "第九检察部";
    c.roles = std::move(roles);
    c.issued_at = kStart - absl::Minutes(1);
    c.expires_at = kStart + absl::Hours(8);
    return c;
  }

  // A person of `agency` (roles {"agency"}), in Renhuai.
  Claims StaffClaims(const std::string& agency) const {
    Claims c = UserClaims({"agency"});
    c.subject = "s-edu-renhuai";
    c.name = "仁怀市教育局 王老师";
    c.department = "";
    c.agency = agency;
    return c;
  }

  // A bearer token signed with the trusted key without the issuer's checks of the
  // agency claim (as another issuer holding the key might make it).
  std::string SignedUnchecked(const Claims& c) const {
    nlohmann::json payload = {{"iss", kTokenIssuer},
                              {"sub", c.subject},
                              {"name", c.name},
                              {"proc", c.procuratorate},
                              {"dept", c.department},
                              {"roles", c.roles},
                              {"iat", absl::ToUnixSeconds(c.issued_at)},
                              {"exp", absl::ToUnixSeconds(c.expires_at)}};
    if (!c.agency.empty()) payload["agency"] = c.agency;
    jwt_t* jwt = nullptr;
    EXPECT_EQ(jwt_new(&jwt), 0);
    EXPECT_EQ(jwt_add_grants_json(jwt, payload.dump().c_str()), 0);
    EXPECT_EQ(jwt_set_alg(jwt, JWT_ALG_ES256,
                          reinterpret_cast<const unsigned char*>(keys_->private_pem.data()),
                          static_cast<int>(keys_->private_pem.size())),
              0);
    char* encoded = jwt_encode_str(jwt);
    std::string out = absl::StrCat("Bearer ", encoded != nullptr ? encoded : "");
    std::free(encoded);
    jwt_free(jwt);
    return out;
  }

  std::string Bearer(const Claims& c) const {
    auto token = issuer_->Issue(c);
    EXPECT_TRUE(token.ok()) << token.status();
    return absl::StrCat("Bearer ", token.value_or(""));
  }

  static KeyPair* keys_;
  static KeyPair* other_keys_;
  FakeClock clock_{kStart};
  std::unique_ptr<TokenIssuer> issuer_;
  std::map<std::string, AgencyIdentity> agencies_;
  std::map<std::string, int> lookups_;
  std::unique_ptr<Authenticator> auth_;
};

KeyPair* AuthenticatorTest::keys_ = nullptr;
KeyPair* AuthenticatorTest::other_keys_ = nullptr;

TEST_F(AuthenticatorTest, ActiveAgencyBecomesAnAgencyPrincipal) {
  auto p = auth_->FromPeer("agency:edu-renhuai", "");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->kind, Principal::Kind::kAgency);
  EXPECT_EQ(p->id, "edu-renhuai");
  EXPECT_EQ(p->display_name, "仁怀市教育局");
  EXPECT_EQ(p->procuratorate, "520382");
  EXPECT_THAT(p->roles, ElementsAre(Role::kAgency));
  EXPECT_EQ(p->Name(), "agency:edu-renhuai");
}

TEST_F(AuthenticatorTest, AgencyFailures) {
  const struct {
    const char* cn;
    absl::StatusCode code;
  } kCases[] = {
      {"agency:fed-closed", absl::StatusCode::kPermissionDenied},
      {"agency:unknown", absl::StatusCode::kUnauthenticated},
      {"agency:", absl::StatusCode::kUnauthenticated},
      {"agency:flaky", absl::StatusCode::kUnavailable},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(auth_->FromPeer(c.cn, "").status().code(), c.code) << c.cn;
  }
}

TEST_F(AuthenticatorTest, AgencyLookupIsCachedWithinTheTtl) {
  ASSERT_TRUE(auth_->FromPeer("agency:edu-renhuai", "").ok());
  ASSERT_TRUE(auth_->FromPeer("agency:edu-renhuai", "").ok());
  EXPECT_EQ(lookups_["edu-renhuai"], 1);
  clock_.Advance(absl::Seconds(29));
  ASSERT_TRUE(auth_->FromPeer("agency:edu-renhuai", "").ok());
  EXPECT_EQ(lookups_["edu-renhuai"], 1);
  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(auth_->FromPeer("agency:edu-renhuai", "").ok());
  EXPECT_EQ(lookups_["edu-renhuai"], 2);
  ASSERT_TRUE(auth_->FromPeer("agency:edu-renhuai", "").ok());
  EXPECT_EQ(lookups_["edu-renhuai"], 2);
}

TEST_F(AuthenticatorTest, DeactivationIsSeenWhenTheCacheExpires) {
  ASSERT_TRUE(auth_->FromPeer("agency:edu-renhuai", "").ok());
  agencies_["edu-renhuai"].active = false;
  EXPECT_TRUE(auth_->FromPeer("agency:edu-renhuai", "").ok());
  clock_.Advance(absl::Seconds(31));
  EXPECT_EQ(auth_->FromPeer("agency:edu-renhuai", "").status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AuthenticatorTest, ErrorsAreNotCached) {
  EXPECT_FALSE(auth_->FromPeer("agency:flaky", "").ok());
  EXPECT_FALSE(auth_->FromPeer("agency:flaky", "").ok());
  EXPECT_EQ(lookups_["flaky"], 2);
}

TEST_F(AuthenticatorTest, WithoutAnAgencyLookupAgenciesAreRejected) {
  auto auth = MakeAuthenticator(nullptr);
  EXPECT_EQ(auth->FromPeer("agency:edu-renhuai", "").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(auth->FromPeer("service:aid", "").ok());
}

TEST_F(AuthenticatorTest, ServiceCertificateBecomesAServicePrincipal) {
  auto p = auth_->FromPeer("service:aid", "");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->kind, Principal::Kind::kService);
  EXPECT_EQ(p->id, "aid");
  EXPECT_THAT(p->roles, ElementsAre(Role::kService));
  EXPECT_EQ(p->Name(), "service:aid");
  EXPECT_EQ(auth_->FromPeer("service:", "").status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(AuthenticatorTest, ClientWithValidTokenBecomesAUser) {
  auto p = auth_->FromPeer("client:shouhu-cli",
                           Bearer(UserClaims({"caseworker", "department_head", "wizard"})));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->kind, Principal::Kind::kUser);
  EXPECT_EQ(p->id, "u-li");
  EXPECT_EQ(p->display_name, "李检察官");
  EXPECT_EQ(p->procuratorate, "520382");
  EXPECT_EQ(p->department, "第九检察部");
  EXPECT_THAT(p->roles, UnorderedElementsAre(Role::kCaseworker, Role::kDepartmentHead));
  EXPECT_EQ(p->Name(), "user:u-li");
}

TEST_F(AuthenticatorTest, TokensCannotGrantCertificateRoles) {
  auto p =
      auth_->FromPeer("client:shouhu-cli", Bearer(UserClaims({"service", "analyst", "Chief"})));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->kind, Principal::Kind::kUser);
  EXPECT_THAT(p->roles, ElementsAre(Role::kAnalyst));
}

// Agency staff: a person's token with an agency claim over a client certificate is the
// agency, exactly as its certificate would make it, with the person beside it.
TEST_F(AuthenticatorTest, AgencyStaffTokenBecomesTheAgencyPrincipal) {
  auto p = auth_->FromPeer("client:shouhu-console", Bearer(StaffClaims("edu-renhuai")));
  ASSERT_TRUE(p.ok()) << p.status();
  auto cert = auth_->FromPeer("agency:edu-renhuai", "");
  ASSERT_TRUE(cert.ok()) << cert.status();
  EXPECT_EQ(p->kind, Principal::Kind::kAgency);
  EXPECT_EQ(p->id, cert->id);
  EXPECT_EQ(p->procuratorate, cert->procuratorate);
  EXPECT_EQ(p->department, cert->department);
  EXPECT_EQ(p->roles, cert->roles);
  EXPECT_EQ(p->Name(), "agency:edu-renhuai");
  EXPECT_EQ(p->person, "s-edu-renhuai");
  EXPECT_EQ(p->display_name, "仁怀市教育局 王老师");
  EXPECT_EQ(cert->person, "");
  EXPECT_EQ(lookups_["edu-renhuai"], 1);  // one registry lookup, cached for both paths
}

TEST_F(AuthenticatorTest, AgencyStaffTokenIsRefusedWhenTheAgencyDoesNotAdmitIt) {
  Claims wrong_proc = StaffClaims("edu-renhuai");
  wrong_proc.procuratorate = "520330";
  Claims mixed = StaffClaims("edu-renhuai");
  mixed.roles = {"agency", "caseworker"};
  Claims role_only = UserClaims({"agency"});
  const struct {
    const char* name;
    std::string authorization;
    absl::StatusCode code;
  } kCases[] = {
      {"unknown agency", Bearer(StaffClaims("edu-nowhere")), absl::StatusCode::kUnauthenticated},
      {"deactivated agency", Bearer(StaffClaims("fed-closed")),
       absl::StatusCode::kPermissionDenied},
      {"another procuratorate", Bearer(wrong_proc), absl::StatusCode::kUnauthenticated},
      {"registry down", Bearer(StaffClaims("flaky")), absl::StatusCode::kUnavailable},
      {"agency with other roles", SignedUnchecked(mixed), absl::StatusCode::kUnauthenticated},
      {"role agency without the claim", SignedUnchecked(role_only),
       absl::StatusCode::kUnauthenticated},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(auth_->FromPeer("client:shouhu-console", c.authorization).status().code(), c.code)
        << c.name;
  }
  // The same token over an agency or service certificate is the certificate's identity.
  auto svc = auth_->FromPeer("service:aid", Bearer(StaffClaims("edu-renhuai")));
  ASSERT_TRUE(svc.ok()) << svc.status();
  EXPECT_EQ(svc->kind, Principal::Kind::kService);
  // An agency deactivated later is refused once the cache expires, as for its certificate.
  ASSERT_TRUE(auth_->FromPeer("client:c", Bearer(StaffClaims("edu-renhuai"))).ok());
  agencies_["edu-renhuai"].active = false;
  clock_.Advance(absl::Seconds(31));
  EXPECT_EQ(auth_->FromPeer("client:c", Bearer(StaffClaims("edu-renhuai"))).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AuthenticatorTest, AgencyStaffNeedAnAgencyLookup) {
  auto auth = MakeAuthenticator(nullptr);
  EXPECT_EQ(auth->FromPeer("client:c", Bearer(StaffClaims("edu-renhuai"))).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(AuthenticatorTest, ClientWithoutAValidTokenIsUnauthenticated) {
  const std::string valid = Bearer(UserClaims({"caseworker"}));
  auto forger = TokenIssuer::FromPrivateKeyPem(other_keys_->private_pem);
  ASSERT_TRUE(forger.ok());
  const std::string forged =
      absl::StrCat("Bearer ", (*forger)->Issue(UserClaims({"chief"})).value_or(""));
  const struct {
    const char* name;
    std::string authorization;
  } kCases[] = {
      {"no header", ""},
      {"empty bearer", "Bearer "},
      {"other scheme", absl::StrCat("Basic ", valid.substr(7))},
      {"token without scheme", valid.substr(7)},
      {"garbage", "Bearer not.a.token"},
      {"signed by another key", forged},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(auth_->FromPeer("client:shouhu-cli", c.authorization).status().code(),
              absl::StatusCode::kUnauthenticated)
        << c.name;
  }
  EXPECT_TRUE(auth_->FromPeer("client:shouhu-cli", valid).ok());
}

TEST_F(AuthenticatorTest, ExpiredTokenIsUnauthenticated) {
  const std::string bearer = Bearer(UserClaims({"caseworker"}));
  clock_.Advance(absl::Hours(8) - absl::Seconds(1));
  EXPECT_TRUE(auth_->FromPeer("client:shouhu-cli", bearer).ok());
  clock_.Advance(absl::Seconds(1));
  // The token was remembered by the first call: the answer comes from the cache, with the
  // same message (prefixed once) as a token verified afresh.
  const absl::Status cached = auth_->FromPeer("client:shouhu-cli", bearer).status();
  EXPECT_EQ(cached.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(cached.message(), "invalid token: expired");
  const absl::Status fresh = auth_->FromPeer("client:shouhu-cli", bearer).status();
  EXPECT_EQ(fresh.message(), "invalid token: expired");
}

TEST_F(AuthenticatorTest, RememberedTokenIsStillCheckedOnEveryCall) {
  // Verified tokens are remembered: later calls still check the time, and a token that
  // differs in one character is verified on its own.
  const std::string bearer = Bearer(UserClaims({"caseworker"}));
  ASSERT_TRUE(auth_->FromPeer("client:shouhu-cli", bearer).ok());
  std::string tampered = bearer;
  char& c = tampered[tampered.size() - 10];  // inside the signature
  c = c == 'A' ? 'B' : 'A';
  EXPECT_EQ(auth_->FromPeer("client:shouhu-cli", tampered).status().code(),
            absl::StatusCode::kUnauthenticated);
  clock_.Set(kStart - absl::Minutes(1) - TokenVerifier::kMaxClockSkew - absl::Seconds(1));
  const absl::Status future = auth_->FromPeer("client:shouhu-cli", bearer).status();
  EXPECT_EQ(future.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(future.message(), "invalid token: issued in the future");
  clock_.Set(kStart);
  EXPECT_TRUE(auth_->FromPeer("client:shouhu-cli", bearer).ok());
}

TEST_F(AuthenticatorTest, OtherCommonNamesAreUnauthenticated) {
  const std::string bearer = Bearer(UserClaims({"caseworker"}));
  for (const char* cn : {"", "shouhu-cli", "user:u-li", "Agency:edu-renhuai", "admin:root",
                         " client:shouhu-cli", "agency"}) {
    EXPECT_EQ(auth_->FromPeer(cn, bearer).status().code(), absl::StatusCode::kUnauthenticated)
        << "'" << cn << "'";
  }
}

TEST(RoleTest, ParseRoleAndRoleNameRoundTrip) {
  const Role kAll[] = {Role::kAgency,  Role::kCaseworker, Role::kDepartmentHead,
                       Role::kChief,   Role::kFinance,    Role::kVolunteer,
                       Role::kAnalyst, Role::kAdmin,      Role::kService};
  std::set<std::string> names;
  for (Role r : kAll) {
    const std::string name(RoleName(r));
    names.insert(name);
    auto parsed = ParseRole(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(*parsed, r) << name;
  }
  EXPECT_EQ(names.size(), std::size(kAll));
  EXPECT_EQ(RoleName(Role::kDepartmentHead), "department_head");
  for (const char* bad : {"", "Caseworker", "caseworker ", "department-head", "root"}) {
    EXPECT_EQ(ParseRole(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace shouhu
