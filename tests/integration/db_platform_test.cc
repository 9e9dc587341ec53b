// Migrations, idempotency keys, the audit chain and the outbox against a real MariaDB.
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

// ----------------------------------------------------------------------------- audit

class AuditTest : public DbTest {
 protected:
  static db::AuditRecord Record(const std::string& entity, int n) {
    db::AuditRecord r;
    r.service = "referral";
    r.actor = "user:u-zhang";
    r.action = "referral.assign";
    r.entity_type = "referral";
    r.entity_id = entity;
    r.procuratorate = "520382";
    r.request_id = absl::StrCat("req-", entity, "-", n);
    r.detail = absl::StrCat("{\"n\":", n, "}");
    r.at = absl::FromUnixMillis(1741572000000 + n);
    return r;
  }

  absl::Status Append(const db::AuditRecord& r) {
    return db::RunInTransaction(*pool_, [&](db::Tx& tx) { return db::AppendAudit(tx, r); });
  }

  // 8 entities with 5 records each; returns the chain of "ent-0" (which has >= 5 records).
  int Seed() {
    for (int n = 0; n < 5; ++n) {
      for (int e = 0; e < 8; ++e) {
        EXPECT_TRUE(Append(Record(absl::StrCat("ent-", e), n)).ok());
      }
    }
    return db::AuditChainOf("ent-0");
  }

  db::AuditReport Verify() {
    auto report = db::VerifyAudit(*pool_);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : db::AuditReport{};
  }

  int64_t LastSeq(int chain) {
    return Int(absl::StrCat("SELECT last_seq FROM audit_chain_heads WHERE chain_id = ", chain));
  }

  static bool Reports(const db::AuditReport& report, int chain, int64_t seq) {
    for (const auto& p : report.problems) {
      if (p.chain == chain && p.seq == seq) return true;
    }
    return false;
  }

  static std::string Describe(const db::AuditReport& report) {
    std::string out;
    for (const auto& p : report.problems)
      absl::StrAppend(&out, p.chain, "/", p.seq, ": ", p.what, "\n");
    return out;
  }
};

TEST_F(AuditTest, ChainsVerifyIntact) {
  const int chain = Seed();
  const db::AuditReport report = Verify();
  EXPECT_TRUE(report.ok()) << Describe(report);
  EXPECT_EQ(report.records_checked, 40);
  EXPECT_EQ(Count("audit_log"), 40);
  EXPECT_GE(LastSeq(chain), 5);
  // Records are numbered 1..n within their chain and linked to their predecessor.
  EXPECT_EQ(Int(absl::StrCat("SELECT MIN(seq) FROM audit_log WHERE chain_id = ", chain)), 1);
  EXPECT_EQ(Int(absl::StrCat("SELECT COUNT(*) FROM audit_log WHERE chain_id = ", chain)),
            LastSeq(chain));
  EXPECT_EQ(Count("audit_log a JOIN audit_log b ON b.chain_id = a.chain_id AND b.seq = a.seq + 1",
                  "b.prev_hash <> a.hash"),
            0);
  // Records spread over more than one chain.
  EXPECT_GT(Int("SELECT COUNT(DISTINCT chain_id) FROM audit_log"), 1);
}

TEST_F(AuditTest, EditedRecordIsReported) {
  const int chain = Seed();
  Exec(absl::StrCat("UPDATE audit_log SET detail = '{\"n\":99}' WHERE chain_id = ", chain,
                    " AND seq = 2"));
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Reports(report, chain, 2)) << Describe(report);
  for (const auto& p : report.problems) EXPECT_EQ(p.chain, chain) << Describe(report);
}

