// The audit hash chains on a real MariaDB: appends, verification, tampering of every kind.
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

}  // namespace
}  // namespace shouhu::testing
