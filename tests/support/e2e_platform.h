// End-to-end test platform: the real service binaries, started as child processes with
// TLS and mTLS on, driven over gRPC like a partner agency system or the CLI would.
//
// Once per test binary (RegisterPlatform at namespace scope of the test file registers a
// gtest global environment):
//   - skips every test when SHOUHU_TEST_DB_PORT is unset (run under
//     tests/harness/with-mariadb.sh);
//   - creates a fresh database "shouhu_e2e_<pid>_<n>" on the harness server;
//   - generates a development PKI with deploy/local/certs.sh into a temporary directory;
//   - applies the migrations with shouhu-migrate;
//   - starts shouhu-oversight, shouhu-visit, shouhu-aid and shouhu-guardianship (each
//     optional; every outbox also delivers to the oversight service when it runs) and
//     shouhu-referral on free loopback ports with the flags deploy/local/up.sh gives them
//     (aid and guardianship ask the referral service about cases, people and agencies;
//     the referral outbox delivers to aid, visit and guardianship, the aid and
//     guardianship outboxes to visit), and waits until both the admin /healthz and the
//     gRPC health service report SERVING;
//   - registers the procuratorates 520382 and 520330 and the seven development agencies
//     (deploy/local/certs.sh gives each a certificate) through RegistryService as an
//     admin user.
// After the last test the environment sends SIGTERM, expects every service to exit with 0
// (graceful shutdown), drops the database and removes the temporary directory. Children
// that outlive the test binary are killed (see support/process.h).
//
// Tests share the platform, so each test makes its own records with fresh request ids
// (NewRequestId) and never assumes an empty database.
//
// Every RPC made through Caller carries a deadline.
#ifndef SHOUHU_TESTS_SUPPORT_E2E_PLATFORM_H_
#define SHOUHU_TESTS_SUPPORT_E2E_PLATFORM_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/token/token.h"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"
#include "support/builders.h"
#include "support/field_violations.h"
#include "support/process.h"

namespace shouhu::e2e {

namespace pb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;
namespace gpb = ::shouhu::guardianship::v1;

// The guardianship service's stubs (Caller::Call(&GuardOrders::DraftOrder, ...)).
using GuardOrders = gpb::GuardianshipOrderService::Stub;
using GuardEscalations = gpb::EscalationService::Stub;
using GuardUnattended = gpb::UnattendedChildService::Stub;
using GuardConfig = gpb::GuardianshipConfigService::Stub;

using ::shouhu::testing::DateOf;
using ::shouhu::testing::TodayInChina;
using ::shouhu::testing::Trailers;
using ::shouhu::testing::ViolatedFields;

inline constexpr absl::Duration kCallDeadline = absl::Seconds(10);

// ---------------------------------------------------------------------------------------
// Health probes
// ---------------------------------------------------------------------------------------

// GET http://127.0.0.1:<port><path>: the status (-1 when there is no answer) and body.
std::pair<int, std::string> HttpGet(int port, const std::string& path);
inline int HttpGetStatus(int port, const std::string& path) { return HttpGet(port, path).first; }

// grpc.health.v1.Health/Check through the generic stub (grpc++ 1.51 ships no public
// client for it). Returns the serving status (kServing, kNotServing, ...), or -1 with
// `rpc_status` set when the call itself failed.
inline constexpr int kServing = 1;
inline constexpr int kNotServing = 2;
int GrpcHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
               grpc::Status* rpc_status = nullptr, absl::Duration deadline = absl::Seconds(3));

// ---------------------------------------------------------------------------------------
// Callers
// ---------------------------------------------------------------------------------------

// One identity on one channel: a certificate (agency, service or client) and, for people,
// a bearer token sent with every call.
class Caller {
 public:
  Caller() = default;
  Caller(std::shared_ptr<grpc::Channel> channel, std::string token)
      : channel_(std::move(channel)), token_(std::move(token)) {}

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // Sets the deadline and the authorization metadata of a call.
  void Prepare(grpc::ClientContext* ctx, absl::Duration deadline = kCallDeadline) const;

  // A unary call through any generated stub, e.g.
  //   caller.Call(&pb::ReferralService::Stub::GetReferral, req, &resp);
  template <typename Stub, typename Req, typename Resp>
  grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                    const Req& req, Resp* resp, Trailers* trailers = nullptr,
                    absl::Duration deadline = kCallDeadline) const {
    Stub stub(channel_);
    grpc::ClientContext ctx;
    Prepare(&ctx, deadline);
    grpc::Status st = (stub.*method)(&ctx, req, resp);
    if (trailers != nullptr) CopyTrailers(ctx, trailers);
    return st;
  }

 private:
  static void CopyTrailers(const grpc::ClientContext& ctx, Trailers* trailers);
  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
};

