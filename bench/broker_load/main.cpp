// broker_load: end-to-end latency through a real RabbitMQ and a running `feature-service serve`.
//
// Publishes ws-gateway envelopes into the ws-gateway.* queues (declared as ws-gateway declares
// them) at a fixed rate for a bounded time, from the market simulator or the real sample replayed
// in a loop (event times = now, book `u`/`seq`, trade ids and event ids rewritten so every loop
// continues the previous one), reads features.live and measures, for each grid vector of boundary
// t, the time from publishing the message that made t due (the first event of that symbol with
// event time > t + allowed lateness) to receiving the vector. Also samples the depth of the
// ws-gateway.* queues (passive declare) to tell whether a backlog grew.
//
// Loopback only, bounded in time and count, stops by itself. Prints one line of key=value.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "adapters/gateway/capture_reader.hpp"
#include "adapters/json/envelope_json.hpp"
#include "adapters/rabbitmq/broker_error.hpp"
#include "adapters/rabbitmq/connection.hpp"
#include "adapters/rabbitmq/queue_spec.hpp"
#include "adapters/retry/backoff.hpp"
#include "adapters/simulator/market_simulator.hpp"
#include "core/types/timestamp.hpp"

namespace {

using namespace fsvc;
using SteadyClock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 5672;
  int rate = 1000;             // messages per second
  double seconds = 10;         // publishing time
  std::string source = "sim";  // sim | sample
  std::string sample;          // path of a ws-gateway capture for --source sample
  std::vector<std::string> symbols{"BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT"};
  Duration lateness = 100 * kMicrosPerMilli;
  Duration interval = kMicrosPerSecond;
  double warmup_seconds = 1;  // vectors of boundaries earlier than this after the start are ignored
  double drain_seconds = 3;   // how long to keep reading after publishing stopped
  std::chrono::microseconds pacing_step{1000};  // shortest sleep between publishing bursts
};

[[noreturn]] void usage(const std::string& error) {
  std::cerr
      << "broker_load: " << error << "\n"
      << "usage: broker_load --port N [--host H] [--rate MSG_PER_S] [--seconds S] [--source sim|sample]\n"
      << "                   [--sample FILE] [--symbols A,B] [--lateness-ms 100] [--interval-ms 1000]\n"
      << "                   [--warmup S] [--drain S] [--pacing-us 1000]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--host")
      o.host = value();
    else if (arg == "--port")
      o.port = static_cast<std::uint16_t>(std::stoi(value()));
    else if (arg == "--rate")
      o.rate = std::stoi(value());
    else if (arg == "--seconds")
      o.seconds = std::stod(value());
    else if (arg == "--source")
      o.source = value();
    else if (arg == "--sample")
      o.sample = value();
    else if (arg == "--lateness-ms")
      o.lateness = std::stoll(value()) * kMicrosPerMilli;
    else if (arg == "--interval-ms")
      o.interval = std::stoll(value()) * kMicrosPerMilli;
    else if (arg == "--warmup")
      o.warmup_seconds = std::stod(value());
    else if (arg == "--drain")
      o.drain_seconds = std::stod(value());
    else if (arg == "--pacing-us")
      o.pacing_step = std::chrono::microseconds(std::stoll(value()));
    else if (arg == "--symbols") {
      o.symbols.clear();
      std::stringstream list(value());
      for (std::string s; std::getline(list, s, ',');) {
        if (!s.empty()) o.symbols.push_back(s);
      }
    } else {
      usage("unknown argument " + arg);
    }
  }
  if (o.host != "127.0.0.1" && o.host != "localhost") usage("loopback only (--host 127.0.0.1)");
  if (o.rate < 1 || o.rate > 1'000'000) usage("--rate must be 1..1000000");
  if (o.seconds <= 0 || o.seconds > 600) usage("--seconds must be in (0, 600]");
  if (o.source != "sim" && o.source != "sample") usage("--source must be sim or sample");
  if (o.source == "sample" && o.sample.empty()) usage("--source sample needs --sample FILE");
  return o;
}

Timestamp wall_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t steady_nanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch()).count();
}

// An endless stream of market events in publishing order; times are rewritten by the caller.
class EventSource {
 public:
  virtual ~EventSource() = default;
  virtual MarketEvent next() = 0;
};

