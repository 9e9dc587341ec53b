#include "common/token/token.h"

#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/test_keys.h"

namespace shouhu {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using ::shouhu::testing::GenerateKeyPair;
using ::shouhu::testing::KeyPair;

std::string Base64Url(absl::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  out.resize(n);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

const absl::Time kNow = absl::FromUnixSeconds(1767225600);  // 2026-01-01T00:00:00Z

class TokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    keys_ = new KeyPair(GenerateKeyPair());
    other_keys_ = new KeyPair(GenerateKeyPair());
  }
  static void TearDownTestSuite() {
    delete keys_;
    delete other_keys_;
  }

  void SetUp() override {
    auto issuer = TokenIssuer::FromPrivateKeyPem(keys_->private_pem);
    ASSERT_TRUE(issuer.ok()) << issuer.status();
    issuer_ = std::move(issuer).value();
    auto verifier = TokenVerifier::FromPublicKeyPem(keys_->public_pem);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = std::move(verifier).value();
  }

  static Claims SampleClaims() {
    Claims claims;
    claims.subject = "u-001";
    claims.name = "张三";
    claims.procuratorate = "520382";
    claims.department = "第九检察部";
    claims.roles = {"caseworker", "department_head"};
    claims.issued_at = kNow - absl::Hours(1);
    claims.expires_at = kNow + absl::Hours(719);
    return claims;
  }

  // Signs an arbitrary payload with ES256 under `private_pem`, bypassing TokenIssuer checks.
  static std::string SignRaw(const std::string& payload_json, const std::string& private_pem) {
    jwt_t* jwt = nullptr;
    EXPECT_EQ(jwt_new(&jwt), 0);
    EXPECT_EQ(jwt_add_grants_json(jwt, payload_json.c_str()), 0);
    EXPECT_EQ(
        jwt_set_alg(jwt, JWT_ALG_ES256, reinterpret_cast<const unsigned char*>(private_pem.data()),
                    static_cast<int>(private_pem.size())),
        0);
    char* encoded = jwt_encode_str(jwt);
    std::string out = encoded != nullptr ? encoded : "";
    std::free(encoded);
    jwt_free(jwt);
    return out;
  }

  static std::string Payload(const std::string& without = "", const std::string& extra = "") {
    std::vector<std::string> parts = {R"("iss":"shouhu")",   R"("sub":"u-001")",
                                      R"("name":"张三")",    R"("proc":"520382")",
                                      R"("dept":"")",        R"("roles":["caseworker"])",
                                      R"("iat":1767222000)", R"("exp":1767229200)"};
    std::string json = "{";
    for (const std::string& part : parts) {
      if (!without.empty() && part.rfind("\"" + without + "\"", 0) == 0) continue;
      if (json.size() > 1) json += ",";
      json += part;
    }
    if (!extra.empty()) json += (json.size() > 1 ? "," : "") + extra;
    return json + "}";
  }

  absl::Status VerifyStatus(absl::string_view token, absl::Time now = kNow) {
    return verifier_->Verify(token, now).status();
  }

  static KeyPair* keys_;
  static KeyPair* other_keys_;
  std::unique_ptr<TokenIssuer> issuer_;
  std::unique_ptr<TokenVerifier> verifier_;
};
KeyPair* TokenTest::keys_ = nullptr;
KeyPair* TokenTest::other_keys_ = nullptr;

TEST_F(TokenTest, RoundTrips) {
  auto token = issuer_->Issue(SampleClaims());
  ASSERT_TRUE(token.ok()) << token.status();
  const std::vector<std::string> parts = absl::StrSplit(*token, '.');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[2].size(), 86u);  // JWS ES256 signature: raw R||S, 64 bytes
  auto claims = verifier_->Verify(*token, kNow);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, "u-001");
  EXPECT_EQ(claims->name, "张三");
  EXPECT_EQ(claims->procuratorate, "520382");
  EXPECT_EQ(claims->department, "第九检察部");
  EXPECT_THAT(claims->roles, ElementsAre("caseworker", "department_head"));
  EXPECT_EQ(claims->issued_at, kNow - absl::Hours(1));
  EXPECT_EQ(claims->expires_at, kNow + absl::Hours(719));
}

TEST_F(TokenTest, AcceptsAHandSignedTokenWithTheExpectedClaims) {
  auto claims = verifier_->Verify(SignRaw(Payload(), keys_->private_pem), kNow);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->department, "");
  EXPECT_THAT(claims->roles, ElementsAre("caseworker"));
}

TEST_F(TokenTest, RejectsExpiredTokens) {
  Claims c = SampleClaims();
  auto token = issuer_->Issue(c);
  ASSERT_TRUE(token.ok()) << token.status();
  ASSERT_FALSE(token->empty());
  // Valid until the second before expiry: the refusals below are about time alone.
  ASSERT_TRUE(verifier_->Verify(*token, c.expires_at - absl::Seconds(1)).ok());
  for (absl::Time now : {c.expires_at, c.expires_at + absl::Hours(1)}) {
    const absl::Status status = VerifyStatus(*token, now);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
    // The reason alone: the authenticator adds "invalid token: " once.
    EXPECT_EQ(status.message(), "expired");
  }
  // An empty token is refused for being empty, not for being expired.
  EXPECT_EQ(VerifyStatus("", c.expires_at).message(), "empty");
}

