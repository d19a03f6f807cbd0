#include "adapters/simulator/market_simulator.hpp"

#include <deque>

#include "adapters/json/envelope_json.hpp"
#include "adapters/simulator/delivery_stage.hpp"
#include "adapters/simulator/malformed_text.hpp"
#include "adapters/simulator/random_source.hpp"
#include "adapters/simulator/symbol_feed.hpp"

namespace fsvc::sim {

namespace {

// Independent random streams drawn from the one seed; symbols use a hash of their name, so a
// symbol's market does not depend on which other symbols are simulated with it.
constexpr std::uint64_t kFaultStream = 0xFA017;
constexpr std::uint64_t kIdStream = 0x1D5;
constexpr std::uint64_t kGatewayStream = 0x6A7E;

// Out-of-order swaps stay within the engine's default allowed lateness (100 ms).
constexpr Duration kSwapWindow = 50 * kMicrosPerMilli;
// Late messages are held back for this much stream time.
constexpr double kLateMinSeconds = 1.0;
constexpr double kLateMaxSeconds = 2.0;

std::uint64_t symbol_stream(std::string_view symbol) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a
  for (const char c : symbol) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

struct MarketSimulator::Impl {
  explicit Impl(SimulatorOptions opts);

  void generate_step();
  BookFaults decide_book_faults(const SymbolFeed& feed);
  void route(MarketEvent event);
  SimulatedMessage stamp(MarketEvent event);

  SimulatorOptions options;
  Timestamp end;
  std::vector<SymbolFeed> feeds;
  RandomSource fault_random;
  RandomSource id_random;
  RandomSource gateway_random;
  DeliveryStage stage;
  std::deque<SimulatedMessage> ready;
  std::vector<MarketEvent> scratch;
  Timestamp last_received = 0;
  bool flushed = false;
  FaultCounts counts;
};

MarketSimulator::Impl::Impl(SimulatorOptions opts)
    : options(std::move(opts)),
      end(options.start + options.duration),
      fault_random(options.seed, kFaultStream),
      id_random(options.seed, kIdStream),
      gateway_random(options.seed, kGatewayStream) {
  feeds.reserve(options.symbols.size());
  for (const auto& symbol : options.symbols) {
    feeds.emplace_back(symbol, options.seed, symbol_stream(symbol), options.start, options.book_depth,
                       options.rate_scale);
  }
}

BookFaults MarketSimulator::Impl::decide_book_faults(const SymbolFeed& feed) {
  BookFaults faults;
  if (feed.next_source() != SymbolFeed::Source::book || feed.next_book_is_snapshot()) return faults;
  if (fault_random.chance(options.faults.sequence_gap)) {
    faults.skip_update_id = true;
    ++counts.sequence_gaps;
  } else if (fault_random.chance(options.faults.mid_stream_snapshot)) {
    faults.resend_snapshot = true;
    faults.restart_sequence = fault_random.chance(0.5);
    ++counts.mid_stream_snapshots;
  }
  return faults;
}

SimulatedMessage MarketSimulator::Impl::stamp(MarketEvent event) {
  EventHeader& header = header_of(event);
  (void)header.event_id.assign(id_random.uuid());
  SimulatedMessage message;
  message.trace_id = id_random.uuid();
  // ws-gateway reads one socket at a time: its receive times never go backwards.
  header.ts_gateway = std::max(header.ts_event + gateway_random.integer(2'000, 40'000), last_received);
  last_received = header.ts_gateway;
  message.arrival = header.ts_gateway + gateway_random.integer(50, 500);
  message.event = std::move(event);
  return message;
}

void MarketSimulator::Impl::route(MarketEvent event) {
  const EventType type = type_of(event);
  StagedMessage staged;
  staged.event_time = header_of(event).ts_event;
  staged.symbol = header_of(event).symbol.str();
  staged.type = type;
  staged.message = stamp(std::move(event));
  // Broken or late book messages would be sequence gaps, which have a fault of their own.
  const bool may_break = type != EventType::orderbook;
  if (may_break && fault_random.chance(options.faults.malformed)) {
    const auto kind = static_cast<MalformedKind>(fault_random.integer(0, kMalformedKindCount - 1));
    staged.message.malformed =
        make_malformed(json::encode_envelope(*staged.message.event, staged.message.trace_id), kind);
    staged.message.event.reset();
    staged.symbol.clear();
    ++counts.malformed;
    stage.push(std::move(staged), ready);
  } else if (may_break && fault_random.chance(options.faults.late)) {
    const Timestamp release_at =
        staged.event_time + static_cast<Duration>(fault_random.uniform(kLateMinSeconds, kLateMaxSeconds) *
                                                  static_cast<double>(kMicrosPerSecond));
    ++counts.late;
    stage.push_late(std::move(staged), release_at);
  } else if (fault_random.chance(options.faults.out_of_order)) {
    stage.push_swap_candidate(std::move(staged), kSwapWindow, ready);
  } else {
    stage.push(std::move(staged), ready);
  }
}

void MarketSimulator::Impl::generate_step() {
  SymbolFeed* earliest = nullptr;
  for (auto& feed : feeds) {
    if (feed.next_time() < end && (earliest == nullptr || feed.next_time() < earliest->next_time())) {
      earliest = &feed;
    }
  }
  if (earliest == nullptr) {
    stage.flush(ready);
    flushed = true;
    return;
  }
  scratch.clear();
  earliest->emit(decide_book_faults(*earliest), scratch);
  for (auto& event : scratch) route(std::move(event));
  counts.out_of_order = stage.swaps();
}

MarketSimulator::MarketSimulator(SimulatorOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
MarketSimulator::~MarketSimulator() = default;
MarketSimulator::MarketSimulator(MarketSimulator&&) noexcept = default;

std::optional<SimulatedMessage> MarketSimulator::next() {
  while (impl_->ready.empty() && !impl_->flushed) impl_->generate_step();
  if (impl_->ready.empty()) return std::nullopt;
  SimulatedMessage message = std::move(impl_->ready.front());
  impl_->ready.pop_front();
  return message;
}

const FaultCounts& MarketSimulator::faults_injected() const {
  return impl_->counts;
}

}  // namespace fsvc::sim