TEST_F(AuditTest, EditedRecordWithRecomputedHashBreaksTheNextLink) {
  const int chain = Seed();
  // A forger who recomputes the edited record's hash still breaks the next record's link.
  db::AuditRecord forged;
  {
    auto rows = Strings(
        absl::StrCat("SELECT entity_id FROM audit_log WHERE chain_id = ", chain, " AND seq = 2"));
    ASSERT_EQ(rows.size(), 1u);
    forged = Record(rows[0], 0);
  }
  const std::string prev = Strings(
      absl::StrCat("SELECT prev_hash FROM audit_log WHERE chain_id = ", chain, " AND seq = 2"))[0];
  forged.detail = "{\"forged\":true}";
  const std::string at = std::to_string(absl::ToUnixMillis(forged.at));
  const std::string hash = db::AuditHash(forged, chain, 2, prev);
  Exec(absl::StrCat("UPDATE audit_log SET detail = '", forged.detail, "', request_id = '",
                    forged.request_id, "', at_ms = ", at, ", hash = '", hash,
                    "' WHERE chain_id = ", chain, " AND seq = 2"));
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Reports(report, chain, 3)) << Describe(report);
}

TEST_F(AuditTest, DeletedMiddleRecordIsReported) {
  const int chain = Seed();
  Exec(absl::StrCat("DELETE FROM audit_log WHERE chain_id = ", chain, " AND seq = 3"));
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Reports(report, chain, 3)) << Describe(report);
}

TEST_F(AuditTest, DeletedNewestRecordIsReported) {
  const int chain = Seed();
  const int64_t last = LastSeq(chain);
  Exec(absl::StrCat("DELETE FROM audit_log WHERE chain_id = ", chain, " AND seq = ", last));
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  ASSERT_EQ(report.problems.size(), 1u) << Describe(report);
  EXPECT_EQ(report.problems[0].chain, chain);
  EXPECT_THAT(report.problems[0].what, HasSubstr("head"));
}

TEST_F(AuditTest, DeletedChainHeadIsReported) {
  const int chain = Seed();
  Exec(absl::StrCat("DELETE FROM audit_chain_heads WHERE chain_id = ", chain));
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  ASSERT_FALSE(report.problems.empty());
  EXPECT_EQ(report.problems[0].chain, chain) << Describe(report);
  // Appending to that chain now fails rather than starting a new chain silently.
  absl::Status st = Append(Record("ent-0", 100));
  EXPECT_TRUE(absl::IsFailedPrecondition(st)) << st;
}

// A forged record copied from a genuine one: its hash is valid for the chain it claims.
TEST_F(AuditTest, RecordInsertedOutsideTheChainsIsReported) {
  Seed();
  for (int chain : {16, -1, 200}) {
    Exec(absl::StrCat(
        "INSERT INTO audit_log (chain_id, seq, at_ms, service, actor, action, entity_type,"
        " entity_id, procuratorate_code, request_id, detail, prev_hash, hash)"
        " SELECT ",
        chain,
        ", seq, at_ms, service, actor, 'referral.forged', entity_type,"
        " entity_id, procuratorate_code, request_id, detail, prev_hash, hash FROM audit_log"
        " WHERE chain_id = ",
        db::AuditChainOf("ent-0"), " AND seq = 1"));
  }
  const db::AuditReport report = Verify();
  EXPECT_EQ(report.records_checked, 43);
  EXPECT_FALSE(report.ok());
  for (int chain : {16, -1, 200}) EXPECT_TRUE(Reports(report, chain, 1)) << Describe(report);
}

TEST_F(AuditTest, RecordNumberedBeforeTheChainStartIsReported) {
  const int chain = Seed();
  Exec(absl::StrCat(
      "INSERT INTO audit_log (chain_id, seq, at_ms, service, actor, action, entity_type,"
      " entity_id, procuratorate_code, request_id, detail, prev_hash, hash)"
      " SELECT chain_id, 0, at_ms, service, actor, action, entity_type, entity_id,"
      " procuratorate_code, request_id, detail, prev_hash, hash FROM audit_log"
      " WHERE chain_id = ",
      chain, " AND seq = 1"));
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Reports(report, chain, 0)) << Describe(report);
}

