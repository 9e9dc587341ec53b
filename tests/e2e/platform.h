// End-to-end test platform: the real service binaries, started as child processes with
// TLS and mTLS on, driven over gRPC like a partner agency system or the CLI would.
//
// Header-only: every tests/e2e/*_test.cc is its own executable.
//
// Once per test suite (PlatformTest::StartPlatform from SetUpTestSuite):
//   - skips when SHOUHU_TEST_DB_PORT is unset (run under tests/harness/with-mariadb.sh);
//   - creates a fresh database "shouhu_e2e_<pid>_<n>" on the harness server;
//   - generates a development PKI with deploy/local/certs.sh into a temporary directory;
//   - applies the migrations with shouhu-migrate;
//   - starts shouhu-aid (optional) and shouhu-referral on free loopback ports, the
//     referral outbox pointed at aid, and waits until both the admin /healthz and the gRPC
//     health service report SERVING;
//   - registers the procuratorates 520382 and 520330 and the five development agencies
//     through RegistryService as an admin user.
// TearDownTestSuite (StopPlatform) sends SIGTERM, expects every service to exit with 0
// (graceful shutdown), drops the database and removes the temporary directory. Children
// that outlive the test binary are killed: each child dies with its parent
// (PR_SET_PDEATHSIG), and leftovers are killed at exit.
//
// Every RPC made through Caller carries a deadline.
#ifndef SHOUHU_TESTS_E2E_PLATFORM_H_
#define SHOUHU_TESTS_E2E_PLATFORM_H_

#include <arpa/inet.h>
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <fcntl.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/base/file.h"
#include "common/base/id_number.h"
#include "common/db/pool.h"
#include "common/server/grpc_status.h"
#include "common/server/tls.h"
#include "common/token/token.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"

namespace shouhu::e2e {

namespace pb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;

inline constexpr absl::Duration kCallDeadline = absl::Seconds(10);

inline std::string EnvOrEmpty(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

// ---------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------

// Every child started here, until it has been waited for.
struct ChildRegistry {
  std::mutex mu;
  std::set<pid_t> pids;
};

// Whatever child is still running when the test binary exits normally (a test that failed
// half-way, an assertion in SetUpTestSuite) is killed at exit; a crash or kill of the test
// binary is covered by PR_SET_PDEATHSIG in the child.
inline void KillLeftoverChildren();

inline ChildRegistry& Children() {
  // Never destroyed, so that it outlives every static that may still stop a child.
  static ChildRegistry* registry = [] {
    std::atexit(&KillLeftoverChildren);
    return new ChildRegistry();
  }();
  return *registry;
}

inline void KillLeftoverChildren() {
  std::lock_guard<std::mutex> lock(Children().mu);
  for (pid_t pid : Children().pids) {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  Children().pids.clear();
}

// The absolute path of `program` (searched in PATH unless it contains a '/').
inline std::string FindProgram(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  for (absl::string_view dir : absl::StrSplit(EnvOrEmpty("PATH"), ':', absl::SkipEmpty())) {
    std::string candidate = absl::StrCat(dir, "/", program);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return program;
}

// Starts argv[0] with stdin from /dev/null and stdout+stderr appended to `log_path`.
// Must be called from a thread that lives as long as the child (the main thread): the
// child gets SIGKILL when that thread ends.
inline absl::StatusOr<pid_t> Spawn(const std::vector<std::string>& argv,
                                   const std::string& log_path) {
  if (argv.empty()) return absl::InvalidArgumentError("empty argv");
  // Everything the child needs is prepared before fork: after it only async-signal-safe
  // calls are made.
  const std::string program = FindProgram(argv[0]);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int out = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out < 0) return absl::InternalError(absl::StrCat("cannot open ", log_path));
  const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  std::lock_guard<std::mutex> lock(Children().mu);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
#ifdef SYS_close_range
    if (::syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
#endif
    {
      for (int fd = 3; fd < 4096; ++fd) ::close(fd);
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(program.c_str(), args.data());
    ::_exit(127);
  }
  ::close(out);
  if (in >= 0) ::close(in);
  if (pid < 0) return absl::InternalError("fork failed");
  Children().pids.insert(pid);
  return pid;
}

// Exit code of a child: its exit status, 128+signal when killed by a signal.
inline int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

// Waits up to `timeout` for `pid` to exit. nullopt if it is still running.
inline std::optional<int> WaitExit(pid_t pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || r < 0) {
      std::lock_guard<std::mutex> lock(Children().mu);
      Children().pids.erase(pid);
      return r == pid ? ExitCodeOf(status) : -1;
    }
    if (absl::Now() >= deadline) return std::nullopt;
    absl::SleepFor(absl::Milliseconds(10));
  }
}

// Kills `pid` and reaps it.
inline void KillAndReap(pid_t pid) {
  ::kill(pid, SIGKILL);
  (void)WaitExit(pid, absl::Seconds(10));
}

struct CommandResult {
  int exit_code = -1;  // -1: could not start or timed out (then killed)
  std::string output;  // stdout and stderr
};

// Runs a command to completion (killed after `timeout`).
inline CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& log_path,
                                absl::Duration timeout = absl::Seconds(60)) {
  CommandResult result;
  std::error_code ignored;
  std::filesystem::remove(log_path, ignored);
  auto pid = Spawn(argv, log_path);
  if (!pid.ok()) {
    result.output = pid.status().ToString();
    return result;
  }
  std::optional<int> code = WaitExit(*pid, timeout);
  if (!code.has_value()) {
    KillAndReap(*pid);
    result.output = "timed out\n";
  } else {
    result.exit_code = *code;
  }
  auto text = ReadFile(log_path);
  if (text.ok()) result.output += *text;
  return result;
}

// Last `lines` lines of a file, for failure messages.
inline std::string Tail(const std::string& path, int lines = 40) {
  auto text = ReadFile(path);
  if (!text.ok()) return "";
  std::vector<std::string> all = absl::StrSplit(*text, '\n');
  const size_t from = all.size() > static_cast<size_t>(lines) ? all.size() - lines : 0;
  return absl::StrJoin(all.begin() + from, all.end(), "\n");
}

// A free TCP port on the loopback interface: bind port 0, read it, close. Never returns
// the same port twice in one process.
inline int PickFreePort() {
  static std::mutex mu;
  static std::set<int> handed_out;
  std::lock_guard<std::mutex> lock(mu);
  for (int attempt = 0; attempt < 50; ++attempt) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
      socklen_t len = sizeof(addr);
      if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
        port = ntohs(addr.sin_port);
      }
    }
    ::close(fd);
    if (port != 0 && handed_out.insert(port).second) return port;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------
