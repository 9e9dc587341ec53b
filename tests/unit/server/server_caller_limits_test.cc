// Per-caller limits: the limiter with a fake clock (burst, refill, per-kind limits,
// release, eviction, metric labels), then through the adapter on a plaintext loopback
// server where the caller is named by a test header: over its limit one caller gets
// RESOURCE_EXHAUSTED while another is served, and a stream gives its slot back however
// it ends (finished, failed, cancelled, deadline, server shutdown).
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/server/caller_limits.h"
#include "common/server/rpc.h"
#include "common/server/rpc_service.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"

namespace shouhu {
namespace {

namespace rpb = ::shouhu::referral::v1;
using ::testing::HasSubstr;
using Slot = CallerLimits::Slot;

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

Principal Caller(Principal::Kind kind, const std::string& id) {
  Principal p;
  p.kind = kind;
  p.id = id;
  return p;
}
Principal Agency(const std::string& code) { return Caller(Principal::Kind::kAgency, code); }
Principal User(const std::string& id) { return Caller(Principal::Kind::kUser, id); }
Principal Service(const std::string& name) { return Caller(Principal::Kind::kService, name); }

CallerLimitsOptions Small() {
  CallerLimitsOptions o;
  o.agency = {.max_streams = 2, .max_calls = 3, .rate_per_s = 2, .burst = 4};
  o.user = {.max_streams = 3, .max_calls = 1, .rate_per_s = 10, .burst = 10};
  o.service = {.max_streams = 0, .max_calls = 0, .rate_per_s = 0, .burst = 0};  // unlimited
  return o;
}

// ------------------------------------------------------------------------ the limiter

TEST(CallerLimitsTest, BurstThenRefillAtTheSustainedRate) {
  FakeClock clock(kStart);
  CallerLimits limits(Small(), &clock, nullptr);
  const Principal a = Agency("edu-renhuai");
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(limits.Admit(a, Slot::kCall).ok()) << i;  // permit released at once
  }
  absl::StatusOr<CallerLimits::Permit> over = limits.Admit(a, Slot::kCall);
  ASSERT_EQ(over.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(over.status().message(), HasSubstr("\"rate\""));
  EXPECT_THAT(over.status().message(), HasSubstr("2 requests per second (burst 4)"));
  EXPECT_THAT(over.status().message(), ::testing::Not(HasSubstr("edu-renhuai")));
  // Streams draw on the same bucket.
  EXPECT_EQ(limits.Admit(a, Slot::kStream).status().code(), absl::StatusCode::kResourceExhausted);

  // Half a second later one more token (2 per second).
  clock.Advance(absl::Milliseconds(500));
  EXPECT_TRUE(limits.Admit(a, Slot::kCall).ok());
  EXPECT_FALSE(limits.Admit(a, Slot::kCall).ok());
  // A long pause refills to the burst and no further.
  clock.Advance(absl::Hours(1));
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limits.Admit(a, Slot::kCall).ok()) << i;
  EXPECT_FALSE(limits.Admit(a, Slot::kCall).ok());
  // Another caller of the same kind has a bucket of its own.
  EXPECT_TRUE(limits.Admit(Agency("fulian-renhuai"), Slot::kCall).ok());
}

TEST(CallerLimitsTest, ConcurrencyPerCallerAndKindAndRelease) {
  FakeClock clock(kStart);
  CallerLimits limits(Small(), &clock, nullptr);
  const Principal a = Agency("edu-renhuai");
  std::vector<CallerLimits::Permit> held;
  for (int i = 0; i < 2; ++i) {
    auto p = limits.Admit(a, Slot::kStream);
    ASSERT_TRUE(p.ok()) << p.status();
    held.push_back(*std::move(p));
  }
  auto third = limits.Admit(a, Slot::kStream);
  ASSERT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(third.status().message(), HasSubstr("\"streams\""));
  EXPECT_THAT(third.status().message(), HasSubstr("at most 2 open streams per agency"));
  EXPECT_EQ(limits.open("agency:edu-renhuai", Slot::kStream), 2);
  // Unary calls are counted apart from streams.
  EXPECT_TRUE(limits.Admit(a, Slot::kCall).ok());

  // Users have their own (larger) stream limit and a call limit of one here.
  const Principal u = User("cw-li");
  std::vector<CallerLimits::Permit> user_streams;
  for (int i = 0; i < 3; ++i) {
    auto p = limits.Admit(u, Slot::kStream);
    ASSERT_TRUE(p.ok()) << i;
    user_streams.push_back(*std::move(p));
  }
  EXPECT_FALSE(limits.Admit(u, Slot::kStream).ok());
  auto call = limits.Admit(u, Slot::kCall);
  ASSERT_TRUE(call.ok());
  auto second_call = limits.Admit(u, Slot::kCall);
  ASSERT_EQ(second_call.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(second_call.status().message(), HasSubstr("at most 1 calls at a time per user"));
  call->Release();
  call->Release();  // idempotent
  EXPECT_EQ(limits.open("user:cw-li", Slot::kCall), 0);
  EXPECT_TRUE(limits.Admit(u, Slot::kCall).ok());

  // A refused admission takes no token: the agency's bucket (4, one call above) still
  // has room for two streams after one is released.
  held.pop_back();
  EXPECT_EQ(limits.open("agency:edu-renhuai", Slot::kStream), 1);
  EXPECT_TRUE(limits.Admit(a, Slot::kStream).ok());

  // Moving a permit moves the slot; only the last holder gives it back.
  {
    CallerLimits::Permit moved = std::move(held.front());
    EXPECT_FALSE(held.front().held());
    EXPECT_TRUE(moved.held());
    held.clear();
    EXPECT_EQ(limits.open("agency:edu-renhuai", Slot::kStream), 1);
  }
  EXPECT_EQ(limits.open("agency:edu-renhuai", Slot::kStream), 0);

  // Services are unlimited here (0).
  std::vector<CallerLimits::Permit> service_streams;
  for (int i = 0; i < 200; ++i) {
    auto p = limits.Admit(Service("aid"), Slot::kStream);
    ASSERT_TRUE(p.ok()) << i;
    service_streams.push_back(*std::move(p));
  }
}

TEST(CallerLimitsTest, IdleCallersAreEvictedOnlyWhenNothingIsLost) {
  FakeClock clock(kStart);
  CallerLimits limits(Small(), &clock, nullptr);
  auto holding = limits.Admit(Agency("holder"), Slot::kStream);
  ASSERT_TRUE(holding.ok());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(limits.Admit(Agency("spent"), Slot::kCall).ok());
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(limits.Admit(User(absl::StrCat("u", i)), Slot::kCall).ok());
  }
  EXPECT_EQ(limits.tracked_callers(), 102u);

  // One second on: the users' buckets (10 per second, burst 10; one token used) are full
  // again and they hold nothing: dropped. "spent" is still refilling (2 s for 4 tokens);
  // "holder" holds a stream.
  clock.Advance(absl::Seconds(1));
  ASSERT_TRUE(limits.Admit(Service("aid"), Slot::kCall).ok());
  EXPECT_EQ(limits.tracked_callers(), 3u);  // holder, spent, service:aid
  // "spent" is not forgotten early: its bucket still holds only 2 tokens.
  ASSERT_TRUE(limits.Admit(Agency("spent"), Slot::kCall).ok());
  ASSERT_TRUE(limits.Admit(Agency("spent"), Slot::kCall).ok());
  EXPECT_FALSE(limits.Admit(Agency("spent"), Slot::kCall).ok());

  clock.Advance(absl::Minutes(5));
  holding->Release();
  ASSERT_TRUE(limits.Admit(Service("aid"), Slot::kCall).ok());
  EXPECT_EQ(limits.tracked_callers(), 1u);  // only the caller that just asked
}

TEST(CallerLimitsTest, MetricPerCallerAndLimitWithBoundedLabels) {
  FakeClock clock(kStart);
  Registry metrics(RegistryOptions{.process_metrics = false});
  CallerLimitsOptions o = Small();
  o.max_metric_callers = 2;
  CallerLimits limits(o, &clock, &metrics);
  std::vector<CallerLimits::Permit> held;
  for (const char* code : {"a1", "a2", "a3", "a4"}) {
    for (int i = 0; i < 2; ++i) held.push_back(*limits.Admit(Agency(code), Slot::kStream));
    EXPECT_FALSE(limits.Admit(Agency(code), Slot::kStream).ok());
  }
  // a1 has 2 of its 4 tokens left.
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(limits.Admit(Agency("a1"), Slot::kCall).ok());
  EXPECT_FALSE(limits.Admit(Agency("a1"), Slot::kCall).ok());
  const std::string text = metrics.Render();
  EXPECT_THAT(text,
              HasSubstr("shouhu_caller_limited_total{caller=\"agency:a1\",limit=\"streams\"} 1"));
  EXPECT_THAT(text,
              HasSubstr("shouhu_caller_limited_total{caller=\"agency:a1\",limit=\"rate\"} 1"));
  EXPECT_THAT(text,
              HasSubstr("shouhu_caller_limited_total{caller=\"agency:a2\",limit=\"streams\"} 1"));
  EXPECT_THAT(text, HasSubstr("shouhu_caller_limited_total{caller=\"other\",limit=\"streams\"} 2"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("agency:a3")));
  EXPECT_THAT(text, HasSubstr("shouhu_caller_open_streams{kind=\"agency\"} 8"));
  held.clear();
  EXPECT_THAT(metrics.Render(), HasSubstr("shouhu_caller_open_streams{kind=\"agency\"} 0"));
}

// ------------------------------------------------------------------- through the adapter

class LimitedAdapterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CallerLimitsOptions o;
    o.agency = {.max_streams = 2, .max_calls = 1, .rate_per_s = 1, .burst = 10};
    limits_ = std::make_unique<CallerLimits>(o, &clock_, &metrics_);
    env_ = std::make_unique<RpcEnv>(
        [](const grpc::ServerContextBase& ctx) -> absl::StatusOr<Principal> {
          auto it = ctx.client_metadata().find("x-test-agency");
          if (it == ctx.client_metadata().end()) return absl::UnauthenticatedError("who?");
          return Agency(std::string(it->second.data(), it->second.size()));
        },
        &metrics_, "test");
    env_->SetCallerLimits(limits_.get());

