// Migrations and idempotency keys against a real MariaDB.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/base/clock.h"
#include "common/crypto/field_cipher.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/db/migrate.h"
#include "common/db/outbox.h"
#include "common/server/events.h"
#include "google/protobuf/wrappers.pb.h"
#include "integration/db_fixture.h"
#include "shouhu/referral/v1/events.pb.h"
#include "support/temp_dir.h"

namespace shouhu::testing {
namespace {

using ::testing::HasSubstr;

// ------------------------------------------------------------------------ migrations

class MigrationTest : public DbTest {
 protected:
  bool ApplySchema() const override { return false; }

  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto files = db::LoadMigrations(MigrationsDir());
    ASSERT_TRUE(files.ok()) << files.status();
    files_ = *std::move(files);
    ASSERT_GE(files_.size(), 2u);
  }

  std::vector<std::string> Tables() {
    return Strings(
        absl::StrCat("SELECT table_name FROM information_schema.tables WHERE table_schema = '",
                     db_name_, "' ORDER BY table_name"));
  }
};

TEST_F(MigrationTest, AppliesEveryFileOnceAndRecordsChecksums) {
  auto before = db::AppliedMigrations(*pool_);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_TRUE(before->empty());
  EXPECT_TRUE(absl::IsFailedPrecondition(db::CheckSchema(*pool_, files_)));

  auto first = db::ApplyMigrations(*pool_, files_);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), files_.size());
  for (size_t i = 0; i < files_.size(); ++i) EXPECT_EQ((*first)[i], files_[i].name);

  auto second = db::ApplyMigrations(*pool_, files_);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->empty());

  EXPECT_TRUE(db::CheckSchema(*pool_, files_).ok());
  auto applied = db::AppliedMigrations(*pool_);
  ASSERT_TRUE(applied.ok());
  ASSERT_EQ(applied->size(), files_.size());
  for (size_t i = 0; i < files_.size(); ++i) {
    EXPECT_EQ((*applied)[i].version, files_[i].version);
    EXPECT_EQ((*applied)[i].checksum, files_[i].checksum);
  }
  const std::vector<std::string> tables = Tables();
  for (const char* t : {"schema_migrations", "idempotency_keys", "audit_log", "audit_chain_heads",
                        "outbox_events", "referrals", "persons", "cases"}) {
    EXPECT_NE(std::find(tables.begin(), tables.end(), t), tables.end()) << t;
  }
  EXPECT_EQ(Count("audit_chain_heads"), db::kAuditChains);
}

TEST_F(MigrationTest, AppliesOnlyWhatIsPending) {
  std::vector<db::MigrationFile> older(files_.begin(), files_.begin() + 1);
  auto first = db::ApplyMigrations(*pool_, older);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), 1u);
  absl::Status pending = db::CheckSchema(*pool_, files_);
  EXPECT_TRUE(absl::IsFailedPrecondition(pending)) << pending;
  EXPECT_THAT(pending.message(), HasSubstr(files_[1].name));
  EXPECT_THAT(pending.message(), HasSubstr("not applied"));

  auto rest = db::ApplyMigrations(*pool_, files_);
  ASSERT_TRUE(rest.ok()) << rest.status();
  ASSERT_EQ(rest->size(), files_.size() - 1);
  EXPECT_EQ(rest->front(), files_[1].name);
  EXPECT_TRUE(db::CheckSchema(*pool_, files_).ok());
}

