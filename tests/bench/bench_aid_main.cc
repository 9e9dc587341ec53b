// The aid workload from set-up to the report line: registry set-up and cases through the
// referral core in-process (both modes), wage table and fund through the target, then 16
// clients each running whole flows (register to receipt) until the window ends. Prints a
// human-readable summary and, as the last line, one JSON object: flows per second and
// their latency at the top level (the "operation"), each step's under "by_op".
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bench/bench_aid.h"

ABSL_FLAG(int, aid_profile_flows, 20,
          "aid: flows run one at a time before timing to count statements per step (0: none)");
ABSL_FLAG(int64_t, aid_fund_fen, 1'000'000'000'000,
          "aid: fen allocated to this year's regular fund before timing (every flow draws "
          "one month's wage)");

namespace shouhu::bench {
namespace {

std::string Json(const std::string& name, const Summary& s) {
  return absl::StrCat("\"", name, "\":{\"ops\":", s.ops, ",\"p50_ms\":", Fixed(s.p50, 3),
                      ",\"p95_ms\":", Fixed(s.p95, 3), ",\"p99_ms\":", Fixed(s.p99, 3),
                      ",\"max_ms\":", Fixed(s.max, 3), ",\"mean_ms\":", Fixed(s.mean, 3), "}");
}

}  // namespace

int RunAidWorkload(const std::string& mode, int clients, uint64_t salt) {
  // Cases come from the referral service's own operations, run in-process on the same
  // database in both modes (set-up, not timed).
  std::unique_ptr<Target> referrals = NewDirectTarget();
  {
    std::unique_ptr<Client> admin = referrals->NewClient();
    Generator setup_gen(salt, clients);
    if (absl::GetFlag(FLAGS_setup)) Setup(*admin, setup_gen);
  }
  referrals->AfterSetup();

  std::unique_ptr<AidTarget> target = mode == "grpc" ? NewAidGrpcTarget() : NewAidDirectTarget();
  std::vector<std::unique_ptr<AidClient>> conns;
  std::vector<std::unique_ptr<AidGenerator>> gens;
  for (int i = 0; i < clients; ++i) {
    conns.push_back(target->NewClient(i));
    gens.push_back(std::make_unique<AidGenerator>(salt, i));
  }
  {
    AidGenerator setup_gen(salt, clients);
    SeedAidMoney(*conns[0], setup_gen, absl::GetFlag(FLAGS_aid_fund_fen));
  }
  const auto t0 = SteadyClock::now();
  const std::vector<std::vector<std::string>> cases =
      SeedAidCases(*referrals, clients, absl::GetFlag(FLAGS_aid_cases_per_client), salt);
  std::fprintf(stderr, "bench: seeded %d cases per client in %.1f s\n",
               absl::GetFlag(FLAGS_aid_cases_per_client),
               std::chrono::duration<double>(SteadyClock::now() - t0).count());

  DbCounterReader counters;
  std::string statements_json;
  if (absl::GetFlag(FLAGS_aid_profile_flows) > 0) {
    AidGenerator profile_gen(salt, clients + 1);
    statements_json = CountAidStatements(*conns[0], profile_gen, cases[0][0],
                                         absl::GetFlag(FLAGS_aid_profile_flows), counters);
  }

  const auto begin = SteadyClock::now();
  Window w;
  w.start =
      begin + std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_warmup_s) * 1e6));
  w.end = w.start +
          std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_duration_s) * 1e6));
  std::vector<AidStats> stats(clients);
  std::vector<Watched> watched = WatchList();
  DbCounters db_start, db_end;
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
      threads.emplace_back([&, i] { RunAidClient(*conns[i], *gens[i], cases[i], w, stats[i]); });
    }
    std::this_thread::sleep_until(w.start);
    for (auto& p : watched) p.start = CpuSeconds(p.pid);
    db_start = counters.Read();
    std::this_thread::sleep_until(w.end);
    for (auto& p : watched) p.end = CpuSeconds(p.pid);
    db_end = counters.Read();
    for (auto& t : threads) t.join();
  }
  const double elapsed = std::chrono::duration<double>(w.end - w.start).count();

  std::vector<uint32_t> flows;
  std::vector<uint32_t> steps[kAidStepCount];
  std::map<std::string, int64_t> errors;
  int64_t error_count = 0;
  int64_t calls = 0;
  for (auto& s : stats) {
    flows.insert(flows.end(), s.flow_us.begin(), s.flow_us.end());
    for (int i = 0; i < kAidStepCount; ++i) {
      steps[i].insert(steps[i].end(), s.step_us[i].begin(), s.step_us[i].end());
      calls += static_cast<int64_t>(s.step_us[i].size());
    }
    for (const auto& [k, v] : s.errors) errors[k] += v;
    error_count += s.error_count;
  }
  const Summary total = Summarize(flows);
  const double flows_per_s = elapsed > 0 ? static_cast<double>(total.ops) / elapsed : 0;
  const double calls_per_s = elapsed > 0 ? static_cast<double>(calls) / elapsed : 0;

  std::printf("mode=%s workload=aid clients=%d window=%.1fs warmup=%.1fs db_pool_size=%d\n",
              mode.c_str(), clients, elapsed, absl::GetFlag(FLAGS_warmup_s),
              absl::GetFlag(FLAGS_db_pool_size));
  std::printf("flows %lld  flows/s %.1f  calls/s %.1f  errors %lld\n",
              static_cast<long long>(total.ops), flows_per_s, calls_per_s,
              static_cast<long long>(error_count));
  std::printf("flow latency ms  p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  mean %.2f\n", total.p50,
              total.p95, total.p99, total.max, total.mean);
  std::vector<std::string> step_json;
  for (int i = 0; i < kAidStepCount; ++i) {
    const Summary s = Summarize(steps[i]);
    std::printf("  %-8s n %-7lld p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  mean %.2f\n",
                AidStepName(i), static_cast<long long>(s.ops), s.p50, s.p95, s.p99, s.max, s.mean);
    step_json.push_back(Json(AidStepName(i), s));
  }
  // CPU per flow of each watched process, over the window.
  std::vector<std::string> cpu_json;
  std::string cpu_line;
  for (const auto& p : watched) {
    if (p.start < 0 || p.end < 0 || total.ops == 0) continue;
    const double cpu = p.end - p.start;
    const double per_flow_ms = cpu * 1000 / static_cast<double>(total.ops);
    absl::StrAppend(&cpu_line, "  ", p.name, " ", Fixed(cpu / elapsed, 2), " cores (",
                    Fixed(per_flow_ms, 2), " ms/flow)");
    cpu_json.push_back(absl::StrCat("\"", p.name, "\":{\"cores\":", Fixed(cpu / elapsed, 3),
                                    ",\"ms_per_op\":", Fixed(per_flow_ms, 3), "}"));
  }
  if (!cpu_line.empty()) std::printf("cpu%s\n", cpu_line.c_str());
  // Server-wide statements in the window per flow completed (with everything else the
  // server did meanwhile: the services' relays, the case lookups in the referral service).
  std::string window_json;
  if (total.ops > 0) {
    const double n = static_cast<double>(total.ops);
    const double executes = static_cast<double>(db_end.executes - db_start.executes) / n;
    const double commits = static_cast<double>(db_end.commits - db_start.commits) / n;
    const double questions = static_cast<double>(db_end.questions - db_start.questions) / n;
    std::printf(
        "server-wide per flow in the window: %.1f prepared executions, %.1f commits, "
        "%.1f questions\n",
        executes, commits, questions);
    window_json = absl::StrCat("\"executes_per_flow\":", Fixed(executes, 1),
                               ",\"commits_per_flow\":", Fixed(commits, 1),
                               ",\"questions_per_flow\":", Fixed(questions, 1));
  }
  std::vector<std::string> err_json;
  for (const auto& [k, v] : errors) {
    std::printf("  error %s: %lld\n", k.c_str(), static_cast<long long>(v));
    err_json.push_back(absl::StrCat("\"", k, "\":", v));
  }
  std::printf(
      "%s\n",
      absl::StrCat("{\"mode\":\"", mode, "\",\"workload\":\"aid\",\"clients\":", clients,
                   ",\"window_s\":", Fixed(elapsed, 2), ",\"ops\":", total.ops,
                   ",\"ops_per_s\":", Fixed(flows_per_s, 1), ",\"p50_ms\":", Fixed(total.p50, 3),
                   ",\"p95_ms\":", Fixed(total.p95, 3), ",\"p99_ms\":", Fixed(total.p99, 3),
                   ",\"max_ms\":", Fixed(total.max, 3), ",\"mean_ms\":", Fixed(total.mean, 3),
                   ",\"calls_per_s\":", Fixed(calls_per_s, 1), ",\"errors\":", error_count,
                   ",\"exhausted\":false,\"by_op\":{", absl::StrJoin(step_json, ","),
                   "},\"error_codes\":{", absl::StrJoin(err_json, ","), "},\"cpu\":{",
                   absl::StrJoin(cpu_json, ","), "},\"window_db\":{", window_json,
                   "},\"statements\":{", statements_json, "}}")
          .c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace shouhu::bench
