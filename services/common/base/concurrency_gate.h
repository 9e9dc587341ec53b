// A cap on how many of one kind of long call run at once: at most `total` in all and at
// most `per_key` for one key (a caller). Entering never waits: a caller over a cap is told
// so at once and retries later, so that long calls (an offline batch of 1,000 visits holds
// a database connection for its whole transaction) cannot take every connection of a
// small pool and make everyone else's short calls queue behind them.
#ifndef SHOUHU_COMMON_BASE_CONCURRENCY_GATE_H_
#define SHOUHU_COMMON_BASE_CONCURRENCY_GATE_H_

#include <map>
#include <optional>
#include <string>

#include "absl/synchronization/mutex.h"

namespace shouhu {

class ConcurrencyGate {
 public:
  // Caps of at least 1.
  ConcurrencyGate(int total, int per_key);
  ConcurrencyGate(const ConcurrencyGate&) = delete;
  ConcurrencyGate& operator=(const ConcurrencyGate&) = delete;

  // Held while the call runs; leaving its scope lets the next one in.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept;
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    ~Ticket();

   private:
    friend class ConcurrencyGate;
    Ticket(ConcurrencyGate* gate, std::string key) : gate_(gate), key_(std::move(key)) {}
    ConcurrencyGate* gate_;
    std::string key_;
  };

  // A ticket, or nullopt when `total` calls run already or `per_key` of `key`.
  std::optional<Ticket> TryEnter(const std::string& key);

  int total() const { return total_; }
  int per_key() const { return per_key_; }
  int running() const;

 private:
  void Leave(const std::string& key);

  const int total_;
  const int per_key_;
  mutable absl::Mutex mu_;
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, int> by_key_ ABSL_GUARDED_BY(mu_);
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_CONCURRENCY_GATE_H_
