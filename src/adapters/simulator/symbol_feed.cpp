#include "adapters/simulator/symbol_feed.hpp"

#include <algorithm>
#include <cmath>

#include "adapters/simulator/push_cadence.hpp"
#include "core/types/decimal.hpp"

namespace fsvc::sim {

namespace {

// ~55 % annualised volatility: 1e-4 per √second.
constexpr double kVolatilityPerSqrtSecond = 1e-4;
// Pull back towards the base price with a half-life of hours, so long runs stay near it.
constexpr double kMeanReversionPerSecond = 1e-4;
constexpr Duration kFundingInterval = 8 * kMicrosPerHour;
constexpr std::int64_t kFundingRateStep = 100;  // 0.000001 in units
constexpr std::int64_t kTurnoverStep = kFixedScale / 10'000;

// A busy BTCUSDT changes its book and ticker within almost every push slot (the real orderbook.200
// sample fills 94 % of its 100 ms slots).
constexpr double kBookPushChance = 0.9;
constexpr double kTickerPushChance = 0.95;
// Taker orders per second of BTCUSDT in a quiet stretch and in a burst, and how long each lasts.
constexpr double kQuietTradesPerSecond = 0.6;
constexpr double kBurstTradesPerSecond = 25.0;
constexpr double kQuietSecondsLow = 3.0;
constexpr double kQuietSecondsHigh = 20.0;
constexpr double kBurstSecondsLow = 1.0;
constexpr double kBurstSecondsHigh = 5.0;

Timestamp next_funding_after(Timestamp t) {
  return floor_to(t, kFundingInterval) + kFundingInterval;
}

}  // namespace

SymbolFeed::SymbolFeed(std::string symbol, std::uint64_t seed, std::uint64_t stream, Timestamp start,
                       int depth, double rate_scale)
    : symbol_(std::move(symbol)),
      profile_(profile_for(symbol_)),
      random_(seed, stream),
      book_(profile_, depth, random_),
      depth_(depth),
      book_cadence_(book_push_cadence(depth)),
      book_push_chance_(std::min(1.0, kBookPushChance * profile_.activity * rate_scale)),
      ticker_push_chance_(std::min(1.0, kTickerPushChance * profile_.activity * rate_scale)),
      trade_rate_scale_(profile_.activity * rate_scale),
      fair_price_(profile_.base_price * random_.uniform(0.98, 1.02)),
      fair_price_time_(floor_to(start, kMicrosPerMilli)),
      update_id_(random_.integer(1'000'000, 90'000'000)),
      cross_seq_(random_.integer(100'000'000'000, 900'000'000'000)),
      last_price_(round_to_tick(fair_price_)),
      mark_price_(last_price_),
      index_price_(last_price_),
      open_interest_(random_.integer(20'000, 80'000) * 1'000 * profile_.lot_units),
      volume_24h_(random_.integer(5'000, 20'000) * 1'000 * profile_.lot_units),
      turnover_24h_(0),
      funding_rate_(random_.integer(-5, 15) * kFundingRateStep * 5),
      klines_(last_price_) {
  book_.initialize(fair_price_);
  turnover_24h_ = std::llround(fixed_to_double(volume_24h_) * fair_price_ * 10'000.0) * kTurnoverStep;
  // Each source starts a few milliseconds apart, the book first, as after a fresh subscription.
  next_book_ = fair_price_time_ + interval_ms(1, 20);
  next_ticker_ = next_book_ + interval_ms(1, 100);
  next_trade_ = next_book_ + interval_ms(50, 800);
  next_kline_ = next_book_ + interval_ms(100, 1'000);
  trade_regime_end_ =
      next_trade_ +
      static_cast<Duration>(random_.uniform(kQuietSecondsLow, kQuietSecondsHigh) * 1'000.0) * kMicrosPerMilli;
}

Duration SymbolFeed::interval_ms(double low, double high) {
  const double millis = random_.uniform(low, high) / profile_.activity;
  return std::max<Duration>(1, static_cast<Duration>(millis)) * kMicrosPerMilli;
}

Duration SymbolFeed::slots_until_push(Duration cadence, double push_chance) {
  // One draw per slot rather than a geometric formula: no logarithm, whose last bits vary between
  // C libraries. Even a nearly silent stream pushes once an hour, which bounds the draws.
  Duration wait = cadence;
  while (wait < kMicrosPerHour && !random_.chance(push_chance)) wait += cadence;
  return wait;
}

Timestamp SymbolFeed::next_trade_after(Timestamp now) {
  if (now >= trade_regime_end_) {
    trade_burst_ = !trade_burst_;
    const double seconds = trade_burst_ ? random_.uniform(kBurstSecondsLow, kBurstSecondsHigh)
                                        : random_.uniform(kQuietSecondsLow, kQuietSecondsHigh);
    trade_regime_end_ = now + static_cast<Duration>(seconds * 1'000.0) * kMicrosPerMilli;  // whole ms
  }
  const double per_second =
      (trade_burst_ ? kBurstTradesPerSecond : kQuietTradesPerSecond) * trade_rate_scale_;
  // Uniform gaps around the mean: a Poisson-like stream without a logarithm.
  const double millis = random_.uniform(0.2, 1.8) * 1'000.0 / per_second;
  const Timestamp next =
      now + std::max<Duration>(1, static_cast<Duration>(std::min(millis, 1e12))) * kMicrosPerMilli;
  // A burst opens with a taker order the moment the quiet stretch ends.
  return trade_burst_ ? next : std::min(next, trade_regime_end_);
}

std::int64_t SymbolFeed::round_to_tick(double price) const {
  const double ticks =
      std::floor(price * static_cast<double>(kFixedScale) / static_cast<double>(profile_.tick_units) + 0.5);
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(ticks)) * profile_.tick_units;
}

Timestamp SymbolFeed::next_time() const {
  return std::min({next_book_, next_trade_, next_ticker_, next_kline_});
}

SymbolFeed::Source SymbolFeed::next_source() const {
  const Timestamp t = next_time();
  if (next_book_ == t) return Source::book;
  if (next_trade_ == t) return Source::trade;
  if (next_ticker_ == t) return Source::ticker;
  return Source::kline;
}

bool SymbolFeed::next_book_is_snapshot() const {
  return snapshot_due_ || (recovery_snapshot_at_ != 0 && next_book_ >= recovery_snapshot_at_);
}

EventHeader SymbolFeed::header_at(Timestamp now) const {
  EventHeader header;
  (void)header.symbol.assign(symbol_);
  header.ts_event = now;
  return header;
}

void SymbolFeed::emit(const BookFaults& faults, std::vector<MarketEvent>& out) {
  const Timestamp now = next_time();
  switch (next_source()) {
    case Source::book:
      emit_book(now, faults, out);
      next_book_ = now + slots_until_push(book_cadence_, book_push_chance_);
      return;
    case Source::trade:
      emit_trades(now, out);
      next_trade_ = next_trade_after(now);
      return;
    case Source::ticker:
      emit_ticker(now, out);
      next_ticker_ = now + slots_until_push(kTickerPushCadence, ticker_push_chance_);
      return;
    case Source::kline: {
      emit_klines(now, out);
      // The confirming push follows the minute's close by a fraction of a second. Its delay is drawn
      // first: the order g++ evaluated the two when they were std::min's arguments (clang evaluates
      // arguments the other way), so a seed gives the same stream from either compiler.
      const Duration confirm_delay = interval_ms(40, 500);
      const Duration update_delay = interval_ms(1'000, 3'000);
      next_kline_ = std::min(now + update_delay, klines_.current_end() + confirm_delay);
      return;
    }
  }
}

void SymbolFeed::advance_fair_price(Timestamp now) {
  const double seconds = static_cast<double>(now - fair_price_time_) / static_cast<double>(kMicrosPerSecond);
  fair_price_time_ = now;
  if (seconds <= 0) return;
  const double shock = kVolatilityPerSqrtSecond * std::sqrt(seconds) * random_.normal();
  const double pull = kMeanReversionPerSecond * seconds * (profile_.base_price - fair_price_) / fair_price_;
  fair_price_ *= 1.0 + shock + pull;
  const double floor_price =
      20.0 * static_cast<double>(profile_.tick_units) / static_cast<double>(kFixedScale);
  fair_price_ = std::max(fair_price_, floor_price);
}

void SymbolFeed::emit_book(Timestamp now, const BookFaults& faults, std::vector<MarketEvent>& out) {
  advance_fair_price(now);
  BookUpdate update;
  update.header = header_at(now);
  update.depth = depth_;
  book_.step(fair_price_, update.bids, update.asks);

  const bool recovering = recovery_snapshot_at_ != 0 && now >= recovery_snapshot_at_;
  update.is_snapshot = snapshot_due_ || recovering || faults.resend_snapshot;
  if (update.is_snapshot) book_.snapshot(update.bids, update.asks);
  if (faults.resend_snapshot && faults.restart_sequence) {
    update_id_ = 1;
  } else if (!snapshot_due_) {
    update_id_ += 1;
  }
  if (faults.skip_update_id && !update.is_snapshot) {
    update_id_ += 1;
    // ws-gateway re-subscribes after the service reports the gap; Bybit then sends a new snapshot.
    recovery_snapshot_at_ = now + interval_ms(500, 1'500);
  }
  if (recovering) recovery_snapshot_at_ = 0;
  snapshot_due_ = false;
  update.update_id = update_id_;
  cross_seq_ += random_.integer(1, 5'000);
  update.cross_seq = cross_seq_;
  out.emplace_back(std::move(update));
}

std::int64_t SymbolFeed::random_taker_size() {
  const double u = random_.uniform();
  std::int64_t lots = 0;
  if (u < 0.7) {
    lots = random_.integer(1, 10);
  } else if (u < 0.95) {
    lots = random_.integer(10, 300);
  } else {
    lots = random_.integer(300, 3'000);
  }
  return lots * profile_.lot_units;
}

void SymbolFeed::emit_trades(Timestamp now, std::vector<MarketEvent>& out) {
  // Bybit often reports several fills of one taker order in one message: same time, same side.
  const Side side = random_.chance(0.5) ? Side::buy : Side::sell;
  const std::int64_t fills = random_.chance(0.75) ? 1 : random_.integer(2, 4);
  for (std::int64_t i = 0; i < fills; ++i) {
    const BookModel::Fill fill = book_.take(side, random_taker_size());
    if (fill.size == 0) break;
    TradeEvent trade;
    trade.header = header_at(now);
    trade.price = fill.price;
    trade.size = fill.size;
    trade.taker_side = side;
    (void)trade.trade_id.assign(random_.uuid());
    last_price_ = fill.price;
    volume_24h_ += fill.size;
    turnover_24h_ +=
        std::llround(fixed_to_double(fill.price) * fixed_to_double(fill.size) * 10'000.0) * kTurnoverStep;
    klines_.on_trade(now, fill.price, fill.size);
    out.emplace_back(std::move(trade));
  }
}

TickerValues SymbolFeed::ticker_values(Timestamp now) {
  const double mid = (fixed_to_double(book_.best_bid()) + fixed_to_double(book_.best_ask())) / 2.0;
  if (random_.chance(0.05)) funding_rate_ += random_.integer(-3, 3) * kFundingRateStep;
  if (random_.chance(0.1)) open_interest_ += random_.integer(-50, 50) * profile_.lot_units;
  open_interest_ = std::max(open_interest_, profile_.lot_units);
  TickerValues values;
  values.last_price = last_price_;
  // Mark and index drift a little around the mid and change about once a second, as on Bybit.
  if (random_.chance(0.3)) mark_price_ = round_to_tick(mid * (1.0 + 2e-5 * random_.normal()));
  if (random_.chance(0.3)) index_price_ = round_to_tick(mid * (1.0 + 3e-5 * random_.normal()));
  values.mark_price = mark_price_;
  values.index_price = index_price_;
  values.bid1_price = book_.best_bid();
  values.bid1_size = book_.best_bid_size();
  values.ask1_price = book_.best_ask();
  values.ask1_size = book_.best_ask_size();
  values.funding_rate = funding_rate_;
  values.next_funding_time = next_funding_after(now);
  values.open_interest = open_interest_;
  values.volume_24h = volume_24h_;
  values.turnover_24h = turnover_24h_;
  return values;
}

void SymbolFeed::emit_ticker(Timestamp now, std::vector<MarketEvent>& out) {
  TickerValues values = ticker_values(now);
  auto update = ticker_.publish(values);
  if (!update) return;
  update->header = header_at(now);
  out.emplace_back(std::move(*update));
}

void SymbolFeed::emit_klines(Timestamp now, std::vector<MarketEvent>& out) {
  std::vector<KlineEvent> pushes;
  klines_.push(now, pushes);
  for (auto& push : pushes) {
    push.header = header_at(now);
    out.emplace_back(std::move(push));
  }
}

}  // namespace fsvc::sim
