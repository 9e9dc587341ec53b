#include "common/ops/metrics.h"

#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

TEST(MetricsTest, RendersCountersAndGauges) {
  Registry registry(RegistryOptions{.process_metrics = false});
  Counter& rpcs = registry.AddCounter("shouhu_rpcs_total", "RPCs handled.", {"method", "code"});
  rpcs.WithLabels({"GetCase", "OK"}).Increment();
  rpcs.WithLabels({"GetCase", "OK"}).Increment(2);
  rpcs.WithLabels({"CreateCase", "INVALID_ARGUMENT"}).Increment();
  rpcs.WithLabels({"CreateCase", "OK"}).Increment(-5);  // ignored, child still exists
  Gauge& inflight = registry.AddGauge("shouhu_inflight", "In-flight RPCs.");
  inflight.WithLabels({}).Add(3);
  inflight.WithLabels({}).Add(-1.5);
  registry.AddCounter("shouhu_unused_total", "Never touched.", {"x"});

  EXPECT_EQ(registry.Render(),
            "# HELP shouhu_inflight In-flight RPCs.\n"
            "# TYPE shouhu_inflight gauge\n"
            "shouhu_inflight 1.5\n"
            "# HELP shouhu_rpcs_total RPCs handled.\n"
            "# TYPE shouhu_rpcs_total counter\n"
            "shouhu_rpcs_total{method=\"CreateCase\",code=\"INVALID_ARGUMENT\"} 1\n"
            "shouhu_rpcs_total{method=\"CreateCase\",code=\"OK\"} 0\n"
            "shouhu_rpcs_total{method=\"GetCase\",code=\"OK\"} 3\n");
  EXPECT_EQ(rpcs.WithLabels({"GetCase", "OK"}).Value(), 3);
}

TEST(MetricsTest, RendersHistogramsCumulatively) {
  Registry registry(RegistryOptions{.process_metrics = false});
  Histogram& latency = registry.AddHistogram("rpc_seconds", "RPC latency.", {"method"});
  auto& child = latency.WithLabels({"GetCase"});
  child.Observe(0.003);
  child.Observe(0.003);
  child.ObserveDuration(absl::Milliseconds(100));  // on a bucket bound: counted in it
  child.Observe(7);                                // only in +Inf
  EXPECT_EQ(child.Count(), 4u);
  EXPECT_DOUBLE_EQ(child.Sum(), 7.106);
  EXPECT_EQ(registry.Render(),
            "# HELP rpc_seconds RPC latency.\n"
            "# TYPE rpc_seconds histogram\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"0.001\"} 0\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"0.0025\"} 0\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"0.005\"} 2\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"0.01\"} 2\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"0.025\"} 2\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"0.05\"} 2\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"0.1\"} 3\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"0.25\"} 3\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"0.5\"} 3\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"1\"} 3\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"2.5\"} 3\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"5\"} 3\n"
            "rpc_seconds_bucket{method=\"GetCase\",le=\"+Inf\"} 4\n"
            "rpc_seconds_sum{method=\"GetCase\"} 7.106\n"
            "rpc_seconds_count{method=\"GetCase\"} 4\n");
}

TEST(MetricsTest, HistogramWithoutLabelsAndCustomBuckets) {
  Registry registry(RegistryOptions{.process_metrics = false});
  Histogram& h = registry.AddHistogram("batch_size", "Rows per batch.", {}, {10, 100});
  h.WithLabels({}).Observe(50);
  EXPECT_EQ(registry.Render(),
            "# HELP batch_size Rows per batch.\n"
            "# TYPE batch_size histogram\n"
            "batch_size_bucket{le=\"10\"} 0\n"
            "batch_size_bucket{le=\"100\"} 1\n"
            "batch_size_bucket{le=\"+Inf\"} 1\n"
            "batch_size_sum 50\n"
            "batch_size_count 1\n");
}

TEST(MetricsTest, EscapesLabelValuesAndHelp) {
  Registry registry(RegistryOptions{.process_metrics = false});
  registry.AddCounter("c_total", "Help with \\ and\nnewline \"quotes\".", {"v"})
      .WithLabels({"a\"b\\c\nd 张"})
      .Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP c_total Help with \\\\ and\\nnewline \"quotes\".\n"
            "# TYPE c_total counter\n"
            "c_total{v=\"a\\\"b\\\\c\\nd 张\"} 1\n");
}

TEST(MetricsTest, SameRegistrationReturnsTheSameFamily) {
  Registry registry(RegistryOptions{.process_metrics = false});
  Counter& a = registry.AddCounter("x_total", "X.", {"k"});
  Counter& b = registry.AddCounter("x_total", "X.", {"k"});
  EXPECT_EQ(&a, &b);
  EXPECT_EQ(&a.WithLabels({"1"}), &b.WithLabels({"1"}));
}

TEST(MetricsDeathTest, MisuseAborts) {
  Registry registry(RegistryOptions{.process_metrics = false});
  Counter& c = registry.AddCounter("x_total", "X.", {"k"});
  EXPECT_DEATH(c.WithLabels({"1", "2"}), "takes 1 label values");
  EXPECT_DEATH(registry.AddGauge("x_total", "X.", {"k"}), "registered twice");
  EXPECT_DEATH(registry.AddCounter("1bad", "X."), "invalid metric name");
  EXPECT_DEATH(registry.AddCounter("ok_total", "X.", {"bad-label"}), "invalid label name");
  EXPECT_DEATH(registry.AddHistogram("h", "X.", {"le"}), "invalid label name");
}

TEST(MetricsTest, FormatsValues) {
  EXPECT_EQ(FormatMetricValue(0), "0");
  EXPECT_EQ(FormatMetricValue(42), "42");
  EXPECT_EQ(FormatMetricValue(0.1), "0.1");
  EXPECT_EQ(FormatMetricValue(-2.5), "-2.5");
  EXPECT_EQ(FormatMetricValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatMetricValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatMetricValue(std::nan("")), "NaN");
}

TEST(MetricsTest, ProcessMetrics) {
  Registry registry;
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE process_resident_memory_bytes gauge\n"));
  EXPECT_THAT(text, ContainsRegex("\nprocess_resident_memory_bytes [1-9][0-9]+\n"));
  EXPECT_THAT(text, ContainsRegex("\nprocess_virtual_memory_bytes [1-9][0-9]+\n"));
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  Registry registry(RegistryOptions{.process_metrics = false});
  Counter& c = registry.AddCounter("n_total", "N.", {"t"});
  Histogram& h = registry.AddHistogram("h_seconds", "H.");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.WithLabels({"same"}).Increment();
        h.WithLabels({}).Observe(0.01);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.WithLabels({"same"}).Value(), 40000);
  EXPECT_EQ(h.WithLabels({}).Count(), 40000u);
}

}  // namespace
}  // namespace shouhu