    MethodTable table = MethodTable::For<rpb::ReferralService>();
    table.Unary<rpb::GetReferralRequest, rpb::Referral>(
        "GetReferral",
        [this](const Principal&,
               const rpb::GetReferralRequest& req) -> absl::StatusOr<rpb::Referral> {
          if (req.referral_id() == "block") {
            entered_.Notify();
            release_.WaitForNotification();
          }
          rpb::Referral r;
          r.set_referral_id(req.referral_id());
          return r;
        });
    table.ServerStreaming<rpb::WatchReferralRequest, rpb::TimelineEntry>(
        "WatchReferral", [this](const Principal&, const rpb::WatchReferralRequest& req,
                                std::shared_ptr<ServerStream> stream) {
          if (req.referral_id() == "fail") return stream->Finish(absl::NotFoundError("gone"));
          if (req.referral_id() == "done") return stream->Finish(absl::OkStatus());
          absl::MutexLock lock(&mu_);
          streams_.push_back(std::move(stream));  // open until the test ends it
        });
    auto service =
        RpcService<rpb::ReferralService>::Create(std::move(table), env_.get(), &workers_);
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = std::move(service).value();
    int port = 0;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  }
  void TearDown() override {
    if (!release_.HasBeenNotified()) release_.Notify();
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
    workers_.Shutdown();
  }

  struct Watch {
    std::unique_ptr<grpc::ClientContext> ctx;
    std::unique_ptr<grpc::ClientReader<rpb::TimelineEntry>> reader;
  };
  Watch Open(const std::string& agency, const std::string& id,
             absl::Duration deadline = absl::Seconds(20)) {
    Watch w;
    w.ctx = std::make_unique<grpc::ClientContext>();
    w.ctx->AddMetadata("x-test-agency", agency);
    w.ctx->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    rpb::WatchReferralRequest req;
    req.set_referral_id(id);
    w.reader = rpb::ReferralService::NewStub(channel_)->WatchReferral(w.ctx.get(), req);
    return w;
  }
  grpc::Status Get(const std::string& agency, const std::string& id) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-test-agency", agency);
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    rpb::GetReferralRequest req;
    req.set_referral_id(id);
    rpb::Referral out;
    return rpb::ReferralService::NewStub(channel_)->GetReferral(&ctx, req, &out);
  }
  // Waits until `agency` holds `n` stream slots; false after 10 s.
  bool OpenStreamsReach(const std::string& agency, int n) {
    const absl::Time until = absl::Now() + absl::Seconds(10);
    while (limits_->open("agency:" + agency, Slot::kStream) != n) {
      if (absl::Now() > until) return false;
      absl::SleepFor(absl::Milliseconds(5));
    }
    return true;
  }

  FakeClock clock_{kStart};
  Registry metrics_{RegistryOptions{.process_metrics = false}};
  std::unique_ptr<CallerLimits> limits_;
  std::unique_ptr<RpcEnv> env_;
  WorkerPool workers_{WorkerPool::Options{.threads = 3}};
  std::unique_ptr<grpc::Service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  absl::Notification entered_;
  absl::Notification release_;
  absl::Mutex mu_;
  std::vector<std::shared_ptr<ServerStream>> streams_ ABSL_GUARDED_BY(mu_);
};

