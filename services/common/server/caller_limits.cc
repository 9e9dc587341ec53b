#include "common/server/caller_limits.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace shouhu {

namespace {

const char* KindName(Principal::Kind kind) {
  switch (kind) {
    case Principal::Kind::kAgency:
      return "agency";
    case Principal::Kind::kService:
      return "service";
    case Principal::Kind::kUser:
      break;
  }
  return "user";
}

}  // namespace

CallerLimits::Permit& CallerLimits::Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = std::exchange(other.owner_, nullptr);
    caller_ = std::move(other.caller_);
    slot_ = other.slot_;
  }
  return *this;
}

void CallerLimits::Permit::Release() {
  if (owner_ == nullptr) return;
  std::exchange(owner_, nullptr)->ReleaseSlot(caller_, slot_);
}

CallerLimits::CallerLimits(CallerLimitsOptions options, const Clock* clock, Registry* metrics)
    : options_(options), clock_(clock) {
  if (metrics != nullptr) {
    limited_ = &metrics->AddCounter(
        "shouhu_caller_limited_total",
        "Calls and streams refused with RESOURCE_EXHAUSTED because their caller was over a "
        "per-caller limit (streams, calls or rate); callers beyond the first few hundred "
        "are counted as \"other\"",
        {"caller", "limit"});
    open_streams_ = &metrics->AddGauge("shouhu_caller_open_streams",
                                       "Server streams open, by caller kind", {"kind"});
    for (const char* kind : {"agency", "user", "service"}) open_streams_->WithLabels({kind});
  }
}

const KindLimits& CallerLimits::LimitsOf(Principal::Kind kind) const {
  switch (kind) {
    case Principal::Kind::kAgency:
      return options_.agency;
    case Principal::Kind::kService:
      return options_.service;
    case Principal::Kind::kUser:
      break;
  }
  return options_.user;
}

void CallerLimits::RefillLocked(Entry& e, absl::Time now) {
  const KindLimits& l = LimitsOf(e.kind);
  if (l.rate_per_s <= 0) return;
  const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - e.refilled));
  e.tokens = std::min(std::max(l.burst, 1.0), e.tokens + elapsed * l.rate_per_s);
  e.refilled = now;
}

void CallerLimits::SweepLocked(absl::Time now) {
  if (now - last_sweep_ < absl::Seconds(1)) return;
  last_sweep_ = now;
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& e = it->second;
    RefillLocked(e, now);
    const KindLimits& l = LimitsOf(e.kind);
    const bool bucket_full = l.rate_per_s <= 0 || e.tokens >= std::max(l.burst, 1.0);
    if (e.streams == 0 && e.calls == 0 && bucket_full) {
      entries_.erase(it++);
    } else {
      ++it;
    }
  }
}

absl::StatusOr<CallerLimits::Permit> CallerLimits::Admit(const Principal& caller, Slot slot) {
  std::string name = caller.Name();
  const KindLimits& l = LimitsOf(caller.kind);
  const char* kind = KindName(caller.kind);
  const char* limited = nullptr;
  std::string why;
  {
    absl::MutexLock lock(&mu_);
    const absl::Time now = clock_->Now();
    SweepLocked(now);
    auto [it, inserted] = entries_.try_emplace(name);
    Entry& e = it->second;
    if (inserted) {
      e.kind = caller.kind;
      e.tokens = std::max(l.burst, 1.0);
      e.refilled = now;
    }
    RefillLocked(e, now);
    int& open = slot == Slot::kStream ? e.streams : e.calls;
    const int max_open = slot == Slot::kStream ? l.max_streams : l.max_calls;
    if (max_open > 0 && open >= max_open) {
      limited = slot == Slot::kStream ? "streams" : "calls";
      why = slot == Slot::kStream ? absl::StrCat("at most ", max_open, " open streams per ", kind,
                                                 "; close a stream before opening another")
                                  : absl::StrCat("at most ", max_open, " calls at a time per ",
                                                 kind, "; wait for the running calls to finish");
    } else if (l.rate_per_s > 0 && e.tokens < 1) {
      limited = "rate";
      why = absl::StrCat("more than ", l.rate_per_s, " requests per second (burst ",
                         std::max(l.burst, 1.0), ") from this ", kind, "; slow down and retry");
    } else {
      if (l.rate_per_s > 0) e.tokens -= 1;
      ++open;
    }
  }
  if (limited != nullptr) {
    CountLimited(name, limited);
    return absl::ResourceExhaustedError(
        absl::StrCat("per-caller limit \"", limited, "\" reached: ", why));
  }
  if (slot == Slot::kStream && open_streams_ != nullptr) {
    open_streams_->WithLabels({kind}).Add(1);
  }
  return Permit(this, std::move(name), slot);
}

void CallerLimits::ReleaseSlot(const std::string& caller, Slot slot) {
  Principal::Kind kind = Principal::Kind::kUser;
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(caller);
    if (it == entries_.end()) return;  // not possible while a permit is held
    int& open = slot == Slot::kStream ? it->second.streams : it->second.calls;
    if (open > 0) --open;
    kind = it->second.kind;
  }
  if (slot == Slot::kStream && open_streams_ != nullptr) {
    open_streams_->WithLabels({KindName(kind)}).Add(-1);
  }
}

void CallerLimits::CountLimited(const std::string& caller, const char* limit) {
  if (limited_ == nullptr) return;
  std::string label = caller;
  {
    absl::MutexLock lock(&labels_mu_);
    if (!labelled_.contains(caller)) {
      if (labelled_.size() < options_.max_metric_callers) {
        labelled_.insert(caller);
      } else {
        label = "other";
      }
    }
  }
  limited_->WithLabels({label, limit}).Increment();
}

size_t CallerLimits::tracked_callers() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

int CallerLimits::open(const std::string& caller, Slot slot) const {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(caller);
  if (it == entries_.end()) return 0;
  return slot == Slot::kStream ? it->second.streams : it->second.calls;
}

}  // namespace shouhu
