#include "adapters/observability/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <variant>

namespace fsvc::obs {

namespace {

enum Kind { kCounter, kGauge, kHistogram };

constexpr std::string_view kind_name(int kind) {
  switch (kind) {
    case kCounter:
      return "counter";
    case kGauge:
      return "gauge";
    default:
      return "histogram";
  }
}

std::string escaped_label_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// `{a="x",b="y"}`, with `extra` (the histogram's `le`) last; empty when there are no labels.
std::string label_text(const Labels& labels, const std::pair<std::string, std::string>* extra = nullptr) {
  if (labels.empty() && !extra) return {};
  std::string out = "{";
  const auto append = [&](const std::pair<std::string, std::string>& label) {
    if (out.size() > 1) out += ',';
    out += label.first + "=\"" + escaped_label_value(label.second) + '"';
  };
  for (const auto& label : labels) append(label);
  if (extra) append(*extra);
  return out + '}';
}

std::string number_text(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), buckets_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end())) throw std::logic_error("histogram bounds must ascend");
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double v) {
  const auto index =
      static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
  buckets_[index].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

struct MetricsRegistry::Family {
  using Series = std::variant<Counter, Gauge, Histogram>;

  std::string name;
  std::string help;
  int kind = kCounter;
  std::deque<std::pair<Labels, std::unique_ptr<Series>>> series;

  template <typename T, typename... Args>
  T& find_or_add(const Labels& labels, Args&&... args) {
    for (auto& [existing, s] : series) {
      if (existing == labels) return std::get<T>(*s);
    }
    auto created = std::make_unique<Series>(std::in_place_type<T>, std::forward<Args>(args)...);
    T& ref = std::get<T>(*created);
    series.emplace_back(labels, std::move(created));
    return ref;
  }
};

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::Family& MetricsRegistry::family(std::string_view name, std::string_view help, int kind) {
  for (Family& f : families_) {
    if (f.name != name) continue;
    if (f.kind != kind) {
      throw std::logic_error("metric " + std::string(name) + " is already a " +
                             std::string(kind_name(f.kind)));
    }
    return f;
  }
  Family& f = families_.emplace_back();
  f.name = name;
  f.help = help;
  f.kind = kind;
  return f;
}

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  const std::lock_guard lock(mutex_);
  return family(name, help, kCounter).find_or_add<Counter>(labels);
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  const std::lock_guard lock(mutex_);
  return family(name, help, kGauge).find_or_add<Gauge>(labels);
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      const std::vector<double>& upper_bounds, const Labels& labels) {
  const std::lock_guard lock(mutex_);
  return family(name, help, kHistogram).find_or_add<Histogram>(labels, upper_bounds);
}

std::string MetricsRegistry::render_prometheus() const {
  const std::lock_guard lock(mutex_);
  std::string out;
  for (const Family& f : families_) {
    out += "# HELP " + f.name + ' ' + f.help + '\n';
    out += "# TYPE " + f.name + ' ' + std::string(kind_name(f.kind)) + '\n';
    for (const auto& [labels, series] : f.series) {
      if (const auto* c = std::get_if<Counter>(series.get())) {
        out += f.name + label_text(labels) + ' ' + std::to_string(c->value()) + '\n';
      } else if (const auto* g = std::get_if<Gauge>(series.get())) {
        out += f.name + label_text(labels) + ' ' + number_text(g->value()) + '\n';
      } else {
        const auto& h = std::get<Histogram>(*series);
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i <= h.upper_bounds().size(); ++i) {
          cumulative += h.bucket_count(i);
          const double bound = i < h.upper_bounds().size() ? h.upper_bounds()[i] : INFINITY;
          const std::pair<std::string, std::string> le{"le", number_text(bound)};
          out += f.name + "_bucket" + label_text(labels, &le) + ' ' + std::to_string(cumulative) + '\n';
        }
        out += f.name + "_sum" + label_text(labels) + ' ' + number_text(h.sum()) + '\n';
        out += f.name + "_count" + label_text(labels) + ' ' + std::to_string(h.count()) + '\n';
      }
    }
  }
  return out;
}

std::vector<double> latency_buckets_us() {
  return {5,     10,    25,     50,     100,    250,     500,     1'000,
          2'500, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 1'000'000};
}

}  // namespace fsvc::obs
