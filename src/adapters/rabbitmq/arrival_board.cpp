#include "adapters/rabbitmq/arrival_board.hpp"

namespace fsvc::rabbitmq {

void ArrivalBoard::note(std::string_view symbol, const ArrivalStamp& stamp) {
  const std::lock_guard lock(mutex_);
  const auto it = stamps_.find(symbol);
  if (it != stamps_.end()) {
    it->second = stamp;
  } else {
    stamps_.emplace(std::string(symbol), stamp);
  }
}

std::optional<ArrivalStamp> ArrivalBoard::newest(std::string_view symbol) const {
  const std::lock_guard lock(mutex_);
  const auto it = stamps_.find(symbol);
  if (it == stamps_.end()) return std::nullopt;
  return it->second;
}

}  // namespace fsvc::rabbitmq
