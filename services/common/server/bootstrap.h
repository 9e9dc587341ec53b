// Start-up steps every service shares, with explicit options (flags are read in main).
#ifndef SHOUHU_COMMON_SERVER_BOOTSTRAP_H_
#define SHOUHU_COMMON_SERVER_BOOTSTRAP_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/pool.h"

namespace shouhu {

struct DatabaseStartOptions {
  db::DbOptions db;
  std::string password_file;  // read into db.password when set
  std::string migrations_dir;
  bool migrate = false;  // apply pending migrations before checking
  absl::Duration wait = absl::Seconds(30);
};

// Waits (bounded) for the database, optionally migrates, then refuses to continue unless
// the schema is exactly the one this binary was built for.
absl::StatusOr<std::unique_ptr<db::ConnectionPool>> OpenDatabase(DatabaseStartOptions options);

// Logs a fatal start-up error (without secrets) and exits with status 1.
[[noreturn]] void ExitOnError(const absl::Status& status, absl::string_view what);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_BOOTSTRAP_H_