TEST_F(AuditTest, RecordAppendedPastTheHeadIsReported) {
  const int chain = Seed();
  const int64_t last = LastSeq(chain);
  // A well-formed record linked to the last one, but the head was not moved.
  const std::string prev = Strings(
      absl::StrCat("SELECT hash FROM audit_log WHERE chain_id = ", chain, " AND seq = ", last))[0];
  db::AuditRecord forged = Record("ent-0", 77);
  const std::string hash = db::AuditHash(forged, chain, last + 1, prev);
  Exec(absl::StrCat(
      "INSERT INTO audit_log (chain_id, seq, at_ms, service, actor, action, entity_type,"
      " entity_id, procuratorate_code, request_id, detail, prev_hash, hash) VALUES (",
      chain, ", ", last + 1, ", ", absl::ToUnixMillis(forged.at),
      ", 'referral',"
      " 'user:u-zhang', 'referral.assign', 'referral', 'ent-0', '520382', '",
      forged.request_id, "', '", forged.detail, "', '", prev, "', '", hash, "')"));
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Reports(report, chain, last + 1)) << Describe(report);
}

TEST_F(AuditTest, ReorderedRecordsAreReported) {
  const int chain = Seed();
  // Swap the numbers of records 2 and 3.
  Exec(absl::StrCat("UPDATE audit_log SET seq = -3 WHERE chain_id = ", chain, " AND seq = 3"));
  Exec(absl::StrCat("UPDATE audit_log SET seq = 3 WHERE chain_id = ", chain, " AND seq = 2"));
  Exec(absl::StrCat("UPDATE audit_log SET seq = 2 WHERE chain_id = ", chain, " AND seq = -3"));
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Reports(report, chain, 2)) << Describe(report);
  EXPECT_TRUE(Reports(report, chain, 3)) << Describe(report);
}

TEST_F(AuditTest, TruncatedChainIsReported) {
  const int chain = Seed();
  Exec(absl::StrCat("DELETE FROM audit_log WHERE chain_id = ", chain));
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Reports(report, chain, 0)) << Describe(report);
}

TEST_F(AuditTest, RecordMovedToAnotherChainIsReported) {
  const int chain = Seed();
  const int other = (chain + 1) % db::kAuditChains;
  const int64_t seq = LastSeq(other) + 1;
  // Moved with a hash recomputed for its new place and the head moved along: only the
  // entity's chain gives it away.
  const std::string prev =
      Strings(absl::StrCat("SELECT last_hash FROM audit_chain_heads WHERE chain_id = ", other))[0];
  db::AuditRecord r = Record("ent-0", 0);
  const std::string hash = db::AuditHash(r, other, seq, prev);
  Exec(absl::StrCat(
      "INSERT INTO audit_log (chain_id, seq, at_ms, service, actor, action, entity_type,"
      " entity_id, procuratorate_code, request_id, detail, prev_hash, hash) VALUES (",
      other, ", ", seq, ", ", absl::ToUnixMillis(r.at),
      ", 'referral', 'user:u-zhang',"
      " 'referral.assign', 'referral', 'ent-0', '520382', '",
      r.request_id, "', '", r.detail, "', '", prev, "', '", hash, "')"));
  Exec(absl::StrCat("UPDATE audit_chain_heads SET last_seq = ", seq, ", last_hash = '", hash,
                    "' WHERE chain_id = ", other));
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  ASSERT_EQ(report.problems.size(), 1u) << Describe(report);
  EXPECT_TRUE(Reports(report, other, seq)) << Describe(report);
}

TEST_F(AuditTest, HeadOutsideTheChainsIsReported) {
  Seed();
  Exec("INSERT INTO audit_chain_heads (chain_id, last_seq, last_hash) VALUES (16, 0, '0')");
  const db::AuditReport report = Verify();
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(Reports(report, 16, 0)) << Describe(report);
}