// Health probes
// ---------------------------------------------------------------------------------------

// GET http://127.0.0.1:<port><path>: the status (-1 when there is no answer) and body.
inline std::pair<int, std::string> HttpGet(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(2, 0);
  client.set_write_timeout(2, 0);
  auto res = client.Get(path.c_str());
  if (!res) return {-1, ""};
  return {res->status, res->body};
}

inline int HttpGetStatus(int port, const std::string& path) { return HttpGet(port, path).first; }

// grpc.health.v1.Health/Check without the health proto (grpc++ 1.51 ships no public
// client for it), through the generic stub:
//   HealthCheckRequest  { string service = 1; }     -> empty bytes for service ""
//   HealthCheckResponse { ServingStatus status = 1; } -> 0x08 <varint>
//   ServingStatus: 0 UNKNOWN, 1 SERVING, 2 NOT_SERVING, 3 SERVICE_UNKNOWN
// Returns the status, or -1 with `rpc_status` set when the call itself failed.
inline constexpr int kServing = 1;
inline constexpr int kNotServing = 2;

inline int GrpcHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                      grpc::Status* rpc_status = nullptr,
                      absl::Duration deadline = absl::Seconds(3)) {
  std::string body;
  if (!service.empty()) {
    body.push_back(0x0A);                               // field 1, length-delimited
    body.push_back(static_cast<char>(service.size()));  // names used here are < 128 bytes
    body += service;
  }
  grpc::Slice slice(body);
  grpc::ByteBuffer request(&slice, 1);
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline));
  auto call = stub.PrepareUnaryCall(&ctx, "/grpc.health.v1.Health/Check", request, &cq);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  if (rpc_status != nullptr) *rpc_status = status;
  if (!status.ok()) return -1;
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return -1;
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  // Walk the fields; only varint field 1 matters (proto3 omits a 0 value).
  int value = 0;
  size_t i = 0;
  while (i < bytes.size()) {
    const uint8_t key = static_cast<uint8_t>(bytes[i++]);
    if ((key & 7) != 0) return -1;  // not a varint: unexpected for this message
    uint64_t v = 0;
    int shift = 0;
    while (i < bytes.size()) {
      const uint8_t b = static_cast<uint8_t>(bytes[i++]);
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      shift += 7;
      if ((b & 0x80) == 0) break;
    }
    if ((key >> 3) == 1) value = static_cast<int>(v);
  }
  return value;
}

// Polls `probe` until it returns true or `timeout` passes.
template <typename Probe>
bool WaitFor(Probe probe, absl::Duration timeout, absl::Duration every = absl::Milliseconds(100)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    if (probe()) return true;
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(every);
  }
}

// ---------------------------------------------------------------------------------------
// Callers
// ---------------------------------------------------------------------------------------

using Trailers = std::multimap<std::string, std::string>;

