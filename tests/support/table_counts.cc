#include "support/table_counts.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"

namespace shouhu::testing {

absl::StatusOr<TableCounts> CountEveryTable(db::ConnectionPool& pool) {
  TableCounts counts;
  absl::Status st = db::RunInTransaction(
      pool,
      [&](db::Tx& tx) -> absl::Status {
        counts.clear();
        std::vector<std::string> tables;
        {
          std::unique_ptr<sql::Statement> s(tx.connection().raw().createStatement());
          std::unique_ptr<sql::ResultSet> rs(
              s->executeQuery("SELECT table_name FROM information_schema.tables"
                              " WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"
                              " ORDER BY table_name"));
          while (rs->next()) tables.push_back(rs->getString(1).asStdString());
        }
        for (const std::string& table : tables) {
          std::unique_ptr<sql::Statement> s(tx.connection().raw().createStatement());
          std::unique_ptr<sql::ResultSet> rs(
              s->executeQuery(absl::StrCat("SELECT COUNT(*) FROM `", table, "`")));
          counts[table] = rs->next() ? rs->getInt64(1) : -1;
        }
        return absl::OkStatus();
      },
      db::TxOptions{.max_attempts = 2, .read_only = true});
  if (!st.ok()) return st;
  if (counts.empty()) return absl::FailedPreconditionError("the database has no tables");
  return counts;
}

std::string DescribeChange(const TableCounts& before, const TableCounts& after) {
  std::set<std::string> names;
  for (const auto& [name, n] : before) names.insert(name);
  for (const auto& [name, n] : after) names.insert(name);
  std::string out;
  for (const std::string& name : names) {
    auto b = before.find(name);
    auto a = after.find(name);
    const int64_t nb = b == before.end() ? -1 : b->second;
    const int64_t na = a == after.end() ? -1 : a->second;
    if (nb != na) absl::StrAppend(&out, name, ": ", nb, " -> ", na, "\n");
  }
  return out;
}

}  // namespace shouhu::testing
