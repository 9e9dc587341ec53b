// A small Prometheus metrics registry (text exposition format 0.0.4). Debian has no
// prometheus-cpp; this covers what the services need: counters, gauges and histograms
// with a fixed set of label names, plus process memory.
//
//   Registry registry;
//   Counter& rpcs = registry.AddCounter("shouhu_rpcs_total", "RPCs handled.", {"method", "code"});
//   rpcs.WithLabels({"CreateReferral", "OK"}).Increment();
//
// Families and children live as long as the registry; references returned by Add* and
// WithLabels stay valid, so hot paths should look children up once and keep them. All
// methods are thread-safe.
#ifndef SHOUHU_COMMON_OPS_METRICS_H_
#define SHOUHU_COMMON_OPS_METRICS_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace shouhu {

// Shared by the metric families; not used directly.
class MetricFamily {
 public:
  virtual ~MetricFamily() = default;
  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  virtual const char* type() const = 0;
  // Appends the sample lines (not HELP/TYPE) of every child.
  virtual void RenderSamples(std::string* out) const = 0;
  virtual bool HasChildren() const = 0;

 protected:
  MetricFamily(std::string name, std::string help, std::vector<std::string> label_names);
  // Aborts the process if `values` does not match the label names: that is a programming
  // error, not an input error.
  void CheckLabelValues(const std::vector<std::string>& values) const;

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
};

class Counter : public MetricFamily {
 public:
  class Child {
   public:
    // Adds `amount`; negative or NaN amounts are ignored (counters only go up).
    void Increment(double amount = 1);
    double Value() const { return value_.load(std::memory_order_relaxed); }

   private:
    std::atomic<double> value_{0};
  };

  // One value per label name, in order. The first call with new values creates the child.
  Child& WithLabels(const std::vector<std::string>& values);
  const char* type() const override { return "counter"; }
  void RenderSamples(std::string* out) const override;
  bool HasChildren() const override;

 private:
  friend class Registry;
  using MetricFamily::MetricFamily;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Child>> children_ ABSL_GUARDED_BY(mu_);
};

class Gauge : public MetricFamily {
 public:
  class Child {
   public:
    void Set(double value) { value_.store(value, std::memory_order_relaxed); }
    void Add(double amount) { value_.fetch_add(amount, std::memory_order_relaxed); }
    double Value() const { return value_.load(std::memory_order_relaxed); }

   private:
    std::atomic<double> value_{0};
  };

  Child& WithLabels(const std::vector<std::string>& values);
  const char* type() const override { return "gauge"; }
  void RenderSamples(std::string* out) const override;
  bool HasChildren() const override;

 private:
  friend class Registry;
  using MetricFamily::MetricFamily;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Child>> children_ ABSL_GUARDED_BY(mu_);
};

class Histogram : public MetricFamily {
 public:
  // Upper bounds in seconds, for latencies.
  static const std::vector<double>& DefaultBuckets();

  class Child {
   public:
    explicit Child(const std::vector<double>* bounds);
    void Observe(double value);
    void ObserveDuration(absl::Duration d) { Observe(absl::ToDoubleSeconds(d)); }
    uint64_t Count() const;
    double Sum() const;

   private:
    friend class Histogram;
    const std::vector<double>* bounds_;
    mutable absl::Mutex mu_;
    std::vector<uint64_t> counts_ ABSL_GUARDED_BY(mu_);  // per bucket, plus +Inf last
    double sum_ ABSL_GUARDED_BY(mu_) = 0;
    uint64_t count_ ABSL_GUARDED_BY(mu_) = 0;
  };

  Child& WithLabels(const std::vector<std::string>& values);
  const std::vector<double>& buckets() const { return buckets_; }
  const char* type() const override { return "histogram"; }
  void RenderSamples(std::string* out) const override;
  bool HasChildren() const override;

 private:
  friend class Registry;
  Histogram(std::string name, std::string help, std::vector<std::string> label_names,
            std::vector<double> buckets);
  std::vector<double> buckets_;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Child>> children_ ABSL_GUARDED_BY(mu_);
};

struct RegistryOptions {
  // Adds process_resident_memory_bytes and process_virtual_memory_bytes (from
  // /proc/self/statm) to every Render().
  bool process_metrics = true;
};

class Registry {
 public:
  Registry() : Registry(RegistryOptions()) {}
  explicit Registry(RegistryOptions options) : options_(options) {}
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Names must match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* (not
  // starting with "__"; "le" is reserved for histograms). Adding the same name again with
  // the same type and label names returns the existing family; anything else aborts.
  // A family without label names has its single child created at once (renders 0).
  Counter& AddCounter(absl::string_view name, absl::string_view help,
                      std::vector<std::string> label_names = {});
  Gauge& AddGauge(absl::string_view name, absl::string_view help,
                  std::vector<std::string> label_names = {});
  // `buckets` must be strictly increasing and finite; +Inf is implicit.
  Histogram& AddHistogram(absl::string_view name, absl::string_view help,
                          std::vector<std::string> label_names = {},
                          std::vector<double> buckets = Histogram::DefaultBuckets());

  // Every family with at least one child, sorted by name, then the process metrics.
  std::string Render() const;

 private:
  template <typename T, typename Make>
  T& Add(absl::string_view name, const std::vector<std::string>& label_names, Make make);

  const RegistryOptions options_;
  mutable absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<MetricFamily>> families_ ABSL_GUARDED_BY(mu_);
};

// Formats a sample value as Prometheus expects: shortest round-trip decimal, "+Inf",
// "-Inf" or "NaN".
std::string FormatMetricValue(double value);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_OPS_METRICS_H_
