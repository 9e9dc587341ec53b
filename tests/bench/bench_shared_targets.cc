#include "bench/bench_shared_targets.h"

#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/base/file.h"
#include "common/server/bootstrap.h"
#include "common/server/tls.h"

namespace shouhu::bench {

Claims BenchUserClaims(const std::string& subject, const std::string& name,
                       const std::string& department, const std::string& role,
                       const std::string& title, absl::Time now) {
  Claims c;
  c.subject = subject;
  c.name = name;
  c.procuratorate = absl::GetFlag(FLAGS_procuratorate);
  c.department = department;
  c.title = title;
  c.roles = {role};
  c.issued_at = now;
  c.expires_at = now + absl::Hours(12);
  return c;
}

Principal PrincipalFromClaims(const Claims& c) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = c.subject;
  p.display_name = c.name;
  p.procuratorate = c.procuratorate;
  p.department = c.department;
  p.title = c.title;
  for (const std::string& r : c.roles) {
    auto role = ParseRole(r);
    if (role.ok()) p.roles.insert(*role);
  }
  return p;
}

std::unique_ptr<TokenIssuer> LoadTokenIssuer() {
  auto pem = ReadFile(absl::GetFlag(FLAGS_jwt_signing_key));
  if (!pem.ok()) Die("token signing key", pem.status());
  auto issuer = TokenIssuer::FromPrivateKeyPem(*pem);
  if (!issuer.ok()) Die("token signing key", issuer.status());
  return *std::move(issuer);
}

std::string IssueToken(const TokenIssuer& issuer, const Claims& c) {
  auto t = issuer.Issue(c);
  if (!t.ok()) Die("token", t.status());
  return *t;
}

std::shared_ptr<grpc::ChannelCredentials> BenchCredentials(const std::string& cert,
                                                           const std::string& key,
                                                           const std::string& what) {
  auto creds = ClientTlsCredentials(TlsFiles{cert, key, absl::GetFlag(FLAGS_ca)});
  if (!creds.ok()) Die(what, creds.status());
  return *creds;
}

std::shared_ptr<grpc::Channel> ConnectedChannel(
    const std::shared_ptr<grpc::ChannelCredentials>& creds) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto channel = grpc::CreateCustomChannel(absl::GetFlag(FLAGS_addr), creds, args);
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
    Die("connect",
        absl::UnavailableError(absl::StrCat("cannot connect to ", absl::GetFlag(FLAGS_addr))));
  }
  return channel;
}

std::unique_ptr<db::ConnectionPool> OpenBenchPool(int size) {
  DatabaseStartOptions dbo;
  dbo.db.host = absl::GetFlag(FLAGS_db_host);
  dbo.db.port = absl::GetFlag(FLAGS_db_port);
  dbo.db.user = absl::GetFlag(FLAGS_db_user);
  dbo.db.database = absl::GetFlag(FLAGS_db_name);
  dbo.db.pool_size = size;
  dbo.password_file = absl::GetFlag(FLAGS_db_password_file);
  dbo.migrations_dir = absl::GetFlag(FLAGS_migrations_dir);
  dbo.migrate = false;
  dbo.wait = absl::Seconds(10);
  auto pool = OpenDatabase(dbo);
  if (!pool.ok()) Die("database", pool.status());
  return std::move(pool).value();
}

BenchData LoadBenchData() {
  BenchData out;
  auto cipher = FieldCipher::FromKeyFiles(absl::GetFlag(FLAGS_data_key_file),
                                          absl::GetFlag(FLAGS_hmac_key_file));
  if (!cipher.ok()) Die("data keys", cipher.status());
  out.cipher = std::move(cipher).value();
  auto calendar = WorkingCalendar::LoadFromDirectory(absl::GetFlag(FLAGS_calendar_dir));
  if (!calendar.ok()) Die("calendar", calendar.status());
  out.calendar = std::make_unique<WorkingCalendar>(std::move(calendar).value());
  return out;
}

}  // namespace shouhu::bench
