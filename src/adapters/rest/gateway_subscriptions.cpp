#include "adapters/rest/gateway_subscriptions.hpp"

#include <algorithm>

namespace fsvc::rest {

namespace {

constexpr std::string_view kComponent = "ws_gateway";

}  // namespace

GatewaySubscriptions::GatewaySubscriptions(GatewaySubscriptionOptions options, const obs::JsonLogger& logger)
    : options_(std::move(options)),
      logger_(logger),
      api_(options_.base_url, options_.api_key, options_.requesting_service),
      http_(options_.http) {
  for (const std::string& symbol : options_.symbols) {
    for (const std::string& channel : options_.channels) active_[SubscriptionKey{channel, symbol}] = false;
  }
  counters_.wanted = active_.size();
}

GatewaySubscriptions::~GatewaySubscriptions() {
  stop();
}

void GatewaySubscriptions::start() {
  const std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  worker_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void GatewaySubscriptions::stop() {
  worker_.request_stop();
  if (worker_.joinable()) worker_.join();
}

// Subscribe what is missing, retrying with backoff until nothing is; then re-check the gateway's
// list every recheck_period and go back to subscribing whatever it no longer has.
void GatewaySubscriptions::run(const std::stop_token& stop) {
  retry::Backoff backoff(options_.initial_backoff, options_.max_backoff);
  Phase phase = Phase::subscribe;
  for (;;) {
    const bool ok = phase == Phase::subscribe ? subscribe_missing(stop) : recheck();
    std::chrono::milliseconds wait{0};
    if (!ok) {
      wait = backoff.next();  // retry the same phase
    } else if (missing_count() == 0) {
      backoff.reset();
      phase = Phase::recheck;
      wait = options_.recheck_period;
    } else {
      phase = Phase::subscribe;  // the re-check found some gone
    }
    std::unique_lock lock(sleep_mutex_);
    sleep_.wait_for(lock, stop, wait, [] { return false; });
    if (stop.stop_requested()) return;
  }
}

bool GatewaySubscriptions::subscribe_missing(const std::stop_token& stop) {
  std::vector<SubscriptionKey> missing;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& [key, subscribed] : active_) {
      if (!subscribed) missing.push_back(key);
    }
  }
  bool all = true;
  for (const SubscriptionKey& key : missing) {
    if (stop.stop_requested()) return false;
    all = subscribe(key) && all;
  }
  return all;
}

bool GatewaySubscriptions::subscribe(const SubscriptionKey& key) {
  const HttpRequest request = api_.subscribe(key);
  {
    const std::lock_guard lock(mutex_);
    ++counters_.attempts;
  }
  try {
    const HttpResponse response = http_.perform(request);
    if (const auto id = GatewayApi::subscription_id(response)) {
      {
        const std::lock_guard lock(mutex_);
        active_[key] = true;
      }
      logger_.info(kComponent, "subscribed", {{"subscription", to_string(key)}, {"id", *id}});
      return true;
    }
    record_failure("subscribe " + to_string(key) + ": " + request.url + " -> " +
                   GatewayApi::refusal(response));
  } catch (const std::exception& e) {
    record_failure("subscribe " + to_string(key) + ": " + e.what());
  }
  return false;
}

bool GatewaySubscriptions::recheck() {
  const HttpRequest request = api_.list();
  try {
    const HttpResponse response = http_.perform(request);
    if (response.status != 200) {
      record_failure("list subscriptions: " + request.url + " -> " + GatewayApi::refusal(response));
      return false;
    }
    const std::set<SubscriptionKey> listed = api_.active_subscriptions(response);
    std::vector<std::string> lost;
    {
      const std::lock_guard lock(mutex_);
      ++counters_.rechecks;
      for (auto& [key, subscribed] : active_) {
        if (subscribed && !listed.contains(key)) lost.push_back(to_string(key));
        subscribed = listed.contains(key);
      }
    }
    for (const std::string& key : lost) {
      logger_.warn(kComponent, "subscription missing at ws-gateway, subscribing again",
                   {{"subscription", key}});
    }
    return true;
  } catch (const std::exception& e) {
    record_failure("list subscriptions: " + request.url + ": " + e.what());
    return false;
  }
}

void GatewaySubscriptions::record_failure(const std::string& what) {
  {
    const std::lock_guard lock(mutex_);
    ++counters_.failures;
    counters_.last_error = what;
  }
  logger_.warn(kComponent, "ws-gateway call failed, will retry", {{"error", what}});
}

std::size_t GatewaySubscriptions::missing_count() const {
  const std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(active_.begin(), active_.end(), [](const auto& entry) { return !entry.second; }));
}

GatewaySubscriptionStatus GatewaySubscriptions::status() const {
  const std::lock_guard lock(mutex_);
  GatewaySubscriptionStatus out = counters_;
  out.active = static_cast<std::size_t>(
      std::count_if(active_.begin(), active_.end(), [](const auto& entry) { return entry.second; }));
  return out;
}

ComponentHealth GatewaySubscriptions::health() const {
  const GatewaySubscriptionStatus s = status();
  const std::string where = " at " + api_.base_url();
  if (s.active == s.wanted) {
    return {HealthStatus::healthy, std::to_string(s.active) + " subscriptions active" + where};
  }
  std::string detail = std::to_string(s.wanted - s.active) + " of " + std::to_string(s.wanted) +
                       " subscriptions missing" + where;
  if (!s.last_error.empty()) detail += " (last error: " + s.last_error + ")";
  return {HealthStatus::degraded, detail};
}

}  // namespace fsvc::rest