// One identity on one channel: a certificate (agency, service or client) and, for people,
// a bearer token sent with every call.
class Caller {
 public:
  Caller() = default;
  Caller(std::shared_ptr<grpc::Channel> channel, std::string token)
      : channel_(std::move(channel)), token_(std::move(token)) {}

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // Sets the deadline and the authorization metadata of a call.
  void Prepare(grpc::ClientContext* ctx, absl::Duration deadline = kCallDeadline) const {
    ctx->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline));
    if (!token_.empty()) ctx->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
  }

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
    if (trailers != nullptr) {
      trailers->clear();
      for (const auto& [k, v] : ctx.GetServerTrailingMetadata()) {
        trailers->emplace(std::string(k.data(), k.size()), std::string(v.data(), v.size()));
      }
    }
    return st;
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
};

// The field paths in the "shouhu-field-violations-bin" trailer ("field\tdescription\n").
inline std::vector<std::string> ViolatedFields(const Trailers& trailers) {
  std::vector<std::string> fields;
  auto range = trailers.equal_range(kFieldViolationsKey);
  for (auto it = range.first; it != range.second; ++it) {
    for (absl::string_view line : absl::StrSplit(it->second, '\n', absl::SkipEmpty())) {
      std::vector<absl::string_view> parts = absl::StrSplit(line, absl::MaxSplits('\t', 1));
      fields.emplace_back(parts[0]);
    }
  }
  return fields;
}

inline std::string StatusText(const grpc::Status& st) {
  return absl::StrCat("code ", static_cast<int>(st.error_code()), ": ", st.error_message());
}

// ---------------------------------------------------------------------------------------
// Test data
// ---------------------------------------------------------------------------------------

inline absl::CivilDay TodayInChina() {
  return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
}

