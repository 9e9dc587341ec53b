// Shared fixture of the integration tests: every test gets its own fresh database on the
// MariaDB server started by tests/harness/with-mariadb.sh, with the real migrations
// applied, and the database is dropped afterwards.
//
// Environment (exported by the harness): SHOUHU_TEST_DB_HOST, SHOUHU_TEST_DB_PORT,
// SHOUHU_TEST_DB_USER, SHOUHU_TEST_DB_PASSWORD, SHOUHU_TEST_DB_NAME; SHOUHU_SOURCE_DIR
// (set by ctest) locates deploy/migrations and deploy/calendar. Without
// SHOUHU_TEST_DB_PORT the tests are skipped.
#ifndef SHOUHU_TESTS_INTEGRATION_DB_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_DB_FIXTURE_H_

#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/db/migrate.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "google/protobuf/any.pb.h"
#include "shouhu/oversight/v1/events.pb.h"

namespace shouhu::testing {

inline std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

// The checkout this binary was built from ("" when SHOUHU_SOURCE_DIR is not set).
inline std::string SourceDir() { return EnvOr("SHOUHU_SOURCE_DIR", ""); }

inline std::string MigrationsDir() { return SourceDir() + "/deploy/migrations"; }
inline std::string CalendarDir() { return SourceDir() + "/deploy/calendar"; }

// Connection settings for the harness's server, on database `database`.
inline db::DbOptions HarnessOptions(const std::string& database) {
  db::DbOptions o;
  o.host = EnvOr("SHOUHU_TEST_DB_HOST", "127.0.0.1");
  int port = 0;
  (void)absl::SimpleAtoi(EnvOr("SHOUHU_TEST_DB_PORT", "0"), &port);
  o.port = port;
  o.user = EnvOr("SHOUHU_TEST_DB_USER", "shouhu");
  o.password = EnvOr("SHOUHU_TEST_DB_PASSWORD", "");
  o.database = database;
  o.pool_size = 8;
  o.connect_timeout = absl::Seconds(5);
  o.acquire_timeout = absl::Seconds(10);
  return o;
}

// Runs one statement outside RunInTransaction (DDL, tampering with rows) and commits.
inline void ExecRaw(db::ConnectionPool& pool, const std::string& sql) {
  auto conn = pool.Acquire();
  ASSERT_TRUE(conn.ok()) << conn.status();
  try {
    std::unique_ptr<sql::Statement> st((*conn)->raw().createStatement());
    st->execute(sql);
    (*conn)->raw().commit();
  } catch (const sql::SQLException& e) {
    conn->MarkBroken();
    FAIL() << "statement failed (error " << e.getErrorCode() << "): " << e.what() << "\n" << sql;
  }
}

// The first column of the first row of `sql` as an integer (-1 when there is no row or
// the query fails, which also records a test failure).
inline int64_t QueryInt(db::ConnectionPool& pool, const std::string& sql) {
  int64_t out = -1;
  absl::Status st = db::RunInTransaction(pool, [&](db::Tx& tx) -> absl::Status {
    std::unique_ptr<sql::Statement> s(tx.connection().raw().createStatement());
    std::unique_ptr<sql::ResultSet> rs(s->executeQuery(sql));
    if (rs->next()) out = rs->getInt64(1);
    return absl::OkStatus();
  });
  EXPECT_TRUE(st.ok()) << st << "\n" << sql;
  return out;
}

// Every row of the first column of `sql`, as strings (binary columns byte for byte).
inline std::vector<std::string> QueryStrings(db::ConnectionPool& pool, const std::string& sql) {
  std::vector<std::string> out;
  absl::Status st = db::RunInTransaction(pool, [&](db::Tx& tx) -> absl::Status {
    out.clear();
    std::unique_ptr<sql::Statement> s(tx.connection().raw().createStatement());
    std::unique_ptr<sql::ResultSet> rs(s->executeQuery(sql));
    while (rs->next()) {
      if (rs->isNull(1)) {
        out.emplace_back();
      } else {
        out.push_back(rs->getString(1).asStdString());
      }
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(st.ok()) << st << "\n" << sql;
  return out;
}

inline int64_t CountRows(db::ConnectionPool& pool, const std::string& table,
                         const std::string& where = "") {
  return QueryInt(
      pool, absl::StrCat("SELECT COUNT(*) FROM ", table, where.empty() ? "" : " WHERE ", where));
}

// A fresh database per test: "it_<suite>_<pid>_<counter>".
class DbTest : public ::testing::Test {
 protected:
  // Whether SetUp applies deploy/migrations (migration tests apply them themselves).
  virtual bool ApplySchema() const { return true; }

  void SetUp() override {
    if (std::getenv("SHOUHU_TEST_DB_PORT") == nullptr) {
      GTEST_SKIP() << "SHOUHU_TEST_DB_PORT is not set: run under tests/harness/with-mariadb.sh";
    }
    ASSERT_FALSE(SourceDir().empty()) << "SHOUHU_SOURCE_DIR must name the source checkout";

    auto admin = db::ConnectionPool::Create(
        Options(EnvOr("SHOUHU_TEST_DB_NAME", "shouhu_test"), /*pool_size=*/1));
    ASSERT_TRUE(admin.ok()) << admin.status();
    admin_ = *std::move(admin);

    static std::atomic<int> counter{0};
    std::string suite = ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name();
    suite = absl::AsciiStrToLower(suite.substr(0, 30));
    for (char& c : suite) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    db_name_ = absl::StrCat("it_", suite, "_", getpid(), "_", counter.fetch_add(1));
    ASSERT_NO_FATAL_FAILURE(ExecRaw(*admin_, absl::StrCat("DROP DATABASE IF EXISTS ", db_name_)));
    ASSERT_NO_FATAL_FAILURE(
        ExecRaw(*admin_, absl::StrCat("CREATE DATABASE ", db_name_,
                                      " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")));
    created_ = true;

    auto pool = NewPool();
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    ASSERT_TRUE(pool_->Ping().ok());

    if (ApplySchema()) {
      auto files = db::LoadMigrations(MigrationsDir());
      ASSERT_TRUE(files.ok()) << files.status();
      files_ = *std::move(files);
      auto applied = db::ApplyMigrations(*pool_, files_);
      ASSERT_TRUE(applied.ok()) << applied.status();
      ASSERT_EQ(applied->size(), files_.size());
    }
  }

  void TearDown() override {
    pool_.reset();
    if (created_ && admin_ != nullptr) {
      if (std::getenv("SHOUHU_TEST_KEEP_DB") == nullptr) {
        ExecRaw(*admin_, absl::StrCat("DROP DATABASE IF EXISTS ", db_name_));
      }
    }
    admin_.reset();
  }

  // Options for the test database (or `database`), with `pool_size` connections.
  db::DbOptions Options(const std::string& database = "", int pool_size = 8) const {
    db::DbOptions o = HarnessOptions(database.empty() ? db_name_ : database);
    o.pool_size = pool_size;
    return o;
  }

  absl::StatusOr<std::unique_ptr<db::ConnectionPool>> NewPool(int pool_size = 8) const {
    return db::ConnectionPool::Create(Options("", pool_size));
  }

  void Exec(const std::string& sql) { ExecRaw(*pool_, sql); }
  int64_t Int(const std::string& sql) { return QueryInt(*pool_, sql); }
  int64_t Count(const std::string& table, const std::string& where = "") {
    return CountRows(*pool_, table, where);
  }
  std::vector<std::string> Strings(const std::string& sql) { return QueryStrings(*pool_, sql); }

  // The "deadline.changed" events of one deadline (item key, e.g. "AID_DECISION:<id>")
  // written so far, in outbox order; a payload that is not a DeadlineChanged fails.
  std::vector<oversight::v1::DeadlineChanged> DeadlineChanges(const std::string& item_key) {
    std::vector<oversight::v1::DeadlineChanged> out;
    for (const std::string& payload :
         Strings(absl::StrCat("SELECT payload FROM outbox_events WHERE topic = 'deadline.changed'"
                              " AND aggregate_id = '",
                              item_key, "' ORDER BY seq"))) {
      google::protobuf::Any any;
      oversight::v1::DeadlineChanged e;
      EXPECT_TRUE(any.ParseFromString(payload) && any.UnpackTo(&e)) << item_key;
      EXPECT_EQ(e.item_key(), item_key);
      out.push_back(std::move(e));
    }
    return out;
  }

  std::string db_name_;
  std::unique_ptr<db::ConnectionPool> admin_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::vector<db::MigrationFile> files_;
  bool created_ = false;
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_DB_FIXTURE_H_