TEST_F(AuditTest, ConcurrentAppendsKeepEveryChainIntact) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 10;
  auto pool = NewPool(kThreads);
  ASSERT_TRUE(pool.ok());
  std::barrier start(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int n = 0; n < kPerThread; ++n) {
        // A few shared entities (contended chains) and some of the thread's own.
        const std::string entity =
            n % 2 == 0 ? absl::StrCat("shared-", n % 3) : absl::StrCat("own-", t, "-", n);
        db::AuditRecord r = Record(entity, t * 100 + n);
        absl::Status st =
            db::RunInTransaction(**pool, [&](db::Tx& tx) { return db::AppendAudit(tx, r); });
        if (!st.ok()) {
          failures.fetch_add(1);
          ADD_FAILURE() << st;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("audit_log"), kThreads * kPerThread);
  EXPECT_EQ(Int("SELECT SUM(last_seq) FROM audit_chain_heads"), kThreads * kPerThread);
  const db::AuditReport report = Verify();
  EXPECT_TRUE(report.ok()) << Describe(report);
  EXPECT_EQ(report.records_checked, kThreads * kPerThread);
}

// ---------------------------------------------------------------------------- outbox

class OutboxTest : public DbTest {
 protected:
  db::OutboxEvent Event(const std::string& id) {
    db::OutboxEvent e;
    e.event_id = id;
    e.service = "referral";
    e.topic = "referral.accepted";
    e.aggregate_id = "ref-520382-0000000000000001";
    e.procuratorate = "520382";
    e.occurred_at = clock_.Now();
    return e;
  }

  static referral::v1::ReferralAccepted Payload() {
    referral::v1::ReferralAccepted accepted;
    accepted.set_referral_id("ref-520382-0000000000000001");
    accepted.set_case_id("case-520382-0000000000000002");
    accepted.set_kind(referral::v1::REFERRAL_KIND_SPECIAL_MINOR);
    return accepted;
  }

  absl::Status Enqueue(const db::OutboxEvent& e) {
    return db::RunInTransaction(*pool_,
                                [&](db::Tx& tx) { return db::EnqueueEvent(tx, e, Payload()); });
  }

  db::OutboxRelay::Options RelayOptions() {
    db::OutboxRelay::Options o;
    o.service = "referral";
    o.initial_backoff = absl::Milliseconds(500);
    o.max_backoff = absl::Seconds(30);
    return o;
  }

  FakeClock clock_{absl::FromUnixSeconds(1741572000)};
};

TEST_F(OutboxTest, RolledBackTransactionLeavesNoEvent) {
  absl::Status st = db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
    absl::Status e = db::EnqueueEvent(tx, Event("evt-rolled-back"), Payload());
    if (!e.ok()) return e;
    return absl::AbortedError("the change failed");
  });
  EXPECT_TRUE(absl::IsAborted(st));
  EXPECT_EQ(Count("outbox_events"), 0);

  std::atomic<int> sent{0};
  db::OutboxRelay relay(
      pool_.get(), &clock_,
      [&](const db::OutboxEvent&) {
        sent.fetch_add(1);
        return absl::OkStatus();
      },
      RelayOptions());
  auto n = relay.RunOnce();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(sent.load(), 0);
}

