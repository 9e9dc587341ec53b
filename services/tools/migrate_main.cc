// shouhu-migrate: applies and checks schema migrations.
//   shouhu-migrate [db flags] --migrations_dir=deploy/migrations apply|status|check
// Exit codes: 0 ok; 1 error; 3 (check) schema differs from the files.
#include <cstdio>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/db/migrate.h"
#include "db_flags.inc"

ABSL_FLAG(std::string, migrations_dir, "deploy/migrations", "directory of NNNN_name.sql files");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "shouhu-migrate [flags] apply|status|check\n"
      "  apply   apply pending migrations (idempotent)\n"
      "  status  list files and whether each is applied\n"
      "  check   exit 3 unless the database matches the files exactly");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() != 2) {
    std::fprintf(stderr, "usage: shouhu-migrate [flags] apply|status|check\n");
    return 2;
  }
  const std::string cmd = args[1];
  auto files = shouhu::db::LoadMigrations(absl::GetFlag(FLAGS_migrations_dir));
  if (!files.ok()) {
    std::fprintf(stderr, "error: %s\n", files.status().ToString().c_str());
    return 1;
  }
  auto options = DbOptionsFromFlags();
  if (!options.ok()) {
    std::fprintf(stderr, "error: %s\n", options.status().ToString().c_str());
    return 1;
  }
  auto pool = shouhu::db::ConnectionPool::Create(*options);
  if (!pool.ok()) {
    std::fprintf(stderr, "error: %s\n", pool.status().ToString().c_str());
    return 1;
  }
  if (cmd == "apply") {
    auto applied = shouhu::db::ApplyMigrations(**pool, *files);
    if (!applied.ok()) {
      std::fprintf(stderr, "error: %s\n", applied.status().ToString().c_str());
      return 1;
    }
    for (const std::string& f : *applied) std::printf("applied %s\n", f.c_str());
    std::printf("schema up to date (%zu migrations)\n", files->size());
    return 0;
  }
  if (cmd == "status" || cmd == "check") {
    auto applied = shouhu::db::AppliedMigrations(**pool);
    if (!applied.ok()) {
      std::fprintf(stderr, "error: %s\n", applied.status().ToString().c_str());
      return 1;
    }
    if (cmd == "status") {
      for (const auto& f : *files) {
        bool done = false;
        for (const auto& a : *applied) done = done || a.version == f.version;
        std::printf("%-40s %s\n", f.name.c_str(), done ? "applied" : "pending");
      }
    }
    absl::Status st = shouhu::db::CheckSchema(**pool, *files);
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", std::string(st.message()).c_str());
      return 3;
    }
    if (cmd == "check") std::printf("schema matches %zu migrations\n", files->size());
    return 0;
  }
  std::fprintf(stderr, "unknown command '%s'\n", cmd.c_str());
  return 2;
}
