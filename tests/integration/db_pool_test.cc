// The connection pool and the transaction runner against a real MariaDB server.
#include <atomic>
#include <barrier>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "gmock/gmock.h"
#include "integration/db_fixture.h"

namespace shouhu::testing {
namespace {

class PoolTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Exec("CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB");
  }

  // The server-side id of `conn`.
  static int64_t ConnectionId(db::Connection& conn) {
    std::unique_ptr<sql::Statement> st(conn.raw().createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT CONNECTION_ID()"));
    EXPECT_TRUE(rs->next());
    const int64_t id = rs->getInt64(1);
    conn.raw().commit();
    return id;
  }

  // Kills the server thread of connection `id` from another pool's connection.
  void Kill(int64_t id) {
    ExecRaw(*admin_, absl::StrCat("KILL ", id));
    // KILL returns before the victim's socket is closed; wait until it is gone.
    for (int i = 0; i < 100; ++i) {
      if (QueryInt(*admin_, absl::StrCat("SELECT COUNT(*) FROM information_schema.processlist"
                                         " WHERE id = ",
                                         id)) == 0) {
        return;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    ADD_FAILURE() << "connection " << id << " still listed after KILL";
  }
};

TEST_F(PoolTest, AcquireAndPing) {
  EXPECT_TRUE(pool_->Ping().ok());
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok()) << conn.status();
  EXPECT_GT(ConnectionId(**conn), 0);
  std::unique_ptr<sql::Statement> st((**conn).raw().createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT DATABASE(), @@session.time_zone"));
  ASSERT_TRUE(rs->next());
  EXPECT_EQ(rs->getString(1).asStdString(), db_name_);
  EXPECT_EQ(rs->getString(2).asStdString(), "+00:00");
}

TEST_F(PoolTest, ReleasedConnectionIsReused) {
  int64_t first = 0;
  {
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn.ok());
    first = ConnectionId(**conn);
  }
  auto again = pool_->Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(ConnectionId(**again), first);
}

TEST_F(PoolTest, KilledConnectionIsReplacedByTheTransactionRunner) {
  // One connection, never validated on checkout: the first attempt must get the killed
  // connection, so only the transaction runner can replace it.
  db::DbOptions o = Options("", 1);
  o.validate_after_idle = absl::InfiniteDuration();
  auto pool = db::ConnectionPool::Create(o);
  ASSERT_TRUE(pool.ok());
  int64_t killed = 0;
  {
    auto conn = (*pool)->Acquire();
    ASSERT_TRUE(conn.ok());
    killed = ConnectionId(**conn);
  }
  ASSERT_NO_FATAL_FAILURE(Kill(killed));

  int attempts = 0;
  std::vector<int64_t> used;
  absl::Status st = db::RunInTransaction(**pool, [&](db::Tx& tx) -> absl::Status {
    ++attempts;
    tx.Sql("INSERT INTO t (id, v) VALUES (?, ?)").Int(1).Int(10).Exec();
    used.push_back(ConnectionId(tx.connection()));
    return absl::OkStatus();
  });
  ASSERT_TRUE(st.ok()) << st;
  // The first attempt failed on the killed connection, the second ran on a new one.
  EXPECT_EQ(attempts, 2);
  ASSERT_EQ(used.size(), 1u);
  EXPECT_NE(used[0], killed);
  EXPECT_EQ(Count("t"), 1);
  // The pool is whole again: its single slot holds a working connection.
  EXPECT_TRUE((*pool)->Ping().ok());
}

TEST_F(PoolTest, KilledIdleConnectionIsDetectedOnCheckout) {
  db::DbOptions o = Options("", 1);
  o.validate_after_idle = absl::ZeroDuration();  // validate every checkout
  auto pool = db::ConnectionPool::Create(o);
  ASSERT_TRUE(pool.ok());
  int64_t killed = 0;
  {
    auto conn = (*pool)->Acquire();
    ASSERT_TRUE(conn.ok());
    killed = ConnectionId(**conn);
  }
  ASSERT_NO_FATAL_FAILURE(Kill(killed));
  absl::SleepFor(absl::Milliseconds(5));
  auto conn = (*pool)->Acquire();
  ASSERT_TRUE(conn.ok()) << conn.status();
  EXPECT_NE(ConnectionId(**conn), killed);
}

TEST_F(PoolTest, PingReportsAKilledConnectionThenRecovers) {
  auto pool = NewPool(1);
  ASSERT_TRUE(pool.ok());
  int64_t killed = 0;
  {
    auto conn = (*pool)->Acquire();
    ASSERT_TRUE(conn.ok());
    killed = ConnectionId(**conn);
  }
  ASSERT_NO_FATAL_FAILURE(Kill(killed));
  // Recently used connections are not validated on checkout: the first ping may see the
  // broken link (UNAVAILABLE); the pool drops it, and the next ping reconnects.
  absl::Status first = (*pool)->Ping();
  EXPECT_TRUE(first.ok() || absl::IsUnavailable(first)) << first;
  EXPECT_TRUE((*pool)->Ping().ok());
  auto conn = (*pool)->Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_NE(ConnectionId(**conn), killed);
}

TEST_F(PoolTest, ResourceExhaustedWhenEveryConnectionIsHeld) {
  db::DbOptions o = Options("", 2);
  o.acquire_timeout = absl::Milliseconds(200);
  auto pool = db::ConnectionPool::Create(o);
  ASSERT_TRUE(pool.ok());
  auto a = (*pool)->Acquire();
  auto b = (*pool)->Acquire();
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  const absl::Time start = absl::Now();
  auto c = (*pool)->Acquire();
  EXPECT_TRUE(absl::IsResourceExhausted(c.status())) << c.status();
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(150));
  // A transaction cannot start either.
  absl::Status tx = db::RunInTransaction(**pool, [](db::Tx&) { return absl::OkStatus(); });
  EXPECT_TRUE(absl::IsResourceExhausted(tx)) << tx;

  // Giving one back lets a waiter through.
  std::thread giver([&] {
    absl::SleepFor(absl::Milliseconds(50));
    auto released = std::move(*a);
  });
  auto d = (*pool)->Acquire();
  giver.join();
  EXPECT_TRUE(d.ok()) << d.status();
}

TEST_F(PoolTest, WaitersAreServedInTheOrderTheyAsked) {
  db::DbOptions o = Options("", 1);
  o.acquire_timeout = absl::Seconds(20);
  auto pool = db::ConnectionPool::Create(o);
  ASSERT_TRUE(pool.ok());
  auto held = (*pool)->Acquire();
  ASSERT_TRUE(held.ok());
  auto wait_for_waiters = [&](int n) {
    for (int i = 0; i < 1000 && (*pool)->Waiting() < n; ++i) absl::SleepFor(absl::Milliseconds(2));
    ASSERT_EQ((*pool)->Waiting(), n);
  };
  absl::Mutex mu;
  std::vector<int> order;
  auto waiter = [&](int who) {
    auto c = (*pool)->Acquire();
    ASSERT_TRUE(c.ok()) << c.status();
    absl::MutexLock l(&mu);
    order.push_back(who);
  };  // gives the connection back on leaving
  std::thread first(waiter, 1);
  wait_for_waiters(1);
  std::thread second(waiter, 2);
  wait_for_waiters(2);
  // The holder gives its connection back and asks again at once: it must queue behind the
  // two threads that were waiting, not take the connection straight back.
  held = absl::CancelledError("given back");
  waiter(3);
  first.join();
  second.join();
  EXPECT_THAT(order, ::testing::ElementsAre(1, 2, 3));
  EXPECT_EQ((*pool)->Waiting(), 0);
}

TEST_F(PoolTest, BadCredentialsAreUnavailable) {
  db::DbOptions o = Options();
  o.password = "definitely-not-the-password";
  auto pool = db::ConnectionPool::Create(o);
  ASSERT_TRUE(pool.ok());  // Create does not connect
  EXPECT_TRUE(absl::IsUnavailable((*pool)->Ping()));
}

// ---------------------------------------------------------------------- transactions

TEST_F(PoolTest, CommitsOnOk) {
  absl::Status st = db::RunInTransaction(*pool_, [](db::Tx& tx) {
    tx.Sql("INSERT INTO t (id, v) VALUES (?, ?)").Int(1).Int(100).Exec();
    return absl::OkStatus();
  });
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(Int("SELECT v FROM t WHERE id = 1"), 100);
}

TEST_F(PoolTest, ConnectionLostBeforeCommitIsNotReportedAsCommitted) {
  // The server drops the connection after the last statement and before COMMIT (as a
  // shutdown does to its clients) and rolls the transaction back: the runner must not
  // report the work as committed, and must not run it again on its own.
  int attempts = 0;
  absl::Status st = db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
    ++attempts;
    tx.Sql("INSERT INTO t (id, v) VALUES (?, ?)").Int(1).Int(100).Exec();
    auto rs = tx.Sql("SELECT CONNECTION_ID()").Rows();  // not committing, unlike ConnectionId
    EXPECT_TRUE(rs->next());
    Kill(rs->getInt64(1));
    return absl::OkStatus();
  });
  EXPECT_TRUE(absl::IsUnavailable(st)) << st;
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(Count("t"), 0);
  // The pool dropped the dead connection.
  EXPECT_TRUE(pool_->Ping().ok());
}

