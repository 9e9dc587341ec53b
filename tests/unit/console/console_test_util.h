// Shared pieces of the console's unit tests: signing keys and tokens, a predictable
// random source, and a fake backend (an in-process gRPC server of the referral
// service's RegistryService answering ListAgencies).
#ifndef SHOUHU_TESTS_UNIT_CONSOLE_CONSOLE_TEST_UTIL_H_
#define SHOUHU_TESTS_UNIT_CONSOLE_CONSOLE_TEST_UTIL_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/base/text.h"
#include "common/server/grpc_status.h"
#include "common/token/token.h"
#include "console/random.h"
#include "gtest/gtest.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"
#include "support/test_keys.h"

namespace shouhu::console::testing {

inline const absl::Time kNow = absl::FromUnixSeconds(1767225600);  // 2026-01-01T00:00:00Z

using ::shouhu::testing::GenerateKeyPair;
using ::shouhu::testing::KeyPair;

// Issues tokens with one key pair and verifies with its public half.
class Tokens {
 public:
  Tokens() : keys_(GenerateKeyPair()) {
    issuer_ = std::move(TokenIssuer::FromPrivateKeyPem(keys_.private_pem)).value();
    verifier_ = std::move(TokenVerifier::FromPublicKeyPem(keys_.public_pem)).value();
  }
  const TokenVerifier& verifier() const { return *verifier_; }
  // A token of a member of staff of partner agency `agency` (roles exactly {"agency"}).
  std::string ForAgencyStaff(const std::string& subject, const std::string& agency) const {
    Claims c;
    c.subject = subject;
    c.name = "教育局王老师";
    c.procuratorate = "520382";
    c.roles = {"agency"};
    c.agency = agency;
    c.issued_at = kNow;
    c.expires_at = kNow + absl::Hours(1);
    absl::StatusOr<std::string> token = issuer_->Issue(c);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.ok() ? *token : "";
  }
  // A token of `subject` that expired an hour before kNow.
  std::string Expired(const std::string& subject = "u-zhang") const {
    return For(subject, absl::Hours(1), {"caseworker"}, kNow - absl::Hours(2));
  }

  // A token of the caseworker u-zhang (or `subject`), valid from `issued` for `ttl`.
  std::string For(const std::string& subject = "u-zhang", absl::Duration ttl = absl::Hours(1),
                  std::vector<std::string> roles = {"caseworker"}, absl::Time issued = kNow) const {
    Claims c;
    c.subject = subject;
    c.name = "张检察官";
    c.procuratorate = "520382";
    c.department = "第九检察部";
    c.roles = std::move(roles);
    c.issued_at = issued;
    c.expires_at = issued + ttl;
    absl::StatusOr<std::string> token = issuer_->Issue(c);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.ok() ? *token : "";
  }

 private:
  KeyPair keys_;
  std::unique_ptr<TokenIssuer> issuer_;
  std::unique_ptr<TokenVerifier> verifier_;
};

// Bytes 0x00, 0x01, 0x02, ... continuing across calls; can be told to fail or to repeat.
class CountingRandom final : public RandomSource {
 public:
  absl::Status Fill(unsigned char* out, size_t n) override {
    if (fail_) return absl::UnavailableError("no entropy");
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<unsigned char>(repeat_ ? 7 : next_++);
    return absl::OkStatus();
  }
  void set_fail(bool fail) { fail_ = fail; }
  void set_repeat(bool repeat) { repeat_ = repeat; }

 private:
  std::atomic<unsigned> next_{0};
  bool fail_ = false;
  bool repeat_ = false;
};

namespace rpb = ::shouhu::referral::v1;

// RegistryService with ListAgencies only (the rest answer UNIMPLEMENTED):
//   procuratorate_code "bad"  -> INVALID_ARGUMENT with a field violation (BadRequest)
//   procuratorate_code "deny" -> PERMISSION_DENIED
//   otherwise                 -> one agency of that procuratorate
// Remembers the authorization metadata of the last call.
class FakeRegistry final : public rpb::RegistryService::Service {
 public:
  grpc::Status ListAgencies(grpc::ServerContext* ctx, const rpb::ListAgenciesRequest* req,
                            rpb::ListAgenciesResponse* resp) override {
    {
      absl::MutexLock lock(&mu_);
      auto it = ctx->client_metadata().find("authorization");
      last_authorization_ = it == ctx->client_metadata().end()
                                ? ""
                                : std::string(it->second.data(), it->second.size());
      ++calls_;
    }
    if (req->procuratorate_code() == "bad") {
      FieldErrors errors;
      errors.Add("procuratorate_code", "must be 6 digits");
      return ToGrpcStatus(errors.ToStatus());
    }
    if (req->procuratorate_code() == "deny") {
      return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                          "your role does not give access to the registry");
    }
    rpb::Agency* a = resp->add_agencies();
    a->set_agency_code("edu-renhuai");
    a->set_name("仁怀市教育局");
    a->set_procuratorate_code(req->procuratorate_code());
    a->set_active(true);
    return grpc::Status::OK;
  }
  std::string last_authorization() {
    absl::MutexLock lock(&mu_);
    return last_authorization_;
  }
  int calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

 private:
  absl::Mutex mu_;
  std::string last_authorization_ ABSL_GUARDED_BY(mu_);
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

// The fake on a loopback port (plaintext: the console's unit tests are not about TLS).
class FakeBackend {
 public:
  FakeBackend() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&registry_);
    server_ = builder.BuildAndStart();
    EXPECT_NE(server_, nullptr);
    EXPECT_GT(port_, 0);
  }
  ~FakeBackend() { server_->Shutdown(std::chrono::system_clock::now()); }
  FakeRegistry& registry() { return registry_; }
  std::shared_ptr<grpc::Channel> Channel() const {
    return grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                               grpc::InsecureChannelCredentials());
  }

 private:
  FakeRegistry registry_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace shouhu::console::testing

#endif  // SHOUHU_TESTS_UNIT_CONSOLE_CONSOLE_TEST_UTIL_H_
