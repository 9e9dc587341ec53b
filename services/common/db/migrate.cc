#include "common/db/migrate.h"

#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/crypto/field_cipher.h"
#include "common/db/transaction.h"

namespace shouhu::db {
namespace {

constexpr char kCreateTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(200) NOT NULL,"
    " checksum CHAR(64) NOT NULL,"
    " applied_at_ms BIGINT NOT NULL"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

}  // namespace

absl::StatusOr<std::vector<MigrationFile>> LoadMigrations(const std::string& dir) {
  std::vector<MigrationFile> files;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return absl::NotFoundError(absl::StrCat("cannot read migrations dir ", dir));
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    const size_t underscore = name.find('_');
    int version = 0;
    if (underscore == std::string::npos ||
        !absl::SimpleAtoi(absl::string_view(name).substr(0, underscore), &version) ||
        version <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration file name must be NNNN_name.sql: ", name));
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    MigrationFile f;
    f.version = version;
    f.name = name;
    f.contents = buf.str();
    f.checksum = Sha256Hex(f.contents);
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const MigrationFile& a, const MigrationFile& b) { return a.version < b.version; });
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].version != static_cast<int>(i) + 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "migration versions must be 1..N without gaps or duplicates; found ", files[i].name));
    }
  }
  if (files.empty()) return absl::NotFoundError(absl::StrCat("no migrations in ", dir));
  return files;
}

std::vector<std::string> SplitStatements(const std::string& contents) {
  std::vector<std::string> out;
  std::string current;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || absl::StartsWith(trimmed, "--")) continue;
    absl::StrAppend(&current, line, "\n");
    if (absl::EndsWith(trimmed, ";")) {
      std::string stmt(absl::StripAsciiWhitespace(current));
      stmt.pop_back();  // the ';'
      if (!stmt.empty()) out.push_back(std::move(stmt));
      current.clear();
    }
  }
  std::string rest(absl::StripAsciiWhitespace(current));
  if (!rest.empty()) out.push_back(std::move(rest));
  return out;
}

absl::StatusOr<std::vector<MigrationState>> AppliedMigrations(ConnectionPool& pool) {
  std::vector<MigrationState> applied;
  absl::Status st = RunInTransaction(pool, [&](Tx& tx) {
    applied.clear();
    std::unique_ptr<sql::Statement> s(tx.connection().raw().createStatement());
    std::unique_ptr<sql::ResultSet> exists(
        s->executeQuery("SELECT COUNT(*) AS n FROM information_schema.tables"
                        " WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'"));
    if (!exists->next() || exists->getInt("n") == 0) return absl::OkStatus();
    std::unique_ptr<sql::ResultSet> rs(
        s->executeQuery("SELECT version, name, checksum FROM schema_migrations ORDER BY version"));
    while (rs->next()) {
      applied.push_back({rs->getInt("version"), GetStr(*rs, "name"), GetStr(*rs, "checksum")});
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return applied;
}

absl::Status CheckSchema(ConnectionPool& pool, const std::vector<MigrationFile>& files) {
  auto applied = AppliedMigrations(pool);
  if (!applied.ok()) return applied.status();
  for (const MigrationState& a : *applied) {
    if (a.version > static_cast<int>(files.size())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "database has migration ", a.name, " that this binary does not know: upgrade it"));
    }
    const MigrationFile& f = files[a.version - 1];
    if (f.checksum != a.checksum) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration ", f.name, " was changed after it was applied"));
    }
  }
  if (applied->size() < files.size()) {
    return absl::FailedPreconditionError(
        absl::StrCat("database schema is out of date: migration ", files[applied->size()].name,
                     " is not applied (run shouhu-migrate apply)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ApplyMigrations(ConnectionPool& pool,
                                                         const std::vector<MigrationFile>& files) {
  auto conn = pool.Acquire();
  if (!conn.ok()) return conn.status();
  std::vector<std::string> done;
  try {
    sql::Connection& raw = (*conn)->raw();
    std::unique_ptr<sql::Statement> s(raw.createStatement());
    {
      std::unique_ptr<sql::ResultSet> lock(
          s->executeQuery("SELECT GET_LOCK('shouhu_schema_migrations', 60) AS got"));
      if (!lock->next() || lock->getInt("got") != 1) {
        return absl::DeadlineExceededError("another migrator holds the schema lock");
      }
    }
    s->execute(kCreateTable);
    CommitOrThrow(raw);
    absl::Status result = absl::OkStatus();
    auto applied = AppliedMigrations(pool);
    if (!applied.ok()) {
      result = applied.status();
    } else {
      for (const MigrationState& a : *applied) {
        if (a.version > static_cast<int>(files.size()) ||
            files[a.version - 1].checksum != a.checksum) {
          result = CheckSchema(pool, files);
          break;
        }
      }
    }
    for (size_t i = applied.ok() ? applied->size() : files.size(); result.ok() && i < files.size();
         ++i) {
      const MigrationFile& f = files[i];
      for (const std::string& stmt : SplitStatements(f.contents)) s->execute(stmt);
      std::unique_ptr<sql::PreparedStatement> rec(raw.prepareStatement(
          "INSERT INTO schema_migrations (version, name, checksum, applied_at_ms)"
          " VALUES (?, ?, ?, ?)"));
      rec->setInt(1, f.version);
      rec->setString(2, f.name);
      rec->setString(3, f.checksum);
      rec->setInt64(4, absl::ToUnixMillis(absl::Now()));
      rec->executeUpdate();
      CommitOrThrow(raw);
      done.push_back(f.name);
    }
    std::unique_ptr<sql::ResultSet> unlock(
        s->executeQuery("SELECT RELEASE_LOCK('shouhu_schema_migrations')"));
    CommitOrThrow(raw);
    if (!result.ok()) return result;
  } catch (const sql::SQLException& e) {
    conn->MarkBroken();
    return absl::InternalError(absl::StrCat("migration failed after ", done.size(),
                                            " file(s): error ", e.getErrorCode(), ": ", e.what()));
  }
  return done;
}

}  // namespace shouhu::db