TEST_F(PoolTest, RollsBackWhenFnFails) {
  int calls = 0;
  absl::Status st = db::RunInTransaction(*pool_, [&](db::Tx& tx) {
    ++calls;
    tx.Sql("INSERT INTO t (id, v) VALUES (?, ?)").Int(1).Int(100).Exec();
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_TRUE(absl::IsFailedPrecondition(st)) << st;
  EXPECT_EQ(st.message(), "changed my mind");
  EXPECT_EQ(calls, 1);  // an error from fn is not retried
  EXPECT_EQ(Count("t"), 0);
  // The connection went back clean: the next transaction does not see or commit the row.
  ASSERT_TRUE(db::RunInTransaction(*pool_, [](db::Tx& tx) {
                tx.Sql("INSERT INTO t (id, v) VALUES (?, ?)").Int(2).Int(1).Exec();
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(Count("t"), 1);
  EXPECT_EQ(Count("t", "id = 1"), 0);
}

TEST_F(PoolTest, DuplicateKeyIsAlreadyExists) {
  Exec("INSERT INTO t (id, v) VALUES (1, 1)");
  absl::Status st = db::RunInTransaction(*pool_, [](db::Tx& tx) {
    tx.Sql("INSERT INTO t (id, v) VALUES (?, ?)").Int(2).Int(2).Exec();
    tx.Sql("INSERT INTO t (id, v) VALUES (?, ?)").Int(1).Int(3).Exec();
    return absl::OkStatus();
  });
  EXPECT_TRUE(absl::IsAlreadyExists(st)) << st;
  EXPECT_EQ(Count("t"), 1);  // the first insert was rolled back with the transaction
}

TEST_F(PoolTest, MissingTableIsFailedPrecondition) {
  absl::Status st = db::RunInTransaction(*pool_, [](db::Tx& tx) {
    tx.Sql("SELECT * FROM no_such_table").Rows();
    return absl::OkStatus();
  });
  EXPECT_TRUE(absl::IsFailedPrecondition(st)) << st;
}

TEST_F(PoolTest, DeadlockIsRetriedUntilBothSucceed) {
  Exec("INSERT INTO t (id, v) VALUES (1, 0), (2, 0)");
  std::barrier both_locked(2);
  std::atomic<int> attempts{0};
  auto worker = [&](int first, int second, absl::Status* out) {
    bool waited = false;
    *out = db::RunInTransaction(*pool_, [&](db::Tx& tx) {
      attempts.fetch_add(1);
      tx.Sql("UPDATE t SET v = v + 1 WHERE id = ?").Int(first).Exec();
      if (!waited) {
        // Only the first attempt waits: both rows are locked, each by one thread.
        waited = true;
        both_locked.arrive_and_wait();
      }
      tx.Sql("UPDATE t SET v = v + 1 WHERE id = ?").Int(second).Exec();
      return absl::OkStatus();
    });
  };
  absl::Status a, b;
  std::thread ta(worker, 1, 2, &a);
  std::thread tb(worker, 2, 1, &b);
  ta.join();
  tb.join();
  EXPECT_TRUE(a.ok()) << a;
  EXPECT_TRUE(b.ok()) << b;
  EXPECT_GT(attempts.load(), 2);  // one of the two was chosen as the deadlock victim
  // Each transaction added one to each row exactly once.
  EXPECT_EQ(Int("SELECT v FROM t WHERE id = 1"), 2);
  EXPECT_EQ(Int("SELECT v FROM t WHERE id = 2"), 2);
}

TEST_F(PoolTest, LockWaitTimeoutIsRetriedThenAborted) {
  Exec("INSERT INTO t (id, v) VALUES (1, 0)");
  // Another connection holds the row lock for the whole test.
  auto holder = pool_->Acquire();
  ASSERT_TRUE(holder.ok());
  std::unique_ptr<sql::Statement> lock((*holder)->raw().createStatement());
  lock->execute("UPDATE t SET v = 42 WHERE id = 1");

  auto pool = NewPool(1);
  ASSERT_TRUE(pool.ok());
  ExecRaw(**pool, "SET SESSION innodb_lock_wait_timeout = 1");
  int attempts = 0;
  db::TxOptions opts;
  opts.max_attempts = 2;
  absl::Status st = db::RunInTransaction(
      **pool,
      [&](db::Tx& tx) {
        ++attempts;
        tx.Sql("UPDATE t SET v = v + 1 WHERE id = ?").Int(1).Exec();
        return absl::OkStatus();
      },
      opts);
  EXPECT_TRUE(absl::IsAborted(st)) << st;
  EXPECT_EQ(attempts, 2);
  (*holder)->raw().rollback();
  EXPECT_EQ(Int("SELECT v FROM t WHERE id = 1"), 0);
}

}  // namespace
}  // namespace shouhu::testing
