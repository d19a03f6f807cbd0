#include "adapters/http/connection_table.hpp"

#include <vector>

namespace fsvc::http {

bool ConnectionTable::make_room() {
  {
    const std::lock_guard lock(mutex_);
    if (connections_.size() < capacity_) return true;
  }
  return evict_oldest_idle();
}

bool ConnectionTable::evict_oldest_idle() {
  // Every reference taken under the lock is dropped after it: dropping the last one runs the
  // connection's destructor, which calls remove().
  std::vector<std::shared_ptr<Connection>> busy;
  std::shared_ptr<Connection> victim;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& entry : connections_) {
      auto connection = entry.lock();
      if (!connection) continue;  // closing already
      if (connection->idle()) {
        victim = std::move(connection);
        break;
      }
      busy.push_back(std::move(connection));
    }
  }
  if (!victim) return false;
  victim->evict();
  return true;
}

ConnectionTable::Slot ConnectionTable::add(std::weak_ptr<Connection> connection) {
  const std::lock_guard lock(mutex_);
  return connections_.insert(connections_.end(), std::move(connection));
}

void ConnectionTable::remove(Slot slot) {
  const std::lock_guard lock(mutex_);
  connections_.erase(slot);
}

std::size_t ConnectionTable::size() const {
  const std::lock_guard lock(mutex_);
  return connections_.size();
}

}  // namespace fsvc::http
