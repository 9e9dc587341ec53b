#include "common/base/concurrency_gate.h"

#include <algorithm>
#include <utility>

namespace shouhu {

ConcurrencyGate::ConcurrencyGate(int total, int per_key)
    : total_(std::max(1, total)), per_key_(std::max(1, per_key)) {}

ConcurrencyGate::Ticket::Ticket(Ticket&& other) noexcept
    : gate_(std::exchange(other.gate_, nullptr)), key_(std::move(other.key_)) {}

ConcurrencyGate::Ticket::~Ticket() {
  if (gate_ != nullptr) gate_->Leave(key_);
}

std::optional<ConcurrencyGate::Ticket> ConcurrencyGate::TryEnter(const std::string& key) {
  absl::MutexLock lock(&mu_);
  if (running_ >= total_) return std::nullopt;
  int& mine = by_key_[key];
  if (mine >= per_key_) return std::nullopt;
  ++mine;
  ++running_;
  return Ticket(this, key);
}

int ConcurrencyGate::running() const {
  absl::MutexLock lock(&mu_);
  return running_;
}

void ConcurrencyGate::Leave(const std::string& key) {
  absl::MutexLock lock(&mu_);
  --running_;
  auto it = by_key_.find(key);
  if (it != by_key_.end() && --it->second <= 0) by_key_.erase(it);
}

}  // namespace shouhu