inline cpb::Date DateOf(absl::CivilDay d) {
  cpb::Date out;
  out.set_year(static_cast<int>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

// Unique per process, so each referral names people nobody else named.
inline int NextSerial() {
  static std::atomic<int> serial{0};
  return ++serial;
}

// A valid 18-digit resident ID number (GB 11643) of someone `age_years` old, distinct for
// each `serial`.
inline std::string MakeIdNumber(int age_years, int serial, bool female) {
  const absl::CivilDay birth =
      absl::CivilDay(TodayInChina().year() - age_years, 1, 1) + (serial * 7) % 300;
  const int seq = (100 + (serial / 300) * 2 + (female ? 0 : 1)) % 1000;
  const std::string first17 =
      absl::StrFormat("520382%04d%02d%02d%03d", birth.year(), birth.month(), birth.day(), seq);
  auto check = IdNumberCheckCharacter(first17);
  return absl::StrCat(first17, std::string(1, check.ok() ? *check : '0'));
}

// Request ids: 8-64 chars of [A-Za-z0-9_-], unique per process run.
inline std::string NewRequestId(absl::string_view tag) {
  return absl::StrCat("e2e-", tag, "-", ::getpid(), "-", NextSerial());
}

inline pb::ReferralPersonInput* AddPerson(pb::SubmitReferralRequest* req, pb::PersonRole role,
                                          const std::string& name, const std::string& id_number,
                                          cpb::Sex sex) {
  pb::ReferralPersonInput* p = req->add_people();
  p->set_role(role);
  p->mutable_person()->set_name(name);
  p->mutable_person()->set_sex(sex);
  p->mutable_person()->set_id_number(id_number);
  return p;
}

// A valid mandatory report (强制报告) about a 12-year-old, with a guardian.
inline pb::SubmitReferralRequest MandatoryReport(const std::string& request_id) {
  const int serial = NextSerial();
  pb::SubmitReferralRequest req;
  req.set_request_id(request_id);
  req.set_kind(pb::REFERRAL_KIND_MANDATORY_REPORT);
  req.set_facts(absl::StrCat("学生在校发现手臂多处淤青，疑似遭受家庭暴力。编号", serial));
  *req.mutable_occurred_on() = DateOf(TodayInChina() - 1);
  req.add_situations(pb::SITUATION_MULTIPLE_INJURIES_ABUSE);
  AddPerson(&req, pb::PERSON_ROLE_SUBJECT, "王小明", MakeIdNumber(12, serial, false),
            cpb::SEX_MALE);
  pb::ReferralPersonInput* guardian = AddPerson(&req, pb::PERSON_ROLE_GUARDIAN, "王大力",
                                                MakeIdNumber(40, serial, false), cpb::SEX_MALE);
  guardian->set_relation("父亲");
  guardian->mutable_person()->set_phone("13800000000");
  return req;
}

// A valid judicial aid lead (司法救助线索) about an adult victim.
inline pb::SubmitReferralRequest JudicialAidLead(const std::string& request_id) {
  const int serial = NextSerial();
  pb::SubmitReferralRequest req;
  req.set_request_id(request_id);
  req.set_kind(pb::REFERRAL_KIND_JUDICIAL_AID);
  req.set_facts(absl::StrCat("交通事故受害人重伤，肇事方无赔偿能力，家庭生活困难。编号", serial));
  *req.mutable_occurred_on() = DateOf(TodayInChina() - 30);
  req.add_aid_grounds(pb::AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED);
  AddPerson(&req, pb::PERSON_ROLE_SUBJECT, "李秀英", MakeIdNumber(35, serial, true),
            cpb::SEX_FEMALE);
  return req;
}

// ---------------------------------------------------------------------------------------
// The platform
// ---------------------------------------------------------------------------------------

struct PlatformOptions {
  bool with_aid = false;
};

struct ServiceProcess {
  std::string name;  // "referral", "aid"
  pid_t pid = -1;
  int port = 0;
  int admin_port = 0;
  std::string log;
  std::string address() const { return absl::StrCat("127.0.0.1:", port); }
};

// Users of the tests (tokens issued in-process with the platform signing key).
struct User {
  std::string id;
  std::string name;
  std::string procuratorate;
  std::vector<std::string> roles;
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

  // ------------------------------------------------------------------------ start/stop

  absl::Status Start(const PlatformOptions& options) {
    source_dir_ = EnvOrEmpty("SHOUHU_SOURCE_DIR");
    binary_dir_ = EnvOrEmpty("SHOUHU_BINARY_DIR");
    if (source_dir_.empty() || binary_dir_.empty()) {
      return absl::FailedPreconditionError("SHOUHU_SOURCE_DIR and SHOUHU_BINARY_DIR must be set");
    }
    std::string tmpl = (std::filesystem::temp_directory_path() / "shouhu-e2e.XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) return absl::InternalError("mkdtemp failed");
    dir_ = tmpl;
    certs_ = dir_ + "/certs";

    // Database.
    db::DbOptions admin_db;
    admin_db.host = EnvOrEmpty("SHOUHU_TEST_DB_HOST");
    if (admin_db.host.empty()) admin_db.host = "127.0.0.1";
    admin_db.port = std::atoi(EnvOrEmpty("SHOUHU_TEST_DB_PORT").c_str());
    admin_db.user = EnvOrEmpty("SHOUHU_TEST_DB_USER");
    admin_db.password = EnvOrEmpty("SHOUHU_TEST_DB_PASSWORD");
    admin_db.database = EnvOrEmpty("SHOUHU_TEST_DB_NAME");
    admin_db.pool_size = 2;
    auto admin_pool = db::ConnectionPool::Create(admin_db);
    if (!admin_pool.ok()) return admin_pool.status();
    admin_pool_ = std::move(admin_pool).value();
    static std::atomic<int> databases{0};
    db_name_ = absl::StrCat("shouhu_e2e_", ::getpid(), "_", ++databases);
    absl::Status created = ExecOn(*admin_pool_, absl::StrCat("CREATE DATABASE ", db_name_,
                                                             " CHARACTER SET utf8mb4"
                                                             " COLLATE utf8mb4_unicode_ci"));
    if (!created.ok()) return created;
    db_created_ = true;
    db::DbOptions test_db = admin_db;
    test_db.database = db_name_;
    test_db.pool_size = 4;
    auto pool = db::ConnectionPool::Create(test_db);
    if (!pool.ok()) return pool.status();
    pool_ = std::move(pool).value();
    password_file_ = dir_ + "/db-password";
    {
      std::ofstream f(password_file_);
      f << admin_db.password << "\n";
      if (!f) return absl::InternalError("cannot write the password file");
    }
    ::chmod(password_file_.c_str(), 0600);

    // PKI and keys.
    CommandResult certs =
        RunCommand({"bash", source_dir_ + "/deploy/local/certs.sh", certs_}, dir_ + "/certs.log");
    if (certs.exit_code != 0) {
      return absl::InternalError(absl::StrCat("certs.sh failed:\n", certs.output));
    }

    // Schema.
    CommandResult migrate = RunTool("shouhu-migrate", {"apply"});
    if (migrate.exit_code != 0) {
      return absl::InternalError(absl::StrCat("shouhu-migrate apply failed:\n", migrate.output));
    }

    // Token signing.
    auto key = ReadFile(certs_ + "/jwt-signing.key");
    if (!key.ok()) return key.status();
    auto issuer = TokenIssuer::FromPrivateKeyPem(*key);
    if (!issuer.ok()) return issuer.status();
    issuer_ = std::move(issuer).value();

    // Services: aid first so that the referral outbox has somewhere to deliver.
    if (options.with_aid) {
      auto aid = StartService("aid", "services/aid/shouhu-aid", {});
      if (!aid.ok()) return aid.status();
      aid_ = *aid;
    }
    std::vector<std::string> referral_flags;
    if (aid_.has_value()) referral_flags.push_back("--event_targets=" + aid_->address());
    auto referral = StartService("referral", "services/referral/shouhu-referral", referral_flags);
    if (!referral.ok()) return referral.status();
    referral_ = *referral;

    return RegisterTenants();
  }

  // Sends SIGTERM to every service and returns each one's exit code (-1: did not stop in
  // time and was killed). Drops the database and removes the temporary directory.
  std::map<std::string, int> Stop() {
    std::map<std::string, int> codes;
    // A server finishes shutting down when its clients have closed their connections:
    // close ours first.
    {
      std::lock_guard<std::mutex> lock(mu_);
      health_channels_.clear();
    }
    // The producer first, so that its outbox relay flushes to a consumer still running.
    std::vector<ServiceProcess*> running;
    if (referral_.has_value() && referral_->pid > 0) running.push_back(&*referral_);
    if (aid_.has_value() && aid_->pid > 0) running.push_back(&*aid_);
    for (ServiceProcess* s : running) {
      ::kill(s->pid, SIGTERM);
      std::optional<int> code = WaitExit(s->pid, absl::Seconds(30));
      if (!code.has_value()) {
        KillAndReap(s->pid);
        code = -1;
      }
      codes[s->name] = *code;
      stopped_logs_[s->name] = Tail(s->log, 60);
      s->pid = -1;
    }
    if (db_created_ && admin_pool_ != nullptr) {
      pool_.reset();
      // The database may have been stopped by a test that failed half-way.
      EnsureDatabaseRunning();
      (void)ExecOn(*admin_pool_, absl::StrCat("DROP DATABASE IF EXISTS ", db_name_));
      db_created_ = false;
    }
    pool_.reset();
    admin_pool_.reset();
    if (!dir_.empty() && EnvOrEmpty("SHOUHU_E2E_KEEP") != "1") {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
    dir_.clear();
    return codes;
  }

  // Log tail of a service stopped by Stop().
  std::string StoppedLog(const std::string& name) const {
    auto it = stopped_logs_.find(name);
    return it == stopped_logs_.end() ? "" : it->second;
  }

  // ------------------------------------------------------------------------ accessors

  const ServiceProcess& referral() const { return *referral_; }
  const ServiceProcess& aid() const { return *aid_; }
  bool has_aid() const { return aid_.has_value(); }
  const std::string& certs_dir() const { return certs_; }
  const std::string& dir() const { return dir_; }
  db::ConnectionPool& pool() { return *pool_; }

  std::string ReferralLogTail() const { return referral_ ? Tail(referral_->log) : ""; }

  // ------------------------------------------------------------------------ identities

  std::shared_ptr<grpc::ChannelCredentials> Credentials(const std::string& cert_base) const {
    TlsFiles files;
    files.ca = certs_ + "/ca.pem";
    if (!cert_base.empty()) {
      files.cert = certs_ + "/" + cert_base + ".pem";
      files.key = certs_ + "/" + cert_base + ".key";
    }
    auto creds = ClientTlsCredentials(files);
    return creds.ok() ? *creds : nullptr;
  }

  // A fresh channel (its own connection) to `address` with the certificate at
  // certs/<cert_base>.pem; no client certificate when cert_base is empty.
  std::shared_ptr<grpc::Channel> Channel(const std::string& address,
                                         const std::string& cert_base) const {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    // Fail fast while a server is down instead of waiting out reconnect backoff.
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
    return grpc::CreateCustomChannel(address, Credentials(cert_base), args);
  }

  // A partner agency system (certificate CN agency:<code>).
  Caller Agency(const std::string& code, const std::string& address = "") const {
    return Caller(Channel(address.empty() ? referral_->address() : address, "agencies/" + code),
                  "");
  }

  // A token for `u` signed with the platform key, valid for an hour unless told otherwise.
  std::string TokenFor(const User& u, absl::Time issued_at = absl::Now(),
                       absl::Time expires_at = absl::Now() + absl::Hours(1)) const {
    Claims c;
    c.subject = u.id;
    c.name = u.name;
    c.procuratorate = u.procuratorate;
    c.department = "第九检察部";
    c.roles = u.roles;
    c.issued_at = issued_at;
    c.expires_at = expires_at;
    auto token = issuer_->Issue(c);
    return token.ok() ? *token : "";
  }

  // A person through the CLI's client certificate with a token.
  Caller UserCaller(const User& u, const std::string& address = "") const {
    return Caller(Channel(address.empty() ? referral_->address() : address, "clients/shouhu-cli"),
                  TokenFor(u));
  }

  // ------------------------------------------------------------------------ database

  // Runs one statement on the test database (committed).
  absl::Status Exec(const std::string& sql) { return ExecOn(*pool_, sql); }

  // First column of the first row as an integer.
  absl::StatusOr<int64_t> QueryInt(const std::string& sql) {
    auto rows = Query(sql);
    if (!rows.ok()) return rows.status();
    if (rows->empty() || rows->front().empty()) return absl::NotFoundError("no rows");
    return std::atoll(rows->front().front().c_str());
  }

  absl::StatusOr<std::vector<std::vector<std::string>>> Query(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    absl::Status st = WithConnection(*pool_, [&](sql::Connection& c) {
      out.clear();
      std::unique_ptr<sql::Statement> stmt(c.createStatement());
      std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(sql));
      const unsigned columns = rs->getMetaData()->getColumnCount();
      while (rs->next()) {
        std::vector<std::string> row;
        for (unsigned i = 1; i <= columns; ++i) row.push_back(rs->getString(i).asStdString());
        out.push_back(std::move(row));
      }
      c.rollback();
    });
    if (!st.ok()) return st;
    return out;
  }

  // The harness's MariaDB (same data dir and port).
  absl::Status StopDatabase() {
    CommandResult r = RunCommand({"bash", EnvOrEmpty("SHOUHU_TEST_MARIADB_SCRIPT"), "stop",
                                  EnvOrEmpty("SHOUHU_TEST_DB_DATADIR")},
                                 dir_ + "/mariadb-stop.log", absl::Seconds(60));
    if (r.exit_code != 0) return absl::InternalError("mariadb stop failed:\n" + r.output);
    database_stopped_ = true;
    return absl::OkStatus();
  }
  absl::Status StartDatabase() {
    CommandResult r =
        RunCommand({"bash", EnvOrEmpty("SHOUHU_TEST_MARIADB_SCRIPT"), "start",
                    EnvOrEmpty("SHOUHU_TEST_DB_DATADIR"), EnvOrEmpty("SHOUHU_TEST_DB_PORT")},
                   (dir_.empty() ? std::filesystem::temp_directory_path().string() : dir_) +
                       "/mariadb-start.log",
                   absl::Seconds(90));
    if (r.exit_code != 0) return absl::InternalError("mariadb start failed:\n" + r.output);
    database_stopped_ = false;
    return absl::OkStatus();
  }
  void EnsureDatabaseRunning() {
    if (database_stopped_) (void)StartDatabase();
  }

  // ------------------------------------------------------------------------ tools

  // Runs services/tools/<tool> with the database flags of this platform, then `args`.
  CommandResult RunTool(const std::string& tool, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {
        absl::StrCat(binary_dir_, "/services/tools/", tool),
        "--db_host=" + DbHost(),
        absl::StrCat("--db_port=", EnvOrEmpty("SHOUHU_TEST_DB_PORT")),
        "--db_user=" + EnvOrEmpty("SHOUHU_TEST_DB_USER"),
        "--db_password_file=" + password_file_,
        "--db_name=" + db_name_,
    };
    if (tool == "shouhu-migrate") {
      argv.push_back("--migrations_dir=" + source_dir_ + "/deploy/migrations");
    }
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, absl::StrCat(dir_, "/", tool, ".log"), absl::Seconds(60));
  }

  // A new EC P-256 key that the platform does not trust (PKCS#8 PEM).
  absl::StatusOr<std::string> ForeignSigningKey() {
    const std::string path = dir_ + "/foreign-signing.key";
    CommandResult r = RunCommand({"openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                                  "ec_paramgen_curve:P-256", "-out", path},
                                 dir_ + "/openssl.log");
    if (r.exit_code != 0) return absl::InternalError("openssl genpkey failed:\n" + r.output);
    return ReadFile(path);
  }

  // ------------------------------------------------------------------------ health

  // True when both the admin /healthz and gRPC health ("" and `grpc_service`) say serving
  // (want_serving) or both say not serving.
  bool HealthIs(const ServiceProcess& s, bool want_serving, const std::string& grpc_service) {
    const int http = HttpGetStatus(s.admin_port, "/healthz");
    if (want_serving ? http != 200 : http != 503) return false;
    auto channel = HealthChannel(s);
    const int want = want_serving ? kServing : kNotServing;
    return GrpcHealth(channel, "") == want && GrpcHealth(channel, grpc_service) == want;
  }

  // What the probes of HealthIs() see, for failure messages.
  std::string HealthReport(const ServiceProcess& s, const std::string& grpc_service) {
    auto channel = HealthChannel(s);
    grpc::Status all_st;
    grpc::Status one_st;
    const int all = GrpcHealth(channel, "", &all_st);
    const int one = GrpcHealth(channel, grpc_service, &one_st);
    return absl::StrCat("/healthz ", HttpGetStatus(s.admin_port, "/healthz"), "; grpc health \"\" ",
                        all, " (", StatusText(all_st), "), ", grpc_service, " ", one, " (",
                        StatusText(one_st), ")");
  }

  // A gRPC service name registered by each service binary, for health checks.
  static std::string GrpcServiceOf(const std::string& name) {
    return name == "referral" ? "shouhu.referral.v1.ReferralService"
                              : "shouhu.aid.v1.AidApplicationService";
  }

  std::shared_ptr<grpc::Channel> HealthChannel(const ServiceProcess& s) {
    std::lock_guard<std::mutex> lock(mu_);
    auto& ch = health_channels_[s.name];
    if (ch == nullptr) ch = Channel(s.address(), "clients/shouhu-cli");
    return ch;
  }

 private:
  std::string DbHost() const {
    std::string host = EnvOrEmpty("SHOUHU_TEST_DB_HOST");
    return host.empty() ? "127.0.0.1" : host;
  }

  // Runs `fn` on a pooled connection; a connection broken by a database restart is
  // replaced once.
  template <typename Fn>
  static absl::Status WithConnection(db::ConnectionPool& pool, Fn fn) {
    for (int attempt = 0;; ++attempt) {
      auto conn = pool.Acquire();
      if (!conn.ok()) return conn.status();
      try {
        fn((*conn)->raw());
        return absl::OkStatus();
      } catch (const sql::SQLException& e) {
        conn->MarkBroken();
        if (attempt >= 1) {
          return absl::InternalError(absl::StrCat("SQL error ", e.getErrorCode(), ": ", e.what()));
        }
      }
    }
  }

  static absl::Status ExecOn(db::ConnectionPool& pool, const std::string& sql) {
    return WithConnection(pool, [&](sql::Connection& c) {
      std::unique_ptr<sql::Statement> stmt(c.createStatement());
      stmt->execute(sql);
      c.commit();
    });
  }

  absl::StatusOr<ServiceProcess> StartService(const std::string& name, const std::string& binary,
                                              const std::vector<std::string>& extra) {
    const std::string grpc_service = GrpcServiceOf(name);
    absl::Status last;
    // A port picked by binding port 0 may be taken again before the service binds it:
    // try again with new ports.
    for (int attempt = 0; attempt < 3; ++attempt) {
      ServiceProcess s;
      s.name = name;
      s.port = PickFreePort();
      s.admin_port = PickFreePort();
      s.log = absl::StrCat(dir_, "/", name, "-", attempt, ".log");
      std::vector<std::string> argv = {
          absl::StrCat(binary_dir_, "/", binary),
          absl::StrCat("--listen=127.0.0.1:", s.port),
          absl::StrCat("--admin_listen=127.0.0.1:", s.admin_port),
          "--db_host=" + DbHost(),
          absl::StrCat("--db_port=", EnvOrEmpty("SHOUHU_TEST_DB_PORT")),
          "--db_user=" + EnvOrEmpty("SHOUHU_TEST_DB_USER"),
          "--db_password_file=" + password_file_,
          "--db_name=" + db_name_,
          "--db_pool_size=8",
          absl::StrCat("--tls_cert=", certs_, "/services/", name, ".pem"),
          absl::StrCat("--tls_key=", certs_, "/services/", name, ".key"),
          "--tls_ca=" + certs_ + "/ca.pem",
          "--jwt_public_key=" + certs_ + "/jwt-signing.pub",
          "--data_key_file=" + certs_ + "/data-encryption.key",
          "--hmac_key_file=" + certs_ + "/data-hmac.key",
          "--calendar_dir=" + source_dir_ + "/deploy/calendar",
          "--migrations_dir=" + source_dir_ + "/deploy/migrations",
          "--migrate_on_start=false",
          "--max_threads=32",
          "--startup_wait_s=10",
          "--referral_addr=" + (referral_ ? referral_->address() : "127.0.0.1:1"),
          "--log_level=info",
      };
      argv.insert(argv.end(), extra.begin(), extra.end());
      bool has_targets = false;
      for (const std::string& f : extra) has_targets |= absl::StartsWith(f, "--event_targets=");
      if (!has_targets) argv.push_back("--event_targets=");
      auto pid = Spawn(argv, s.log);
      if (!pid.ok()) return pid.status();
      s.pid = *pid;
      std::optional<int> exited;
      const bool up = WaitFor(
          [&] {
            exited = WaitExit(s.pid, absl::ZeroDuration());
            return exited.has_value() || HealthIs(s, true, grpc_service);
          },
          absl::Seconds(30));
      if (up && !exited.has_value()) return s;
      const std::string probes = exited.has_value() ? "" : HealthReport(s, grpc_service);
      if (!exited.has_value()) KillAndReap(s.pid);
      last = absl::UnavailableError(absl::StrCat(name, " did not become healthy (exit ",
                                                 exited.value_or(-1), "; ", probes, "):\n",
                                                 Tail(s.log)));
      if (exited.value_or(0) != 1) break;  // only a start-up error (e.g. bind) is retried
    }
    return last;
  }

  absl::Status RegisterTenants() {
    Caller admin = UserCaller(kAdmin);
    for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
             {"520382", "贵州省仁怀市人民检察院"}, {"520330", "贵州省习水县人民检察院"}}) {
      pb::UpsertProcuratorateRequest req;
      req.set_request_id(NewRequestId("proc"));
      req.mutable_procuratorate()->set_procuratorate_code(code);
      req.mutable_procuratorate()->set_name(name);
      pb::Procuratorate out;
      grpc::Status st = admin.Call(&pb::RegistryService::Stub::UpsertProcuratorate, req, &out);
      if (!st.ok()) return absl::InternalError("UpsertProcuratorate: " + StatusText(st));
    }
    struct AgencyRow {
      const char* code;
      const char* name;
      pb::AgencyType type;
      const char* procuratorate;
    };
    const AgencyRow agencies[] = {
        {"edu-renhuai", "仁怀市教育局", pb::AGENCY_TYPE_EDUCATION, "520382"},
        {"police-renhuai", "仁怀市公安局", pb::AGENCY_TYPE_POLICE, "520382"},
        {"school-renhuai-1", "仁怀市第一中学", pb::AGENCY_TYPE_SCHOOL, "520382"},
        {"fulian-renhuai", "仁怀市妇联", pb::AGENCY_TYPE_WOMENS_FEDERATION, "520382"},
        {"edu-xishui", "习水县教育局", pb::AGENCY_TYPE_EDUCATION, "520330"},
    };
    for (const AgencyRow& a : agencies) {
      pb::RegisterAgencyRequest req;
      req.set_request_id(NewRequestId("agency"));
      pb::Agency* agency = req.mutable_agency();
      agency->set_agency_code(a.code);
      agency->set_name(a.name);
      agency->set_type(a.type);
      agency->set_jurisdiction_code(a.procuratorate);
      agency->set_procuratorate_code(a.procuratorate);
      agency->set_active(true);
      pb::Agency out;
      grpc::Status st = admin.Call(&pb::RegistryService::Stub::RegisterAgency, req, &out);
      if (!st.ok()) return absl::InternalError("RegisterAgency: " + StatusText(st));
      if (!out.active() || out.procuratorate_code() != a.procuratorate) {
        return absl::InternalError("RegisterAgency returned " + out.DebugString());
      }
    }
    return absl::OkStatus();
  }

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
  std::map<std::string, std::string> stopped_logs_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> health_channels_;
};

// ---------------------------------------------------------------------------------------
// Fixture
// ---------------------------------------------------------------------------------------

// Derive, and from the derived SetUpTestSuite/TearDownTestSuite call StartPlatform and
// StopPlatform:
//
//   class ReferralFlowTest : public e2e::PlatformTest {
//    protected:
//     static void SetUpTestSuite() { StartPlatform({}); }
//     static void TearDownTestSuite() { StopPlatform(); }
//   };
class PlatformTest : public ::testing::Test {
 protected:
  static void StartPlatform(const PlatformOptions& options) {
    skip_reason_.clear();
    start_error_.clear();
    if (EnvOrEmpty("SHOUHU_TEST_DB_PORT").empty()) {
      skip_reason_ = "SHOUHU_TEST_DB_PORT is unset: run under tests/harness/with-mariadb.sh";
      GTEST_SKIP() << skip_reason_;
    }
    platform_ = std::make_unique<Platform>();
    absl::Status st = platform_->Start(options);
    if (!st.ok()) {
      start_error_ = st.ToString();
      platform_->Stop();
      platform_.reset();
      FAIL() << "platform did not start: " << start_error_;
    }
  }

  static void StopPlatform() {
    if (platform_ == nullptr) return;
    std::map<std::string, int> codes = platform_->Stop();
    for (const auto& [name, code] : codes) {
      EXPECT_EQ(code, 0) << name << " did not shut down gracefully; log:\n"
                         << platform_->StoppedLog(name);
    }
    platform_.reset();
  }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    ASSERT_TRUE(platform_ != nullptr) << "platform did not start: " << start_error_;
  }

  void TearDown() override {
    if (HasFailure() && platform_ != nullptr) {
      std::cerr << "---- referral log (tail) ----\n" << platform_->ReferralLogTail() << "\n";
    }
  }

  static Platform& P() { return *platform_; }

  // Submits as `agency` and expects success.
  static pb::Referral MustSubmit(const Caller& agency, const pb::SubmitReferralRequest& req) {
    pb::Referral out;
    grpc::Status st = agency.Call(&pb::ReferralService::Stub::SubmitReferral, req, &out);
    EXPECT_TRUE(st.ok()) << StatusText(st);
    return out;
  }

  // Every referral the caller can list (all pages).
  static absl::StatusOr<std::vector<pb::Referral>> ListAll(const Caller& caller,
                                                           pb::ListReferralsRequest req = {}) {
    std::vector<pb::Referral> all;
    req.set_page_size(200);
    for (int page = 0; page < 100; ++page) {
      pb::ListReferralsResponse resp;
      grpc::Status st = caller.Call(&pb::ReferralService::Stub::ListReferrals, req, &resp);
      if (!st.ok()) return FromGrpcStatus(st);
      for (const auto& r : resp.referrals()) all.push_back(r);
      if (resp.next_page_token().empty()) return all;
      req.set_page_token(resp.next_page_token());
    }
    return absl::InternalError("too many pages");
  }

  inline static std::unique_ptr<Platform> platform_;
  inline static std::string skip_reason_;
  inline static std::string start_error_;
};

}  // namespace shouhu::e2e

#endif  // SHOUHU_TESTS_E2E_PLATFORM_H_
