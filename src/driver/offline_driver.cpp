#include "driver/offline_driver.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace fsvc {

OfflineDriver::OfflineDriver(EngineConfig config, OfflineTicks ticks, VectorSink& sink)
    : engine_(std::move(config)), ticks_(ticks), sink_(sink), ticker_(engine_.config()) {}

void OfflineDriver::feed(const MarketEvent& event) {
  if (ticks_ == OfflineTicks::canonical) {
    ticker_.before_event(event, due_);
    drain_due();
  }
  engine_.on_event(event);
  ++events_;
}

void OfflineDriver::feed(const Tick& t) {
  if (ticks_ == OfflineTicks::canonical) {
    throw std::logic_error("OfflineDriver: a tick was fed in canonical mode, where ticks are derived");
  }
  tick(t);
}

void OfflineDriver::feed(const EngineInput& input) {
  std::visit([this](const auto& x) { feed(x); }, input);
}

void OfflineDriver::feed(const DataGap& gap) {
  engine_.on_gap(gap);
}

void OfflineDriver::finish() {
  if (ticks_ == OfflineTicks::canonical) {
    ticker_.finish(due_);
    drain_due();
  }
}

void OfflineDriver::tick(const Tick& t) {
  if (auto vector = engine_.on_tick(t)) {
    ++vectors_;
    sink_.on_vector(*vector);
  }
}

void OfflineDriver::drain_due() {
  for (const Tick& t : due_) tick(t);
  due_.clear();
}

std::uint64_t replay_canonical(std::vector<MarketEvent> events, const EngineConfig& config,
                               VectorSink& sink) {
  std::stable_sort(events.begin(), events.end(), [](const MarketEvent& a, const MarketEvent& b) {
    return header_of(a).ts_event < header_of(b).ts_event;
  });
  OfflineDriver driver(config, OfflineTicks::canonical, sink);
  for (const MarketEvent& e : events) driver.feed(e);
  driver.finish();
  return driver.vectors();
}

}  // namespace fsvc
