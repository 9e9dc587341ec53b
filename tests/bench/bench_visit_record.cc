// --workload=visit-record and --workload=visit-batch (bench_visit.h). Recording: client i
// is caseworker AidCaseworker(i) with cases and plans of its own (FillRecordPlans), and
// completes the next fresh slot with each RecordVisit (four assessments, one need: the
// visit row, the slot, the need row, its visit.need_found outbox event and the audit
// record in one transaction), either through the running shouhu-visit (--mode=grpc: mTLS,
// a caseworker's token, a connection per client) or through VisitCore in-process on the
// same database (--mode=direct: the service's own deps, the referral service asked for
// cases with the visit service's certificate). Batches: UploadBatch through gRPC only.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/bench.h"
#include "bench/bench_aid.h"
#include "bench/bench_shared_targets.h"
#include "bench/bench_visit.h"
#include "common/base/clock.h"
#include "common/base/dates.h"
#include "common/server/case_client.h"
#include "shouhu/visit/v1/visit.grpc.pb.h"
#include "visit/visit_core.h"

ABSL_FLAG(std::string, visit_referral_addr, "127.0.0.1:7101",
          "visit-record, direct mode: the referral service asked for cases");
ABSL_FLAG(std::string, visit_service_cert, "",
          "visit-record, direct mode: the visit service's certificate (CN service:visit)");
ABSL_FLAG(std::string, visit_service_key, "", "visit-record, direct mode: its key");
// Enough fresh slots for one client on a quiet machine (about 250 calls/s for 23 s).
ABSL_FLAG(int, visit_record_plans, 1000, "visit-record: plans per client (10 slots each)");
ABSL_FLAG(int, visit_batch_items, 1000, "visit-batch: items per batch");
ABSL_FLAG(int, visit_batches, 3, "visit-batch: batches (each uploaded twice)");
ABSL_FLAG(int, visit_batch_deadline_ms, 120000, "visit-batch: deadline of one UploadBatch");

namespace shouhu::bench {
namespace {

namespace vpb = ::shouhu::visit::v1;

constexpr int kSlotsPerPlan = 10;
constexpr int kCasesPerClient = 2;

Claims CaseworkerClaims(int i) {
  return BenchUserClaims(AidCaseworker(i), absl::StrCat("压测承办人", i), "第九检察部",
                         "caseworker", "", absl::Now());
}

// A completed visit of `plan` slot `slot` (or unscheduled when plan_id is empty).
vpb::RecordVisitRequest VisitRequest(const std::string& case_id, const std::string& plan_id,
                                     int slot, bool with_need, absl::CivilDay today) {
  vpb::RecordVisitRequest r;
  r.set_case_id(case_id);
  if (!plan_id.empty()) {
    r.set_plan_id(plan_id);
    r.set_slot_sequence(slot);
  }
  r.set_kind(vpb::VISIT_KIND_HOME);
  *r.mutable_visited_on() = FromCivilDay(today);
  static const vpb::Rating kRatings[] = {vpb::RATING_GOOD, vpb::RATING_GOOD, vpb::RATING_FAIR,
                                         vpb::RATING_CONCERN};
  for (int d = vpb::DIMENSION_MOOD; d <= vpb::DIMENSION_FAMILY; ++d) {
    vpb::Assessment* a = r.add_assessments();
    a->set_dimension(static_cast<vpb::Dimension>(d));
    a->set_rating(kRatings[d - 1]);
    a->set_notes("压测：情况稳定，继续关注。");
  }
  if (with_need) {
    vpb::Need* n = r.add_needs();
    n->set_kind(::shouhu::aid::v1::MEASURE_KIND_COUNSELLING);
    n->set_description("压测：需要心理疏导。");
  }
  r.set_summary("压测回访：入户走访，了解学习和生活情况。");
  return r;
}

class Recorder {
 public:
  virtual ~Recorder() = default;
  virtual absl::Status Record(const vpb::RecordVisitRequest& r) = 0;
};

class GrpcRecorder : public Recorder {
 public:
  GrpcRecorder(const std::shared_ptr<grpc::ChannelCredentials>& creds, std::string auth)
      : stub_(vpb::VisitService::NewStub(ConnectedChannel(creds))), auth_(std::move(auth)) {}
  absl::Status Record(const vpb::RecordVisitRequest& r) override {
    return CallUnary<vpb::Visit>(*stub_, &vpb::VisitService::Stub::RecordVisit, r, auth_,
                                 std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms)))
        .status();
  }

