#include "common/server/flags/service_flags.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

using shouhu::EnvIntOr;
using shouhu::EnvOr;

ABSL_FLAG(std::string, listen, EnvOr("SHOUHU_LISTEN", "127.0.0.1:0"), "gRPC listen address");
ABSL_FLAG(std::string, admin_listen, EnvOr("SHOUHU_ADMIN_LISTEN", "127.0.0.1:0"),
          "admin HTTP address (/metrics, /healthz)");
ABSL_FLAG(std::string, db_host, EnvOr("SHOUHU_DB_HOST", "127.0.0.1"), "MariaDB host");
ABSL_FLAG(int, db_port, EnvIntOr("SHOUHU_DB_PORT", 3306), "MariaDB port");
ABSL_FLAG(std::string, db_user, EnvOr("SHOUHU_DB_USER", "shouhu"), "MariaDB user");
ABSL_FLAG(std::string, db_password_file, EnvOr("SHOUHU_DB_PASSWORD_FILE", ""),
          "file holding the MariaDB password");
ABSL_FLAG(std::string, db_name, EnvOr("SHOUHU_DB_NAME", "shouhu"), "database name");
ABSL_FLAG(int, db_pool_size, EnvIntOr("SHOUHU_DB_POOL_SIZE", 16), "database connections");
ABSL_FLAG(std::string, tls_cert, EnvOr("SHOUHU_TLS_CERT", ""), "service certificate (PEM)");
ABSL_FLAG(std::string, tls_key, EnvOr("SHOUHU_TLS_KEY", ""), "service private key (PEM)");
ABSL_FLAG(std::string, tls_ca, EnvOr("SHOUHU_TLS_CA", ""), "platform CA bundle (PEM)");
ABSL_FLAG(std::string, jwt_public_key, EnvOr("SHOUHU_JWT_PUBLIC_KEY", ""),
          "public key (PEM) verifying user tokens");
ABSL_FLAG(std::string, migrations_dir, EnvOr("SHOUHU_MIGRATIONS_DIR", "deploy/migrations"),
          "schema migrations the binary expects");
ABSL_FLAG(bool, migrate_on_start, EnvOr("SHOUHU_MIGRATE_ON_START", "false") == "true",
          "apply pending migrations at start-up");
ABSL_FLAG(int, max_threads, EnvIntOr("SHOUHU_MAX_THREADS", 48), "gRPC server thread cap");
ABSL_FLAG(int, worker_threads, EnvIntOr("SHOUHU_WORKER_THREADS", 16),
          "threads running handlers' blocking work (database calls)");
ABSL_FLAG(int, startup_wait_s, EnvIntOr("SHOUHU_STARTUP_WAIT_S", 30),
          "how long to wait for the database at start-up");
ABSL_FLAG(std::string, referral_addr, EnvOr("SHOUHU_REFERRAL_ADDR", "127.0.0.1:7101"),
          "referral service address: the other services ask its CaseService about cases "
          "(ignored by the referral service itself)");
ABSL_FLAG(int, referral_deadline_ms, EnvIntOr("SHOUHU_REFERRAL_DEADLINE_MS", 5000),
          "deadline of each call to the referral service");
ABSL_FLAG(std::string, event_targets, EnvOr("SHOUHU_EVENT_TARGETS", ""),
          "comma-separated addresses receiving this service's outbox events");
ABSL_FLAG(int, idempotency_retention_days, EnvIntOr("SHOUHU_IDEMPOTENCY_RETENTION_DAYS", 30),
          "days a request id is remembered for replay; 0 keeps them forever");
// Per-caller limits (common/server/caller_limits.h); 0 means unlimited.
ABSL_FLAG(int, agency_max_streams, EnvIntOr("SHOUHU_AGENCY_MAX_STREAMS", 16),
          "server streams one partner agency may have open at once");
ABSL_FLAG(int, user_max_streams, EnvIntOr("SHOUHU_USER_MAX_STREAMS", 32),
          "server streams one user may have open at once");
ABSL_FLAG(int, service_max_streams, EnvIntOr("SHOUHU_SERVICE_MAX_STREAMS", 64),
          "server streams one Shouhu service may have open at once");
ABSL_FLAG(int, agency_max_calls, EnvIntOr("SHOUHU_AGENCY_MAX_CALLS", 12),
          "unary calls of one partner agency running at once");
ABSL_FLAG(int, user_max_calls, EnvIntOr("SHOUHU_USER_MAX_CALLS", 12),
          "unary calls of one user running at once");
ABSL_FLAG(int, service_max_calls, EnvIntOr("SHOUHU_SERVICE_MAX_CALLS", 32),
          "unary calls of one Shouhu service running at once");