TEST_F(OutboxTest, RetriesWithBackoffAndDeliversOnce) {
  ASSERT_TRUE(Enqueue(Event("evt-1")).ok());
  // Events of other services are not this relay's business.
  db::OutboxEvent foreign = Event("evt-foreign");
  foreign.service = "aid";
  ASSERT_TRUE(Enqueue(foreign).ok());

  std::vector<db::OutboxEvent> seen;
  int failures_left = 2;
  db::OutboxRelay relay(
      pool_.get(), &clock_,
      [&](const db::OutboxEvent& e) -> absl::Status {
        seen.push_back(e);
        if (failures_left > 0) {
          --failures_left;
          return absl::UnavailableError("receiver down");
        }
        return absl::OkStatus();
      },
      RelayOptions());
  auto attempts = [&] {
    return Int("SELECT attempts FROM outbox_events WHERE event_id = 'evt-1'");
  };

  // First attempt fails: retried after 500 ms.
  auto n = relay.RunOnce();
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 0);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].event_id, "evt-1");
  EXPECT_EQ(seen[0].topic, "referral.accepted");
  referral::v1::ReferralAccepted payload;
  ASSERT_TRUE(seen[0].payload.UnpackTo(&payload)) << seen[0].payload.type_url();
  EXPECT_EQ(payload.SerializeAsString(), Payload().SerializeAsString());
  EXPECT_EQ(Strings("SELECT payload_type FROM outbox_events WHERE event_id = 'evt-1'")[0],
            "type.googleapis.com/shouhu.referral.v1.ReferralAccepted");
  EXPECT_EQ(seen[0].attempts, 0);
  EXPECT_EQ(attempts(), 1);
  EXPECT_EQ(Strings("SELECT last_error FROM outbox_events WHERE event_id = 'evt-1'")[0],
            "receiver down");

  // Not before the backoff has elapsed.
  ASSERT_TRUE(relay.RunOnce().ok());
  clock_.Advance(absl::Milliseconds(499));
  ASSERT_TRUE(relay.RunOnce().ok());
  EXPECT_EQ(seen.size(), 1u);

  // Second attempt fails: the backoff doubles to 1 s.
  clock_.Advance(absl::Milliseconds(1));
  n = relay.RunOnce();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].attempts, 1);
  EXPECT_EQ(attempts(), 2);
  clock_.Advance(absl::Milliseconds(999));
  ASSERT_TRUE(relay.RunOnce().ok());
  EXPECT_EQ(seen.size(), 2u);

  // Third attempt succeeds.
  clock_.Advance(absl::Milliseconds(1));
  n = relay.RunOnce();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(attempts(), 3);
  EXPECT_EQ(Count("outbox_events",
                  "event_id = 'evt-1' AND delivered_at_ms IS NOT NULL"
                  " AND last_error IS NULL"),
            1);

  // Delivered exactly once: later passes, however late, send nothing more.
  clock_.Advance(absl::Hours(1));
  n = relay.RunOnce();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(seen.size(), 3u);
  for (const auto& e : seen) EXPECT_EQ(e.event_id, "evt-1");
  EXPECT_EQ(Count("outbox_events", "event_id = 'evt-foreign' AND delivered_at_ms IS NULL"), 1);
}

TEST_F(OutboxTest, DeliversInOrderAndStopFlushes) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Enqueue(Event(absl::StrCat("evt-", i))).ok());
  absl::Mutex mu;
  std::vector<std::string> order;
  db::OutboxRelay::Options o = RelayOptions();
  o.poll_interval = absl::Seconds(30);  // only the final flush of Stop() runs
  auto relay = std::make_unique<db::OutboxRelay>(
      pool_.get(), &clock_,
      [&](const db::OutboxEvent& e) {
        absl::MutexLock lock(&mu);
        order.push_back(e.event_id);
        return absl::OkStatus();
      },
      o);
  relay->Start();
  relay->Stop();
  absl::MutexLock lock(&mu);
  EXPECT_EQ(order, (std::vector<std::string>{"evt-0", "evt-1", "evt-2", "evt-3", "evt-4"}));
  EXPECT_EQ(Count("outbox_events", "delivered_at_ms IS NULL"), 0);
}

TEST_F(OutboxTest, DuplicateEventIdIsRejected) {
  ASSERT_TRUE(Enqueue(Event("evt-dup")).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(Enqueue(Event("evt-dup"))));
  EXPECT_EQ(Count("outbox_events"), 1);
}

TEST_F(OutboxTest, RowsWrittenAsJsonBeforeTheMigrationAreStillDelivered) {
  // An undelivered row from before payloads were protobuf (migration 0003).
  Exec(absl::StrCat(
      "INSERT INTO outbox_events (event_id, service, topic, aggregate_id, procuratorate_code,"
      " occurred_at_ms, payload_json, attempts, next_attempt_at_ms) VALUES ('evt-legacy',"
      " 'referral', 'case.closed', 'case-520382-1', '520382', ",
      absl::ToUnixMillis(clock_.Now()), ", '{\"case_id\":\"case-520382-1\",\"reason\":2}', 0, ",
      absl::ToUnixMillis(clock_.Now()), ")"));
  std::vector<db::OutboxEvent> seen;
  db::OutboxRelay relay(
      pool_.get(), &clock_,
      [&](const db::OutboxEvent& e) {
        seen.push_back(e);
        return absl::OkStatus();
      },
      RelayOptions());
  auto n = relay.RunOnce();
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 1);
  ASSERT_EQ(seen.size(), 1u);
  google::protobuf::StringValue json;
  ASSERT_TRUE(seen[0].payload.UnpackTo(&json)) << seen[0].payload.type_url();
  EXPECT_EQ(json.value(), "{\"case_id\":\"case-520382-1\",\"reason\":2}");
}