 private:
  std::unique_ptr<vpb::VisitService::Stub> stub_;
  std::string auth_;
};

class DirectRecorder : public Recorder {
 public:
  DirectRecorder(visit::VisitCore* core, Principal p) : core_(core), p_(std::move(p)) {}
  absl::Status Record(const vpb::RecordVisitRequest& r) override {
    return core_->RecordVisit(p_, r).status();
  }

 private:
  visit::VisitCore* core_;
  Principal p_;
};

// The visit service's cores as its main.cc builds them (no daily reports: not used here).
struct DirectVisit {
  std::unique_ptr<db::ConnectionPool> pool;
  BenchData data;
  std::unique_ptr<CaseClient> cases;
  std::unique_ptr<visit::VisitCore> core;
};

std::unique_ptr<DirectVisit> NewDirectVisit() {
  auto d = std::make_unique<DirectVisit>();
  d->pool = OpenBenchPool(absl::GetFlag(FLAGS_db_pool_size));
  d->data = LoadBenchData();
  d->cases = std::make_unique<CaseClient>(
      CaseClient::Options{.address = absl::GetFlag(FLAGS_visit_referral_addr)},
      BenchCredentials(absl::GetFlag(FLAGS_visit_service_cert),
                       absl::GetFlag(FLAGS_visit_service_key), "service credentials"));
  visit::VisitDeps deps;
  deps.pool = d->pool.get();
  deps.clock = &Clock::Real();
  deps.ids = &IdGenerator::Random();
  deps.cipher = d->data.cipher.get();
  deps.cases = d->cases.get();
  d->core = std::make_unique<visit::VisitCore>(deps, nullptr);
  return d;
}

struct RecordStats {
  std::vector<uint32_t> latency_us;
  std::map<std::string, int64_t> errors;
  bool exhausted = false;
};

std::string Errors(const std::map<std::string, int64_t>& errors) {
  std::string out;
  for (const auto& [code, n] : errors)
    absl::StrAppend(&out, out.empty() ? "" : ",", "\"", code, "\":", n);
  return out;
}

}  // namespace

