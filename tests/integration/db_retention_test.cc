// Retention of idempotency keys (services/common/db/retention.h) on a real MariaDB.
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "common/db/retention.h"
#include "integration/db_fixture.h"

namespace shouhu::testing {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1767225600);  // 2026-01-01T00:00:00Z

class RetentionTest : public DbTest {
 protected:
  // Inserts `n` keys created at `at` (one multi-row statement per 200 keys).
  void InsertKeys(const std::string& prefix, int n, absl::Time at) {
    const int64_t ms = absl::ToUnixMillis(at);
    for (int start = 0; start < n; start += 200) {
      std::string sql =
          "INSERT INTO idempotency_keys (scope, request_id, payload_hash, response, "
          "created_at_ms) VALUES ";
      for (int i = start; i < n && i < start + 200; ++i) {
        absl::StrAppend(&sql, i == start ? "" : ",", "('test|Method', '", prefix, "-", i, "', '",
                        std::string(64, 'a'), "', 'x', ", ms, ")");
      }
      Exec(sql);
    }
  }

  FakeClock clock_{kNow};
};

TEST_F(RetentionTest, PurgesOldKeysInBatchesAndKeepsRecentOnes) {
  InsertKeys("old", 1234, kNow - absl::Hours(24 * 31));
  InsertKeys("edge", 3, kNow - absl::Hours(24 * 30) + absl::Minutes(1));  // just inside
  InsertKeys("new", 50, kNow - absl::Hours(1));
  ASSERT_EQ(Count("idempotency_keys"), 1287);

  db::IdempotencyRetention::Options options;  // 30 days by default
  options.batch_size = 100;
  options.pause_between_batches = absl::ZeroDuration();
  ASSERT_EQ(options.retention, absl::Hours(24 * 30));
  db::IdempotencyRetention retention(pool_.get(), &clock_, options);

  absl::StatusOr<int64_t> deleted = retention.RunOnce(kNow);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(*deleted, 1234);
  EXPECT_EQ(Count("idempotency_keys", "request_id LIKE 'old-%'"), 0);
  EXPECT_EQ(Count("idempotency_keys", "request_id LIKE 'edge-%'"), 3);
  EXPECT_EQ(Count("idempotency_keys", "request_id LIKE 'new-%'"), 50);

  // Nothing more to do.
  deleted = retention.RunOnce(kNow);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(*deleted, 0);
}

TEST_F(RetentionTest, EachRunIsBoundedAndBatchesAreSmall) {
  InsertKeys("old", 450, kNow - absl::Hours(24 * 40));
  db::IdempotencyRetention::Options options;
  options.batch_size = 100;
  options.max_batches_per_run = 2;
  options.pause_between_batches = absl::ZeroDuration();
  db::IdempotencyRetention retention(pool_.get(), &clock_, options);

  // Two batches of 100 per run: the oldest go first, the rest wait for the next run.
  for (int64_t expected : {200, 200, 50, 0}) {
    absl::StatusOr<int64_t> deleted = retention.RunOnce(kNow);
    ASSERT_TRUE(deleted.ok()) << deleted.status();
    EXPECT_EQ(*deleted, expected);
  }
  EXPECT_EQ(Count("idempotency_keys"), 0);
}

TEST_F(RetentionTest, RetentionIsConfigurable) {
  InsertKeys("week", 10, kNow - absl::Hours(24 * 8));
  InsertKeys("day", 10, kNow - absl::Hours(12));
  db::IdempotencyRetention::Options options;
  options.retention = absl::Hours(24 * 7);
  db::IdempotencyRetention retention(pool_.get(), &clock_, options);
  absl::StatusOr<int64_t> deleted = retention.RunOnce(kNow);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(*deleted, 10);
  EXPECT_EQ(Count("idempotency_keys", "request_id LIKE 'day-%'"), 10);
}

TEST_F(RetentionTest, PurgeStatementUsesTheCreatedAtIndex) {
  InsertKeys("old", 300, kNow - absl::Hours(24 * 40));
  // The chosen key, from the JSON form of EXPLAIN.
  const std::vector<std::string> json = Strings(
      "EXPLAIN FORMAT=JSON DELETE FROM idempotency_keys WHERE created_at_ms < 1"
      " ORDER BY created_at_ms LIMIT 500");
  ASSERT_EQ(json.size(), 1u);
  EXPECT_NE(json[0].find("idx_idem_created"), std::string::npos) << json[0];
}

TEST_F(RetentionTest, BackgroundLoopPurgesAndStops) {
  InsertKeys("old", 30, kNow - absl::Hours(24 * 31));
  db::IdempotencyRetention::Options options;
  options.batch_size = 10;
  options.pause_between_batches = absl::ZeroDuration();
  options.interval = absl::Milliseconds(20);
  db::IdempotencyRetention retention(pool_.get(), &clock_, options);
  retention.Start();
  for (int i = 0; i < 250 && Count("idempotency_keys") > 0; ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  retention.Stop();
  retention.Stop();  // idempotent
  EXPECT_EQ(Count("idempotency_keys"), 0);
}

}  // namespace
}  // namespace shouhu::testing