TEST_F(MigrationTest, ChangedChecksumIsRefused) {
  ASSERT_TRUE(db::ApplyMigrations(*pool_, files_).ok());
  Exec("UPDATE schema_migrations SET checksum = REPEAT('a', 64) WHERE version = 1");
  absl::Status st = db::CheckSchema(*pool_, files_);
  EXPECT_TRUE(absl::IsFailedPrecondition(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("changed"));
  EXPECT_THAT(st.message(), HasSubstr(files_[0].name));
  // The migrator refuses to go on as well.
  auto again = db::ApplyMigrations(*pool_, files_);
  EXPECT_TRUE(absl::IsFailedPrecondition(again.status())) << again.status();
  EXPECT_THAT(again.status().message(), HasSubstr("changed"));
}

TEST_F(MigrationTest, EditedFileIsRefused) {
  ASSERT_TRUE(db::ApplyMigrations(*pool_, files_).ok());
  std::vector<db::MigrationFile> edited = files_;
  edited[1].contents += "\n-- an innocent comment\n";
  edited[1].checksum = Sha256Hex(edited[1].contents);
  absl::Status st = db::CheckSchema(*pool_, edited);
  EXPECT_TRUE(absl::IsFailedPrecondition(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("changed"));
}

TEST_F(MigrationTest, UnknownVersionIsRefused) {
  ASSERT_TRUE(db::ApplyMigrations(*pool_, files_).ok());
  Exec(
      "INSERT INTO schema_migrations (version, name, checksum, applied_at_ms)"
      " VALUES (99, '0099_future.sql', REPEAT('b', 64), 0)");
  absl::Status st = db::CheckSchema(*pool_, files_);
  EXPECT_TRUE(absl::IsFailedPrecondition(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("does not know"));
  EXPECT_THAT(st.message(), HasSubstr("0099_future.sql"));
  auto again = db::ApplyMigrations(*pool_, files_);
  EXPECT_TRUE(absl::IsFailedPrecondition(again.status())) << again.status();
}

TEST_F(MigrationTest, MissingFileIsRefused) {
  ASSERT_TRUE(db::ApplyMigrations(*pool_, files_).ok());
  // A binary whose migrations directory lacks the newest file.
  TempDir dir("migrations");
  ASSERT_FALSE(dir.path().empty());
  ASSERT_GE(files_.size(), 2u);
  for (size_t i = 0; i + 1 < files_.size(); ++i) dir.Write(files_[i].name, files_[i].contents);
  auto fewer = db::LoadMigrations(dir.path());
  ASSERT_TRUE(fewer.ok()) << fewer.status();
  ASSERT_EQ(fewer->size(), files_.size() - 1);
  absl::Status st = db::CheckSchema(*pool_, *fewer);
  EXPECT_TRUE(absl::IsFailedPrecondition(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr(files_.back().name));
  auto again = db::ApplyMigrations(*pool_, *fewer);
  EXPECT_FALSE(again.ok());
}

TEST_F(MigrationTest, ConcurrentMigratorsApplyEachFileOnce) {
  std::vector<absl::StatusOr<std::vector<std::string>>> results(3, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] { results[i] = db::ApplyMigrations(*pool_, files_); });
  }
  for (auto& t : threads) t.join();
  size_t total = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    total += r->size();
  }
  EXPECT_EQ(total, files_.size());
  EXPECT_EQ(Count("schema_migrations"), static_cast<int64_t>(files_.size()));
  EXPECT_TRUE(db::CheckSchema(*pool_, files_).ok());
}

// ----------------------------------------------------------------------- idempotency

class IdempotencyTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Exec("CREATE TABLE work (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64))");
  }

  // Inserts one row into `work` and answers with its id.
  std::function<absl::StatusOr<std::string>(db::Tx&)> Insert(std::atomic<int>* calls,
                                                             absl::Duration hold = {}) {
    return [calls, hold](db::Tx& tx) -> absl::StatusOr<std::string> {
      calls->fetch_add(1);
      tx.Sql("INSERT INTO work (note) VALUES (?)").Str("done").Exec();
      auto rs = tx.Sql("SELECT LAST_INSERT_ID() AS id").Rows();
      rs->next();
      if (hold > absl::ZeroDuration()) absl::SleepFor(hold);
      return absl::StrCat("response-", rs->getInt64("id"), "\x01\x00 binary", std::string(1, '\0'));
    };
  }

  const db::IdempotencyKey key_{"agency:edu-test|/Test/Method", "req-0001-abcdef"};
  const std::string hash_ = std::string(64, 'a');
};