std::string StatusText(const grpc::Status& st);

// ---------------------------------------------------------------------------------------
// Test data (built by support/builders.h)
// ---------------------------------------------------------------------------------------

// Unique per process, so each referral names people nobody else named.
int NextSerial();
// Request ids: 8-64 chars of [A-Za-z0-9_-], unique per process run.
std::string NewRequestId(absl::string_view tag);
// A valid ID number (Renhuai) of someone `age_years` old today, distinct for each serial.
std::string MakeIdNumber(int age_years, int serial, bool female);
// A valid mandatory report (强制报告) about a 12-year-old boy, with his mother.
pb::SubmitReferralRequest MandatoryReport(const std::string& request_id);
// A valid judicial aid lead (司法救助线索) about an adult woman.
pb::SubmitReferralRequest JudicialAidLead(const std::string& request_id);
// A valid guardianship concern (监护问题线索) about a 10-year-old boy (王小军, people[0]) with
// his father (王建国, people[1]) and mother (张桂芳, people[2]), each with an ID number
// nobody else was given.
pb::SubmitReferralRequest GuardianshipConcern(const std::string& request_id);
// The person id of the first person of `r` in `role` (and with `relation`, when given);
// empty when there is none (agencies' views carry no person ids).
std::string PersonIdOf(const pb::Referral& r, pb::PersonRole role, absl::string_view relation = "");

// ---------------------------------------------------------------------------------------
// The platform
// ---------------------------------------------------------------------------------------

struct PlatformOptions {
  bool with_aid = false;
  // shouhu-visit too (the receiver of aid.paid); only with with_aid.
  bool with_visit = false;
  // shouhu-guardianship, and shouhu-visit (the receiver of order.issued) with it.
  bool with_guardianship = false;
  // shouhu-oversight (流程监控), started first: every service's outbox delivers to it too.
  bool with_oversight = false;
  // Extra command-line flags of shouhu-referral (e.g. small per-caller limits).
  std::vector<std::string> referral_flags;
};

struct ServiceProcess {
  std::string name;  // "referral", "aid", "visit", "guardianship", "oversight"
  pid_t pid = -1;
  int port = 0;
  int admin_port = 0;
  std::string log;
  std::string address() const;
};

// Users of the tests (tokens issued in-process with the platform signing key).
struct User {
  std::string id;
  std::string name;
  std::string procuratorate;
  std::vector<std::string> roles;
  std::string title;  // token claim "title", e.g. "chief_procurator"
  // Agency staff: token claim "agency" (roles then {"agency"}).
  std::string agency;
};

inline const User kAdmin{"admin-zhao", "赵管理", "520382", {"admin"}};
inline const User kHead{"head-wang", "王主任", "520382", {"department_head"}};
inline const User kCaseworker{"cw-li", "李检察官", "520382", {"caseworker"}};
inline const User kCaseworker2{"cw-zhang", "张检察官", "520382", {"caseworker"}};
inline const User kHeadXishui{"head-xishui", "习水主任", "520330", {"department_head"}};
inline const User kVolunteer{"vol-chen", "陈妈妈", "520382", {"volunteer"}};
inline const User kAnalyst{"analyst-liu", "刘分析", "520382", {"analyst"}};

class Platform {
 public:
  Platform() = default;
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;
  ~Platform() { Stop(); }

  absl::Status Start(const PlatformOptions& options);
  // Sends SIGTERM to every service and returns each one's exit code (-1: did not stop in
  // time and was killed). Drops the database and removes the temporary directory.
  std::map<std::string, int> Stop();
  // Log tail of a service stopped by Stop().
  std::string StoppedLog(const std::string& name) const;

  const ServiceProcess& referral() const { return *referral_; }
  const ServiceProcess& aid() const { return *aid_; }
  bool has_aid() const { return aid_.has_value(); }
  const ServiceProcess& visit() const { return *visit_; }
  bool has_visit() const { return visit_.has_value(); }
  const ServiceProcess& oversight() const { return *oversight_; }
  bool has_oversight() const { return oversight_.has_value(); }
  const ServiceProcess& guardianship() const { return *guardianship_; }
  bool has_guardianship() const { return guardianship_.has_value(); }
  const std::string& certs_dir() const { return certs_; }
  const std::string& dir() const { return dir_; }
  db::ConnectionPool& pool() { return *pool_; }
  std::string ReferralLogTail() const;
  // Log tail of every running service but the referral one (empty when none runs).
  std::string OtherLogTails() const;

