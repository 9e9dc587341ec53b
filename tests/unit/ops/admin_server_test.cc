#include "common/ops/admin_server.h"

#include <httplib.h>

#include <atomic>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu {
namespace {

using ::testing::HasSubstr;

TEST(AdminServerTest, ServesMetricsAndHealth) {
  Registry registry(RegistryOptions{.process_metrics = false});
  registry.AddCounter("shouhu_test_total", "Test.").WithLabels({}).Increment(7);
  std::atomic<bool> healthy{true};
  auto server = AdminServer::Start("127.0.0.1", 0, &registry, [&] { return healthy.load(); });
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);

  httplib::Client client("127.0.0.1", (*server)->port());
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(metrics->body, HasSubstr("shouhu_test_total 7\n"));

  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok");

  healthy = false;
  health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(health->body, "unavailable");

  auto missing = client.Get("/nothing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  (*server)->Stop();
  (*server)->Stop();  // idempotent
  httplib::Client after("127.0.0.1", (*server)->port());
  after.set_connection_timeout(1);
  EXPECT_FALSE(after.Get("/healthz"));
}

TEST(AdminServerTest, EmptyHealthFunctionMeansHealthy) {
  Registry registry;
  auto server = AdminServer::Start("127.0.0.1", 0, &registry, nullptr);
  ASSERT_TRUE(server.ok()) << server.status();
  httplib::Client client("127.0.0.1", (*server)->port());
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("process_resident_memory_bytes"));
}

TEST(AdminServerTest, PortInUseIsUnavailable) {
  Registry registry;
  auto first = AdminServer::Start("127.0.0.1", 0, &registry, nullptr);
  ASSERT_TRUE(first.ok());
  auto second = AdminServer::Start("127.0.0.1", (*first)->port(), &registry, nullptr);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

TEST(AdminServerTest, StartAndImmediatelyDestroy) {
  Registry registry;
  for (int i = 0; i < 20; ++i) {
    auto server = AdminServer::Start("127.0.0.1", 0, &registry, nullptr);
    ASSERT_TRUE(server.ok());
  }
}

TEST(AdminServerTest, RejectsBadArguments) {
  Registry registry;
  EXPECT_EQ(AdminServer::Start("127.0.0.1", 0, nullptr, nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AdminServer::Start("127.0.0.1", 70000, &registry, nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace shouhu