TEST_F(LimitedAdapterTest, OneAgencyOverItsStreamsOthersServed) {
  Watch a1 = Open("a", "r1");
  Watch a2 = Open("a", "r2");
  ASSERT_TRUE(OpenStreamsReach("a", 2));
  Watch a3 = Open("a", "r3");
  rpb::TimelineEntry e;
  EXPECT_FALSE(a3.reader->Read(&e));
  grpc::Status st = a3.reader->Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(st.error_message(), HasSubstr("\"streams\""));
  EXPECT_THAT(metrics_.Render(),
              HasSubstr("shouhu_caller_limited_total{caller=\"agency:a\",limit=\"streams\"} 1"));
  // Another agency watches and reads meanwhile.
  Watch b1 = Open("b", "r1");
  EXPECT_TRUE(OpenStreamsReach("b", 1));
  EXPECT_TRUE(Get("b", "r1").ok());
  // Once "a" closes one, it may open another.
  a1.ctx->TryCancel();
  EXPECT_EQ(a1.reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  ASSERT_TRUE(OpenStreamsReach("a", 1));
  Watch a4 = Open("a", "r4");
  EXPECT_TRUE(OpenStreamsReach("a", 2));
  a2.ctx->TryCancel();
  a4.ctx->TryCancel();
  b1.ctx->TryCancel();
  a2.reader->Finish();
  a4.reader->Finish();
  b1.reader->Finish();
  EXPECT_TRUE(OpenStreamsReach("a", 0));
}

TEST_F(LimitedAdapterTest, StreamSlotsComeBackOnEveryEndPath) {
  rpb::TimelineEntry e;
  // The handler finishes, OK or with an error.
  for (const char* id : {"done", "fail"}) {
    Watch w = Open("a", id);
    while (w.reader->Read(&e)) {
    }
    w.reader->Finish();
    EXPECT_TRUE(OpenStreamsReach("a", 0)) << id;
  }
  // The deadline passes.
  {
    Watch w = Open("a", "r", absl::Milliseconds(300));
    EXPECT_FALSE(w.reader->Read(&e));
    EXPECT_EQ(w.reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
    EXPECT_TRUE(OpenStreamsReach("a", 0)) << "deadline";
  }
  // The client cancels.
  {
    Watch w = Open("a", "r");
    ASSERT_TRUE(OpenStreamsReach("a", 1));
    w.ctx->TryCancel();
    w.reader->Finish();
    EXPECT_TRUE(OpenStreamsReach("a", 0)) << "cancel";
  }
  // The server shuts down with streams open.
  Watch w1 = Open("a", "r1");
  Watch w2 = Open("a", "r2");
  ASSERT_TRUE(OpenStreamsReach("a", 2));
  server_->Shutdown(absl::ToChronoTime(absl::Now() + absl::Milliseconds(100)));
  EXPECT_NE(w1.reader->Finish().error_code(), grpc::StatusCode::OK);
  EXPECT_NE(w2.reader->Finish().error_code(), grpc::StatusCode::OK);
  EXPECT_TRUE(OpenStreamsReach("a", 0)) << "shutdown";
  EXPECT_THAT(metrics_.Render(), HasSubstr("shouhu_caller_open_streams{kind=\"agency\"} 0"));
}

TEST_F(LimitedAdapterTest, UnaryConcurrencyAndRateArePerCaller) {
  // "a" has one call running (blocked in the handler): its second call is refused at
  // once, "b" is served.
  std::thread blocked([this] { EXPECT_TRUE(Get("a", "block").ok()); });
  entered_.WaitForNotification();
  grpc::Status st = Get("a", "r1");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(st.error_message(), HasSubstr("at most 1 calls at a time per agency"));
  EXPECT_TRUE(Get("b", "r1").ok());
  release_.Notify();
  blocked.join();
  // Burst 10: "a" has used one token (the call refused by the call limit took none).
  for (int i = 0; i < 9; ++i) EXPECT_TRUE(Get("a", "r").ok()) << i;
  st = Get("a", "r");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(st.error_message(), HasSubstr("\"rate\""));
  EXPECT_TRUE(Get("b", "r").ok());
  clock_.Advance(absl::Seconds(1));
  EXPECT_TRUE(Get("a", "r").ok());
  EXPECT_THAT(metrics_.Render(),
              HasSubstr("shouhu_caller_limited_total{caller=\"agency:a\",limit=\"calls\"} 1"));
  EXPECT_THAT(metrics_.Render(),
              HasSubstr("method=\"GetReferral\",code=\"RESOURCE_EXHAUSTED\"} 2"));
}

}  // namespace
}  // namespace shouhu
