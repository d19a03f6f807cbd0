#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "core/types/inline_string.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

enum class EventType : std::uint8_t { orderbook, trade, ticker, kline, funding };
inline constexpr int kEventTypeCount = 5;

std::string_view to_string(EventType t);

// What every market event carries, in the spirit of ts_event / ts_init:
//   ts_event   exchange time: the trade's `T`, otherwise the envelope `timestamp`. All windows use it.
//   ts_gateway ws-gateway's wall clock when it received the frame (`received_at`).
//   ts_init    this service's wall clock when it received the message (0 when unknown offline).
//   ingest_seq position in this service's journal (0 until the online driver assigns one).
struct EventHeader {
  Symbol symbol;
  EventId event_id;
  Timestamp ts_event = 0;
  Timestamp ts_gateway = 0;
  Timestamp ts_init = 0;
  std::uint64_t ingest_seq = 0;
  friend bool operator==(const EventHeader&, const EventHeader&) = default;
};

enum class Side : std::uint8_t { buy, sell };

// Prices and sizes are fixed-point units (see core/types/decimal.hpp).
struct BookLevel {
  std::int64_t price = 0;
  std::int64_t size = 0;  // 0 in a delta deletes the level
  friend bool operator==(const BookLevel&, const BookLevel&) = default;
};

struct BookUpdate {
  EventHeader header;
  bool is_snapshot = false;
  std::int64_t update_id = 0;  // Bybit `u`: contiguous, each delta is previous + 1
  std::int64_t cross_seq = 0;  // Bybit `seq`: increasing, not contiguous
  int depth = 0;               // from the topic, orderbook.{depth}.SYMBOL; 0 when unknown
  // A snapshot fetched over REST after a desynchronization (not one of the WebSocket stream): it
  // is bridged to the deltas buffered meanwhile, where a WebSocket snapshot resets the book.
  bool from_rest = false;
  std::vector<BookLevel> bids;
  std::vector<BookLevel> asks;
  friend bool operator==(const BookUpdate&, const BookUpdate&) = default;
};

struct TradeEvent {
  EventHeader header;
  std::int64_t price = 0;
  std::int64_t size = 0;
  Side taker_side = Side::buy;
  EventId trade_id;
  bool block_trade = false;  // Bybit `BT`
  friend bool operator==(const TradeEvent&, const TradeEvent&) = default;
};

// A ticker message carries only the fields that changed; absent ones stay std::nullopt and are
// merged into the last known values by whoever keeps ticker state.
struct TickerUpdate {
  EventHeader header;
  std::optional<double> last_price;
  std::optional<double> mark_price;
  std::optional<double> index_price;
  std::optional<double> bid1_price;
  std::optional<double> bid1_size;
  std::optional<double> ask1_price;
  std::optional<double> ask1_size;
  std::optional<double> funding_rate;
  std::optional<Timestamp> next_funding_time;  // µs
  std::optional<double> open_interest;
  std::optional<double> volume_24h;
  std::optional<double> turnover_24h;
  friend bool operator==(const TickerUpdate&, const TickerUpdate&) = default;
};

struct KlineEvent {
  EventHeader header;
  Timestamp start = 0;  // µs
  Timestamp end = 0;    // µs
  InlineString<7> interval;
  double open = 0, high = 0, low = 0, close = 0, volume = 0, turnover = 0;
  bool confirm = false;
  friend bool operator==(const KlineEvent&, const KlineEvent&) = default;
};

struct FundingEvent {
  EventHeader header;
  std::optional<double> funding_rate;
  std::optional<Timestamp> funding_rate_time;  // µs
  std::optional<Timestamp> next_funding_time;  // µs
  friend bool operator==(const FundingEvent&, const FundingEvent&) = default;
};

using MarketEvent = std::variant<BookUpdate, TradeEvent, TickerUpdate, KlineEvent, FundingEvent>;

inline const EventHeader& header_of(const MarketEvent& e) {
  return std::visit([](const auto& x) -> const EventHeader& { return x.header; }, e);
}
inline EventHeader& header_of(MarketEvent& e) {
  return std::visit([](auto& x) -> EventHeader& { return x.header; }, e);
}
inline EventType type_of(const MarketEvent& e) {
  return static_cast<EventType>(e.index());
}

// The engine's clock input: "emit the vector for boundary t of this symbol".
struct Tick {
  Symbol symbol;
  Timestamp boundary = 0;
  std::uint64_t ingest_seq = 0;  // ticks are journaled like events
  friend bool operator==(const Tick&, const Tick&) = default;
};

using EngineInput = std::variant<MarketEvent, Tick>;

// Its exchange time (a tick's boundary): what orders an input in time and partitions it by day.
inline Timestamp partition_time(const EngineInput& input) {
  if (const auto* tick = std::get_if<Tick>(&input)) return tick->boundary;
  return header_of(std::get<MarketEvent>(input)).ts_event;
}
inline std::uint64_t ingest_seq_of(const EngineInput& input) {
  if (const auto* tick = std::get_if<Tick>(&input)) return tick->ingest_seq;
  return header_of(std::get<MarketEvent>(input)).ingest_seq;
}
inline const Symbol& symbol_of(const EngineInput& input) {
  if (const auto* tick = std::get_if<Tick>(&input)) return tick->symbol;
  return header_of(std::get<MarketEvent>(input)).symbol;
}

}  // namespace fsvc
