#include "adapters/rabbitmq/recent_events.hpp"

namespace fsvc::rabbitmq {

void RecentEvents::remember(std::string_view event_id, std::uint64_t ingest_seq) {
  if (event_id.empty()) return;
  auto [it, inserted] = seqs_.try_emplace(std::string(event_id), ingest_seq);
  if (!inserted) return;
  order_.push_back(it->first);
  if (order_.size() > capacity_) {
    seqs_.erase(order_.front());
    order_.pop_front();
  }
}

std::optional<std::uint64_t> RecentEvents::seq_of(std::string_view event_id) const {
  const auto it = seqs_.find(std::string(event_id));
  if (it == seqs_.end()) return std::nullopt;
  return it->second;
}

}  // namespace fsvc::rabbitmq
