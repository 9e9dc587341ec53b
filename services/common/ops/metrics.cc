#include "common/ops/metrics.h"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/file.h"

namespace shouhu {
namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "metrics: %s\n", message.c_str());
  std::abort();
}

bool ValidName(absl::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                    (allow_colon && c == ':') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

void AppendEscaped(std::string* out, absl::string_view s, bool escape_quote) {
  for (char c : s) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '"' && escape_quote) {
      out->append("\\\"");
    } else {
      out->push_back(c);
    }
  }
}

// Appends `{a="x",b="y"}` (with an optional extra le label), or nothing if there are no
// labels at all.
void AppendLabels(std::string* out, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, const std::string* le = nullptr) {
  if (names.empty() && le == nullptr) return;
  out->push_back('{');
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out->push_back(',');
    absl::StrAppend(out, names[i], "=\"");
    AppendEscaped(out, values[i], /*escape_quote=*/true);
    out->push_back('"');
  }
  if (le != nullptr) {
    if (!names.empty()) out->push_back(',');
    absl::StrAppend(out, "le=\"", *le, "\"");
  }
  out->push_back('}');
}

void AppendSample(std::string* out, absl::string_view name, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, double value,
                  const std::string* le = nullptr) {
  out->append(name.data(), name.size());
  AppendLabels(out, names, values, le);
  absl::StrAppend(out, " ", FormatMetricValue(value), "\n");
}

void AppendHeader(std::string* out, absl::string_view name, absl::string_view help,
                  absl::string_view type) {
  absl::StrAppend(out, "# HELP ", name, " ");
  AppendEscaped(out, help, /*escape_quote=*/false);
  absl::StrAppend(out, "\n# TYPE ", name, " ", type, "\n");
}

template <typename Child, typename Make>
Child& FindOrCreate(absl::Mutex& mu,
                    std::map<std::vector<std::string>, std::unique_ptr<Child>>& map,
                    const std::vector<std::string>& values, Make make) {
  absl::MutexLock lock(&mu);
  auto it = map.find(values);
  if (it == map.end()) it = map.emplace(values, make()).first;
  return *it->second;
}

}  // namespace

std::string FormatMetricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

