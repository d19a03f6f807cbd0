#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "adapters/observability/json_logger.hpp"
#include "adapters/rest/http_client.hpp"
#include "adapters/retry/backoff.hpp"
#include "ports/clock.hpp"
#include "ports/event_sink.hpp"
#include "ports/snapshot_requester.hpp"

namespace fsvc::rest {

struct BybitSnapshotOptions {
  std::string base_url = "https://api.bybit.com";
  std::string category = "linear";
  int depth = 50;
  // Between failed fetches of one symbol, and between fetches asked again soon after a submitted
  // snapshot (the engine could not bridge it: the next one must be newer, not immediate).
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{10'000};
  // A request this long after the symbol's last submitted snapshot starts a fresh backoff.
  std::chrono::milliseconds retry_window{30'000};
  HttpClientOptions http;
};

struct BybitSnapshotCounters {
  std::uint64_t requests = 0;   // request_snapshot calls
  std::uint64_t coalesced = 0;  // requests for a symbol already waiting
  std::uint64_t fetches = 0;    // HTTP calls
  std::uint64_t failures = 0;   // HTTP or parse failures (retried)
  std::uint64_t submitted = 0;  // snapshots handed to the sink
};

// Bybit REST order-book snapshots for desynchronized books (features.md §2), as a SnapshotRequester.
// request_snapshot only records the symbol (coalescing repeated requests) and wakes a worker
// thread, so the engine thread is never held up. The worker fetches
//   GET {base}/v5/market/orderbook?category={category}&symbol={S}&limit={depth}
// and submits the snapshot (from_rest) into the EventSink like any market event, so it is
// journaled and replays identically. A failed fetch is retried with capped backoff; a snapshot the
// engine cannot bridge makes it ask again, and that request is served after a growing delay.
class BybitSnapshotSource final : public SnapshotRequester {
 public:
  BybitSnapshotSource(BybitSnapshotOptions options, const Clock& clock, const obs::JsonLogger& logger);
  ~BybitSnapshotSource() override;
  BybitSnapshotSource(const BybitSnapshotSource&) = delete;
  BybitSnapshotSource& operator=(const BybitSnapshotSource&) = delete;

  // Requests made before start() wait for it. `sink` must outlive stop().
  void start(EventSink& sink);
  // Abandons pending requests and joins the worker. Idempotent; later requests are ignored.
  void stop();

  void request_snapshot(const Symbol& symbol, Timestamp detected_at_event_time) override;

  BybitSnapshotCounters counters() const;
  // The URL fetched for `symbol` (for logs and tests).
  std::string url_for(std::string_view symbol) const;

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;

  struct Pending {
    SteadyTime due;
    int failures = 0;
  };
  struct Recent {
    SteadyTime submitted_at;
    int streak = 0;  // snapshots submitted in a row, each asked again within retry_window
  };

  void run(const std::stop_token& stop);
  void fetch_and_submit(const std::string& symbol);
  BookUpdate fetch(const std::string& symbol);
  bool next_due(std::unique_lock<std::mutex>& lock, const std::stop_token& stop, std::string& symbol);
  SteadyTime earliest_due() const;

  BybitSnapshotOptions options_;
  const Clock& clock_;
  const obs::JsonLogger& logger_;
  retry::Backoff backoff_;
  HttpClient http_;

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::map<std::string, Pending, std::less<>> pending_;
  std::map<std::string, Recent, std::less<>> recent_;
  BybitSnapshotCounters counters_;
  EventSink* sink_ = nullptr;
  // Requested by stop(), which may come before start(): it also refuses a later start and requests.
  std::stop_source stopping_;
  std::jthread worker_;  // last: joined before the members it uses go
};

}  // namespace fsvc::rest
