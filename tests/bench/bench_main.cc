// shouhu-bench: load generator for referral intake (登记) and triage (流转/受理).
//
//   --mode=grpc    calls a running shouhu-referral over gRPC with mTLS: submissions as the
//                  partner agency (its certificate), triage as a department head (client
//                  certificate plus a bearer token signed here with the platform key).
//                  Each client thread has its own channels (own TLS connections).
//   --mode=direct  the baseline: the same ReferralCore operations in-process, with their
//                  own connection pool of the same size, called with the principals the
//                  service would have built. Same SQL transactions; no gRPC, TLS or auth.
//
//   --workload=intake  SubmitReferral (JUDICIAL_AID or MANDATORY_REPORT naming 2 people)
//   --workload=triage  AssignReferral then AcceptReferral of referrals seeded before timing
//   --workload=mixed   2 submits : 1 assign : 1 accept per client
//   --workload=aid     the aid service instead: one operation is one judicial-aid application
//                      from registration to the payee's receipt, 8 calls (bench_aid.h); gRPC
//                      mode calls shouhu-aid at --addr, direct mode its cores in-process
//   --workload=visit-due  the visit service: ListDueVisits of a caseworker after a fill of
//                      plans and slots (bench_visit.h); gRPC only, at --addr
//   --workload=visit-record  RecordVisit completing fresh slots (bench_visit.h); gRPC mode
//                      calls shouhu-visit at --addr, direct mode VisitCore in-process
//   --workload=visit-batch   UploadBatch of --visit_batch_items items, then replayed; gRPC
//
// Every operation is one call with a fresh request id; latencies are measured around the
// call (for gRPC: including the client stack and TLS). Only operations that start inside
// the timed window (after the warm-up) are counted. The last line of stdout is a JSON
// summary.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/bench.h"
#include "bench/bench_aid.h"
#include "bench/bench_visit.h"
#include "common/base/file.h"

ABSL_FLAG(std::string, mode, "grpc", "grpc | direct");
ABSL_FLAG(std::string, workload, "intake",
          "intake | triage | mixed | aid | visit-due | visit-record | visit-batch");
ABSL_FLAG(int, clients, 16, "concurrent clients (threads)");
ABSL_FLAG(double, duration_s, 20, "timed window, seconds");
ABSL_FLAG(double, warmup_s, 3, "warm-up before the timed window, seconds (not counted)");
ABSL_FLAG(int, deadline_ms, 5000, "deadline of every gRPC call");
ABSL_FLAG(int, triage_pool, 10000,
          "triage: referrals submitted before timing; a client stops when none is left");
ABSL_FLAG(int, people, 20000,
          "distinct minors and distinct adults per run that referrals draw from (repeats "
          "match existing person records)");
ABSL_FLAG(uint64_t, salt, 0, "run salt for request ids and people (0: from the clock)");
ABSL_FLAG(bool, setup, true, "register the procuratorate and the agency first (admin)");
ABSL_FLAG(std::string, procuratorate, "520382", "procuratorate code");
ABSL_FLAG(std::string, agency, "edu-renhuai", "agency code (its certificate for grpc)");
ABSL_FLAG(std::string, watch_pids, "",
          "name:pid,... of processes whose CPU time in the timed window is reported "
          "(e.g. the service and the database server); the bench itself is always reported");

// grpc mode.
ABSL_FLAG(std::string, addr, "127.0.0.1:7101", "referral service address");
ABSL_FLAG(std::string, ca, "", "CA bundle (PEM)");
ABSL_FLAG(std::string, agency_cert, "", "agency client certificate (CN agency:<code>)");
ABSL_FLAG(std::string, agency_key, "", "agency client key");
ABSL_FLAG(std::string, client_cert, "", "people-facing client certificate (CN client:<name>)");
ABSL_FLAG(std::string, client_key, "", "people-facing client key");
ABSL_FLAG(std::string, jwt_signing_key, "", "ES256 private key issuing the users' tokens");