TEST_F(TokenTest, RejectsTokensIssuedInTheFuture) {
  Claims c = SampleClaims();
  c.issued_at = kNow + absl::Minutes(10);
  const std::string token = *issuer_->Issue(c);
  EXPECT_EQ(VerifyStatus(token).message(), "issued in the future");
  EXPECT_TRUE(verifier_->Verify(token, kNow + absl::Minutes(6)).ok());
}

TEST_F(TokenTest, RejectsAnotherKeysSignature) {
  auto forger = TokenIssuer::FromPrivateKeyPem(other_keys_->private_pem);
  ASSERT_TRUE(forger.ok());
  const std::string forged = *(*forger)->Issue(SampleClaims());
  const absl::Status status = VerifyStatus(forged);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("signature"));
}

TEST_F(TokenTest, RejectsAlteredPayload) {
  const std::string token = *issuer_->Issue(SampleClaims());
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  Claims admin = SampleClaims();
  admin.roles = {"administrator"};
  const std::vector<std::string> other = absl::StrSplit(*issuer_->Issue(admin), '.');
  const std::string spliced = absl::StrCat(parts[0], ".", other[1], ".", parts[2]);
  EXPECT_EQ(VerifyStatus(spliced).code(), absl::StatusCode::kUnauthenticated);
  std::string flipped = token;
  flipped[flipped.size() - 5] = flipped[flipped.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(VerifyStatus(flipped).code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(TokenTest, RejectsAlgNone) {
  const std::string header = Base64Url(R"({"alg":"none","typ":"JWT"})");
  const std::string payload = Base64Url(Payload());
  const absl::Status status = VerifyStatus(absl::StrCat(header, ".", payload, "."));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyStatus(absl::StrCat(header, ".", payload)).code(),
            absl::StatusCode::kUnauthenticated);
  const std::string header_upper = Base64Url(R"({"alg":"NONE","typ":"JWT"})");
  EXPECT_EQ(VerifyStatus(absl::StrCat(header_upper, ".", payload, ".")).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(TokenTest, RejectsHmacSignedWithThePublicKey) {
  // The classic algorithm-confusion attack: HS256 keyed with the verifier's public key.
  const std::string signing_input =
      absl::StrCat(Base64Url(R"({"alg":"HS256","typ":"JWT"})"), ".", Base64Url(Payload()));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), keys_->public_pem.data(), static_cast<int>(keys_->public_pem.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &mac_len);
  const std::string token = absl::StrCat(
      signing_input, ".", Base64Url(absl::string_view(reinterpret_cast<char*>(mac), mac_len)));
  const absl::Status status = VerifyStatus(token);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  // libjwt accepts this signature; only the algorithm check stops it.
  EXPECT_THAT(status.message(), HasSubstr("algorithm must be ES256"));
}

TEST_F(TokenTest, RejectsMissingOrMistypedClaims) {
  for (const char* claim : {"iss", "sub", "name", "proc", "dept", "roles", "iat", "exp"}) {
    const absl::Status status = VerifyStatus(SignRaw(Payload(claim), keys_->private_pem));
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << claim;
    EXPECT_THAT(status.message(), HasSubstr(absl::StrCat("missing claim '", claim, "'")));
  }
  const auto with = [&](const std::string& without, const std::string& replacement) {
    return VerifyStatus(SignRaw(Payload(without, replacement), keys_->private_pem));
  };
  EXPECT_THAT(with("sub", R"("sub":"")").message(), HasSubstr("'sub' must not be empty"));
  EXPECT_THAT(with("proc", R"("proc":5)").message(), HasSubstr("'proc' must be a string"));
  EXPECT_THAT(with("roles", R"("roles":"caseworker")").message(), HasSubstr("array"));
  EXPECT_THAT(with("roles", R"("roles":["a",1])").message(), HasSubstr("array"));
  EXPECT_THAT(with("exp", R"("exp":"1767229200")").message(), HasSubstr("'exp' must be an"));
  EXPECT_THAT(with("iat", R"("iat":1.5)").message(), HasSubstr("'iat' must be an"));
}

TEST_F(TokenTest, RejectsOtherIssuers) {
  const absl::Status status =
      VerifyStatus(SignRaw(Payload("iss", R"("iss":"someone-else")"), keys_->private_pem));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("issuer"));
}

TEST_F(TokenTest, MessagesCarryNoPrefix) {
  // "invalid token: " is added once by whoever reports the refusal, never here.
  for (const std::string& token :
       {std::string(""), std::string("abc"), SignRaw(Payload("sub"), keys_->private_pem)}) {
    const absl::Status status = VerifyStatus(token);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
    EXPECT_THAT(status.message(), ::testing::Not(HasSubstr("invalid token"))) << status;
  }
  EXPECT_EQ(VerifyStatus(SignRaw(Payload("sub"), keys_->private_pem)).message(),
            "missing claim 'sub'");
}

TEST_F(TokenTest, RejectsGarbage) {
  for (const std::string& token : {std::string(""), std::string("abc"), std::string("a.b.c"),
                                   std::string(10000, 'a'), std::string("a\0b", 3)}) {
    EXPECT_EQ(VerifyStatus(token).code(), absl::StatusCode::kUnauthenticated);
  }
}

TEST_F(TokenTest, IssueValidatesClaims) {
  Claims c = SampleClaims();
  c.subject = "";
  EXPECT_EQ(issuer_->Issue(c).status().code(), absl::StatusCode::kInvalidArgument);
  c = SampleClaims();
  c.procuratorate = "";
  EXPECT_EQ(issuer_->Issue(c).status().code(), absl::StatusCode::kInvalidArgument);
  c = SampleClaims();
  c.expires_at = c.issued_at;
  EXPECT_EQ(issuer_->Issue(c).status().code(), absl::StatusCode::kInvalidArgument);
  c = SampleClaims();
  c.name = "bad\xFF";
  EXPECT_EQ(issuer_->Issue(c).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(TokenTest, RejectsUnsuitableKeys) {
  EXPECT_EQ(TokenIssuer::FromPrivateKeyPem("not a key").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TokenIssuer::FromPrivateKeyPem(keys_->public_pem).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TokenVerifier::FromPublicKeyPem(keys_->private_pem).status().code(),
            absl::StatusCode::kInvalidArgument);
  const KeyPair p384 = GenerateKeyPair("EC", "P-384");
  EXPECT_EQ(TokenIssuer::FromPrivateKeyPem(p384.private_pem).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TokenVerifier::FromPublicKeyPem(p384.public_pem).status().code(),
            absl::StatusCode::kInvalidArgument);
  const KeyPair rsa = GenerateKeyPair("RSA");
  EXPECT_EQ(TokenIssuer::FromPrivateKeyPem(rsa.private_pem).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TokenVerifier::FromPublicKeyPem(rsa.public_pem).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Agency staff: the "agency" claim round-trips, is absent from other tokens, and goes only
// with the role "agency" alone.
TEST_F(TokenTest, AgencyClaimRoundTripsAndIsAbsentOtherwise) {
  Claims c = SampleClaims();
  c.subject = "s-edu-renhuai";
  c.name = "仁怀市教育局 王老师";
  c.department = "";
  c.roles = {"agency"};
  c.agency = "edu-renhuai";
  auto token = issuer_->Issue(c);
  ASSERT_TRUE(token.ok()) << token.status();
  auto claims = verifier_->Verify(*token, kNow);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->agency, "edu-renhuai");
  EXPECT_EQ(claims->subject, "s-edu-renhuai");
  EXPECT_THAT(claims->roles, ElementsAre("agency"));

  auto plain = issuer_->Issue(SampleClaims());
  ASSERT_TRUE(plain.ok()) << plain.status();
  auto user = verifier_->Verify(*plain, kNow);
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(user->agency, "");
}

TEST_F(TokenTest, VerifyReadsAnAgencyClaimAndRejectsAMistypedOne) {
  auto staff =
      verifier_->Verify(SignRaw(Payload("roles", R"("roles":["agency"],"agency":"police-renhuai")"),
                                keys_->private_pem),
                        kNow);
  ASSERT_TRUE(staff.ok()) << staff.status();
  EXPECT_EQ(staff->agency, "police-renhuai");
  const absl::Status mistyped =
      VerifyStatus(SignRaw(Payload("", R"("agency":7)"), keys_->private_pem));
  EXPECT_EQ(mistyped.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(mistyped.message(), "claim 'agency' must be a string");
}

TEST_F(TokenTest, IssueRefusesAgencyClaimsThatDoNotGoWithTheRoles) {
  Claims c = SampleClaims();
  c.agency = "edu-renhuai";
  c.roles = {"agency", "caseworker"};
  EXPECT_EQ(issuer_->Issue(c).status().code(), absl::StatusCode::kInvalidArgument);
  c.roles = {"caseworker"};
  EXPECT_EQ(issuer_->Issue(c).status().code(), absl::StatusCode::kInvalidArgument);
  c.roles = {};
  EXPECT_EQ(issuer_->Issue(c).status().code(), absl::StatusCode::kInvalidArgument);
  c.roles = {"agency"};
  EXPECT_TRUE(issuer_->Issue(c).ok());
  c.agency = "";  // the role without the claim
  EXPECT_EQ(issuer_->Issue(c).status().code(), absl::StatusCode::kInvalidArgument);
  for (const char* bad : {"ab", "edu renhuai", "edu/renhuai", "agency:edu-renhuai"}) {
    c.agency = bad;
    EXPECT_EQ(issuer_->Issue(c).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(CheckAgencyRoles(SampleClaims()).ok());
}

}  // namespace
}  // namespace shouhu