MetricFamily::MetricFamily(std::string name, std::string help, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

void MetricFamily::CheckLabelValues(const std::vector<std::string>& values) const {
  if (values.size() != label_names_.size()) {
    Die(absl::StrCat(name_, " takes ", label_names_.size(), " label values (",
                     absl::StrJoin(label_names_, ","), "), got ", values.size()));
  }
}

void Counter::Child::Increment(double amount) {
  if (!(amount >= 0)) return;
  value_.fetch_add(amount, std::memory_order_relaxed);
}

Counter::Child& Counter::WithLabels(const std::vector<std::string>& values) {
  CheckLabelValues(values);
  return FindOrCreate(mu_, children_, values, [] { return std::make_unique<Child>(); });
}

bool Counter::HasChildren() const {
  absl::MutexLock lock(&mu_);
  return !children_.empty();
}

void Counter::RenderSamples(std::string* out) const {
  absl::MutexLock lock(&mu_);
  for (const auto& [values, child] : children_) {
    AppendSample(out, name(), label_names(), values, child->Value());
  }
}

Gauge::Child& Gauge::WithLabels(const std::vector<std::string>& values) {
  CheckLabelValues(values);
  return FindOrCreate(mu_, children_, values, [] { return std::make_unique<Child>(); });
}

bool Gauge::HasChildren() const {
  absl::MutexLock lock(&mu_);
  return !children_.empty();
}

void Gauge::RenderSamples(std::string* out) const {
  absl::MutexLock lock(&mu_);
  for (const auto& [values, child] : children_) {
    AppendSample(out, name(), label_names(), values, child->Value());
  }
}

const std::vector<double>& Histogram::DefaultBuckets() {
  static const auto* buckets =
      new std::vector<double>{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  return *buckets;
}

Histogram::Histogram(std::string name, std::string help, std::vector<std::string> label_names,
                     std::vector<double> buckets)
    : MetricFamily(std::move(name), std::move(help), std::move(label_names)),
      buckets_(std::move(buckets)) {}

Histogram::Child::Child(const std::vector<double>* bounds)
    : bounds_(bounds), counts_(bounds->size() + 1, 0) {}

void Histogram::Child::Observe(double value) {
  if (std::isnan(value)) return;
  size_t i = 0;
  while (i < bounds_->size() && value > (*bounds_)[i]) ++i;
  absl::MutexLock lock(&mu_);
  ++counts_[i];
  sum_ += value;
  ++count_;
}

uint64_t Histogram::Child::Count() const {
  absl::MutexLock lock(&mu_);
  return count_;
}

double Histogram::Child::Sum() const {
  absl::MutexLock lock(&mu_);
  return sum_;
}

Histogram::Child& Histogram::WithLabels(const std::vector<std::string>& values) {
  CheckLabelValues(values);
  return FindOrCreate(mu_, children_, values,
                      [this] { return std::make_unique<Child>(&buckets_); });
}

bool Histogram::HasChildren() const {
  absl::MutexLock lock(&mu_);
  return !children_.empty();
}

void Histogram::RenderSamples(std::string* out) const {
  absl::MutexLock lock(&mu_);
  const std::string bucket_name = absl::StrCat(name(), "_bucket");
  const std::string sum_name = absl::StrCat(name(), "_sum");
  const std::string count_name = absl::StrCat(name(), "_count");
  for (const auto& [values, child] : children_) {
    std::vector<uint64_t> counts;
    double sum;
    uint64_t count;
    {
      absl::MutexLock child_lock(&child->mu_);
      counts = child->counts_;
      sum = child->sum_;
      count = child->count_;
    }
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= buckets_.size(); ++i) {
      cumulative += counts[i];
      const std::string le = i < buckets_.size() ? FormatMetricValue(buckets_[i]) : "+Inf";
      AppendSample(out, bucket_name, label_names(), values, static_cast<double>(cumulative), &le);
    }
    AppendSample(out, sum_name, label_names(), values, sum);
    AppendSample(out, count_name, label_names(), values, static_cast<double>(count));
  }
}

template <typename T, typename Make>
T& Registry::Add(absl::string_view name, const std::vector<std::string>& label_names, Make make) {
  if (!ValidName(name, /*allow_colon=*/true)) Die(absl::StrCat("invalid metric name '", name, "'"));
  for (const std::string& label : label_names) {
    if (!ValidName(label, /*allow_colon=*/false) || absl::StartsWith(label, "__") ||
        (label == "le" && std::is_same_v<T, Histogram>)) {
      Die(absl::StrCat("invalid label name '", label, "' for ", name));
    }
  }
  absl::MutexLock lock(&mu_);
  auto it = families_.find(std::string(name));
  if (it != families_.end()) {
    T* existing = dynamic_cast<T*>(it->second.get());
    if (existing == nullptr || existing->label_names() != label_names) {
      Die(absl::StrCat("metric ", name, " registered twice with different type or labels"));
    }
    return *existing;
  }
  std::unique_ptr<T> family = make();
  T& ref = *family;
  families_.emplace(std::string(name), std::move(family));
  if (label_names.empty()) ref.WithLabels({});
  return ref;
}

Counter& Registry::AddCounter(absl::string_view name, absl::string_view help,
                              std::vector<std::string> label_names) {
  return Add<Counter>(name, label_names, [&] {
    return std::unique_ptr<Counter>(new Counter(std::string(name), std::string(help), label_names));
  });
}

Gauge& Registry::AddGauge(absl::string_view name, absl::string_view help,
                          std::vector<std::string> label_names) {
  return Add<Gauge>(name, label_names, [&] {
    return std::unique_ptr<Gauge>(new Gauge(std::string(name), std::string(help), label_names));
  });
}

Histogram& Registry::AddHistogram(absl::string_view name, absl::string_view help,
                                  std::vector<std::string> label_names,
                                  std::vector<double> buckets) {
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (!std::isfinite(buckets[i]) || (i > 0 && buckets[i] <= buckets[i - 1])) {
      Die(absl::StrCat("histogram ", name, " buckets must be finite and increasing"));
    }
  }
  return Add<Histogram>(name, label_names, [&] {
    return std::unique_ptr<Histogram>(
        new Histogram(std::string(name), std::string(help), label_names, buckets));
  });
}

std::string Registry::Render() const {
  std::string out;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [name, family] : families_) {
      if (!family->HasChildren()) continue;
      AppendHeader(&out, name, family->help(), family->type());
      family->RenderSamples(&out);
    }
  }
  if (options_.process_metrics) {
    absl::StatusOr<std::string> statm = ReadFile("/proc/self/statm");
    if (statm.ok()) {
      const std::vector<absl::string_view> fields =
          absl::StrSplit(*statm, ' ', absl::SkipWhitespace());
      uint64_t size_pages = 0;
      uint64_t resident_pages = 0;
      if (fields.size() >= 2 && absl::SimpleAtoi(fields[0], &size_pages) &&
          absl::SimpleAtoi(fields[1], &resident_pages)) {
        const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
        AppendHeader(&out, "process_resident_memory_bytes", "Resident memory size in bytes.",
                     "gauge");
        AppendSample(&out, "process_resident_memory_bytes", {}, {},
                     static_cast<double>(resident_pages) * page);
        AppendHeader(&out, "process_virtual_memory_bytes", "Virtual memory size in bytes.",
                     "gauge");
        AppendSample(&out, "process_virtual_memory_bytes", {}, {},
                     static_cast<double>(size_pages) * page);
      }
    }
  }
  return out;
}

}  // namespace shouhu
