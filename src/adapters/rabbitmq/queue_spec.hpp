#pragma once

#include <string>
#include <vector>

namespace fsvc::rabbitmq {

// How a queue is declared. ws-gateway's queues must be declared passively or with exactly its
// arguments (anything else is PRECONDITION_FAILED and closes the channel), so the arguments are a
// closed set rather than free-form tables.
struct QueueSpec {
  enum class Arguments { none, ws_gateway };

  std::string name;
  bool durable = true;
  Arguments arguments = Arguments::none;
};

// Durable, x-message-ttl = 86400000 and x-max-length = 100000 (integers), x-overflow = drop-head
// (contracts.md §1).
QueueSpec ws_gateway_queue(std::string name);
// Durable, no arguments (features.live, features.dataset.ready; contracts.md §3).
QueueSpec plain_durable_queue(std::string name);

// ws-gateway.{orderbook,trade,ticker,kline,funding}, plus order-manager.order_events when asked.
// Never ws-gateway.order: order-manager consumes it and a second consumer would steal messages.
std::vector<std::string> market_queue_names(bool with_order_events);

inline constexpr const char* kFeaturesLiveQueue = "features.live";
inline constexpr const char* kDatasetReadyQueue = "features.dataset.ready";
inline constexpr const char* kOrderEventsQueue = "order-manager.order_events";

}  // namespace fsvc::rabbitmq
