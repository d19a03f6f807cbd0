#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace fsvc::rabbitmq {

// The ingest_seq of recently submitted event ids, so a message the broker redelivers after a
// reconnect (it was submitted, but its ack was lost with the connection) is not applied twice:
// it is acked once the first copy is done. Bounded: the oldest ids are forgotten first.
class RecentEvents {
 public:
  explicit RecentEvents(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  void remember(std::string_view event_id, std::uint64_t ingest_seq);
  std::optional<std::uint64_t> seq_of(std::string_view event_id) const;

 private:
  std::size_t capacity_;
  std::unordered_map<std::string, std::uint64_t> seqs_;
  std::deque<std::string> order_;
};

}  // namespace fsvc::rabbitmq
