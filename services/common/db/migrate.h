// Schema migrations: ordered SQL files "NNNN_name.sql" in one directory, each recorded in
// schema_migrations with its SHA-256 after it is applied. A file changed after it was
// applied, or a version in the database that the binary does not know, is an error.
//
// Files hold plain DDL/DML statements separated by ";" at the end of a line (no stored
// procedures, no ";" at a line end inside string literals).
#ifndef SHOUHU_COMMON_DB_MIGRATE_H_
#define SHOUHU_COMMON_DB_MIGRATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/pool.h"

namespace shouhu::db {

struct MigrationFile {
  int version = 0;
  std::string name;      // file name
  std::string checksum;  // SHA-256 hex of the contents
  std::string contents;
};

struct MigrationState {
  int version = 0;
  std::string name;
  std::string checksum;
};

// Reads and orders the migration files of `dir`. Duplicate versions, gaps or badly named
// files are errors.
absl::StatusOr<std::vector<MigrationFile>> LoadMigrations(const std::string& dir);

// Splits a migration file into statements (comments and blank lines removed).
std::vector<std::string> SplitStatements(const std::string& contents);

// Applied migrations in version order (empty when the table does not exist yet).
absl::StatusOr<std::vector<MigrationState>> AppliedMigrations(ConnectionPool& pool);

// Applies every pending migration, holding a database advisory lock so that concurrent
// migrators (several replicas starting at once) apply each file exactly once.
// Returns the names of the files applied.
absl::StatusOr<std::vector<std::string>> ApplyMigrations(ConnectionPool& pool,
                                                         const std::vector<MigrationFile>& files);

// OK when the database has exactly `files` applied with matching checksums; otherwise
// FAILED_PRECONDITION naming the first difference (pending, changed or unknown version).
absl::Status CheckSchema(ConnectionPool& pool, const std::vector<MigrationFile>& files);

}  // namespace shouhu::db

#endif  // SHOUHU_COMMON_DB_MIGRATE_H_
