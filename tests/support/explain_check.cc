#include "support/explain_check.h"

#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <regex>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/db/transaction.h"

namespace shouhu::testing {

namespace {

std::string Literal(const SqlValue& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) return "NULL";
  if (const int64_t* i = std::get_if<int64_t>(&v)) return absl::StrCat(*i);
  std::string out = "'";
  for (char c : std::get<std::string>(v)) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string Column(sql::ResultSet& rs, const char* name) {
  return rs.isNull(name) ? std::string() : rs.getString(name).asStdString();
}

}  // namespace

absl::StatusOr<std::string> SubstituteParams(const std::string& sql,
                                             const std::vector<SqlValue>& params) {
  std::string out;
  size_t next = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out.push_back(c);
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      if (next >= params.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("more placeholders than the ", params.size(), " values given"));
      }
      absl::StrAppend(&out, Literal(params[next++]));
    } else {
      out.push_back(c);
    }
  }
  if (next != params.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(next, " placeholders but ", params.size(), " values"));
  }
  return out;
}

absl::StatusOr<std::vector<PlanRow>> Explain(db::ConnectionPool& pool, const NamedStatement& stmt) {
  absl::StatusOr<std::string> sql = SubstituteParams(stmt.sql, stmt.params);
  if (!sql.ok()) return sql.status();
  std::vector<PlanRow> plan;
  absl::Status st = db::RunInTransaction(
      pool,
      [&](db::Tx& tx) -> absl::Status {
        plan.clear();
        std::unique_ptr<sql::Statement> s(tx.connection().raw().createStatement());
        std::unique_ptr<sql::ResultSet> rs(s->executeQuery(absl::StrCat("EXPLAIN ", *sql)));
        while (rs->next()) {
          PlanRow row;
          row.table = Column(*rs, "table");
          row.type = Column(*rs, "type");
          row.key = Column(*rs, "key");
          row.rows = rs->isNull("rows") ? 0 : rs->getInt64("rows");
          row.extra = Column(*rs, "Extra");
          plan.push_back(std::move(row));
        }
        return absl::OkStatus();
      },
      db::TxOptions{.max_attempts = 1});
  if (!st.ok()) {
    return absl::Status(st.code(), absl::StrCat(stmt.name, ": ", st.message(), "\n", *sql));
  }
  return plan;
}

std::string DescribePlan(const std::vector<PlanRow>& plan) {
  std::string out;
  for (const PlanRow& r : plan) {
    absl::StrAppend(&out, "  table=", r.table.empty() ? "-" : r.table,
                    " type=", r.type.empty() ? "-" : r.type, " key=", r.key.empty() ? "-" : r.key,
                    " rows=", r.rows, r.extra.empty() ? "" : " extra=", r.extra, "\n");
  }
  return out;
}

int ExpectNoFullScans(db::ConnectionPool& pool, const std::vector<NamedStatement>& statements,
                      const ExplainOptions& options) {
  int findings = 0;
  for (const NamedStatement& stmt : statements) {
    absl::StatusOr<std::vector<PlanRow>> plan = Explain(pool, stmt);
    if (!plan.ok()) {
      ADD_FAILURE() << "EXPLAIN failed: " << plan.status();
      ++findings;
      continue;
    }
    for (const PlanRow& r : *plan) {
      const bool full = r.type == "ALL" || r.type == "index";
      if (!full || r.rows <= options.max_rows || options.small_tables.contains(r.table)) continue;
      ADD_FAILURE() << stmt.name << " reads the whole of " << r.table << " (type " << r.type
                    << ", about " << r.rows << " rows):\n"
                    << stmt.sql << "\n"
                    << DescribePlan(*plan);
      ++findings;
    }
  }
  return findings;
}

NamedStatement Compose(const std::vector<SqlFragment>& fragments, std::vector<SqlValue> params) {
  NamedStatement out;
  for (const SqlFragment& f : fragments) {
    if (!out.name.empty()) out.name += "+";
    out.name += f.name;
    out.sql += f.sql;
  }
  out.params = std::move(params);
  return out;
}

absl::StatusOr<std::vector<std::string>> ConstantNames(const std::string& header_path) {
  std::ifstream in(header_path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", header_path));
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  static const std::regex kConstant(R"(constexpr\s+char\s+(k\w+)\s*\[\])");
  std::vector<std::string> out;
  for (std::sregex_iterator it(s.begin(), s.end(), kConstant), end; it != end; ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

void ExpectEveryConstantExplained(const std::string& header_path,
                                  const std::vector<NamedStatement>& statements) {
  absl::StatusOr<std::vector<std::string>> names = ConstantNames(header_path);
  ASSERT_TRUE(names.ok()) << names.status();
  ASSERT_FALSE(names->empty()) << "no constants in " << header_path;
  std::set<std::string> mentioned;
  for (const NamedStatement& st : statements) {
    for (absl::string_view word : absl::StrSplit(st.name, absl::ByAnyChar("+(), "))) {
      mentioned.insert(std::string(word));
    }
  }
  for (const std::string& name : *names) {
    EXPECT_TRUE(mentioned.contains(name))
        << name << " (" << header_path << ") is in no statement of the EXPLAIN test";
  }
}

}  // namespace shouhu::testing