  // Identities.
  std::shared_ptr<grpc::ChannelCredentials> Credentials(const std::string& cert_base) const;
  // A fresh channel (its own connection) to `address` with the certificate at
  // certs/<cert_base>.pem; no client certificate when cert_base is empty.
  std::shared_ptr<grpc::Channel> Channel(const std::string& address,
                                         const std::string& cert_base) const;
  // A partner agency system (certificate CN agency:<code>).
  Caller Agency(const std::string& code, const std::string& address = "") const;
  // A token for `u` signed with the platform key, valid for an hour unless told otherwise.
  std::string TokenFor(const User& u, absl::Time issued_at = absl::Now(),
                       absl::Time expires_at = absl::Now() + absl::Hours(1)) const;
  // A person through the CLI's client certificate with a token.
  Caller UserCaller(const User& u, const std::string& address = "") const;
  // The same identities on the guardianship service (with_guardianship).
  Caller GuardianshipAgency(const std::string& code) const {
    return Agency(code, guardianship_->address());
  }
  Caller GuardianshipUser(const User& u) const { return UserCaller(u, guardianship_->address()); }

  // Database: one statement on the test database (committed); queries.
  absl::Status Exec(const std::string& sql);
  absl::StatusOr<int64_t> QueryInt(const std::string& sql);
  absl::StatusOr<std::vector<std::vector<std::string>>> Query(const std::string& sql);
  // Stops and starts the harness's MariaDB (same data dir and port).
  absl::Status StopDatabase();
  absl::Status StartDatabase();
  void EnsureDatabaseRunning();

  // Runs services/tools/<tool> with the database flags of this platform, then `args`.
  CommandResult RunTool(const std::string& tool, const std::vector<std::string>& args);
  // A new EC P-256 key that the platform does not trust (PKCS#8 PEM).
  absl::StatusOr<std::string> ForeignSigningKey();

  // True when both the admin /healthz and gRPC health ("" and `grpc_service`) say serving
  // (want_serving) or both say not serving.
  bool HealthIs(const ServiceProcess& s, bool want_serving, const std::string& grpc_service);
  // What the probes of HealthIs() see, for failure messages.
  std::string HealthReport(const ServiceProcess& s, const std::string& grpc_service);
  // A gRPC service name registered by each service binary, for health checks.
  static std::string GrpcServiceOf(const std::string& name);
  std::shared_ptr<grpc::Channel> HealthChannel(const ServiceProcess& s);

 private:
  std::string DbHost() const;
  // `fixed_port` (> 0): listen there (one attempt; the port was promised to another
  // service already), else on a free port (retried with new ports).
  absl::StatusOr<ServiceProcess> StartService(const std::string& name, const std::string& binary,
                                              const std::vector<std::string>& extra,
                                              int fixed_port = 0);
  absl::Status RegisterTenants();

  std::string source_dir_;
  std::string binary_dir_;
  std::string dir_;
  std::string certs_;
  std::string password_file_;
  std::string db_name_;
  bool db_created_ = false;
  bool database_stopped_ = false;
  std::unique_ptr<db::ConnectionPool> admin_pool_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<TokenIssuer> issuer_;
  std::optional<ServiceProcess> referral_;
  std::optional<ServiceProcess> aid_;
  std::optional<ServiceProcess> visit_;
  std::optional<ServiceProcess> oversight_;
  std::optional<ServiceProcess> guardianship_;
  std::map<std::string, std::string> stopped_logs_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> health_channels_;
};

// ---------------------------------------------------------------------------------------
// One platform per test binary
// ---------------------------------------------------------------------------------------

// Registers the platform of this test binary with gtest: started before the first test,
// stopped (graceful shutdown checked) after the last. Call once, at namespace scope:
//
//   const ::testing::Environment* const kPlatform = RegisterPlatform({.with_aid = true});
::testing::Environment* RegisterPlatform(PlatformOptions options);

// The fixture of every end-to-end test: skips when there is no database, fails when the
// platform did not start, prints the referral log tail when a test failed.
class PlatformTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  static Platform& P();

  // Submits as `agency` and expects success.
  static pb::Referral MustSubmit(const Caller& agency, const pb::SubmitReferralRequest& req);
  // Submits `req` as `agency`; the department head (kHead) assigns kCaseworker, who
  // accepts. Returns the caseworker's view of the accepted referral (case_id, and the
  // people with their person ids); failures are test failures.
  static pb::Referral AcceptedReferral(const Caller& agency, const pb::SubmitReferralRequest& req);
  // Every referral the caller can list (all pages).
  static absl::StatusOr<std::vector<pb::Referral>> ListAll(const Caller& caller,
                                                           pb::ListReferralsRequest req = {});
};

}  // namespace shouhu::e2e

#endif  // SHOUHU_TESTS_SUPPORT_E2E_PLATFORM_H_