class SimulatedSource final : public EventSource {
 public:
  SimulatedSource(std::vector<std::string> symbols, std::uint64_t seed) {
    sim::SimulatorOptions options;
    options.seed = seed;
    options.symbols = std::move(symbols);
    options.start = wall_micros();
    options.duration = 24LL * 3600 * kMicrosPerSecond;
    simulator_.emplace(options);
  }
  MarketEvent next() override {
    for (;;) {
      std::optional<sim::SimulatedMessage> message = simulator_->next();
      if (!message) throw std::runtime_error("simulator ran out of messages");
      if (message->event) return std::move(*message->event);
    }
  }

 private:
  std::optional<sim::MarketSimulator> simulator_;
};

// The sample replayed in a loop: each loop continues the book sequences (`u` shifted by the span of
// the sample's ids per symbol, `seq` likewise), so the service sees one contiguous stream.
class SampleSource final : public EventSource {
 public:
  explicit SampleSource(const std::string& path) {
    gateway::CaptureReader reader(path);
    gateway::CaptureRecord record;
    while (reader.next(record)) {
      if (record.ok) events_.push_back(record.event);
    }
    if (events_.empty()) throw std::runtime_error("no decodable event in " + path);
    for (const MarketEvent& event : events_) {
      const auto* book = std::get_if<BookUpdate>(&event);
      if (!book) continue;
      Span& span = spans_[header_of(event).symbol.str()];
      span.min_u = std::min(span.min_u, book->update_id);
      span.max_u = std::max(span.max_u, book->update_id);
      span.min_seq = std::min(span.min_seq, book->cross_seq);
      span.max_seq = std::max(span.max_seq, book->cross_seq);
    }
  }
  MarketEvent next() override {
    if (index_ == events_.size()) {
      index_ = 0;
      ++loop_;
    }
    MarketEvent event = events_[index_++];
    if (auto* book = std::get_if<BookUpdate>(&event)) {
      const Span& span = spans_.at(book->header.symbol.str());
      book->update_id += loop_ * (span.max_u - span.min_u + 1);
      book->cross_seq += loop_ * (span.max_seq - span.min_seq + 1);
    }
    return event;
  }
  std::size_t size() const { return events_.size(); }

 private:
  struct Span {
    std::int64_t min_u = INT64_MAX, max_u = INT64_MIN, min_seq = INT64_MAX, max_seq = INT64_MIN;
  };
  std::vector<MarketEvent> events_;
  std::map<std::string, Span> spans_;
  std::size_t index_ = 0;
  std::int64_t loop_ = 0;
};

// Event time = now (a trade's `T` has millisecond precision), ids unique to this run.
void restamp(MarketEvent& event, Timestamp now, const std::string& run_id, std::uint64_t n) {
  EventHeader& header = header_of(event);
  const Timestamp old_time = header.ts_event;
  Timestamp t = now;
  if (auto* trade = std::get_if<TradeEvent>(&event)) {
    t = now / kMicrosPerMilli * kMicrosPerMilli;
    (void)trade->trade_id.assign(run_id + "-t" + std::to_string(n));
  }
  if (auto* kline = std::get_if<KlineEvent>(&event)) {
    const Duration shift = (t - old_time) / kMicrosPerMinute * kMicrosPerMinute;
    kline->start += shift;
    kline->end += shift;
  }
  header.ts_event = t;
  header.ts_gateway = now;
  (void)header.event_id.assign(run_id + "-" + std::to_string(n));
}

std::string queue_of(const MarketEvent& event) {
  switch (type_of(event)) {
    case EventType::orderbook:
      return "ws-gateway.orderbook";
    case EventType::trade:
      return "ws-gateway.trade";
    case EventType::ticker:
      return "ws-gateway.ticker";
    case EventType::kline:
      return "ws-gateway.kline";
    case EventType::funding:
      return "ws-gateway.funding";
  }
  return "ws-gateway.orderbook";
}

rabbitmq::ConnectionOptions connection_options(const Options& o) {
  rabbitmq::ConnectionOptions c;
  c.host = o.host;
  c.port = o.port;
  c.heartbeat_seconds = 0;
  // The broker shares the machine with the service under test and may be slow to answer under
  // that load; a load generator that gives up first measures nothing.
  c.timeout = std::chrono::seconds(20);
  return c;
}

