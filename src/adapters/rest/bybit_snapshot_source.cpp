#include "adapters/rest/bybit_snapshot_source.hpp"

#include <algorithm>

#include "adapters/rest/bybit_snapshot_parser.hpp"
#include "core/book/snapshot_origin.hpp"

namespace fsvc::rest {

namespace {

constexpr std::string_view kComponent = "snapshots";

}  // namespace

BybitSnapshotSource::BybitSnapshotSource(BybitSnapshotOptions options, const Clock& clock,
                                         const obs::JsonLogger& logger)
    : options_(std::move(options)),
      clock_(clock),
      logger_(logger),
      backoff_(options_.initial_backoff, options_.max_backoff),
      http_(options_.http) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/') options_.base_url.pop_back();
}

BybitSnapshotSource::~BybitSnapshotSource() {
  stop();
}

void BybitSnapshotSource::start(EventSink& sink) {
  const std::lock_guard lock(mutex_);
  if (sink_ || stopping_.stop_requested()) return;
  sink_ = &sink;
  worker_ = std::jthread([this] { run(stopping_.get_token()); });
}

void BybitSnapshotSource::stop() {
  stopping_.request_stop();
  if (worker_.joinable()) worker_.join();
}

// Called on the engine thread: a map insert and a notify, nothing that waits on the network.
void BybitSnapshotSource::request_snapshot(const Symbol& symbol, Timestamp /*detected_at_event_time*/) {
  {
    const std::lock_guard lock(mutex_);
    ++counters_.requests;
    if (stopping_.stop_requested()) return;
    const std::string name = symbol.str();
    if (pending_.contains(name)) {
      ++counters_.coalesced;
      return;
    }
    const SteadyTime now = std::chrono::steady_clock::now();
    Pending pending{now, 0};
    if (auto it = recent_.find(name);
        it != recent_.end() && now - it->second.submitted_at < options_.retry_window) {
      pending.due = now + backoff_.after(it->second.streak);  // the last snapshot did not resynchronize
    }
    pending_.emplace(name, pending);
  }
  wake_.notify_all();
}

std::string BybitSnapshotSource::url_for(std::string_view symbol) const {
  return options_.base_url + "/v5/market/orderbook?category=" + options_.category +
         "&symbol=" + std::string(symbol) + "&limit=" + std::to_string(options_.depth);
}

BybitSnapshotCounters BybitSnapshotSource::counters() const {
  const std::lock_guard lock(mutex_);
  return counters_;
}

void BybitSnapshotSource::run(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  std::string symbol;
  while (next_due(lock, stop, symbol)) {
    lock.unlock();
    fetch_and_submit(symbol);
    lock.lock();
  }
}

// Waits for the pending symbol due first; false once stopped. A request that falls due earlier
// than the one waited for (a new symbol) ends the wait.
bool BybitSnapshotSource::next_due(std::unique_lock<std::mutex>& lock, const std::stop_token& stop,
                                   std::string& symbol) {
  for (;;) {
    wake_.wait(lock, stop, [this] { return !pending_.empty(); });
    if (stop.stop_requested()) return false;
    const SteadyTime due = earliest_due();
    if (due <= std::chrono::steady_clock::now()) {
      symbol = std::ranges::find_if(pending_, [due](const auto& p) { return p.second.due == due; })->first;
      return true;
    }
    wake_.wait_until(lock, stop, due, [this, due] { return earliest_due() < due; });
    if (stop.stop_requested()) return false;
  }
}

// Only the worker removes pending symbols, so the set it waits on is never empty.
BybitSnapshotSource::SteadyTime BybitSnapshotSource::earliest_due() const {
  return std::ranges::min_element(pending_, {}, [](const auto& p) { return p.second.due; })->second.due;
}

void BybitSnapshotSource::fetch_and_submit(const std::string& symbol) {
  BookUpdate snapshot;
  try {
    snapshot = fetch(symbol);
  } catch (const std::exception& e) {
    std::chrono::milliseconds wait{};
    {
      const std::lock_guard lock(mutex_);
      ++counters_.failures;
      Pending& pending = pending_[symbol];
      ++pending.failures;
      wait = backoff_.after(pending.failures);
      pending.due = std::chrono::steady_clock::now() + wait;
    }
    logger_.warn(kComponent, "order-book snapshot fetch failed, will retry",
                 {{"symbol", symbol}, {"error", e.what()}, {"retry_in_ms", wait.count()}});
    return;
  }
  // Leaves the pending set before submitting: the engine may ask again as soon as it applies it.
  {
    const std::lock_guard lock(mutex_);
    pending_.erase(symbol);
    const SteadyTime now = std::chrono::steady_clock::now();
    Recent& recent = recent_[symbol];
    recent.streak = now - recent.submitted_at < options_.retry_window ? recent.streak + 1 : 1;
    recent.submitted_at = now;
    ++counters_.submitted;
  }
  logger_.info(kComponent, "order-book snapshot fetched",
               {{"symbol", symbol},
                {"u", snapshot.update_id},
                {"levels", snapshot.bids.size() + snapshot.asks.size()}});
  try {
    sink_->submit(std::move(snapshot));
  } catch (const std::exception& e) {
    // The driver is stopping: the snapshot is no longer needed.
    logger_.info(kComponent, "order-book snapshot not submitted", {{"symbol", symbol}, {"reason", e.what()}});
  }
}

BookUpdate BybitSnapshotSource::fetch(const std::string& symbol) {
  HttpRequest request;
  request.url = url_for(symbol);
  request.headers.emplace_back("Accept", "application/json");
  {
    const std::lock_guard lock(mutex_);
    ++counters_.fetches;
  }
  const HttpResponse response = http_.perform(request);
  if (response.status != 200) throw HttpError(describe_status(request, response));
  BookUpdate snapshot = parse_bybit_snapshot(response.body, symbol);
  const Timestamp now = clock_.now();
  snapshot.header.ts_gateway = now;  // when it reached us, as ws-gateway's received_at would be
  snapshot.depth = options_.depth;
  // Unique even for the same `u` fetched twice: the raw store drops repeated event ids, and a
  // journal replay must see every snapshot the engine saw.
  const std::string id =
      std::string(kRestSnapshotIdPrefix) + std::to_string(snapshot.update_id) + ":" + std::to_string(now);
  if (!snapshot.header.event_id.assign(id)) throw SnapshotParseError("event id too long: " + id);
  return snapshot;
}

}  // namespace fsvc::rest