TEST_F(OutboxTest, UnreadablePayloadIsNeverDeliveredEmptyAndBacksOff) {
  ASSERT_TRUE(Enqueue(Event("evt-good")).ok());
  Exec(absl::StrCat(
      "INSERT INTO outbox_events (event_id, service, topic, aggregate_id, procuratorate_code,"
      " occurred_at_ms, payload_type, payload, attempts, next_attempt_at_ms) VALUES ('evt-bad',"
      " 'referral', 'case.closed', 'case-520382-1', '520382', ",
      absl::ToUnixMillis(clock_.Now()), ", 'x', X'FFFFFFFF', 0, ", absl::ToUnixMillis(clock_.Now()),
      ")"));
  std::vector<std::string> seen;
  db::OutboxRelay relay(
      pool_.get(), &clock_,
      [&](const db::OutboxEvent& e) {
        seen.push_back(e.event_id);
        return absl::OkStatus();
      },
      RelayOptions());
  auto n = relay.RunOnce();
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(seen, std::vector<std::string>{"evt-good"});
  EXPECT_EQ(Count("outbox_events",
                  "event_id = 'evt-bad' AND delivered_at_ms IS NULL AND"
                  " attempts = 1 AND last_error LIKE '%payload%'"),
            1);
  // Backed off like a failed delivery: not retried on the next pass.
  ASSERT_TRUE(relay.RunOnce().ok());
  EXPECT_EQ(Int("SELECT attempts FROM outbox_events WHERE event_id = 'evt-bad'"), 1);
}

// The receiving side: deduplicated by event id, the reaction unpacks the typed payload.
TEST_F(OutboxTest, InboxUnpacksTypedPayloadsAndAbsorbsRedeliveries) {
  Principal service;
  service.kind = Principal::Kind::kService;
  service.id = "referral";
  std::vector<referral::v1::ReferralAccepted> reacted;
  InboxReceiver inbox("aid", pool_.get(), /*env=*/nullptr,
                      [&](db::Tx&, const common::v1::Event& e) -> absl::Status {
                        auto accepted = UnpackEventPayload<referral::v1::ReferralAccepted>(e);
                        if (!accepted.ok()) return accepted.status();
                        reacted.push_back(*accepted);
                        return absl::OkStatus();
                      });
  common::v1::Event e;
  e.set_event_id("evt-in-1");
  e.set_topic("referral.accepted");
  e.mutable_payload()->PackFrom(Payload());
  auto first = inbox.Deliver(service, e);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->duplicate());
  auto again = inbox.Deliver(service, e);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->duplicate());
  ASSERT_EQ(reacted.size(), 1u);
  EXPECT_EQ(reacted[0].case_id(), "case-520382-0000000000000002");
  EXPECT_EQ(Count("inbox_events", "receiver = 'aid'"), 1);

  // A payload of another type is refused, and nothing is recorded: a fixed sender can
  // deliver it again.
  common::v1::Event wrong;
  wrong.set_event_id("evt-in-2");
  wrong.set_topic("referral.accepted");
  referral::v1::CaseClosed closed;
  closed.set_case_id("case-520382-1");
  wrong.mutable_payload()->PackFrom(closed);
  auto refused = inbox.Deliver(service, wrong);
  EXPECT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("CaseClosed"));
  EXPECT_EQ(Count("inbox_events", "event_id = 'evt-in-2'"), 0);
}

}  // namespace
}  // namespace shouhu::testing
