#include "common/server/bootstrap.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/file.h"
#include "common/db/migrate.h"
#include "common/ops/log.h"

namespace shouhu {

void ExitOnError(const absl::Status& status, absl::string_view what) {
  Log(LogLevel::kError, "startup.failed",
      {{"step", std::string(what)}, {"error", status.ToString()}});
  std::exit(1);
}

absl::StatusOr<std::unique_ptr<db::ConnectionPool>> OpenDatabase(DatabaseStartOptions options) {
  if (!options.password_file.empty()) {
    auto pw = ReadFile(options.password_file);
    if (!pw.ok()) return pw.status();
    options.db.password = std::string(absl::StripAsciiWhitespace(*pw));
  }
  auto files = db::LoadMigrations(options.migrations_dir);
  if (!files.ok()) return files.status();
  auto pool = db::ConnectionPool::Create(options.db);
  if (!pool.ok()) return pool.status();
  const absl::Time deadline = absl::Now() + options.wait;
  absl::Status ping = (*pool)->Ping();
  while (!ping.ok() && absl::Now() < deadline) {
    Log(LogLevel::kWarning, "startup.waiting_for_database",
        {{"error", std::string(ping.message())}});
    absl::SleepFor(absl::Seconds(1));
    ping = (*pool)->Ping();
  }
  if (!ping.ok()) return ping;
  if (options.migrate) {
    auto applied = db::ApplyMigrations(**pool, *files);
    if (!applied.ok()) return applied.status();
    for (const std::string& name : *applied) {
      Log(LogLevel::kInfo, "migration.applied", {{"file", name}});
    }
  }
  absl::Status schema = db::CheckSchema(**pool, *files);
  if (!schema.ok()) return schema;
  return std::move(pool).value();
}

}  // namespace shouhu