TEST(RequestIdTest, ValidatesRequestIds) {
  EXPECT_TRUE(db::ValidateRequestId("abcdefgh").ok());
  EXPECT_TRUE(db::ValidateRequestId("req_0001-XYZ").ok());
  EXPECT_FALSE(db::ValidateRequestId("short").ok());
  EXPECT_FALSE(db::ValidateRequestId(std::string(65, 'a')).ok());
  EXPECT_FALSE(db::ValidateRequestId("has space 123").ok());
}

TEST_F(IdempotencyTest, ReplaysTheStoredResponseWithoutRunningAgain) {
  std::atomic<int> calls{0};
  bool replayed = true;
  auto first = db::RunIdempotent(*pool_, key_, hash_, Insert(&calls), &replayed);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(replayed);
  EXPECT_EQ(calls.load(), 1);

  auto second = db::RunIdempotent(*pool_, key_, hash_, Insert(&calls), &replayed);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(replayed);
  EXPECT_EQ(*second, *first);  // byte for byte, binary included
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(Count("work"), 1);
  EXPECT_EQ(Count("idempotency_keys"), 1);

  // Another scope with the same request id is another request.
  db::IdempotencyKey other = key_;
  other.scope = "agency:other|/Test/Method";
  auto third = db::RunIdempotent(*pool_, other, hash_, Insert(&calls), &replayed);
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(replayed);
  EXPECT_NE(*third, *first);
  EXPECT_EQ(calls.load(), 2);
}

TEST_F(IdempotencyTest, SameKeyWithAnotherPayloadIsInvalid) {
  std::atomic<int> calls{0};
  ASSERT_TRUE(db::RunIdempotent(*pool_, key_, hash_, Insert(&calls)).ok());
  auto other = db::RunIdempotent(*pool_, key_, std::string(64, 'b'), Insert(&calls));
  EXPECT_TRUE(absl::IsInvalidArgument(other.status())) << other.status();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(Count("work"), 1);
}

TEST_F(IdempotencyTest, FailureStoresNothing) {
  std::atomic<int> calls{0};
  auto failing = [&](db::Tx& tx) -> absl::StatusOr<std::string> {
    calls.fetch_add(1);
    tx.Sql("INSERT INTO work (note) VALUES (?)").Str("partial").Exec();
    return absl::FailedPreconditionError("not now");
  };
  auto first = db::RunIdempotent(*pool_, key_, hash_, failing);
  EXPECT_TRUE(absl::IsFailedPrecondition(first.status())) << first.status();
  EXPECT_EQ(Count("idempotency_keys"), 0);
  EXPECT_EQ(Count("work"), 0);

  bool replayed = true;
  auto second = db::RunIdempotent(*pool_, key_, hash_, Insert(&calls), &replayed);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_FALSE(replayed);
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(Count("work"), 1);
  EXPECT_EQ(Count("idempotency_keys"), 1);
}

TEST_F(IdempotencyTest, ConcurrentFirstExecutionsRunOnce) {
  constexpr int kThreads = 8;
  std::atomic<int> calls{0};
  std::barrier start(kThreads);
  std::vector<absl::StatusOr<std::string>> results(kThreads, absl::UnknownError("not run"));
  std::vector<int> replayed(kThreads, -1);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      bool r = false;
      start.arrive_and_wait();
      results[i] =
          db::RunIdempotent(*pool_, key_, hash_, Insert(&calls, absl::Milliseconds(200)), &r);
      replayed[i] = r;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(Count("work"), 1);
  int fresh = 0;
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status();
    EXPECT_EQ(*results[i], *results[0]);
    if (!replayed[i]) ++fresh;
  }
  EXPECT_EQ(fresh, 1);
}

}  // namespace
}  // namespace shouhu::testing
