// What the parts of shouhu-bench share: the flags, the client interface of the two
// targets (bench_targets.cc), the request generator and the client loop
// (bench_workload.cc), and the per-client statistics (bench_main.cc reports them).
#ifndef SHOUHU_TESTS_BENCH_BENCH_H_
#define SHOUHU_TESTS_BENCH_BENCH_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "shouhu/referral/v1/referral.pb.h"

ABSL_DECLARE_FLAG(int, deadline_ms);
ABSL_DECLARE_FLAG(double, duration_s);
ABSL_DECLARE_FLAG(double, warmup_s);
ABSL_DECLARE_FLAG(bool, setup);
ABSL_DECLARE_FLAG(int, people);
ABSL_DECLARE_FLAG(std::string, procuratorate);
ABSL_DECLARE_FLAG(std::string, agency);
ABSL_DECLARE_FLAG(std::string, addr);
ABSL_DECLARE_FLAG(std::string, ca);
ABSL_DECLARE_FLAG(std::string, agency_cert);
ABSL_DECLARE_FLAG(std::string, agency_key);
ABSL_DECLARE_FLAG(std::string, client_cert);
ABSL_DECLARE_FLAG(std::string, client_key);
ABSL_DECLARE_FLAG(std::string, jwt_signing_key);
ABSL_DECLARE_FLAG(std::string, db_host);
ABSL_DECLARE_FLAG(int, db_port);
ABSL_DECLARE_FLAG(std::string, db_user);
ABSL_DECLARE_FLAG(std::string, db_password_file);
ABSL_DECLARE_FLAG(std::string, db_name);
ABSL_DECLARE_FLAG(int, db_pool_size);
ABSL_DECLARE_FLAG(std::string, data_key_file);
ABSL_DECLARE_FLAG(std::string, hmac_key_file);
ABSL_DECLARE_FLAG(std::string, calendar_dir);
ABSL_DECLARE_FLAG(std::string, migrations_dir);

namespace shouhu::bench {

namespace pb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;
using SteadyClock = std::chrono::steady_clock;

[[noreturn]] inline void Die(const std::string& what, const absl::Status& st) {
  std::fprintf(stderr, "bench: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::exit(1);
}

enum Op { kSubmit = 0, kAssign = 1, kAccept = 2, kOpCount = 3 };
inline const char* OpName(int op) {
  switch (op) {
    case kSubmit:
      return "submit";
    case kAssign:
      return "assign";
    case kAccept:
      return "accept";
  }
  return "?";
}

// ------------------------------------------------------------------------------ targets

// One client's view of the referral service: the three operations and the registry
// set-up. Implementations are used by one thread each. Triage (assign, accept) is done as
// a department head, who may triage any referral of the procuratorate.
class Client {
 public:
  virtual ~Client() = default;
  virtual absl::StatusOr<pb::Referral> Submit(const pb::SubmitReferralRequest& req) = 0;
  virtual absl::StatusOr<pb::Referral> Assign(const pb::AssignReferralRequest& req) = 0;
  virtual absl::StatusOr<pb::Referral> Accept(const pb::AcceptReferralRequest& req) = 0;
  virtual absl::Status UpsertProcuratorate(const pb::UpsertProcuratorateRequest& req) = 0;
  virtual absl::Status RegisterAgency(const pb::RegisterAgencyRequest& req) = 0;
};

class Target {
 public:
  virtual ~Target() = default;
  virtual std::unique_ptr<Client> NewClient() = 0;
  // Called once the registry set-up is done (the direct target then resolves the agency).
  virtual void AfterSetup() {}
};

// The real service over gRPC with mTLS and tokens (--addr, --ca, certificates, key).
std::unique_ptr<Target> NewGrpcTarget();
// The baseline: ReferralCore in-process on its own connection pool (--db_*, keys).
std::unique_ptr<Target> NewDirectTarget();

// ----------------------------------------------------------------------------- workload

// Makes the requests of one client thread. People are drawn from fixed universes of
// minors and adults, so repeated draws match existing records by ID number (matching
// work) while most draws early in a run register new people.
class Generator {
 public:
  Generator(uint64_t salt, int client);
  std::string RequestId();
  pb::SubmitReferralRequest SubmitRequest();

 private:
  uint64_t Uniform(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }
  void AddDistinct(google::protobuf::RepeatedField<int>* out, int max);
  static void AddPerson(pb::SubmitReferralRequest& req, pb::PersonRole role,
                        const std::string& relation, cpb::PersonInput person);
  cpb::PersonInput Person(uint64_t k, bool minor) const;

  const uint64_t salt_;
  const int client_;
  std::mt19937_64 rng_;
  absl::CivilDay today_;
  int64_t counter_ = 0;
};

struct Stats {
  std::vector<uint32_t> latency_us[kOpCount];  // successful operations
  std::map<std::string, int64_t> errors;       // "<op>:<CODE>"
  int64_t error_count = 0;
  bool exhausted = false;
};

struct Window {
  SteadyClock::time_point start;  // end of warm-up
  SteadyClock::time_point end;
  bool Inside(SteadyClock::time_point t) const { return t >= start && t < end; }
};

struct Seeded {
  std::string referral_id;
  int64_t version = 0;
};

// Referrals for the triage workload, taken once each.
class TriagePool {
 public:
  void Add(std::vector<Seeded> batch) {
    absl::MutexLock lock(&mu_);
    for (auto& s : batch) items_.push_back(std::move(s));
  }
  bool Take(Seeded* out) {
    const size_t i = next_.fetch_add(1);
    if (i >= items_.size()) return false;
    *out = items_[i];
    return true;
  }
  size_t size() const { return items_.size(); }

 private:
  absl::Mutex mu_;
  std::vector<Seeded> items_;
  std::atomic<size_t> next_{0};
};

// ------------------------------------------------------------------------------ report

// Latency summary in milliseconds (percentiles by nearest rank).
struct Summary {
  int64_t ops = 0;
  double p50 = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
};
double Percentile(const std::vector<uint32_t>& sorted, double q);
Summary Summarize(std::vector<uint32_t> latencies_us);
std::string Fixed(double v, int digits);

// A process whose CPU time in the window is reported (--watch_pids, and "bench" itself).
struct Watched {
  std::string name;
  std::string pid;
  double start = 0;
  double end = 0;
};
// User plus system CPU seconds of a process so far ("self" for this one); -1 if unreadable.
double CpuSeconds(const std::string& pid);
std::vector<Watched> WatchList();

// Registers the procuratorate and the agency (admin) through `client`.
void Setup(Client& client, Generator& gen);

// One client's closed loop of `workload` until the window ends.
void RunClient(Client& client, Generator& gen, const std::string& workload, int index,
               const Window& w, TriagePool& pool, Stats& stats);

}  // namespace shouhu::bench

#endif  // SHOUHU_TESTS_BENCH_BENCH_H_
