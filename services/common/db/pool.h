// Connection pool over MySQL Connector/C++ 1.1 (JDBC-style API).
//
// - The driver is fetched once; every thread that uses a connection is registered with
//   the driver (threadInit/threadEnd) through a thread-local guard.
// - Connections are validated on checkout when idle for a while, and replaced explicitly
//   when broken. The driver's automatic-reconnect option is never set: it silently rolls
//   back an open transaction and may resend a statement.
// - Each connection caches its prepared statements by SQL text.
// - Nothing here throws past the pool: connect failures become UNAVAILABLE.
#ifndef SHOUHU_COMMON_DB_POOL_H_
#define SHOUHU_COMMON_DB_POOL_H_

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace shouhu::db {

struct DbOptions {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string database;
  int pool_size = 8;
  // A connection idle for longer than this is pinged before it is handed out.
  absl::Duration validate_after_idle = absl::Seconds(2);
  absl::Duration connect_timeout = absl::Seconds(3);
  // Socket read/write timeouts; a statement running longer fails with 2013.
  absl::Duration io_timeout = absl::Seconds(30);
  // How long Acquire waits for a free connection.
  absl::Duration acquire_timeout = absl::Seconds(5);
};

// One physical connection and its prepared statements.
class Connection {
 public:
  explicit Connection(std::unique_ptr<sql::Connection> conn) : conn_(std::move(conn)) {}
  sql::Connection& raw() { return *conn_; }
  // Returns the cached prepared statement for `sql`, preparing it on first use.
  // Throws sql::SQLException (callers run inside RunInTransaction, which catches).
  sql::PreparedStatement& Prepare(const std::string& sql);
  absl::Time last_used() const { return last_used_; }
  void Touch(absl::Time now) { last_used_ = now; }

 private:
  std::unique_ptr<sql::Connection> conn_;
  absl::flat_hash_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
  absl::Time last_used_ = absl::InfinitePast();
};

class ConnectionPool;

// A connection checked out of the pool; returns it on destruction unless marked broken.
class PooledConnection {
 public:
  PooledConnection(ConnectionPool* pool, std::unique_ptr<Connection> conn)
      : pool_(pool), conn_(std::move(conn)) {}
  PooledConnection(PooledConnection&&) = default;
  PooledConnection& operator=(PooledConnection&&) = delete;
  ~PooledConnection();
  Connection* operator->() { return conn_.get(); }
  Connection& operator*() { return *conn_; }
  // The connection failed at the network level: discard it instead of returning it.
  void MarkBroken() { broken_ = true; }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<Connection> conn_;
  bool broken_ = false;
};

class ConnectionPool {
 public:
  // Does not connect: the database may come up after the service (health reports it).
  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Create(const DbOptions& options);
  ~ConnectionPool();

  // Checks out a validated connection, connecting or reconnecting as needed. Callers are
  // served in the order they asked (first come, first served): a thread that just gave a
  // connection back does not overtake the threads already waiting for one.
  absl::StatusOr<PooledConnection> Acquire();
  // How many callers are waiting in Acquire right now.
  int Waiting();
  // Round trip to the server on a pooled connection ("SELECT 1").
  absl::Status Ping();
  const DbOptions& options() const { return options_; }

  // Registers the calling thread with the driver (idempotent per thread).
  static void EnsureThreadInit();

 private:
  friend class PooledConnection;
  explicit ConnectionPool(const DbOptions& options) : options_(options) {}
  absl::StatusOr<std::unique_ptr<Connection>> Connect();
  void Release(std::unique_ptr<Connection> conn, bool broken);

  const DbOptions options_;
  absl::Mutex mu_;
  std::deque<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(mu_);
  int outstanding_ ABSL_GUARDED_BY(mu_) = 0;  // idle + checked out
  uint64_t next_ticket_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<uint64_t> waiting_ ABSL_GUARDED_BY(mu_);  // tickets of the waiters, in order
};

}  // namespace shouhu::db

#endif  // SHOUHU_COMMON_DB_POOL_H_
