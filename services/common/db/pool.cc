#include "common/db/pool.h"

#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"

namespace shouhu::db {
namespace {

sql::Driver* TheDriver() {
  // get_driver_instance is not thread safe on first call: do it once.
  static sql::Driver* driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

struct ThreadRegistration {
  ThreadRegistration() { TheDriver()->threadInit(); }
  ~ThreadRegistration() { TheDriver()->threadEnd(); }
};

}  // namespace

sql::PreparedStatement& Connection::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return *it->second;
  std::unique_ptr<sql::PreparedStatement> stmt(conn_->prepareStatement(sql));
  auto& ref = *stmt;
  statements_.emplace(sql, std::move(stmt));
  return ref;
}

PooledConnection::~PooledConnection() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Release(std::move(conn_), broken_);
}

void ConnectionPool::EnsureThreadInit() { thread_local ThreadRegistration registration; }

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Create(const DbOptions& options) {
  if (options.pool_size < 1) return absl::InvalidArgumentError("pool_size must be >= 1");
  if (options.user.empty() || options.database.empty()) {
    return absl::InvalidArgumentError("database user and name are required");
  }
  TheDriver();
  return std::unique_ptr<ConnectionPool>(new ConnectionPool(options));
}

ConnectionPool::~ConnectionPool() {
  EnsureThreadInit();
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

absl::StatusOr<std::unique_ptr<Connection>> ConnectionPool::Connect() {
  EnsureThreadInit();
  sql::ConnectOptionsMap props;
  props["hostName"] = sql::SQLString(absl::StrCat("tcp://", options_.host, ":", options_.port));
  props["userName"] = sql::SQLString(options_.user);
  props["password"] = sql::SQLString(options_.password);
  props["schema"] = sql::SQLString(options_.database);
  props["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  props["characterSetResults"] = sql::SQLString("utf8mb4");
  props["OPT_CONNECT_TIMEOUT"] = static_cast<int>(absl::ToInt64Seconds(options_.connect_timeout));
  props["OPT_READ_TIMEOUT"] = static_cast<int>(absl::ToInt64Seconds(options_.io_timeout));
  props["OPT_WRITE_TIMEOUT"] = static_cast<int>(absl::ToInt64Seconds(options_.io_timeout));
  try {
    std::unique_ptr<sql::Connection> conn(TheDriver()->connect(props));
    conn->setAutoCommit(false);  // every unit of work is an explicit transaction
    std::unique_ptr<sql::Statement> st(conn->createStatement());
    st->execute("SET SESSION time_zone = '+00:00'");
    st->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    st->execute(
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO'");
    st->execute("SET SESSION innodb_lock_wait_timeout = 10");
    CommitOrThrow(*conn);
    return std::make_unique<Connection>(std::move(conn));
  } catch (const sql::SQLException& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to database (error ", e.getErrorCode(), ")"));
  }
}

absl::StatusOr<PooledConnection> ConnectionPool::Acquire() {
  EnsureThreadInit();
  std::unique_ptr<Connection> conn;
  {
    absl::MutexLock lock(&mu_);
    const uint64_t ticket = next_ticket_++;
    waiting_.push_back(ticket);
    auto my_turn = [this, ticket]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return waiting_.front() == ticket && (!idle_.empty() || outstanding_ < options_.pool_size);
    };
    const bool served = mu_.AwaitWithTimeout(absl::Condition(&my_turn), options_.acquire_timeout);
    // Leave the queue whether served or timed out; the next waiter's condition is
    // re-evaluated when the mutex is released.
    waiting_.erase(std::find(waiting_.begin(), waiting_.end(), ticket));
    if (!served) {
      return absl::ResourceExhaustedError("no database connection available in time");
    }
    if (!idle_.empty()) {
      conn = std::move(idle_.front());
      idle_.pop_front();
    } else {
      ++outstanding_;  // reserve a slot for a new connection
    }
  }
  const absl::Time now = absl::Now();
  if (conn != nullptr && now - conn->last_used() > options_.validate_after_idle) {
    bool valid = false;
    try {
      valid = conn->raw().isValid();
    } catch (const sql::SQLException&) {
      valid = false;
    }
    if (!valid) conn.reset();  // explicit replacement below; the slot stays reserved
  }
  if (conn == nullptr) {
    auto fresh = Connect();
    if (!fresh.ok()) {
      absl::MutexLock lock(&mu_);
      --outstanding_;
      return fresh.status();
    }
    conn = std::move(fresh).value();
  }
  conn->Touch(now);
  return PooledConnection(this, std::move(conn));
}

int ConnectionPool::Waiting() {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(waiting_.size());
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn, bool broken) {
  absl::MutexLock lock(&mu_);
  if (broken) {
    --outstanding_;
    conn.reset();
    return;
  }
  conn->Touch(absl::Now());
  idle_.push_front(std::move(conn));  // LIFO keeps a few connections warm
}

absl::Status ConnectionPool::Ping() {
  auto conn = Acquire();
  if (!conn.ok()) return conn.status();
  try {
    std::unique_ptr<sql::Statement> st((*conn)->raw().createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT 1"));
    (*conn)->raw().rollback();
    return absl::OkStatus();
  } catch (const sql::SQLException& e) {
    conn->MarkBroken();
    return absl::UnavailableError(
        absl::StrCat("database ping failed (error ", e.getErrorCode(), ")"));
  }
}

}  // namespace shouhu::db
