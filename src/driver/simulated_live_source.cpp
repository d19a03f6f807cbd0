#include "driver/simulated_live_source.hpp"

#include <functional>

#include "core/types/decimal.hpp"

namespace fsvc {

namespace {

constexpr int kLevels = 10;
constexpr std::int64_t kTick = kFixedScale / 10;  // 0.1

Symbol symbol_of(const std::string& text) {
  Symbol s;
  if (!s.assign(text)) throw std::invalid_argument("simulated source: symbol too long: " + text);
  return s;
}

EventId id_of(const std::string& text) {
  EventId id;
  (void)id.assign(text.substr(0, EventId::capacity()));
  return id;
}

}  // namespace

// The book is centre ± 1..10 ticks: a move of the centre adds a level on one side of each book
// half and deletes one on the other, so every delta is exact and the book never crosses.
struct SimulatedLiveSource::Market {
  Symbol symbol;
  std::int64_t centre = 0;  // in ticks
  std::int64_t update_id = 0;
  std::uint64_t events = 0;

  EventHeader header(Timestamp now) {
    EventHeader h;
    h.symbol = symbol;
    h.event_id = id_of("sim-" + symbol.str() + "-" + std::to_string(++events));
    h.ts_event = now;
    h.ts_gateway = now;
    return h;
  }
};

SimulatedLiveSource::SimulatedLiveSource(const Clock& clock, EventSink& sink, SimulatedLiveOptions options)
    : clock_(clock), sink_(sink), options_(std::move(options)), rng_(options_.seed) {
  for (const std::string& text : options_.symbols) {
    Market m;
    m.symbol = symbol_of(text);
    // A plausible, symbol-dependent starting price between 10 and 60,000.
    m.centre = 100 + static_cast<std::int64_t>(std::hash<std::string>{}(text) % 600'000);
    markets_.push_back(m);
  }
}

SimulatedLiveSource::~SimulatedLiveSource() {
  stop();
}

void SimulatedLiveSource::start() {
  thread_ = std::thread([this] { run(); });
}

void SimulatedLiveSource::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SimulatedLiveSource::run() {
  std::uniform_int_distribution<std::int64_t> size(1, 500);
  for (Market& m : markets_) {
    BookUpdate snapshot;
    snapshot.header = m.header(clock_.now());
    snapshot.is_snapshot = true;
    snapshot.update_id = ++m.update_id;
    for (int k = 1; k <= kLevels; ++k) {
      snapshot.bids.push_back({(m.centre - k) * kTick, size(rng_) * kFixedScale / 100});
      snapshot.asks.push_back({(m.centre + k) * kTick, size(rng_) * kFixedScale / 100});
    }
    sink_.submit(std::move(snapshot));
  }
  std::unique_lock lock(mutex_);
  while (!cv_.wait_for(lock, options_.step, [this] { return stopping_; })) {
    lock.unlock();
    for (Market& m : markets_) step(m);
    lock.lock();
  }
}

void SimulatedLiveSource::step(Market& m) {
  std::uniform_int_distribution<int> move(-1, 1);
  std::uniform_int_distribution<std::int64_t> size(1, 500);
  std::uniform_int_distribution<int> level(2, kLevels);
  std::bernoulli_distribution trade(options_.trade_probability);
  const auto units = [&] { return size(rng_) * kFixedScale / 100; };

  BookUpdate delta;
  delta.header = m.header(clock_.now());
  delta.update_id = ++m.update_id;
  const int direction = move(rng_);
  if (direction > 0) {  // centre up: new best bid at the old centre, best ask level removed
    delta.bids.push_back({m.centre * kTick, units()});
    delta.bids.push_back({(m.centre - kLevels) * kTick, 0});
    delta.asks.push_back({(m.centre + 1) * kTick, 0});
    delta.asks.push_back({(m.centre + 1 + kLevels) * kTick, units()});
  } else if (direction < 0) {
    delta.asks.push_back({m.centre * kTick, units()});
    delta.asks.push_back({(m.centre + kLevels) * kTick, 0});
    delta.bids.push_back({(m.centre - 1) * kTick, 0});
    delta.bids.push_back({(m.centre - 1 - kLevels) * kTick, units()});
  }
  m.centre += direction;
  const int k = level(rng_);  // a size change deeper in the book
  delta.bids.push_back({(m.centre - k) * kTick, units()});
  delta.asks.push_back({(m.centre + k) * kTick, units()});
  sink_.submit(std::move(delta));

  if (trade(rng_)) {
    TradeEvent t;
    t.header = m.header(clock_.now());
    t.taker_side = move(rng_) >= 0 ? Side::buy : Side::sell;
    t.price = (t.taker_side == Side::buy ? m.centre + 1 : m.centre - 1) * kTick;
    t.size = units();
    t.trade_id = id_of("sim-trade-" + std::to_string(m.events));
    sink_.submit(std::move(t));
  }
}

}  // namespace fsvc
