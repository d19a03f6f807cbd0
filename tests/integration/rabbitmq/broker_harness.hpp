#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "adapters/rabbitmq/connection.hpp"
#include "adapters/rabbitmq/queue_spec.hpp"
#include "core/event/market_event.hpp"
#include "ports/clock.hpp"
#include "ports/event_sink.hpp"
#include "ports/raw_journal.hpp"
#include "support/eventually.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::test {

// The private broker of scripts/servers.sh. Tests deriving from this skip when it is absent
// (FS_TEST_RABBITMQ_PORT unset) except on CI, where they fail. Every rabbitmq_tests process holds
// an exclusive lock for its whole life: ctest runs tests in parallel, and some stop the broker.
class BrokerTest : public ::testing::Test {
 protected:
  void SetUp() override;

  rabbitmq::ConnectionOptions broker() const;
  // Runs the private node's rabbitmqctl (stop_app, start_app, ...); fails the test on error.
  void broker_ctl(const std::string& arguments) const;
  bool can_control_broker() const;

  std::uint16_t port_ = 0;
};

// 2025-01-27T10:00:00Z, the base of every test event time.
inline constexpr Timestamp kT0 = 1'737'972'000'000'000;

// ws-gateway envelopes (contracts.md §1). Times are µs offsets from kT0; received_at is 5 ms later.
std::string book_snapshot_envelope(const std::string& event_id, Duration at, const std::string& bid,
                                   const std::string& bid_size, const std::string& ask,
                                   const std::string& ask_size, std::int64_t update_id = 1);
std::string trade_envelope(const std::string& event_id, Duration at, const std::string& side,
                           const std::string& size, const std::string& price);

// The ws-gateway side of the broker: declares its queues the way it does and publishes envelopes
// (persistent, no content_type) on the default exchange.
class GatewayPublisher {
 public:
  explicit GatewayPublisher(const rabbitmq::ConnectionOptions& options);
  void declare(const std::string& queue);
  void remove(const std::string& queue);
  void publish(const std::string& queue, const std::string& body);

 private:
  rabbitmq::Connection connection_;
};

// Reads features.live (or another queue the service publishes to) as model-service would.
class FeaturesLiveReader {
 public:
  explicit FeaturesLiveReader(const rabbitmq::ConnectionOptions& options,
                              const std::string& queue = rabbitmq::kFeaturesLiveQueue);
  // Waits up to `limit` for the next message.
  std::optional<rabbitmq::Delivery> next(std::chrono::seconds limit = std::chrono::seconds(30));
  // Reads messages until one for `symbol` at `timestamp` (features.live form) arrives.
  std::optional<nlohmann::json> vector_at(const std::string& symbol, const std::string& timestamp);

 private:
  rabbitmq::Connection connection_;
};

// Removes the ws-gateway queues, features.live and features.dataset.ready left by earlier tests.
void reset_broker(const rabbitmq::ConnectionOptions& options);

// Forwards to the driver and remembers every submitted event id, to prove none is lost or applied
// twice.
class RecordingSink final : public EventSink {
 public:
  explicit RecordingSink(EventSink& target) : target_(target) {}
  std::uint64_t submit(MarketEvent event) override;
  std::vector<std::string> ids() const;

 private:
  EventSink& target_;
  mutable std::mutex mutex_;
  std::vector<std::string> ids_;
};

// A raw journal whose durability the test releases, to hold acks back on purpose.
class HeldJournal final : public RawJournal {
 public:
  void append(const MarketEvent& event) override { note(header_of(event).ingest_seq); }
  void append(const Tick& tick) override { note(tick.ingest_seq); }
  std::uint64_t durable_seq() const override { return held_ ? 0 : appended_.load(); }
  void flush() override {}
  void release() { held_ = false; }

 private:
  void note(std::uint64_t seq) { appended_ = std::max(appended_.load(), seq); }
  std::atomic<std::uint64_t> appended_{0};
  std::atomic<bool> held_{true};
};

}  // namespace fsvc::test