int RunVisitRecordWorkload(const std::string& mode, int clients, uint64_t salt) {
  const std::string proc = absl::GetFlag(FLAGS_procuratorate);
  const int per_client = absl::GetFlag(FLAGS_visit_record_plans);
  const auto t_seed = SteadyClock::now();
  const std::vector<std::vector<std::string>> cases =
      SeedVisitCases(clients, kCasesPerClient, salt);
  std::vector<std::string> caseworkers;
  for (int i = 0; i < clients; ++i) caseworkers.push_back(AidCaseworker(i));
  std::vector<std::vector<RecordPlan>> plans;
  {
    std::unique_ptr<db::ConnectionPool> pool = OpenBenchPool(2);
    BenchData data = LoadBenchData();
    absl::StatusOr<std::vector<std::vector<RecordPlan>>> r =
        FillRecordPlans(*pool, *data.cipher, proc, absl::StrCat(salt % 1000000000), cases,
                        caseworkers, per_client, kSlotsPerPlan);
    if (!r.ok()) Die("visit-record fill", r.status());
    plans = *std::move(r);
  }
  std::fprintf(stderr, "bench: visit-record set-up: %d cases, %d plans of %d slots in %.1f s\n",
               clients * kCasesPerClient, clients * per_client, kSlotsPerPlan,
               std::chrono::duration<double>(SteadyClock::now() - t_seed).count());

  std::unique_ptr<DirectVisit> direct;
  std::vector<std::unique_ptr<Recorder>> recorders;
  if (mode == "direct") {
    direct = NewDirectVisit();
    for (int i = 0; i < clients; ++i) {
      recorders.push_back(std::make_unique<DirectRecorder>(
          direct->core.get(), PrincipalFromClaims(CaseworkerClaims(i))));
    }
  } else {
    auto creds = BenchCredentials(absl::GetFlag(FLAGS_client_cert), absl::GetFlag(FLAGS_client_key),
                                  "client");
    std::unique_ptr<TokenIssuer> issuer = LoadTokenIssuer();
    for (int i = 0; i < clients; ++i) {
      recorders.push_back(std::make_unique<GrpcRecorder>(
          creds, absl::StrCat("Bearer ", IssueToken(*issuer, CaseworkerClaims(i)))));
    }
  }

  const absl::CivilDay today = ChinaDay(absl::Now());
  const auto begin = SteadyClock::now();
  Window w;
  w.start =
      begin + std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_warmup_s) * 1e6));
  w.end = w.start +
          std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_duration_s) * 1e6));
  std::vector<RecordStats> stats(clients);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      RecordStats& s = stats[i];
      int64_t n = 0;
      const int64_t capacity = static_cast<int64_t>(plans[i].size()) * kSlotsPerPlan;
      while (SteadyClock::now() < w.end) {
        if (n >= capacity) {
          s.exhausted = true;
          break;
        }
        const RecordPlan& plan = plans[i][n / kSlotsPerPlan];
        vpb::RecordVisitRequest req = VisitRequest(
            plan.case_id, plan.plan_id, static_cast<int>(n % kSlotsPerPlan) + 1, true, today);
        req.set_request_id(absl::StrFormat("vr-%d-%d-%d", salt % 1000000000, i, n));
        ++n;
        const auto t0 = SteadyClock::now();
        absl::Status st = recorders[i]->Record(req);
        const auto t1 = SteadyClock::now();
        if (!w.Inside(t1)) continue;
        if (!st.ok()) {
          ++s.errors[absl::StatusCodeToString(st.code())];
          if (s.errors.size() == 1 && s.errors.begin()->second == 1) {
            std::fprintf(stderr, "bench: visit-record: %s\n", st.ToString().c_str());
          }
          continue;
        }
        s.latency_us.push_back(static_cast<uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
      }
    });
  }
  for (std::thread& t : threads) t.join();

  std::vector<uint32_t> all;
  std::map<std::string, int64_t> errors;
  bool exhausted = false;
  for (const RecordStats& s : stats) {
    all.insert(all.end(), s.latency_us.begin(), s.latency_us.end());
    for (const auto& [code, k] : s.errors) errors[code] += k;
    exhausted = exhausted || s.exhausted;
  }
  const Summary sum = Summarize(all);
  const double seconds = absl::GetFlag(FLAGS_duration_s);
  std::printf(
      "{\"workload\":\"visit-record\",\"mode\":\"%s\",\"clients\":%d,\"ops\":%lld,"
      "\"calls_per_s\":%s,\"p50_ms\":%s,\"p95_ms\":%s,\"p99_ms\":%s,\"max_ms\":%s,"
      "\"mean_ms\":%s,\"exhausted\":%s,\"errors\":{%s}}\n",
      mode.c_str(), clients, static_cast<long long>(sum.ops), Fixed(sum.ops / seconds, 1).c_str(),
      Fixed(sum.p50, 2).c_str(), Fixed(sum.p95, 2).c_str(), Fixed(sum.p99, 2).c_str(),
      Fixed(sum.max, 2).c_str(), Fixed(sum.mean, 2).c_str(), exhausted ? "true" : "false",
      Errors(errors).c_str());
  return errors.empty() && !exhausted && sum.ops > 0 ? 0 : 1;
}

