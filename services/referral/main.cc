// shouhu-referral: the referral service (线索移送) binary. Configuration is read here only.
#include <memory>

#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/base/file.h"
#include "common/server/bootstrap.h"
#include "common/server/events.h"
#include "common/server/host.h"
#include "common/server/service_flags.inc"
#include "referral/grpc_service.h"

int main(int argc, char** argv) {
  using namespace shouhu;  // NOLINT
  ServiceHost::BlockSignals();
  absl::ParseCommandLine(argc, argv);
  LogLevel level = LogLevel::kInfo;
  if (ParseLogLevel(absl::GetFlag(FLAGS_log_level), &level)) SetMinLogLevel(level);

  DatabaseStartOptions dbo;
  dbo.db.host = absl::GetFlag(FLAGS_db_host);
  dbo.db.port = absl::GetFlag(FLAGS_db_port);
  dbo.db.user = absl::GetFlag(FLAGS_db_user);
  dbo.db.database = absl::GetFlag(FLAGS_db_name);
  dbo.db.pool_size = absl::GetFlag(FLAGS_db_pool_size);
  dbo.password_file = absl::GetFlag(FLAGS_db_password_file);
  dbo.migrations_dir = absl::GetFlag(FLAGS_migrations_dir);
  dbo.migrate = absl::GetFlag(FLAGS_migrate_on_start);
  dbo.wait = absl::Seconds(absl::GetFlag(FLAGS_startup_wait_s));
  auto pool = OpenDatabase(dbo);
  if (!pool.ok()) ExitOnError(pool.status(), "database");

  auto cipher = FieldCipher::FromKeyFiles(absl::GetFlag(FLAGS_data_key_file),
                                          absl::GetFlag(FLAGS_hmac_key_file));
  if (!cipher.ok()) ExitOnError(cipher.status(), "data keys");
  auto calendar = WorkingCalendar::LoadFromDirectory(absl::GetFlag(FLAGS_calendar_dir));
  if (!calendar.ok()) ExitOnError(calendar.status(), "calendar");
  {
    // Working-day deadlines are wrong around holidays without the year's file.
    const int year =
        static_cast<int>(absl::ToCivilDay(absl::Now(), WorkingCalendar::ChinaTimeZone()).year());
    if (!calendar->Covers(year)) {
      ExitOnError(absl::FailedPreconditionError(absl::StrCat(
                      "no holiday calendar for ", year, ": add deploy/calendar/", year, ".txt")),
                  "calendar");
    }
    if (!calendar->Covers(year + 1)) {
      Log(LogLevel::kWarning, "calendar.next_year_missing", {{"year", absl::StrCat(year + 1)}});
    }
  }
  auto jwt_pem = ReadFile(absl::GetFlag(FLAGS_jwt_public_key));
  if (!jwt_pem.ok()) ExitOnError(jwt_pem.status(), "token key");
  auto verifier = TokenVerifier::FromPublicKeyPem(*jwt_pem);
  if (!verifier.ok()) ExitOnError(verifier.status(), "token key");

  referral::CoreDeps deps;
  deps.pool = pool->get();
  deps.clock = &Clock::Real();
  deps.ids = &IdGenerator::Random();
  deps.cipher = cipher->get();
  deps.calendar = &*calendar;
  referral::ReferralCore core(deps);

  Authenticator auth(
      std::move(verifier).value(),
      [&core](const std::string& code) -> absl::StatusOr<AgencyIdentity> {
        auto a = core.LookupAgency(code);
        if (!a.ok()) return a.status();
        return AgencyIdentity{a->agency_code(), a->name(), a->procuratorate_code(), a->active()};
      },
      &Clock::Real());
  Registry metrics;
  RpcEnv env(&auth, &metrics, "referral");
  referral::ReferralGrpc referrals(&core, &env);
  referral::CaseGrpc cases(&core, &env);
  referral::PersonGrpc people(&core, &env);
  referral::RegistryGrpc registry(&core, &env);

  TlsFiles tls{absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key),
               absl::GetFlag(FLAGS_tls_ca)};
  std::unique_ptr<db::OutboxRelay> relay;
  const std::string targets = absl::GetFlag(FLAGS_event_targets);
  if (!targets.empty()) {
    auto creds = ClientTlsCredentials(tls);
    if (!creds.ok()) ExitOnError(creds.status(), "client tls");
    std::vector<std::string> list = absl::StrSplit(targets, ',', absl::SkipEmpty());
    relay =
        std::make_unique<db::OutboxRelay>(pool->get(), &Clock::Real(), GrpcEventSink(list, *creds),
                                          db::OutboxRelay::Options{.service = "referral"});
    relay->Start();
  }

  HostOptions host_options;
  host_options.service_name = "referral";
  host_options.listen = absl::GetFlag(FLAGS_listen);
  std::vector<std::string> admin = absl::StrSplit(absl::GetFlag(FLAGS_admin_listen), ':');
  host_options.admin_host = admin.size() == 2 ? admin[0] : "127.0.0.1";
  host_options.admin_port = admin.size() == 2 ? std::atoi(admin[1].c_str()) : 0;
  host_options.tls = tls;
  host_options.max_threads = absl::GetFlag(FLAGS_max_threads);
  host_options.on_drain_start = [&env] { env.BeginShutdown(); };
  auto host = ServiceHost::Start(host_options, {&referrals, &cases, &people, &registry},
                                 pool->get(), &metrics, [&relay] {
                                   if (relay) relay->Stop();  // flushes what is due
                                 });
  if (!host.ok()) ExitOnError(host.status(), "server");
  (*host)->Wait();
  return 0;
}
