#include "support/statement_counter.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "absl/strings/str_cat.h"

namespace shouhu::testing {
namespace {

const std::vector<std::string>& CounterNames() {
  static const auto* names = new std::vector<std::string>{
      "Questions", "Com_stmt_execute", "Com_select", "Com_insert", "Com_update", "Com_commit"};
  return *names;
}

int64_t Value(const Counters& c, const std::string& name) {
  auto it = c.find(name);
  return it == c.end() ? 0 : it->second;
}

}  // namespace

StatementCounter::StatementCounter(db::ConnectionPool* pool) : pool_(pool) {
  const Counters a = Read();
  const Counters b = Read();
  for (const std::string& n : CounterNames()) overhead_[n] = Value(b, n) - Value(a, n);
}

Counters StatementCounter::Read() {
  Counters out;
  auto conn = pool_->Acquire();
  EXPECT_TRUE(conn.ok()) << conn.status();
  if (!conn.ok()) return out;
  std::unique_ptr<sql::Statement> st((*conn)->raw().createStatement());
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
      "SHOW SESSION STATUS WHERE Variable_name IN ('Questions', 'Com_stmt_execute',"
      " 'Com_select', 'Com_insert', 'Com_update', 'Com_commit')"));
  while (rs->next()) out[rs->getString(1).asStdString()] = rs->getInt64(2);
  return out;
}

Counters StatementCounter::Record(const std::string& name, const Counters& before,
                                  const Counters& after) {
  Counters delta;
  for (const std::string& n : CounterNames()) {
    delta[n] = Value(after, n) - Value(before, n) - Value(overhead_, n);
  }
  rows_.emplace_back(name, delta);
  return delta;
}

void StatementCounter::PrintTable() const {
  std::printf(
      "\n| operation | statements (Questions) | prepared executions | selects | inserts |"
      " updates | commits |\n|---|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& [name, c] : rows_) {
    std::printf("| %s | %lld | %lld | %lld | %lld | %lld | %lld |\n", name.c_str(),
                static_cast<long long>(Value(c, "Questions")),
                static_cast<long long>(Value(c, "Com_stmt_execute")),
                static_cast<long long>(Value(c, "Com_select")),
                static_cast<long long>(Value(c, "Com_insert")),
                static_cast<long long>(Value(c, "Com_update")),
                static_cast<long long>(Value(c, "Com_commit")));
    ::testing::Test::RecordProperty(absl::StrCat("statements_", name),
                                    absl::StrCat(Value(c, "Questions")));
  }
  std::fflush(stdout);
}

void StatementCounter::CheckBounds(const std::map<std::string, int64_t>& bounds) const {
  for (const auto& [name, c] : rows_) {
    auto bound = bounds.find(name);
    ASSERT_NE(bound, bounds.end()) << name;
    EXPECT_LE(Value(c, "Com_stmt_execute") + Value(c, "Com_commit"), bound->second)
        << name << ": more round trips than before";
    EXPECT_GE(Value(c, "Questions"), 1) << name << ": the counters did not move";
  }
}

}  // namespace shouhu::testing
