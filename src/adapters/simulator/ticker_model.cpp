#include "adapters/simulator/ticker_model.hpp"

#include "core/types/decimal.hpp"

namespace fsvc::sim {

namespace {

// Sets `field` when the value is new or changed; returns whether it did.
bool carry(std::optional<double>& field, std::int64_t now, const std::int64_t* before) {
  if (before != nullptr && *before == now) return false;
  field = fixed_to_double(now);
  return true;
}

}  // namespace

std::optional<TickerUpdate> TickerModel::publish(const TickerValues& now) {
  const TickerValues* before = last_ ? &*last_ : nullptr;
  const auto previous = [&](std::int64_t TickerValues::*member) -> const std::int64_t* {
    return before != nullptr ? &(before->*member) : nullptr;
  };
  TickerUpdate update;
  bool changed = false;
  changed |= carry(update.last_price, now.last_price, previous(&TickerValues::last_price));
  changed |= carry(update.mark_price, now.mark_price, previous(&TickerValues::mark_price));
  changed |= carry(update.index_price, now.index_price, previous(&TickerValues::index_price));
  changed |= carry(update.bid1_price, now.bid1_price, previous(&TickerValues::bid1_price));
  changed |= carry(update.bid1_size, now.bid1_size, previous(&TickerValues::bid1_size));
  changed |= carry(update.ask1_price, now.ask1_price, previous(&TickerValues::ask1_price));
  changed |= carry(update.ask1_size, now.ask1_size, previous(&TickerValues::ask1_size));
  changed |= carry(update.open_interest, now.open_interest, previous(&TickerValues::open_interest));
  changed |= carry(update.volume_24h, now.volume_24h, previous(&TickerValues::volume_24h));
  changed |= carry(update.turnover_24h, now.turnover_24h, previous(&TickerValues::turnover_24h));
  // Bybit repeats the funding pair together whenever either changes.
  if (before == nullptr || before->funding_rate != now.funding_rate ||
      before->next_funding_time != now.next_funding_time) {
    update.funding_rate = fixed_to_double(now.funding_rate);
    update.next_funding_time = now.next_funding_time;
    changed = true;
  }
  last_ = now;
  if (!changed) return std::nullopt;
  return update;
}

}  // namespace fsvc::sim
