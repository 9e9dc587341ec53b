// Statements per operation, counted by MariaDB itself: an operation runs on cores over a
// pool of one connection, and the session status counters of that connection (SHOW
// SESSION STATUS) are read before and after it, less what reading them costs. Each
// measured operation becomes a row of a markdown table (PrintTable) and a test property
// "statements_<name>"; CheckBounds fails an operation whose blocking round trips
// (prepared executions plus the commit) exceed its bound.
//
// "Questions" counts what the client sent: each execution of a prepared statement, the
// commit, and the packets that stream a binary parameter (COM_STMT_SEND_LONG_DATA: the
// sealed fields, the stored response), which need no answer.
#ifndef SHOUHU_TESTS_SUPPORT_STATEMENT_COUNTER_H_
#define SHOUHU_TESTS_SUPPORT_STATEMENT_COUNTER_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/db/pool.h"

namespace shouhu::testing {

// Counter name ("Questions", "Com_stmt_execute", "Com_select", "Com_insert",
// "Com_update", "Com_commit") -> value.
using Counters = std::map<std::string, int64_t>;

class StatementCounter {
 public:
  // `pool` (one connection, the one the counted cores use) must outlive the counter.
  // Measures what reading the counters costs by itself.
  explicit StatementCounter(db::ConnectionPool* pool);

  // The counters of the pool's connection now (a test failure and {} when unreadable).
  Counters Read();

  // Runs `op` and returns the counters it moved (also kept as the row `name`).
  template <typename Op>
  Counters Measure(const std::string& name, Op op) {
    const Counters before = Read();
    op();
    const Counters after = Read();
    return Record(name, before, after);
  }

  const std::vector<std::pair<std::string, Counters>>& rows() const { return rows_; }

  // The rows as a markdown table on stdout, and one test property per row.
  void PrintTable() const;

  // Expects a bound for every row and prepared executions plus commits within it, and
  // that the counters moved at all.
  void CheckBounds(const std::map<std::string, int64_t>& bounds) const;

 private:
  Counters Record(const std::string& name, const Counters& before, const Counters& after);

  db::ConnectionPool* pool_;
  Counters overhead_;
  std::vector<std::pair<std::string, Counters>> rows_;
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_STATEMENT_COUNTER_H_