// direct mode (the service's own flag names).
ABSL_FLAG(std::string, db_host, "127.0.0.1", "MariaDB host");
ABSL_FLAG(int, db_port, 3306, "MariaDB port");
ABSL_FLAG(std::string, db_user, "shouhu", "MariaDB user");
ABSL_FLAG(std::string, db_password_file, "", "file holding the MariaDB password");
ABSL_FLAG(std::string, db_name, "shouhu", "database name");
ABSL_FLAG(int, db_pool_size, 16, "database connections (as the service's --db_pool_size)");
ABSL_FLAG(std::string, data_key_file, "", "AES-256 key for sensitive fields (64 hex chars)");
ABSL_FLAG(std::string, hmac_key_file, "", "HMAC key for matching ID numbers (64 hex chars)");
ABSL_FLAG(std::string, calendar_dir, "deploy/calendar", "working-day calendar files");
ABSL_FLAG(std::string, migrations_dir, "deploy/migrations", "schema migrations");

namespace shouhu::bench {

double Percentile(const std::vector<uint32_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  // Nearest rank.
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  if (rank < 1) rank = 1;
  return sorted[std::min(rank, sorted.size()) - 1] / 1000.0;
}

Summary Summarize(std::vector<uint32_t> v) {
  Summary s;
  std::sort(v.begin(), v.end());
  s.ops = static_cast<int64_t>(v.size());
  s.p50 = Percentile(v, 0.50);
  s.p95 = Percentile(v, 0.95);
  s.p99 = Percentile(v, 0.99);
  s.max = v.empty() ? 0 : v.back() / 1000.0;
  double sum = 0;
  for (uint32_t x : v) sum += x;
  s.mean = v.empty() ? 0 : sum / static_cast<double>(v.size()) / 1000.0;
  return s;
}

std::string Fixed(double v, int digits) { return absl::StrFormat("%.*f", digits, v); }

// User plus system CPU seconds of a process so far ("self" for this one), from
// /proc/<pid>/stat; -1 if unreadable.
double CpuSeconds(const std::string& pid) {
  auto stat = ReadFile(absl::StrCat("/proc/", pid, "/stat"));
  if (!stat.ok()) return -1;
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const size_t close = stat->rfind(')');
  if (close == std::string::npos) return -1;
  std::vector<std::string> f =
      absl::StrSplit(absl::string_view(*stat).substr(close + 2), ' ', absl::SkipEmpty());
  if (f.size() < 13) return -1;
  int64_t utime = 0, stime = 0;
  if (!absl::SimpleAtoi(f[11], &utime) || !absl::SimpleAtoi(f[12], &stime)) return -1;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::vector<Watched> WatchList() {
  std::vector<Watched> out{{"bench", "self"}};
  for (absl::string_view item :
       absl::StrSplit(absl::GetFlag(FLAGS_watch_pids), ',', absl::SkipEmpty())) {
    std::vector<std::string> kv = absl::StrSplit(item, absl::MaxSplits(':', 1));
    if (kv.size() == 2) out.push_back({kv[0], kv[1]});
  }
  return out;
}

// ---------------------------------------------------------------------------------- main

void Setup(Client& client, Generator& gen) {
  pb::UpsertProcuratorateRequest proc;
  proc.set_request_id(gen.RequestId());
  proc.mutable_procuratorate()->set_procuratorate_code(absl::GetFlag(FLAGS_procuratorate));
  proc.mutable_procuratorate()->set_name("贵州省仁怀市人民检察院");
  absl::Status st = client.UpsertProcuratorate(proc);
  if (!st.ok()) Die("set-up: procuratorate", st);
  pb::RegisterAgencyRequest agency;
  agency.set_request_id(gen.RequestId());
  pb::Agency* a = agency.mutable_agency();
  a->set_agency_code(absl::GetFlag(FLAGS_agency));
  a->set_name("仁怀市教育局");
  a->set_type(pb::AGENCY_TYPE_EDUCATION);
  a->set_jurisdiction_code(absl::GetFlag(FLAGS_procuratorate));
  a->set_procuratorate_code(absl::GetFlag(FLAGS_procuratorate));
  a->set_active(true);
  st = client.RegisterAgency(agency);
  if (!st.ok()) Die("set-up: agency", st);
}

namespace {

int Main() {
  const std::string mode = absl::GetFlag(FLAGS_mode);
  const std::string workload = absl::GetFlag(FLAGS_workload);
  const int clients = absl::GetFlag(FLAGS_clients);
  if (mode != "grpc" && mode != "direct") Die("flags", absl::InvalidArgumentError("--mode"));
  if (workload != "intake" && workload != "triage" && workload != "mixed" && workload != "aid" &&
      workload != "visit-due" && workload != "visit-record" && workload != "visit-batch") {
    Die("flags", absl::InvalidArgumentError("--workload"));
  }
  if (clients < 1 || absl::GetFlag(FLAGS_people) < 2 || absl::GetFlag(FLAGS_duration_s) <= 0) {
    Die("flags", absl::InvalidArgumentError("--clients, --people or --duration_s"));
  }
  uint64_t salt = absl::GetFlag(FLAGS_salt);
  if (salt == 0) salt = static_cast<uint64_t>(absl::ToUnixMicros(absl::Now()));

  if (workload == "aid") return RunAidWorkload(mode, clients, salt);
  if (workload == "visit-due") return RunVisitDueWorkload(clients);
  if (workload == "visit-record") return RunVisitRecordWorkload(mode, clients, salt);
  if (workload == "visit-batch") return RunVisitBatchWorkload(salt);

  std::unique_ptr<Target> target = mode == "grpc" ? NewGrpcTarget() : NewDirectTarget();

  std::vector<std::unique_ptr<Client>> conns;
  std::vector<std::unique_ptr<Generator>> gens;
  for (int i = 0; i < clients; ++i) {
    conns.push_back(target->NewClient());
    gens.push_back(std::make_unique<Generator>(salt, i));
  }
  if (absl::GetFlag(FLAGS_setup)) {
    Generator setup_gen(salt, clients);
    Setup(*conns[0], setup_gen);
  }
  target->AfterSetup();

  // Triage: submit the pool first, with every client, outside the timing.
  TriagePool pool;
  if (workload == "triage") {
    const int total = absl::GetFlag(FLAGS_triage_pool);
    std::atomic<int64_t> failures{0};
    std::vector<std::thread> seeders;
    const auto t0 = SteadyClock::now();
    for (int i = 0; i < clients; ++i) {
      seeders.emplace_back([&, i] {
        std::vector<Seeded> mine;
        const int n = total / clients + (i < total % clients ? 1 : 0);
        for (int j = 0; j < n; ++j) {
          auto r = conns[i]->Submit(gens[i]->SubmitRequest());
          if (r.ok()) {
            mine.push_back(Seeded{r->referral_id(), r->version()});
          } else {
            ++failures;
          }
        }
        pool.Add(std::move(mine));
      });
    }
    for (auto& t : seeders) t.join();
    std::fprintf(stderr, "bench: seeded %zu referrals in %.1f s (%lld failed)\n", pool.size(),
                 std::chrono::duration<double>(SteadyClock::now() - t0).count(),
                 static_cast<long long>(failures.load()));
    if (pool.size() == 0) Die("seeding", absl::InternalError("no referral could be submitted"));
  }

  const auto begin = SteadyClock::now();
  Window w;
  w.start =
      begin + std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_warmup_s) * 1e6));
  w.end = w.start +
          std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_duration_s) * 1e6));
  std::vector<Stats> stats(clients);
  std::vector<SteadyClock::time_point> finished(clients);
  std::vector<Watched> watched = WatchList();
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
      threads.emplace_back([&, i] {
        RunClient(*conns[i], *gens[i], workload, i, w, pool, stats[i]);
        finished[i] = SteadyClock::now();
      });
    }
    std::this_thread::sleep_until(w.start);
    for (auto& p : watched) p.start = CpuSeconds(p.pid);
    std::this_thread::sleep_until(w.end);
    for (auto& p : watched) p.end = CpuSeconds(p.pid);
    for (auto& t : threads) t.join();
  }
  // The window is shorter if the triage pool ran out.
  auto last = w.start;
  for (const auto& f : finished) last = std::max(last, f);
  const double elapsed = std::chrono::duration<double>(std::min(last, w.end) - w.start).count();

  std::vector<uint32_t> all;
  std::vector<uint32_t> per_op[kOpCount];
  std::map<std::string, int64_t> errors;
  int64_t error_count = 0;
  bool exhausted = false;
  for (auto& s : stats) {
    for (int op = 0; op < kOpCount; ++op) {
      per_op[op].insert(per_op[op].end(), s.latency_us[op].begin(), s.latency_us[op].end());
      all.insert(all.end(), s.latency_us[op].begin(), s.latency_us[op].end());
    }
    for (const auto& [k, v] : s.errors) errors[k] += v;
    error_count += s.error_count;
    exhausted = exhausted || s.exhausted;
  }
  const Summary total = Summarize(all);
  const double ops_per_s = elapsed > 0 ? static_cast<double>(total.ops) / elapsed : 0;

  std::printf("mode=%s workload=%s clients=%d window=%.1fs warmup=%.1fs db_pool_size=%d\n",
              mode.c_str(), workload.c_str(), clients, elapsed, absl::GetFlag(FLAGS_warmup_s),
              absl::GetFlag(FLAGS_db_pool_size));
  std::printf("ops %lld  ops/s %.1f  errors %lld%s\n", static_cast<long long>(total.ops), ops_per_s,
              static_cast<long long>(error_count),
              exhausted ? "  (triage pool exhausted: window shortened)" : "");
  std::printf("latency ms  p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  mean %.2f\n", total.p50,
              total.p95, total.p99, total.max, total.mean);
  std::vector<std::string> op_json;
  for (int op = 0; op < kOpCount; ++op) {
    if (per_op[op].empty()) continue;
    const Summary s = Summarize(per_op[op]);
    std::printf("  %-7s n %-7lld p50 %.2f  p95 %.2f  p99 %.2f  max %.2f\n", OpName(op),
                static_cast<long long>(s.ops), s.p50, s.p95, s.p99, s.max);
    op_json.push_back(absl::StrCat("\"", OpName(op), "\":{\"ops\":", s.ops,
                                   ",\"p50_ms\":", Fixed(s.p50, 3), ",\"p95_ms\":", Fixed(s.p95, 3),
                                   ",\"p99_ms\":", Fixed(s.p99, 3), ",\"max_ms\":", Fixed(s.max, 3),
                                   "}"));
  }
  // CPU time per operation of each watched process, over the whole window.
  std::vector<std::string> cpu_json;
  std::string cpu_line;
  for (const auto& p : watched) {
    if (p.start < 0 || p.end < 0 || total.ops == 0) continue;
    const double window = std::chrono::duration<double>(w.end - w.start).count();
    const double cpu = p.end - p.start;
    const double per_op_ms = cpu * 1000 / static_cast<double>(total.ops);
    absl::StrAppend(&cpu_line, "  ", p.name, " ", Fixed(cpu / window, 2), " cores (",
                    Fixed(per_op_ms, 2), " ms/op)");
    cpu_json.push_back(absl::StrCat("\"", p.name, "\":{\"cores\":", Fixed(cpu / window, 3),
                                    ",\"ms_per_op\":", Fixed(per_op_ms, 3), "}"));
  }
  if (!cpu_line.empty()) std::printf("cpu%s\n", cpu_line.c_str());
  std::vector<std::string> err_json;
  for (const auto& [k, v] : errors) {
    std::printf("  error %s: %lld\n", k.c_str(), static_cast<long long>(v));
    err_json.push_back(absl::StrCat("\"", k, "\":", v));
  }
  std::printf(
      "%s\n",
      absl::StrCat("{\"mode\":\"", mode, "\",\"workload\":\"", workload, "\",\"clients\":", clients,
                   ",\"window_s\":", Fixed(elapsed, 2), ",\"ops\":", total.ops,
                   ",\"ops_per_s\":", Fixed(ops_per_s, 1), ",\"p50_ms\":", Fixed(total.p50, 3),
                   ",\"p95_ms\":", Fixed(total.p95, 3), ",\"p99_ms\":", Fixed(total.p99, 3),
                   ",\"max_ms\":", Fixed(total.max, 3), ",\"errors\":", error_count,
                   ",\"exhausted\":", exhausted ? "true" : "false", ",\"by_op\":{",
                   absl::StrJoin(op_json, ","), "},\"error_codes\":{", absl::StrJoin(err_json, ","),
                   "},\"cpu\":{", absl::StrJoin(cpu_json, ","), "}}")
          .c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace shouhu::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return shouhu::bench::Main();
}