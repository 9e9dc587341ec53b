#include "support/e2e_platform.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/file.h"
#include "common/server/grpc_status.h"
#include "common/server/tls.h"
#include "support/temp_dir.h"

namespace shouhu::e2e {
namespace {

// Where logs go when the platform's own directory is gone (a restart after Stop).
const std::string& FallbackLogDir() {
  static const testing::TempDir* dir = new testing::TempDir("e2e-logs");
  return dir->path();
}

// Runs `fn` on a pooled connection; a connection broken by a database restart is
// replaced once.
template <typename Fn>
absl::Status WithConnection(db::ConnectionPool& pool, Fn fn) {
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

absl::Status ExecOn(db::ConnectionPool& pool, const std::string& sql) {
  return WithConnection(pool, [&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> stmt(c.createStatement());
    stmt->execute(sql);
    c.commit();
  });
}

}  // namespace

// ---------------------------------------------------------------------------------------
// The platform
// ---------------------------------------------------------------------------------------

std::string ServiceProcess::address() const { return absl::StrCat("127.0.0.1:", port); }

absl::Status Platform::Start(const PlatformOptions& options) {
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

  // Services: the consumers first so that each outbox has somewhere to deliver; the
  // referral service's port is chosen first because aid and guardianship call it.
  const int referral_port = PickFreePort();
  // The visit service's outbox (visit.need_found, ...) goes to the aid service, which
  // starts after it: its port is chosen first too.
  const int aid_port = options.with_aid ? PickFreePort() : 0;
  // The oversight service asks every record service for a closed case's facts (案件质量评查):
  // their ports are chosen before it starts. A service not started is a source that never
  // answers (its reviews wait).
  const bool starts_visit = (options.with_aid && options.with_visit) || options.with_guardianship;
  const int visit_port = starts_visit ? PickFreePort() : 0;
  const int guardianship_port = options.with_guardianship ? PickFreePort() : 0;
  auto addr_flag = [](const char* name, int port) {
    return absl::StrCat("--", name, "=", port > 0 ? absl::StrCat("127.0.0.1:", port) : "");
  };
  std::vector<std::string> targets;
  // The oversight service first: every outbox below delivers to it too (deadline.changed).
  std::vector<std::string> oversight_target;
  if (options.with_oversight) {
    auto oversight = StartService(
        "oversight", "services/oversight/shouhu-oversight",
        {addr_flag("referral_addr", referral_port), addr_flag("aid_addr", aid_port),
         addr_flag("guardianship_addr", guardianship_port), addr_flag("visit_addr", visit_port),
         "--notifier=log", "--review_delay_seconds=0", "--review_interval_seconds=1"});
    if (!oversight.ok()) return oversight.status();
    oversight_ = *oversight;
    oversight_target.push_back(oversight_->address());
    targets.push_back(oversight_->address());
  }
  auto with_oversight = [&oversight_target](std::vector<std::string> t) {
    t.insert(t.end(), oversight_target.begin(), oversight_target.end());
    return "--event_targets=" + absl::StrJoin(t, ",");
  };
  if (starts_visit) {
    std::vector<std::string> visit_flags = {
        absl::StrCat("--referral_addr=127.0.0.1:", referral_port)};
    std::vector<std::string> visit_targets;
    if (options.with_aid) visit_targets.push_back(absl::StrCat("127.0.0.1:", aid_port));
    visit_flags.push_back(with_oversight(visit_targets));
    auto visit = StartService("visit", "services/visit/shouhu-visit", visit_flags, visit_port);
    if (!visit.ok()) return visit.status();
    visit_ = *visit;
  }
  if (options.with_aid) {
    std::vector<std::string> aid_flags = {
        absl::StrCat("--referral_addr=127.0.0.1:", referral_port),
        with_oversight(visit_.has_value() ? std::vector<std::string>{visit_->address()}
                                          : std::vector<std::string>{}),
    };
    auto aid = StartService("aid", "services/aid/shouhu-aid", aid_flags, aid_port);
    if (!aid.ok()) return aid.status();
    aid_ = *aid;
    targets.push_back(aid_->address());
  }
  if (visit_.has_value()) targets.push_back(visit_->address());
  if (options.with_guardianship) {
    // Its outbox (order.issued, order.ended) goes to the visit service, as in up.sh.
    auto guardianship = StartService("guardianship", "services/guardianship/shouhu-guardianship",
                                     {absl::StrCat("--referral_addr=127.0.0.1:", referral_port),
                                      with_oversight({visit_->address()})},
                                     guardianship_port);
    if (!guardianship.ok()) return guardianship.status();
    guardianship_ = *guardianship;
    targets.push_back(guardianship_->address());
  }
  std::vector<std::string> referral_flags = options.referral_flags;
  if (!targets.empty()) {
    referral_flags.push_back("--event_targets=" + absl::StrJoin(targets, ","));
  }
  auto referral =
      StartService("referral", "services/referral/shouhu-referral", referral_flags, referral_port);
  if (!referral.ok()) return referral.status();
  referral_ = *referral;

  return RegisterTenants();
}

// Sends SIGTERM to every service and returns each one's exit code (-1: did not stop in
// time and was killed). Drops the database and removes the temporary directory.
std::map<std::string, int> Platform::Stop() {
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
  if (guardianship_.has_value() && guardianship_->pid > 0) running.push_back(&*guardianship_);
  if (visit_.has_value() && visit_->pid > 0) running.push_back(&*visit_);
  if (oversight_.has_value() && oversight_->pid > 0) running.push_back(&*oversight_);
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
std::string Platform::StoppedLog(const std::string& name) const {
  auto it = stopped_logs_.find(name);
  return it == stopped_logs_.end() ? "" : it->second;
}

std::string Platform::ReferralLogTail() const { return referral_ ? Tail(referral_->log) : ""; }

std::string Platform::OtherLogTails() const {
  std::string out;
  for (const std::optional<ServiceProcess>* s : {&aid_, &guardianship_, &visit_, &oversight_}) {
    if (!s->has_value() || (*s)->pid <= 0) continue;
    absl::StrAppend(&out, "---- ", (*s)->name, " log (tail) ----\n", Tail((*s)->log), "\n");
  }
  return out;
}

// identities

std::shared_ptr<grpc::ChannelCredentials> Platform::Credentials(
    const std::string& cert_base) const {
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
std::shared_ptr<grpc::Channel> Platform::Channel(const std::string& address,
                                                 const std::string& cert_base) const {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  // Fail fast while a server is down instead of waiting out reconnect backoff.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  return grpc::CreateCustomChannel(address, Credentials(cert_base), args);
}

// A partner agency system (certificate CN agency:<code>).
Caller Platform::Agency(const std::string& code, const std::string& address) const {
  return Caller(Channel(address.empty() ? referral_->address() : address, "agencies/" + code), "");
}

// A token for `u` signed with the platform key, valid for an hour unless told otherwise.
std::string Platform::TokenFor(const User& u, absl::Time issued_at, absl::Time expires_at) const {
  Claims c;
  c.subject = u.id;
  c.name = u.name;
  c.procuratorate = u.procuratorate;
  c.department = "第九检察部";
  c.roles = u.roles;
  c.title = u.title;
  c.agency = u.agency;
  c.issued_at = issued_at;
  c.expires_at = expires_at;
  auto token = issuer_->Issue(c);
  return token.ok() ? *token : "";
}

// A person through the CLI's client certificate with a token.
Caller Platform::UserCaller(const User& u, const std::string& address) const {
  return Caller(Channel(address.empty() ? referral_->address() : address, "clients/shouhu-cli"),
                TokenFor(u));
}

// database

// Runs one statement on the test database (committed).
absl::Status Platform::Exec(const std::string& sql) { return ExecOn(*pool_, sql); }

// First column of the first row as an integer.
absl::StatusOr<int64_t> Platform::QueryInt(const std::string& sql) {
  auto rows = Query(sql);
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().empty()) return absl::NotFoundError("no rows");
  return std::atoll(rows->front().front().c_str());
}

absl::StatusOr<std::vector<std::vector<std::string>>> Platform::Query(const std::string& sql) {
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
absl::Status Platform::StopDatabase() {
  CommandResult r = RunCommand({"bash", EnvOrEmpty("SHOUHU_TEST_MARIADB_SCRIPT"), "stop",
                                EnvOrEmpty("SHOUHU_TEST_DB_DATADIR")},
                               dir_ + "/mariadb-stop.log", absl::Seconds(60));
  if (r.exit_code != 0) return absl::InternalError("mariadb stop failed:\n" + r.output);
  database_stopped_ = true;
  return absl::OkStatus();
}
absl::Status Platform::StartDatabase() {
  CommandResult r = RunCommand(
      {"bash", EnvOrEmpty("SHOUHU_TEST_MARIADB_SCRIPT"), "start",
       EnvOrEmpty("SHOUHU_TEST_DB_DATADIR"), EnvOrEmpty("SHOUHU_TEST_DB_PORT")},
      (dir_.empty() ? FallbackLogDir() : dir_) + "/mariadb-start.log", absl::Seconds(90));
  if (r.exit_code != 0) return absl::InternalError("mariadb start failed:\n" + r.output);
  database_stopped_ = false;
  return absl::OkStatus();
}
void Platform::EnsureDatabaseRunning() {
  if (database_stopped_) (void)StartDatabase();
}

// tools

// Runs services/tools/<tool> with the database flags of this platform, then `args`.
CommandResult Platform::RunTool(const std::string& tool, const std::vector<std::string>& args) {
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
absl::StatusOr<std::string> Platform::ForeignSigningKey() {
  const std::string path = dir_ + "/foreign-signing.key";
  CommandResult r = RunCommand({"openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                                "ec_paramgen_curve:P-256", "-out", path},
                               dir_ + "/openssl.log");
  if (r.exit_code != 0) return absl::InternalError("openssl genpkey failed:\n" + r.output);
  return ReadFile(path);
}

// health

// True when both the admin /healthz and gRPC health ("" and `grpc_service`) say serving
// (want_serving) or both say not serving.
bool Platform::HealthIs(const ServiceProcess& s, bool want_serving,
                        const std::string& grpc_service) {
  const int http = HttpGetStatus(s.admin_port, "/healthz");
  if (want_serving ? http != 200 : http != 503) return false;
  auto channel = HealthChannel(s);
  const int want = want_serving ? kServing : kNotServing;
  return GrpcHealth(channel, "") == want && GrpcHealth(channel, grpc_service) == want;
}

// What the probes of HealthIs() see, for failure messages.
std::string Platform::HealthReport(const ServiceProcess& s, const std::string& grpc_service) {
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
std::string Platform::GrpcServiceOf(const std::string& name) {
  if (name == "referral") return "shouhu.referral.v1.ReferralService";
  if (name == "visit") return "shouhu.visit.v1.VisitService";
  if (name == "guardianship") return "shouhu.guardianship.v1.GuardianshipOrderService";
  if (name == "oversight") return "shouhu.oversight.v1.DeadlineWatchService";
  return "shouhu.aid.v1.AidApplicationService";
}

std::shared_ptr<grpc::Channel> Platform::HealthChannel(const ServiceProcess& s) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& ch = health_channels_[s.name];
  if (ch == nullptr) ch = Channel(s.address(), "clients/shouhu-cli");
  return ch;
}

std::string Platform::DbHost() const {
  std::string host = EnvOrEmpty("SHOUHU_TEST_DB_HOST");
  return host.empty() ? "127.0.0.1" : host;
}

absl::StatusOr<ServiceProcess> Platform::StartService(const std::string& name,
                                                      const std::string& binary,
                                                      const std::vector<std::string>& extra,
                                                      int fixed_port) {
  const std::string grpc_service = GrpcServiceOf(name);
  absl::Status last;
  // A port picked by binding port 0 may be taken again before the service binds it:
  // try again with new ports.
  for (int attempt = 0; attempt < (fixed_port > 0 ? 1 : 3); ++attempt) {
    ServiceProcess s;
    s.name = name;
    s.port = fixed_port > 0 ? fixed_port : PickFreePort();
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
        "--migrations_dir=" + source_dir_ + "/deploy/migrations",
        "--migrate_on_start=false",
        "--max_threads=32",
        "--startup_wait_s=10",
        "--log_level=info",
    };
    if (name == "referral" || name == "aid" || name == "guardianship" || name == "visit" ||
        name == "oversight") {
      // The services' own flags: the data keys and the holiday calendar (the oversight
      // service seals the review's appeal texts).
      argv.push_back("--data_key_file=" + certs_ + "/data-encryption.key");
      argv.push_back("--hmac_key_file=" + certs_ + "/data-hmac.key");
      argv.push_back("--calendar_dir=" + source_dir_ + "/deploy/calendar");
    }
    // Aid, guardianship and visit are given the referral address among `extra` (its port
    // is chosen before it starts); the others ask nothing of it.
    bool has_referral = false;
    for (const std::string& f : extra) has_referral |= absl::StartsWith(f, "--referral_addr=");
    if (!has_referral) {
      argv.push_back("--referral_addr=" + (referral_ ? referral_->address() : "127.0.0.1:1"));
    }
    if (name == "aid") {
      argv.push_back("--aid_rules_file=" + source_dir_ +
                     "/deploy/aid/rules/eligibility-2021.1.json");
    }
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

// ---------------------------------------------------------------------------------------
// One platform per test binary
// ---------------------------------------------------------------------------------------

namespace {

// The state of this binary's platform, set by the environment.
struct Shared {
  std::unique_ptr<Platform> platform;
  std::string skip_reason;
  std::string start_error;
  bool registered = false;
};

Shared& State() {
  static Shared* shared = new Shared();
  return *shared;
}

class PlatformEnvironment : public ::testing::Environment {
 public:
  explicit PlatformEnvironment(PlatformOptions options) : options_(options) {}

  void SetUp() override {
    Shared& s = State();
    if (EnvOrEmpty("SHOUHU_TEST_DB_PORT").empty()) {
      s.skip_reason = "SHOUHU_TEST_DB_PORT is unset: run under tests/harness/with-mariadb.sh";
      return;
    }
    s.platform = std::make_unique<Platform>();
    absl::Status st = s.platform->Start(options_);
    if (!st.ok()) {
      s.start_error = st.ToString();
      s.platform->Stop();
      s.platform.reset();
    }
  }

  void TearDown() override {
    Shared& s = State();
    if (s.platform == nullptr) return;
    std::map<std::string, int> codes = s.platform->Stop();
    for (const auto& [name, code] : codes) {
      EXPECT_EQ(code, 0) << name << " did not shut down gracefully; log:\n"
                         << s.platform->StoppedLog(name);
    }
    s.platform.reset();
  }

 private:
  PlatformOptions options_;
};

}  // namespace

::testing::Environment* RegisterPlatform(PlatformOptions options) {
  Shared& s = State();
  if (s.registered) {
    std::cerr << "RegisterPlatform called twice in one test binary\n";
    std::abort();
  }
  s.registered = true;
  return ::testing::AddGlobalTestEnvironment(new PlatformEnvironment(options));
}

void PlatformTest::SetUp() {
  const Shared& s = State();
  ASSERT_TRUE(s.registered) << "the test binary must call RegisterPlatform";
  if (!s.skip_reason.empty()) GTEST_SKIP() << s.skip_reason;
  ASSERT_TRUE(s.platform != nullptr) << "platform did not start: " << s.start_error;
}

void PlatformTest::TearDown() {
  if (HasFailure() && State().platform != nullptr) {
    std::cerr << "---- referral log (tail) ----\n"
              << State().platform->ReferralLogTail() << "\n"
              << State().platform->OtherLogTails();
  }
}

Platform& PlatformTest::P() { return *State().platform; }

pb::Referral PlatformTest::MustSubmit(const Caller& agency, const pb::SubmitReferralRequest& req) {
  pb::Referral out;
  grpc::Status st = agency.Call(&pb::ReferralService::Stub::SubmitReferral, req, &out);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  return out;
}

absl::StatusOr<std::vector<pb::Referral>> PlatformTest::ListAll(const Caller& caller,
                                                                pb::ListReferralsRequest req) {
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

}  // namespace shouhu::e2e
