// Injected time and id sources, so domain code and tests control them.
#ifndef SHOUHU_COMMON_BASE_CLOCK_H_
#define SHOUHU_COMMON_BASE_CLOCK_H_

#include <atomic>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace shouhu {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
  // The process-wide real clock.
  static const Clock& Real();
};

// A clock for tests: starts at a fixed instant and moves only when told.
class FakeClock : public Clock {
 public:
  explicit FakeClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Set(absl::Time t) {
    absl::MutexLock lock(&mu_);
    now_ = t;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

// Makes record ids: "<prefix>-<16 chars of Crockford base32 randomness>" or with a tenant,
// "<prefix>-<tenant>-<random>".
class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  virtual std::string NewId(absl::string_view prefix) = 0;
  std::string NewTenantId(absl::string_view prefix, absl::string_view tenant);
  static IdGenerator& Random();
};

// Deterministic ids for tests: "<prefix>-0000000000000001", ...
class SequentialIdGenerator : public IdGenerator {
 public:
  std::string NewId(absl::string_view prefix) override;

 private:
  std::atomic<long long> next_{1};
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_CLOCK_H_
