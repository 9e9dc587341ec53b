// --workload=visit-due: "my due visits" (VisitPlanService.ListDueVisits) through the
// running visit service (--addr, mTLS with the people-facing client certificate, a
// caseworker's token), after the fill (bench_visit_fill.cc). Client i asks as
// VisitCaseworker(i % --visit_caseworkers) on a connection of its own, back to back; the
// calls that end inside the timed window are counted.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/bench.h"
#include "bench/bench_shared_targets.h"
#include "bench/bench_visit.h"
#include "common/base/dates.h"
#include "shouhu/visit/v1/visit.grpc.pb.h"

ABSL_FLAG(bool, visit_fill, true, "visit-due: fill the plans first (skipped when there)");
ABSL_FLAG(int, visit_plans, 100000, "visit-due: plans of the fill");
ABSL_FLAG(int, visit_slots_per_plan, 10, "visit-due: slots per plan of the fill");
ABSL_FLAG(int, visit_caseworkers, 100, "visit-due: caseworkers the plans are spread over");
ABSL_FLAG(int, visit_horizon_days, 14, "visit-due: horizon_days of each ListDueVisits");

namespace shouhu::bench {
namespace {

namespace vpb = ::shouhu::visit::v1;

struct DueStats {
  std::vector<uint32_t> latency_us;
  int64_t rows = 0;
  int64_t plans = 0;  // distinct plans per page, summed: what opening each plan once saves
  std::map<std::string, int64_t> errors;
};

}  // namespace

int RunVisitDueWorkload(int clients) {
  const int caseworkers = absl::GetFlag(FLAGS_visit_caseworkers);
  VisitFill fill;
  fill.procuratorate = absl::GetFlag(FLAGS_procuratorate);
  fill.plans = absl::GetFlag(FLAGS_visit_plans);
  fill.slots_per_plan = absl::GetFlag(FLAGS_visit_slots_per_plan);
  fill.caseworkers = caseworkers;
  fill.today = ChinaDay(absl::Now());
  VisitFillResult filled;
  if (absl::GetFlag(FLAGS_visit_fill)) {
    std::unique_ptr<db::ConnectionPool> pool = OpenBenchPool(2);
    BenchData data = LoadBenchData();
    absl::StatusOr<VisitFillResult> r = FillVisitPlans(*pool, *data.cipher, fill);
    if (!r.ok()) Die("visit fill", r.status());
    filled = *r;
    std::fprintf(stderr, "bench: visit fill: %lld plans, %lld slots (%lld live) in %.1f s%s\n",
                 static_cast<long long>(filled.plans), static_cast<long long>(filled.slots),
                 static_cast<long long>(filled.live_slots), filled.seconds,
                 filled.reused ? " (already there)" : "");
  }

  auto creds =
      BenchCredentials(absl::GetFlag(FLAGS_client_cert), absl::GetFlag(FLAGS_client_key), "client");
  std::unique_ptr<TokenIssuer> issuer = LoadTokenIssuer();
  std::vector<std::unique_ptr<vpb::VisitPlanService::Stub>> stubs;
  std::vector<std::string> auth;
  for (int i = 0; i < clients; ++i) {
    stubs.push_back(vpb::VisitPlanService::NewStub(ConnectedChannel(creds)));
    const std::string who = VisitCaseworker(i % caseworkers);
    auth.push_back(absl::StrCat(
        "Bearer ",
        IssueToken(*issuer, BenchUserClaims(who, absl::StrCat("压测承办人", i), "第九检察部",
                                            "caseworker", "", absl::Now()))));
  }
  const std::chrono::milliseconds deadline(absl::GetFlag(FLAGS_deadline_ms));
  vpb::ListDueVisitsRequest req;
  req.set_horizon_days(absl::GetFlag(FLAGS_visit_horizon_days));
  req.set_include_missed(true);

  const auto begin = SteadyClock::now();
  Window w;
  w.start =
      begin + std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_warmup_s) * 1e6));
  w.end = w.start +
          std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_duration_s) * 1e6));
  std::vector<DueStats> stats(clients);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      DueStats& s = stats[i];
      while (SteadyClock::now() < w.end) {
        const auto t0 = SteadyClock::now();
        absl::StatusOr<vpb::ListDueVisitsResponse> r = CallUnary<vpb::ListDueVisitsResponse>(
            *stubs[i], &vpb::VisitPlanService::Stub::ListDueVisits, req, auth[i], deadline);
        const auto t1 = SteadyClock::now();
        if (!w.Inside(t1)) continue;
        if (!r.ok()) {
          ++s.errors[absl::StatusCodeToString(r.status().code())];
          continue;
        }
        s.rows += r->visits_size();
        std::set<std::string> page_plans;
        for (const vpb::DueVisit& v : r->visits()) page_plans.insert(v.plan_id());
        s.plans += static_cast<int64_t>(page_plans.size());
        s.latency_us.push_back(static_cast<uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
      }
    });
  }
  for (std::thread& t : threads) t.join();

  std::vector<uint32_t> all;
  int64_t rows = 0;
  int64_t plans = 0;
  std::map<std::string, int64_t> errors;
  for (const DueStats& s : stats) {
    plans += s.plans;
    all.insert(all.end(), s.latency_us.begin(), s.latency_us.end());
    rows += s.rows;
    for (const auto& [code, n] : s.errors) errors[code] += n;
  }
  const Summary sum = Summarize(all);
  std::string errs;
  for (const auto& [code, n] : errors) {
    absl::StrAppend(&errs, errs.empty() ? "" : ",", "\"", code, "\":", n);
  }
  const double seconds = absl::GetFlag(FLAGS_duration_s);
  std::printf(
      "{\"workload\":\"visit-due\",\"clients\":%d,\"plans\":%lld,\"slots\":%lld,"
      "\"live_slots\":%lld,\"fill_s\":%s,\"ops\":%lld,\"calls_per_s\":%s,\"rows_per_call\":%s,"
      "\"plans_per_call\":%s,"
      "\"p50_ms\":%s,\"p95_ms\":%s,\"p99_ms\":%s,\"max_ms\":%s,\"mean_ms\":%s,\"errors\":{%s}}\n",
      clients, static_cast<long long>(filled.plans), static_cast<long long>(filled.slots),
      static_cast<long long>(filled.live_slots), Fixed(filled.seconds, 1).c_str(),
      static_cast<long long>(sum.ops), Fixed(sum.ops / seconds, 1).c_str(),
      Fixed(sum.ops > 0 ? static_cast<double>(rows) / sum.ops : 0, 1).c_str(),
      Fixed(sum.ops > 0 ? static_cast<double>(plans) / sum.ops : 0, 1).c_str(),
      Fixed(sum.p50, 2).c_str(), Fixed(sum.p95, 2).c_str(), Fixed(sum.p99, 2).c_str(),
      Fixed(sum.max, 2).c_str(), Fixed(sum.mean, 2).c_str(), errs.c_str());
  return errors.empty() && sum.ops > 0 ? 0 : 1;
}

}  // namespace shouhu::bench
