// Transactions: RAII rollback, bounded retry of deadlocks, SQL errors mapped to absl::Status.
//
// Repository code runs its statements inside RunInTransaction. The JDBC API throws
// sql::SQLException; RunInTransaction is the boundary that catches every one of them:
//   1213 deadlock / 1205 lock wait timeout / Galera certification failure
//        -> the whole transaction is retried (bounded), then ABORTED
//   1062 duplicate key            -> ALREADY_EXISTS
//   2002/2003/2006/2013 lost link -> the connection is discarded; retried if the failure
//                                    happened before COMMIT was sent, else UNAVAILABLE
//   1146 missing table            -> FAILED_PRECONDITION (schema out of date)
//   anything else                 -> INTERNAL (logged without parameters)
//
// Code outside this directory never catches driver exceptions and never throws one. A
// duplicate key that the caller wants to answer (a unique key guarding an invariant) is
// taken as a status from Query::ExecOrStatus(); to leave a transaction, `fn` returns a
// non-OK status, which rolls back on the same (healthy) connection without a retry.
#ifndef SHOUHU_COMMON_DB_TRANSACTION_H_
#define SHOUHU_COMMON_DB_TRANSACTION_H_

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/db/pool.h"

namespace shouhu::db {

// A statement with its parameters bound in order. Throws sql::SQLException.
class Query {
 public:
  explicit Query(sql::PreparedStatement& stmt) : stmt_(stmt) { stmt_.clearParameters(); }
  Query& Str(absl::string_view v);
  Query& Blob(absl::string_view v);  // binary; stored as VARBINARY/BLOB
  Query& Int(int64_t v);
  Query& Bool(bool v);
  Query& Null();
  // Binds NULL when the value is empty.
  Query& StrOrNull(absl::string_view v) { return v.empty() ? Null() : Str(v); }
  Query& BlobOrNull(absl::string_view v) { return v.empty() ? Null() : Blob(v); }
  std::unique_ptr<sql::ResultSet> Rows();
  // Number of affected rows.
  int64_t Exec();
  // Like Exec(), but a duplicate key (1062) is returned as ALREADY_EXISTS instead of
  // failing the transaction; the transaction stays usable (only the statement failed).
  // Every other error still throws, so that RunInTransaction retries or maps it.
  [[nodiscard]] absl::StatusOr<int64_t> ExecOrStatus();

 private:
  sql::PreparedStatement& stmt_;
  int index_ = 1;
  // Blob parameters are bound as streams that must outlive execution.
  std::vector<std::unique_ptr<std::istringstream>> streams_;
};

// Commits the connection's transaction; throws sql::SQLException when COMMIT fails. Use it
// instead of sql::Connection::commit(), which in Connector/C++ 1.1 ignores the result of
// mysql_commit(): a COMMIT lost with its connection (the server rolled the work back) would
// return normally.
void CommitOrThrow(sql::Connection& conn);

// Reads a binary column into a std::string.
std::string GetBlob(sql::ResultSet& rs, const char* column);
// Reads a nullable string column ("" for NULL).
std::string GetStr(sql::ResultSet& rs, const char* column);

// An open transaction on one connection. Rolled back on destruction unless committed.
class Tx {
 public:
  explicit Tx(Connection& conn);
  ~Tx();
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;
  // Prepares (cached per connection) and starts binding a statement.
  Query Sql(const std::string& sql) { return Query(conn_.Prepare(sql)); }
  Connection& connection() { return conn_; }
  void Commit();

 private:
  Connection& conn_;
  bool done_ = false;
};

struct TxOptions {
  // Attempts in all for deadlocks, lock wait timeouts and lost connections before COMMIT.
  int max_attempts = 4;
  bool read_only = false;
};

// Runs `fn` in a transaction on a pooled connection and commits when it returns OK.
// A non-OK status from `fn` rolls back and is returned as is (not retried); the
// connection goes back to the pool.
[[nodiscard]] absl::Status RunInTransaction(ConnectionPool& pool,
                                            const std::function<absl::Status(Tx&)>& fn,
                                            const TxOptions& options = {});

// Maps a driver exception to a status (exposed for tests and for non-transactional code).
absl::Status StatusFromSqlError(int error_code, absl::string_view sql_state);

// True for 1213 and 1205: the transaction may succeed if run again.
bool IsRetryableSqlError(int error_code);
// True for client-side "lost connection" errors.
bool IsConnectionSqlError(int error_code);

}  // namespace shouhu::db

#endif  // SHOUHU_COMMON_DB_TRANSACTION_H_
