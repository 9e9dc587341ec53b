#include "common/db/transaction.h"

#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <istream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace shouhu::db {
namespace {

constexpr int kDuplicateKey = 1062;

}  // namespace

Query& Query::Str(absl::string_view v) {
  stmt_.setString(index_++, sql::SQLString(v.data(), v.size()));
  return *this;
}

Query& Query::Blob(absl::string_view v) {
  // Connector/C++ 1.1 binds blobs from an istream; setString would mangle bytes through
  // the character set conversion, so keep the bytes as a string and stream them.
  streams_.push_back(std::make_unique<std::istringstream>(std::string(v)));
  stmt_.setBlob(index_++, streams_.back().get());
  return *this;
}

Query& Query::Int(int64_t v) {
  stmt_.setInt64(index_++, v);
  return *this;
}

Query& Query::Bool(bool v) {
  stmt_.setBoolean(index_++, v);
  return *this;
}

Query& Query::Null() {
  stmt_.setNull(index_++, sql::DataType::VARCHAR);
  return *this;
}

std::unique_ptr<sql::ResultSet> Query::Rows() {
  return std::unique_ptr<sql::ResultSet>(stmt_.executeQuery());
}

int64_t Query::Exec() { return stmt_.executeUpdate(); }

absl::StatusOr<int64_t> Query::ExecOrStatus() {
  try {
    return static_cast<int64_t>(stmt_.executeUpdate());
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kDuplicateKey) throw;
    return absl::AlreadyExistsError("record already exists");
  }
}

std::string GetBlob(sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) return "";
  std::unique_ptr<std::istream> in(rs.getBlob(column));
  if (in == nullptr) return "";
  std::ostringstream out;
  out << in->rdbuf();
  return out.str();
}

std::string GetStr(sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) return "";
  return rs.getString(column).asStdString();
}

Tx::Tx(Connection& conn) : conn_(conn) {}  // autocommit is off on every pooled connection

Tx::~Tx() {
  if (done_) return;
  try {
    conn_.raw().rollback();
  } catch (const sql::SQLException&) {
    // The connection is broken; the pool discards it.
  }
}

void Tx::Commit() {
  CommitOrThrow(conn_.raw());
  done_ = true;
}

void CommitOrThrow(sql::Connection& conn) {
  std::unique_ptr<sql::Statement> stmt(conn.createStatement());
  stmt->execute("COMMIT");
}

bool IsRetryableSqlError(int code) { return code == 1213 || code == 1205; }

bool IsConnectionSqlError(int code) {
  return code == 2002 || code == 2003 || code == 2006 || code == 2013 || code == 2055 ||
         code == 1053 /* server shutdown in progress */ || code == 1927 /* connection killed */ ||
         code == 4031 /* idle disconnect */;
}

absl::Status StatusFromSqlError(int code, absl::string_view sql_state) {
  if (code == 1062) return absl::AlreadyExistsError("record already exists");
  if (IsRetryableSqlError(code)) {
    return absl::AbortedError(absl::StrCat("transaction conflict (error ", code, "), retry"));
  }
  if (IsConnectionSqlError(code)) {
    return absl::UnavailableError(absl::StrCat("database unavailable (error ", code, ")"));
  }
  if (code == 1146 || code == 1054) {
    return absl::FailedPreconditionError(
        absl::StrCat("database schema out of date (error ", code, ")"));
  }
  if (code == 1406 || code == 1366 || code == 1292) {
    return absl::InvalidArgumentError(
        absl::StrCat("value rejected by the database (error ", code, ", state ", sql_state, ")"));
  }
  return absl::InternalError(absl::StrCat("database error ", code, " (state ", sql_state, ")"));
}

absl::Status RunInTransaction(ConnectionPool& pool, const std::function<absl::Status(Tx&)>& fn,
                              const TxOptions& options) {
  absl::Status last = absl::UnavailableError("database not attempted");
  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    auto conn = pool.Acquire();
    if (!conn.ok()) return conn.status();
    bool committing = false;
    try {
      Tx tx(**conn);
      absl::Status st = fn(tx);
      if (!st.ok()) return st;  // ~Tx rolls back
      committing = true;
      tx.Commit();
      return absl::OkStatus();
    } catch (const sql::SQLException& e) {
      const int code = e.getErrorCode();
      last = StatusFromSqlError(code, e.getSQLState());
      // Connector/C++ reports a closed or invalid connection with code 0.
      if (IsConnectionSqlError(code) || code == 0) {
        conn->MarkBroken();
        // After COMMIT was sent the outcome is unknown: let the caller retry with its
        // request id (idempotency makes that safe) rather than guessing here.
        if (committing) return last;
        continue;
      }
      if (IsRetryableSqlError(code)) {
        absl::SleepFor(absl::Milliseconds(5 * attempt * attempt));
        continue;
      }
      return last;
    } catch (const std::exception&) {
      conn->MarkBroken();
      return absl::InternalError("unexpected error in database layer");
    }
  }
  return last;
}

}  // namespace shouhu::db