int RunVisitBatchWorkload(uint64_t salt) {
  const std::string proc = absl::GetFlag(FLAGS_procuratorate);
  const int items = absl::GetFlag(FLAGS_visit_batch_items);
  const int batches = absl::GetFlag(FLAGS_visit_batches);
  const int planned = (items + 1) / 2;  // even items; one fresh plan each (version 1)
  const std::vector<std::vector<std::string>> seeded = SeedVisitCases(1, 4, salt);
  // One group of plans per batch, all of the one caseworker's cases.
  const std::vector<std::vector<std::string>> cases(batches, seeded[0]);
  const std::vector<std::string> caseworkers(batches, AidCaseworker(0));
  std::vector<std::vector<RecordPlan>> plans;
  {
    std::unique_ptr<db::ConnectionPool> pool = OpenBenchPool(2);
    BenchData data = LoadBenchData();
    absl::StatusOr<std::vector<std::vector<RecordPlan>>> r =
        FillRecordPlans(*pool, *data.cipher, proc, absl::StrCat("b", salt % 1000000000), cases,
                        caseworkers, planned, 1);
    if (!r.ok()) Die("visit-batch fill", r.status());
    plans = *std::move(r);
  }
  auto creds =
      BenchCredentials(absl::GetFlag(FLAGS_client_cert), absl::GetFlag(FLAGS_client_key), "client");
  std::unique_ptr<TokenIssuer> issuer = LoadTokenIssuer();
  auto stub = vpb::VisitService::NewStub(ConnectedChannel(creds));
  const std::string auth = absl::StrCat("Bearer ", IssueToken(*issuer, CaseworkerClaims(0)));
  const std::chrono::milliseconds deadline(absl::GetFlag(FLAGS_visit_batch_deadline_ms));
  const absl::CivilDay today = ChinaDay(absl::Now());

  std::vector<uint32_t> upload_us, replay_us;
  std::map<std::string, int64_t> outcomes, errors;
  for (int b = 0; b < batches; ++b) {
    vpb::UploadBatchRequest req;
    for (int i = 0; i < items; ++i) {
      vpb::BatchItem* item = req.add_items();
      item->set_client_id(absl::StrFormat("vb-%d-%d-%04d", salt % 1000000000, b, i));
      *item->mutable_captured_at() = ToTimestamp(absl::Now());
      const bool need = i % 5 == 0;
      if (i % 2 == 0) {
        const RecordPlan& plan = plans[b][i / 2];
        *item->mutable_visit() = VisitRequest(plan.case_id, plan.plan_id, 1, need, today);
        item->mutable_visit()->set_base_plan_version(1);
      } else {
        *item->mutable_visit() = VisitRequest(seeded[0][i % seeded[0].size()], "", 0, need, today);
      }
    }
    for (int pass = 0; pass < 2; ++pass) {
      req.set_request_id(absl::StrFormat("vb-%d-%d-%d", salt % 1000000000, b, pass));
      const auto t0 = SteadyClock::now();
      absl::StatusOr<vpb::UploadBatchResponse> r = CallUnary<vpb::UploadBatchResponse>(
          *stub, &vpb::VisitService::Stub::UploadBatch, req, auth, deadline);
      const auto t1 = SteadyClock::now();
      if (!r.ok()) {
        ++errors[absl::StatusCodeToString(r.status().code())];
        std::fprintf(stderr, "bench: visit-batch: %s\n", r.status().ToString().c_str());
        continue;
      }
      const uint32_t us = static_cast<uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count());
      (pass == 0 ? upload_us : replay_us).push_back(us);
      for (const vpb::BatchItemResult& res : r->results()) {
        ++outcomes[absl::StrCat(pass == 0 ? "upload_" : "replay_",
                                vpb::BatchOutcome_Name(res.outcome()))];
      }
      std::fprintf(stderr, "bench: visit-batch %d %s: %.0f ms\n", b,
                   pass == 0 ? "upload" : "replay", us / 1000.0);
    }
  }
  const Summary up = Summarize(upload_us);
  const Summary re = Summarize(replay_us);
  std::printf(
      "{\"workload\":\"visit-batch\",\"items\":%d,\"batches\":%d,\"upload_median_ms\":%s,"
      "\"upload_max_ms\":%s,\"replay_median_ms\":%s,\"replay_max_ms\":%s,\"outcomes\":{%s},"
      "\"errors\":{%s}}\n",
      items, batches, Fixed(up.p50, 1).c_str(), Fixed(up.max, 1).c_str(), Fixed(re.p50, 1).c_str(),
      Fixed(re.max, 1).c_str(), Errors(outcomes).c_str(), Errors(errors).c_str());
  const int64_t created = outcomes["upload_BATCH_OUTCOME_CREATED"];
  const int64_t replayed = outcomes["replay_BATCH_OUTCOME_REPLAYED"];
  return errors.empty() && created == int64_t{items} * batches &&
                 replayed == int64_t{items} * batches
             ? 0
             : 1;
}

}  // namespace shouhu::bench