ABSL_FLAG(int, agency_rate, EnvIntOr("SHOUHU_AGENCY_RATE", 500),
          "calls and streams one partner agency may start per second, sustained");
ABSL_FLAG(int, agency_burst, EnvIntOr("SHOUHU_AGENCY_BURST", 1000),
          "calls and streams one partner agency may start at once above its rate");
ABSL_FLAG(int, user_rate, EnvIntOr("SHOUHU_USER_RATE", 500),
          "calls and streams one user may start per second, sustained");
ABSL_FLAG(int, user_burst, EnvIntOr("SHOUHU_USER_BURST", 1000),
          "calls and streams one user may start at once above its rate");
ABSL_FLAG(int, service_rate, EnvIntOr("SHOUHU_SERVICE_RATE", 5000),
          "calls and streams one Shouhu service may start per second, sustained");
ABSL_FLAG(int, service_burst, EnvIntOr("SHOUHU_SERVICE_BURST", 10000),
          "calls and streams one Shouhu service may start at once above its rate");
ABSL_FLAG(std::string, log_level, EnvOr("SHOUHU_LOG_LEVEL", "info"), "debug|info|warning|error");

namespace shouhu {

void ParseServiceCommandLine(int argc, char** argv) { absl::ParseCommandLine(argc, argv); }

ServiceMainOptions ServiceOptionsFromFlags(const std::string& name) {
  ServiceMainOptions o;
  o.name = name;
  LogLevel level = LogLevel::kInfo;
  if (ParseLogLevel(absl::GetFlag(FLAGS_log_level), &level)) o.log_level = level;

  o.database.db.host = absl::GetFlag(FLAGS_db_host);
  o.database.db.port = absl::GetFlag(FLAGS_db_port);
  o.database.db.user = absl::GetFlag(FLAGS_db_user);
  o.database.db.database = absl::GetFlag(FLAGS_db_name);
  o.database.db.pool_size = absl::GetFlag(FLAGS_db_pool_size);
  o.database.password_file = absl::GetFlag(FLAGS_db_password_file);
  o.database.migrations_dir = absl::GetFlag(FLAGS_migrations_dir);
  o.database.migrate = absl::GetFlag(FLAGS_migrate_on_start);
  o.database.wait = absl::Seconds(absl::GetFlag(FLAGS_startup_wait_s));
  o.jwt_public_key_file = absl::GetFlag(FLAGS_jwt_public_key);

  o.host.service_name = name;
  o.host.listen = absl::GetFlag(FLAGS_listen);
  std::vector<std::string> admin = absl::StrSplit(absl::GetFlag(FLAGS_admin_listen), ':');
  o.host.admin_host = admin.size() == 2 ? admin[0] : "127.0.0.1";
  o.host.admin_port = admin.size() == 2 ? std::atoi(admin[1].c_str()) : 0;
  o.host.tls = {absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key),
                absl::GetFlag(FLAGS_tls_ca)};
  o.host.max_threads = absl::GetFlag(FLAGS_max_threads);
  o.worker_threads = absl::GetFlag(FLAGS_worker_threads);

  o.event_targets = absl::StrSplit(absl::GetFlag(FLAGS_event_targets), ',', absl::SkipEmpty());
  o.referral_addr = absl::GetFlag(FLAGS_referral_addr);
  o.referral_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_referral_deadline_ms));
  o.idempotency_retention = absl::Hours(24) * absl::GetFlag(FLAGS_idempotency_retention_days);

  auto limits = [](int streams, int calls, int rate, int burst) {
    return KindLimits{.max_streams = std::max(0, streams),
                      .max_calls = std::max(0, calls),
                      .rate_per_s = static_cast<double>(std::max(0, rate)),
                      .burst = static_cast<double>(std::max(0, burst))};
  };
  o.caller_limits.agency =
      limits(absl::GetFlag(FLAGS_agency_max_streams), absl::GetFlag(FLAGS_agency_max_calls),
             absl::GetFlag(FLAGS_agency_rate), absl::GetFlag(FLAGS_agency_burst));
  o.caller_limits.user =
      limits(absl::GetFlag(FLAGS_user_max_streams), absl::GetFlag(FLAGS_user_max_calls),
             absl::GetFlag(FLAGS_user_rate), absl::GetFlag(FLAGS_user_burst));
  o.caller_limits.service =
      limits(absl::GetFlag(FLAGS_service_max_streams), absl::GetFlag(FLAGS_service_max_calls),
             absl::GetFlag(FLAGS_service_rate), absl::GetFlag(FLAGS_service_burst));
  return o;
}

}  // namespace shouhu
