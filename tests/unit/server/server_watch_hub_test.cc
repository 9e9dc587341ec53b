// WatchHub with a fake timeline and fake streams: backlog on joining, delivery on Notify
// without waiting for the poll, the shared poll for changes made elsewhere, one read per
// caller for many watchers, final and failing keys, shutdown. Also the worker pool and
// the case client (with a generated mock stub).
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/server/case_client.h"
#include "common/server/watch_hub.h"
#include "common/server/worker_pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shouhu/referral/v1/referral.pb.h"
#include "shouhu/referral/v1/referral_mock.grpc.pb.h"

namespace shouhu {
namespace {

namespace pb = ::shouhu::referral::v1;
using ::testing::ElementsAre;

class FakeStream final : public ServerStream {
 public:
  bool Send(const google::protobuf::Message& m) override {
    absl::MutexLock lock(&mu_);
    if (finished_ || cancelled_) return false;
    sent_.push_back(static_cast<const pb::TimelineEntry&>(m).sequence());
    return true;
  }
  void Finish(const absl::Status& st) override {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    finished_ = true;
    status_ = st;
  }
  bool closed() const override {
    absl::MutexLock lock(&mu_);
    return finished_ || cancelled_;
  }
  void Cancel() {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
  }
  std::vector<int64_t> sent() const {
    absl::MutexLock lock(&mu_);
    return sent_;
  }
  bool finished() const {
    absl::MutexLock lock(&mu_);
    return finished_;
  }
  absl::Status status() const {
    absl::MutexLock lock(&mu_);
    return status_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<int64_t> sent_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
};

// Timelines by key; "denied" is refused.
class FakeTimelines {
 public:
  void Add(const std::string& key, int64_t seq) {
    absl::MutexLock lock(&mu_);
    items_[key].push_back(seq);
  }
  void SetFinal(const std::string& key) {
    absl::MutexLock lock(&mu_);
    final_[key] = true;
  }
  int fetches() const { return fetches_.load(); }
  WatchHub::Fetch AsFetch() {
    return [this](const Principal&, const std::string& key,
                  int64_t after) -> absl::StatusOr<WatchHub::Batch> {
      fetches_.fetch_add(1);
      if (key == "denied") return absl::PermissionDeniedError("not yours");
      absl::MutexLock lock(&mu_);
      WatchHub::Batch b;
      for (int64_t s : items_[key]) {
        if (s <= after) continue;
        auto e = std::make_shared<pb::TimelineEntry>();
        e->set_sequence(s);
        b.items.push_back({s, e});
      }
      b.final = final_[key];
      return b;
    };
  }

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::vector<int64_t>> items_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, bool> final_ ABSL_GUARDED_BY(mu_);
  std::atomic<int> fetches_{0};
};

template <typename Pred>
bool WaitUntil(Pred pred, absl::Duration timeout = absl::Seconds(5)) {
  const absl::Time end = absl::Now() + timeout;
  while (absl::Now() < end) {
    if (pred()) return true;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return pred();
}

Principal Caller(const std::string& id) {
  Principal p;
  p.id = id;
  p.procuratorate = "520382";
  p.roles = {Role::kCaseworker};
  return p;
}

class WatchHubTest : public ::testing::Test {
 protected:
  std::unique_ptr<WatchHub> Hub(absl::Duration poll) {
    auto hub = std::make_unique<WatchHub>(timelines_.AsFetch(), &workers_,
                                          WatchHub::Options{.poll_interval = poll});
    hub->Start();
    return hub;
  }
  void TearDown() override { workers_.Shutdown(); }

  FakeTimelines timelines_;
  WorkerPool workers_{WorkerPool::Options{.threads = 2}};
};

TEST_F(WatchHubTest, JoiningSendsTheBacklogAfterThePosition) {
  auto hub = Hub(absl::Hours(1));
  for (int s = 1; s <= 3; ++s) timelines_.Add("ref-1", s);
  auto stream = std::make_shared<FakeStream>();
  hub->Watch(Caller("u-1"), "ref-1", 1, stream);
  ASSERT_TRUE(WaitUntil([&] { return stream->sent().size() == 2; }));
  EXPECT_THAT(stream->sent(), ElementsAre(2, 3));
  EXPECT_FALSE(stream->finished());
  EXPECT_EQ(hub->watchers(), 1u);
}

TEST_F(WatchHubTest, NotifyDeliversWithoutWaitingForThePoll) {
  auto hub = Hub(absl::Hours(1));
  timelines_.Add("ref-1", 1);
  auto stream = std::make_shared<FakeStream>();
  hub->Watch(Caller("u-1"), "ref-1", 0, stream);
  ASSERT_TRUE(WaitUntil([&] { return stream->sent().size() == 1; }));
  timelines_.Add("ref-1", 2);
  hub->Notify("ref-2");  // another key: nothing for this watcher
  hub->Notify("ref-1");
  ASSERT_TRUE(WaitUntil([&] { return stream->sent().size() == 2; }));
  EXPECT_THAT(stream->sent(), ElementsAre(1, 2));
}

TEST_F(WatchHubTest, TheSharedPollFindsChangesMadeElsewhere) {
  auto hub = Hub(absl::Milliseconds(20));
  auto stream = std::make_shared<FakeStream>();
  hub->Watch(Caller("u-1"), "ref-1", 0, stream);
  ASSERT_TRUE(WaitUntil([&] { return timelines_.fetches() >= 1; }));  // the read on joining
  absl::SleepFor(absl::Milliseconds(5));
  const int before = timelines_.fetches();
  timelines_.Add("ref-1", 1);  // no Notify: another replica committed it
  ASSERT_TRUE(WaitUntil([&] { return stream->sent().size() == 1; }));
  EXPECT_GT(timelines_.fetches(), before);
}

TEST_F(WatchHubTest, ManyWatchersOfOneCallerShareOneRead) {
  auto hub = Hub(absl::Hours(1));
  timelines_.Add("ref-1", 1);
  std::vector<std::shared_ptr<FakeStream>> streams;
  for (int i = 0; i < 200; ++i) {
    streams.push_back(std::make_shared<FakeStream>());
    hub->Watch(Caller("u-1"), "ref-1", 0, streams.back());
  }
  ASSERT_TRUE(WaitUntil([&] {
    for (auto& s : streams) {
      if (s->sent().size() != 1) return false;
    }
    return true;
  }));
  const int before = timelines_.fetches();
  timelines_.Add("ref-1", 2);
  hub->Notify("ref-1");
  ASSERT_TRUE(WaitUntil([&] {
    for (auto& s : streams) {
      if (s->sent().size() != 2) return false;
    }
    return true;
  }));
  EXPECT_LE(timelines_.fetches() - before, 2);  // one read (plus at most one repeat)
  // A different caller is read on its own, with its own access.
  auto other = std::make_shared<FakeStream>();
  hub->Watch(Caller("u-2"), "ref-1", 0, other);
  ASSERT_TRUE(WaitUntil([&] { return other->sent().size() == 2; }));
}

TEST_F(WatchHubTest, FinalKeysEndOkAfterEverythingWasSent) {
  auto hub = Hub(absl::Hours(1));
  timelines_.Add("ref-1", 1);
  auto stream = std::make_shared<FakeStream>();
  hub->Watch(Caller("u-1"), "ref-1", 0, stream);
  ASSERT_TRUE(WaitUntil([&] { return stream->sent().size() == 1; }));
  timelines_.Add("ref-1", 2);
  timelines_.SetFinal("ref-1");
  hub->Notify("ref-1");
  ASSERT_TRUE(WaitUntil([&] { return stream->finished(); }));
  EXPECT_TRUE(stream->status().ok());
  EXPECT_THAT(stream->sent(), ElementsAre(1, 2));
  ASSERT_TRUE(WaitUntil([&] { return hub->watchers() == 0; }));
}

TEST_F(WatchHubTest, AFailedReadEndsTheWatchWithItsError) {
  auto hub = Hub(absl::Hours(1));
  auto stream = std::make_shared<FakeStream>();
  hub->Watch(Caller("u-1"), "denied", 0, stream);
  ASSERT_TRUE(WaitUntil([&] { return stream->finished(); }));
  EXPECT_EQ(stream->status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(WatchHubTest, CancelledWatchersAreDropped) {
  auto hub = Hub(absl::Milliseconds(10));
  auto stream = std::make_shared<FakeStream>();
  hub->Watch(Caller("u-1"), "ref-1", 0, stream);
  ASSERT_TRUE(WaitUntil([&] { return hub->watchers() == 1; }));
  stream->Cancel();
  ASSERT_TRUE(WaitUntil([&] { return hub->watchers() == 0; }));
}

TEST_F(WatchHubTest, ShutdownEndsEveryWatchUnavailable) {
  auto hub = Hub(absl::Hours(1));
  auto a = std::make_shared<FakeStream>();
  auto b = std::make_shared<FakeStream>();
  hub->Watch(Caller("u-1"), "ref-1", 0, a);
  hub->Watch(Caller("u-2"), "ref-2", 0, b);
  hub->Shutdown();
  EXPECT_EQ(a->status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(b->status().code(), absl::StatusCode::kUnavailable);
  auto late = std::make_shared<FakeStream>();
  hub->Watch(Caller("u-1"), "ref-1", 0, late);
  EXPECT_EQ(late->status().code(), absl::StatusCode::kUnavailable);
  hub->Shutdown();  // idempotent
}

TEST(WorkerPoolTest, RunsQueuedTasksBeforeStoppingAndRefusesAfter) {
  WorkerPool pool(WorkerPool::Options{.threads = 2});
  std::atomic<int> ran{0};
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(pool.Submit([&] {
      absl::SleepFor(absl::Microseconds(100));
      ran.fetch_add(1);
    }));
  }
  pool.Shutdown();
  EXPECT_EQ(ran.load(), 100);
  EXPECT_FALSE(pool.Submit([] {}));
}

TEST(WorkerPoolTest, TheQueueIsBounded) {
  WorkerPool pool(WorkerPool::Options{.threads = 1, .max_queue = 2});
  absl::Notification release;
  ASSERT_TRUE(pool.Submit([&] { release.WaitForNotification(); }));
  // The first task may still be queued or already running: at most 2 more fit.
  int accepted = 0;
  for (int i = 0; i < 5; ++i) accepted += pool.Submit([] {}) ? 1 : 0;
  EXPECT_LE(accepted, 2);
  EXPECT_GE(accepted, 1);
  release.Notify();
  pool.Shutdown();
}

TEST(CaseClientTest, EveryCallHasADeadlineAndErrorsBecomeStatuses) {
  auto stub = std::make_unique<pb::MockCaseServiceStub>();
  pb::MockCaseServiceStub* mock = stub.get();
  CaseClient client(std::move(stub), absl::Seconds(2));
  EXPECT_CALL(*mock, GetCase)
      .WillOnce([](grpc::ClientContext* ctx, const pb::GetCaseRequest& req, pb::Case* out) {
        const auto left = ctx->deadline() - std::chrono::system_clock::now();
        EXPECT_GT(left, std::chrono::milliseconds(1500));
        EXPECT_LE(left, std::chrono::milliseconds(2000));
        out->set_case_id(req.case_id());
        return grpc::Status::OK;
      })
      .WillOnce([](grpc::ClientContext*, const pb::GetCaseRequest&, pb::Case*) {
        return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such case");
      });
  auto found = client.GetCase("case-520382-abc");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->case_id(), "case-520382-abc");
  auto missing = client.GetCase("case-520382-zzz");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "no such case");
}

}  // namespace
}  // namespace shouhu
