#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fsvc::obs {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Hot-path updates are single relaxed atomic operations: callers look a series up once (that
// takes the registry mutex) and keep the reference, which stays valid for the registry's life.
class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Fixed upper bounds (ascending); an observation lands in the first bucket whose bound is >= it,
// or in +Inf.
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);

  void observe(double v);
  const std::vector<double>& upper_bounds() const { return bounds_; }
  // Non-cumulative count of bucket i (i == upper_bounds().size() is +Inf).
  std::uint64_t bucket_count(std::size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

// Families of series by name, rendered in the Prometheus text exposition format (0.0.4).
// Asking twice for the same name and labels returns the same series; asking for a name already
// registered with another type throws std::logic_error.
class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, const std::vector<double>& upper_bounds,
                       const Labels& labels = {});

  std::string render_prometheus() const;

 private:
  struct Family;
  Family& family(std::string_view name, std::string_view help, int kind);

  mutable std::mutex mutex_;
  std::deque<Family> families_;
};

// Microsecond buckets for latencies from a few µs to a second.
std::vector<double> latency_buckets_us();

}  // namespace fsvc::obs
