#include "adapters/rabbitmq/queue_spec.hpp"

#include <utility>

namespace fsvc::rabbitmq {

QueueSpec ws_gateway_queue(std::string name) {
  return QueueSpec{std::move(name), true, QueueSpec::Arguments::ws_gateway};
}

QueueSpec plain_durable_queue(std::string name) {
  return QueueSpec{std::move(name), true, QueueSpec::Arguments::none};
}

std::vector<std::string> market_queue_names(bool with_order_events) {
  std::vector<std::string> names{"ws-gateway.orderbook", "ws-gateway.trade", "ws-gateway.ticker",
                                 "ws-gateway.kline", "ws-gateway.funding"};
  if (with_order_events) names.emplace_back(kOrderEventsQueue);
  return names;
}

}  // namespace fsvc::rabbitmq
