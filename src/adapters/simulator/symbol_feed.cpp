#include "adapters/simulator/symbol_feed.hpp"

#include <algorithm>
#include <cmath>

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

Timestamp next_funding_after(Timestamp t) {
  return floor_to(t, kFundingInterval) + kFundingInterval;
}

}  // namespace

SymbolFeed::SymbolFeed(std::string symbol, std::uint64_t seed, std::uint64_t stream, Timestamp start,
                       int depth)
    : symbol_(std::move(symbol)),
      profile_(profile_for(symbol_)),
      random_(seed, stream),
      book_(profile_, depth, random_),
      depth_(depth),
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
}

Duration SymbolFeed::interval_ms(double low, double high) {
  const double millis = random_.uniform(low, high) / profile_.activity;
  return std::max<Duration>(1, static_cast<Duration>(millis)) * kMicrosPerMilli;
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
      next_book_ = now + interval_ms(60, 260);
      return;
    case Source::trade:
      emit_trades(now, out);
      next_trade_ = now + interval_ms(80, 1'200);
      return;
    case Source::ticker:
      emit_ticker(now, out);
      next_ticker_ = now + interval_ms(100, 400);
      return;
    case Source::kline:
      emit_klines(now, out);
      // The confirming push follows the minute's close by a fraction of a second.
      next_kline_ = std::min(now + interval_ms(1'000, 3'000), klines_.current_end() + interval_ms(40, 500));
      return;
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
