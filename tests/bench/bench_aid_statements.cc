// Where the aid flow's time goes in the database: MariaDB's global counters read around
// each step of a few flows run one at a time before timing.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bench/bench_aid.h"
#include "common/db/transaction.h"

namespace shouhu::bench {
namespace {

constexpr char kCounters[] =
    "SHOW GLOBAL STATUS WHERE Variable_name IN"
    " ('Questions', 'Com_stmt_execute', 'Com_commit', 'Com_select')";

DbCounters Minus(const DbCounters& a, const DbCounters& b) {
  return {a.questions - b.questions, a.executes - b.executes, a.commits - b.commits,
          a.selects - b.selects};
}

// Field by field: the smallest count seen had the least background beside it.
void KeepSmaller(DbCounters& best, const DbCounters& d) {
  best.questions = std::min(best.questions, d.questions);
  best.executes = std::min(best.executes, d.executes);
  best.commits = std::min(best.commits, d.commits);
  best.selects = std::min(best.selects, d.selects);
}

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

std::string Json(const DbCounters& c) {
  return absl::StrCat("{\"executes\":", c.executes, ",\"commits\":", c.commits,
                      ",\"selects\":", c.selects, ",\"questions\":", c.questions, "}");
}

}  // namespace

DbCounterReader::DbCounterReader() : pool_(OpenBenchPool(1)) {}

DbCounters DbCounterReader::Read() {
  DbCounters c;
  auto read = [&c](db::Tx& tx) -> absl::Status {
    auto rows = tx.Sql(kCounters).Rows();
    while (rows->next()) {
      const std::string name(rows->getString(1).c_str());
      int64_t v = 0;
      if (!absl::SimpleAtoi(std::string(rows->getString(2).c_str()), &v)) continue;
      if (name == "Questions") c.questions = v;
      if (name == "Com_stmt_execute") c.executes = v;
      if (name == "Com_commit") c.commits = v;
      if (name == "Com_select") c.selects = v;
    }
    return absl::OkStatus();
  };
  absl::Status st = db::RunInTransaction(*pool_, read, {.read_only = true});
  if (!st.ok()) Die("reading the server's counters", st);
  return c;
}

std::string CountAidStatements(AidClient& client, AidGenerator& gen, const std::string& case_id,
                               int flows, DbCounterReader& reader) {
  // What one reading costs: the smallest difference of back-to-back readings (many of
  // them: a relay's poll between two readings would inflate it).
  DbCounters cost{kMax, kMax, kMax, kMax};
  DbCounters prev = reader.Read();
  for (int i = 0; i < 50; ++i) {
    DbCounters now = reader.Read();
    KeepSmaller(cost, Minus(now, prev));
    prev = now;
  }
  std::vector<DbCounters> best(kAidStepCount, DbCounters{kMax, kMax, kMax, kMax});
  AidStats stats;
  DbCounters before;
  stats.probe = [&](int step, bool after) {
    if (!after) {
      before = reader.Read();
      return;
    }
    KeepSmaller(best[step], Minus(Minus(reader.Read(), before), cost));
  };
  const Window none;  // records no latency
  int done = 0;
  for (int i = 0; i < flows; ++i) {
    if (RunAidFlow(client, gen, case_id, none, stats)) ++done;
  }
  if (done == 0) {
    std::printf("statements: no flow completed (errors: %lld)\n",
                static_cast<long long>(stats.error_count));
    return "";
  }
  std::printf(
      "statements per step (least of %d flows run alone, field by field; prepared executions · "
      "commits · "
      "selects · questions):\n",
      done);
  std::vector<std::string> json;
  DbCounters total;
  for (int i = 0; i < kAidStepCount; ++i) {
    const DbCounters& c = best[i];
    std::printf("  %-8s %3lld · %lld · %3lld · %3lld\n", AidStepName(i),
                static_cast<long long>(c.executes), static_cast<long long>(c.commits),
                static_cast<long long>(c.selects), static_cast<long long>(c.questions));
    json.push_back(absl::StrCat("\"", AidStepName(i), "\":", Json(c)));
    total.executes += c.executes;
    total.commits += c.commits;
    total.selects += c.selects;
    total.questions += c.questions;
  }
  std::printf("  %-8s %3lld · %lld · %3lld · %3lld\n", "flow",
              static_cast<long long>(total.executes), static_cast<long long>(total.commits),
              static_cast<long long>(total.selects), static_cast<long long>(total.questions));
  json.push_back(absl::StrCat("\"flow\":", Json(total)));
  return absl::StrJoin(json, ",");
}

}  // namespace shouhu::bench
