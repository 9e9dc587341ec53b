#include "common/server/watch_hub.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace shouhu {

namespace {

// Callers with the same identity see the same items.
std::string CallerKey(const Principal& p) {
  std::vector<std::string> roles;
  for (Role r : p.roles) roles.emplace_back(RoleName(r));
  return absl::StrCat(p.Name(), "|", p.procuratorate, "|", p.department, "|",
                      absl::StrJoin(roles, ","));
}

absl::Status ShuttingDown() {
  return absl::UnavailableError("server is shutting down; watch again with after_sequence");
}

}  // namespace

WatchHub::WatchHub(Fetch fetch, WorkerPool* workers, Options options)
    : fetch_(std::move(fetch)), workers_(workers), options_(options) {}

WatchHub::~WatchHub() {
  Shutdown();
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](int* pending) { return *pending == 0; }, &pending_));
}

void WatchHub::Start() {
  if (!poll_.joinable()) poll_ = std::thread([this] { PollLoop(); });
}

void WatchHub::Watch(const Principal& caller, const std::string& key, int64_t after,
                     std::shared_ptr<ServerStream> stream) {
  absl::MutexLock lock(&mu_);
  if (stopped_) {
    stream->Finish(ShuttingDown());
    return;
  }
  std::shared_ptr<Topic>& topic = topics_[key][CallerKey(caller)];
  if (topic == nullptr) {
    topic = std::make_shared<Topic>();
    topic->caller = caller;
    topic->key = key;
  }
  topic->watchers.push_back(Watcher{std::move(stream), after});
  ScheduleLocked(topic);
}

void WatchHub::Notify(const std::string& key) {
  absl::MutexLock lock(&mu_);
  auto it = topics_.find(key);
  if (it == topics_.end()) return;
  for (auto& [caller, topic] : it->second) ScheduleLocked(topic);
}

void WatchHub::ScheduleLocked(const std::shared_ptr<Topic>& topic) {
  if (stopped_) return;
  if (topic->fetching) {
    topic->again = true;
    return;
  }
  if (topic->watchers.empty()) return;
  int64_t after = topic->watchers.front().after;
  for (const Watcher& w : topic->watchers) after = std::min(after, w.after);
  topic->fetching = true;
  topic->again = false;
  ++pending_;
  if (!workers_->Submit([this, topic, after] { RunFetch(topic, after); })) {
    topic->fetching = false;  // the next poll tries again
    --pending_;
  }
}

void WatchHub::RunFetch(const std::shared_ptr<Topic>& topic, int64_t after) {
  absl::StatusOr<Batch> batch = fetch_(topic->caller, topic->key, after);
  absl::MutexLock lock(&mu_);
  --pending_;  // the last use of `this` is releasing mu_ (see the destructor)
  topic->fetching = false;
  if (stopped_) return;  // Shutdown() ended the watchers
  std::vector<Watcher>& ws = topic->watchers;
  for (auto it = ws.begin(); it != ws.end();) {
    Watcher& w = *it;
    bool done = w.stream->closed();
    if (!done && !batch.ok()) {
      w.stream->Finish(batch.status());
      done = true;
    }
    if (!done) {
      for (const Item& item : batch->items) {
        if (item.position <= w.after) continue;
        if (!w.stream->Send(*item.message)) break;
        w.after = item.position;
      }
      if (batch->final) {
        w.stream->Finish(absl::OkStatus());
        done = true;
      }
    }
    it = done ? ws.erase(it) : it + 1;
  }
  if (ws.empty()) {
    auto by_key = topics_.find(topic->key);
    if (by_key != topics_.end()) {
      auto t = by_key->second.find(CallerKey(topic->caller));
      if (t != by_key->second.end() && t->second == topic) by_key->second.erase(t);
      if (by_key->second.empty()) topics_.erase(by_key);
    }
  } else if (topic->again) {
    ScheduleLocked(topic);
  }
}

void WatchHub::PollLoop() {
  while (!stop_.WaitForNotificationWithTimeout(options_.poll_interval)) {
    absl::MutexLock lock(&mu_);
    std::vector<std::pair<std::string, std::string>> empty;
    for (auto& [key, by_caller] : topics_) {
      for (auto& [caller, topic] : by_caller) {
        // Watchers whose caller went away are dropped here even when nothing changes.
        auto& ws = topic->watchers;
        ws.erase(std::remove_if(ws.begin(), ws.end(),
                                [](const Watcher& w) { return w.stream->closed(); }),
                 ws.end());
        if (ws.empty() && !topic->fetching) {
          empty.emplace_back(key, caller);
        } else {
          ScheduleLocked(topic);
        }
      }
    }
    for (const auto& [key, caller] : empty) {
      auto it = topics_.find(key);
      it->second.erase(caller);
      if (it->second.empty()) topics_.erase(it);
    }
  }
}

void WatchHub::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (!stopped_) {
      stopped_ = true;
      for (auto& [key, by_caller] : topics_) {
        for (auto& [caller, topic] : by_caller) {
          for (Watcher& w : topic->watchers) w.stream->Finish(ShuttingDown());
          topic->watchers.clear();
        }
      }
      topics_.clear();
    }
  }
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (poll_.joinable()) poll_.join();
}

size_t WatchHub::watchers() const {
  absl::MutexLock lock(&mu_);
  size_t n = 0;
  for (const auto& [key, by_caller] : topics_) {
    for (const auto& [caller, topic] : by_caller) n += topic->watchers.size();
  }
  return n;
}

}  // namespace shouhu