struct Receipt {
  std::string symbol;
  Timestamp boundary;
  std::int64_t received_ns;
};

// Reads features.live (manual acks, batched) until told to stop.
class LiveReader {
 public:
  explicit LiveReader(const rabbitmq::ConnectionOptions& options) : connection_(options) {
    connection_.open_channel(1);
    connection_.declare_queue(1, rabbitmq::plain_durable_queue(rabbitmq::kFeaturesLiveQueue));
    connection_.purge_queue(1, rabbitmq::kFeaturesLiveQueue);
    connection_.set_prefetch(1, 2000);
    connection_.consume(1, rabbitmq::kFeaturesLiveQueue);
  }
  void start() {
    thread_ = std::thread([this] { run(); });
  }
  std::vector<Receipt> finish() {
    stop_ = true;
    thread_.join();
    return std::move(receipts_);
  }
  std::uint64_t undecodable() const { return undecodable_; }

 private:
  void run() {
    std::uint64_t last_tag = 0, unacked = 0;
    while (!stop_) {
      rabbitmq::ConsumeResult result = connection_.next_delivery(std::chrono::milliseconds(20));
      if (!result.delivery) {
        if (unacked > 0) connection_.ack(1, last_tag, true);
        unacked = 0;
        continue;
      }
      const std::int64_t now = steady_nanos();
      last_tag = result.delivery->delivery_tag;
      if (++unacked >= 256) {
        connection_.ack(1, last_tag, true);
        unacked = 0;
      }
      try {
        const nlohmann::json body = nlohmann::json::parse(result.delivery->body);
        const auto boundary = parse_iso8601(body.at("timestamp").get<std::string>());
        if (!boundary) throw std::runtime_error("bad timestamp");
        receipts_.push_back({body.at("symbol").get<std::string>(), *boundary, now});
      } catch (const std::exception&) {
        ++undecodable_;
      }
    }
    if (unacked > 0) connection_.ack(1, last_tag, true);
  }

  rabbitmq::Connection connection_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<Receipt> receipts_;
  std::uint64_t undecodable_ = 0;
};

// Samples the ready messages of the ws-gateway.* queues.
class DepthMonitor {
 public:
  DepthMonitor(const rabbitmq::ConnectionOptions& options, std::vector<std::string> queues)
      : connection_(options), queues_(std::move(queues)) {
    connection_.open_channel(1);
  }
  // Called by the sampling thread and by the main thread while it waits for the drain: one
  // rabbitmq-c connection must not be used by two threads at once.
  std::uint64_t depth() {
    const std::lock_guard lock(connection_mutex_);
    std::uint64_t total = 0;
    for (const std::string& q : queues_) total += connection_.ready_messages(1, q);
    return total;
  }
  void start(std::chrono::milliseconds period) {
    thread_ = std::thread([this, period] {
      while (!stop_) {
        const std::uint64_t d = depth();
        {
          const std::lock_guard lock(mutex_);
          samples_.push_back({SteadyClock::now(), d});
        }
        std::this_thread::sleep_for(period);
      }
    });
  }
  struct Sample {
    SteadyClock::time_point at;
    std::uint64_t depth;
  };
  std::vector<Sample> finish() {
    stop_ = true;
    thread_.join();
    return samples_;
  }
  std::vector<Sample> snapshot() {
    const std::lock_guard lock(mutex_);
    return samples_;
  }

 private:
  std::mutex connection_mutex_;
  rabbitmq::Connection connection_;
  std::vector<std::string> queues_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Sample> samples_;
};

double quantile_ms(const std::vector<std::int64_t>& sorted_ns, double q) {
  if (sorted_ns.empty()) return NAN;
  const auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted_ns.size())) - 1);
  return static_cast<double>(sorted_ns[std::min(i, sorted_ns.size() - 1)]) / 1e6;
}

std::string fixed(double v, int digits) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(digits);
  out << v;
  return out.str();
}

// The broker's three connections, ready: queues declared and purged, features.live consumed.
struct BrokerSide {
  std::unique_ptr<rabbitmq::Connection> publisher;
  std::unique_ptr<LiveReader> reader;
  std::unique_ptr<DepthMonitor> monitor;
};

