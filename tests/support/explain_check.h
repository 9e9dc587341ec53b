// "No full scans": EXPLAIN of every named statement of a repository, on a database filled
// to a realistic size, and the plan steps that read a whole large table.
//
// A repository test lists its statements (the constants of its *_sql.h, list queries
// assembled from their fragments as the repository does) with representative parameter
// values, then calls ExpectNoFullScans: each "?" is replaced by its value as a literal
// (EXPLAIN of a prepared statement would not see the values), and every plan row with
// access type ALL (or a full index scan, "index") over more than `max_rows` estimated rows
// fails the test, unless its table is one of `small_tables` (e.g. a registry of a few
// hundred rows that is read whole on purpose).
#ifndef SHOUHU_TESTS_SUPPORT_EXPLAIN_CHECK_H_
#define SHOUHU_TESTS_SUPPORT_EXPLAIN_CHECK_H_

#include <cstdint>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/pool.h"

namespace shouhu::testing {

// A parameter value: NULL, an integer or a string (quoted and escaped).
using SqlValue = std::variant<std::nullptr_t, int64_t, std::string>;

struct NamedStatement {
  std::string name;  // e.g. "kCaseReferrals"
  std::string sql;   // with "?" placeholders
  std::vector<SqlValue> params;
};

// One row of EXPLAIN's output.
struct PlanRow {
  std::string table;
  std::string type;  // ALL, index, range, ref, eq_ref, const, ... ("" when NULL)
  std::string key;
  int64_t rows = 0;
  std::string extra;
};

struct ExplainOptions {
  int64_t max_rows = 5000;             // a scan of more rows than this is a full scan
  std::set<std::string> small_tables;  // tables that may be scanned whole
};

// `sql` with each "?" outside quoted literals replaced by its value from `params`.
// INVALID_ARGUMENT when the counts differ.
absl::StatusOr<std::string> SubstituteParams(const std::string& sql,
                                             const std::vector<SqlValue>& params);

// EXPLAIN of `stmt` (parameters substituted) on one connection of `pool`.
absl::StatusOr<std::vector<PlanRow>> Explain(db::ConnectionPool& pool, const NamedStatement& stmt);

// One line per plan step of `plan` ("table type key rows extra").
std::string DescribePlan(const std::vector<PlanRow>& plan);

// Explains every statement and records a test failure (gtest) for each full scan of a
// large table, naming the statement and showing its plan. Returns the number of findings.
int ExpectNoFullScans(db::ConnectionPool& pool, const std::vector<NamedStatement>& statements,
                      const ExplainOptions& options = {});

// A named fragment of a statement, for Compose: SQL_FRAGMENT(kAndStatus).
struct SqlFragment {
  std::string name;
  std::string sql;
};
#define SQL_FRAGMENT(constant) \
  ::shouhu::testing::SqlFragment { #constant, constant }

// The statement made of `fragments` in order, named after them ("kCaseCols+kWhereId").
NamedStatement Compose(const std::vector<SqlFragment>& fragments, std::vector<SqlValue> params);

// The names of the string constants ("constexpr char kName[]") of a C++ header.
absl::StatusOr<std::vector<std::string>> ConstantNames(const std::string& header_path);

// Records a test failure for every constant of `header_path` that no statement's name
// mentions (as a whole "+"-separated or "(...)"-delimited word): a statement added to the
// header without being added to the EXPLAIN test.
void ExpectEveryConstantExplained(const std::string& header_path,
                                  const std::vector<NamedStatement>& statements);

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_EXPLAIN_CHECK_H_
