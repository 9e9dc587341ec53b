// Per-caller limits: one partner's faulty client must not take the service down for the
// others. Every authenticated caller (Principal::Name(): "agency:<code>", "user:<id>",
// "service:<name>") is held to the limits of its kind:
//   - streams: server streams it has open at once (e.g. WatchReferral);
//   - calls:   unary calls of its running at once (so it cannot fill the worker pool);
//   - rate:    calls and streams it may start, as a token bucket (sustained rate per
//              second, plus a burst).
// Over a limit, that caller alone gets RESOURCE_EXHAUSTED naming the limit, and
// shouhu_caller_limited_total{caller,limit} counts it. The adapter (rpc_service.cc) asks
// after authentication and before the handler runs; the Permit it gets back holds the
// slot until the call or stream ends, on every path.
//
// Limits are per process (per replica). A caller's entry lives while it holds a slot or
// its bucket is still refilling; then it is dropped (a new entry starts with a full
// bucket, so dropping it changes nothing): memory stays bounded by the callers active in
// the last few seconds.
#ifndef SHOUHU_COMMON_SERVER_CALLER_LIMITS_H_
#define SHOUHU_COMMON_SERVER_CALLER_LIMITS_H_

#include <cstddef>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "common/ops/metrics.h"
#include "common/server/principal.h"

namespace shouhu {

// The limits of one caller kind; 0 means unlimited.
struct KindLimits {
  int max_streams = 0;
  int max_calls = 0;
  double rate_per_s = 0;  // tokens added per second; 0: no rate limit
  double burst = 0;       // bucket size (at least 1 when rate_per_s > 0)
};

struct CallerLimitsOptions {
  KindLimits agency{.max_streams = 16, .max_calls = 12, .rate_per_s = 500, .burst = 1000};
  KindLimits user{.max_streams = 32, .max_calls = 12, .rate_per_s = 500, .burst = 1000};
  KindLimits service{.max_streams = 64, .max_calls = 32, .rate_per_s = 5000, .burst = 10000};
  // Distinct caller label values of the metric; further callers are counted as "other".
  size_t max_metric_callers = 200;
};

class CallerLimits {
 public:
  enum class Slot { kCall, kStream };

  // Holds one call or stream slot of a caller until destroyed or Release()d. Move-only.
  class Permit {
   public:
    Permit() = default;
    Permit(Permit&& other) noexcept { *this = std::move(other); }
    Permit& operator=(Permit&& other) noexcept;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit() { Release(); }
    // Gives the slot back; idempotent.
    void Release();
    bool held() const { return owner_ != nullptr; }

   private:
    friend class CallerLimits;
    Permit(CallerLimits* owner, std::string caller, Slot slot)
        : owner_(owner), caller_(std::move(caller)), slot_(slot) {}
    CallerLimits* owner_ = nullptr;
    std::string caller_;
    Slot slot_ = Slot::kCall;
  };

  // `metrics` may be null (no metrics). Both must outlive this object and its permits.
  CallerLimits(CallerLimitsOptions options, const Clock* clock, Registry* metrics);
  CallerLimits(const CallerLimits&) = delete;
  CallerLimits& operator=(const CallerLimits&) = delete;

  // Takes a slot of `slot` for `caller` and one token of its rate; RESOURCE_EXHAUSTED
  // naming the limit (and nothing taken) when it is over one.
  [[nodiscard]] absl::StatusOr<Permit> Admit(const Principal& caller, Slot slot);

  // For tests and metrics.
  size_t tracked_callers() const;
  int open(const std::string& caller, Slot slot) const;
  const KindLimits& LimitsOf(Principal::Kind kind) const;

 private:
  struct Entry {
    Principal::Kind kind = Principal::Kind::kUser;
    int streams = 0;
    int calls = 0;
    double tokens = 0;
    absl::Time refilled;
  };

  void ReleaseSlot(const std::string& caller, Slot slot);
  void RefillLocked(Entry& e, absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Drops entries without slots whose bucket is full again (at most once a second).
  void SweepLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void CountLimited(const std::string& caller, const char* limit);

  const CallerLimitsOptions options_;
  const Clock* const clock_;
  Counter* limited_ = nullptr;
  Gauge* open_streams_ = nullptr;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  absl::Time last_sweep_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Mutex labels_mu_;
  absl::flat_hash_set<std::string> labelled_ ABSL_GUARDED_BY(labels_mu_);
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_CALLER_LIMITS_H_