BrokerSide connect_broker(const rabbitmq::ConnectionOptions& conn, const std::vector<std::string>& queues) {
  BrokerSide broker;
  broker.publisher = std::make_unique<rabbitmq::Connection>(conn);
  broker.publisher->open_channel(1);
  for (const std::string& q : queues) {
    broker.publisher->declare_queue(1, rabbitmq::ws_gateway_queue(q));
    broker.publisher->purge_queue(1, q);
  }
  broker.reader = std::make_unique<LiveReader>(conn);
  broker.monitor = std::make_unique<DepthMonitor>(conn, queues);
  (void)broker.monitor->depth();
  return broker;
}

// Right after a broker restart (the soak restarts it between runs) the broker may refuse
// connections or time out on declares for a while: start-up is retried, all connections afresh,
// until it answers or `patience` is spent.
BrokerSide connect_broker_when_ready(const rabbitmq::ConnectionOptions& conn,
                                     const std::vector<std::string>& queues, std::chrono::seconds patience) {
  retry::Backoff backoff(std::chrono::milliseconds(250), std::chrono::seconds(5));
  const auto give_up = SteadyClock::now() + patience;
  for (;;) {
    try {
      return connect_broker(conn, queues);
    } catch (const rabbitmq::BrokerError& e) {
      const std::chrono::milliseconds wait = backoff.next();
      if (SteadyClock::now() + wait > give_up) throw;
      std::cerr << "broker_load: broker not ready (" << e.what() << "), attempt " << backoff.attempts()
                << ", retrying in " << wait.count() << " ms" << std::endl;
      std::this_thread::sleep_for(wait);
    }
  }
}

int run(const Options& o) {
  const rabbitmq::ConnectionOptions conn = connection_options(o);
  const std::vector<std::string> queues = rabbitmq::market_queue_names(false);
  BrokerSide broker = connect_broker_when_ready(conn, queues, std::chrono::minutes(3));
  rabbitmq::Connection& publisher = *broker.publisher;
  LiveReader& reader = *broker.reader;
  DepthMonitor& monitor = *broker.monitor;

  std::unique_ptr<EventSource> source;
  const auto seed = static_cast<std::uint64_t>(wall_micros());
  if (o.source == "sim") {
    source = std::make_unique<SimulatedSource>(o.symbols, seed);
  } else {
    source = std::make_unique<SampleSource>(o.sample);
  }
  const std::string run_id = "bl" + std::to_string(seed);

  reader.start();
  monitor.start(std::chrono::milliseconds(200));

  // Per symbol, the next boundary whose trigger has not been published yet, and the triggers:
  // (symbol, boundary) -> steady time of the publish that made it due.
  std::unordered_map<std::string, Timestamp> next_boundary;
  std::unordered_map<std::string, std::int64_t> triggers;
  const auto key = [](std::string_view symbol, Timestamp boundary) {
    return std::string(symbol) + "@" + std::to_string(boundary);
  };

  const auto total = static_cast<std::uint64_t>(static_cast<double>(o.rate) * o.seconds);
  const auto period = std::chrono::nanoseconds(1'000'000'000LL / o.rate);
  const Timestamp wall_start = wall_micros();
  const Timestamp measure_from = wall_start + static_cast<Duration>(o.warmup_seconds * 1e6);
  const auto start = SteadyClock::now();
  const auto give_up = start + std::chrono::duration<double>(o.seconds * 1.5);
  std::uint64_t sent = 0;
  for (; sent < total; ++sent) {
    // Messages are published when due, but the sleeps are at least a pacing step long: sleeping
    // for every message at 10k/s (100 us apart) would cost this process a context switch per
    // message on a 2-core machine whose cores the broker and the service need.
    const auto due = start + period * static_cast<std::int64_t>(sent);
    if (SteadyClock::now() < due)
      std::this_thread::sleep_until(std::max(due, SteadyClock::now() + o.pacing_step));
    if ((sent & 0xff) == 0 && SteadyClock::now() > give_up) break;
    MarketEvent event = source->next();
    restamp(event, wall_micros(), run_id, sent);
    const EventHeader& header = header_of(event);
    const std::string body = json::encode_envelope(event, run_id);
    const std::int64_t published_ns = steady_nanos();
    publisher.publish(1, queue_of(event), body, {});
    const std::string symbol = header.symbol.str();
    auto [it, fresh] = next_boundary.try_emplace(symbol, floor_to(header.ts_event, o.interval) + o.interval);
    if (fresh) continue;
    while (it->second + o.lateness < header.ts_event) {
      triggers.emplace(key(symbol, it->second), published_ns);
      it->second += o.interval;
    }
  }
  const double publish_seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  const auto publish_end = SteadyClock::now();

  // Let the service catch up: until the queues are empty, then the drain time for the last vectors.
  const auto drain_limit = publish_end + std::chrono::seconds(30);
  std::uint64_t depth_after = monitor.depth();
  while (depth_after > 0 && SteadyClock::now() < drain_limit) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    depth_after = monitor.depth();
  }
  const double backlog_drain_s = std::chrono::duration<double>(SteadyClock::now() - publish_end).count();
  std::this_thread::sleep_for(std::chrono::duration<double>(o.drain_seconds));
  const std::vector<DepthMonitor::Sample> samples = monitor.finish();
  const std::vector<Receipt> receipts = reader.finish();

  // Latencies of event-triggered vectors inside the measured window.
  std::vector<std::int64_t> latencies;
  std::uint64_t before_trigger = 0, without_trigger = 0, vectors = 0, duplicates = 0;
  std::unordered_map<std::string, bool> seen;
  for (const Receipt& r : receipts) {
    if (r.boundary < measure_from) continue;
    ++vectors;
    const std::string k = key(r.symbol, r.boundary);
    // The same boundary twice: an input applied twice, or a vector published twice.
    if (!seen.try_emplace(k, true).second) {
      ++duplicates;
      continue;
    }
    const auto t = triggers.find(k);
    if (t == triggers.end()) {
      ++without_trigger;  // the wall-clock timer emitted it (feed quiet, or after publishing ended)
    } else if (r.received_ns < t->second) {
      ++before_trigger;  // the timer beat the triggering event
    } else {
      latencies.push_back(r.received_ns - t->second);
    }
  }
  std::uint64_t missing = 0;
  for (const auto& [k, ns] : triggers) {
    const Timestamp boundary = std::stoll(k.substr(k.find('@') + 1));
    if (boundary >= measure_from && !seen.count(k)) ++missing;
  }
  std::sort(latencies.begin(), latencies.end());

  // Backlog: ready messages in the ws-gateway.* queues while publishing (after the first second).
  std::uint64_t depth_early = 0, depth_max = 0, depth_end = 0;
  bool have_early = false;
  for (const auto& s : samples) {
    if (s.at > publish_end) break;
    const double t = std::chrono::duration<double>(s.at - start).count();
    if (t >= 1.0 && !have_early) {
      depth_early = s.depth;
      have_early = true;
    }
    depth_max = std::max(depth_max, s.depth);
    depth_end = s.depth;
  }
  const double achieved = static_cast<double>(sent) / publish_seconds;
  // Growing: more than 100 ms of traffic piled up between the first second and the end.
  const bool grew =
      depth_end > depth_early + static_cast<std::uint64_t>(o.rate / 10) || achieved < 0.95 * o.rate;

  std::cout << "broker_load source=" << o.source << " rate=" << o.rate << " sent=" << sent
            << " achieved=" << fixed(achieved, 0) << "/s"
            << " vectors=" << vectors << " measured=" << latencies.size() << " timer=" << without_trigger
            << " timer_first=" << before_trigger << " missing=" << missing << " duplicates=" << duplicates
            << " p50_ms=" << fixed(quantile_ms(latencies, 0.50), 2)
            << " p99_ms=" << fixed(quantile_ms(latencies, 0.99), 2)
            << " max_ms=" << fixed(latencies.empty() ? NAN : static_cast<double>(latencies.back()) / 1e6, 2)
            << " backlog_early=" << depth_early << " backlog_max=" << depth_max
            << " backlog_end=" << depth_end << " drain_s=" << fixed(backlog_drain_s, 2)
            << " backlog=" << (grew ? "grew" : "stable") << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  try {
    return run(options);
  } catch (const std::exception& e) {
    std::cerr << "broker_load: " << e.what() << std::endl;
    return 1;
  }
}
