// The data-quality counters are the same numbers live and from the raw store (quality.md §2), and
// they are the injected faults' numbers exactly: ten simulated minutes of BTCUSDT with the
// simulator's faults (sequence gaps, late and out-of-order delivery, mid-stream snapshots,
// malformed lines) plus price spikes, clock skew, redelivered trades and a silent ticker go through
// the live path (OnlineDriver, raw store as its journal); the minutes it closes give the report
// that `feature-service quality` / GET /data-quality/report then counts from the raw store. The same
// capture imported (`feature-service import`, twice) reports the same rejections.
#include <gtest/gtest.h>

#include <fstream>

#include "adapters/gateway/envelope_decoder.hpp"
#include "adapters/json/envelope_json.hpp"
#include "adapters/parquet/raw_quality_store.hpp"
#include "adapters/parquet/rejected_store.hpp"
#include "driver/quality_from_store.hpp"
#include "identity_harness.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace fsvc::identity {
namespace {

// The quality minutes the engine thread closes, as /metrics receives them.
class QualityMinuteRecorder final : public OnlineDriverObserver {
 public:
  void on_event_applied(const MarketEvent&, const EventOutcome&) override {}
  void on_vector_computed(const FeatureVector&, Duration) override {}
  void on_input_failed(std::uint64_t, const std::string&) override {}
  void on_event_rejected(const MarketEvent&, Admission) override {}
  void on_quality_minutes(std::vector<QualityMinute>&& minutes) override {
    for (QualityMinute& m : minutes) closed.push_back(std::move(m));
  }
  std::vector<QualityMinute> closed;
};

struct Injected {
  std::uint64_t spikes = 0, skews = 0, redeliveries = 0, late_silenced = 0;
};

constexpr Duration kSilenceFrom = 5 * kMicrosPerMinute;  // the ticker says nothing for 30 s from here

// The simulator's faulty stream with the faults it does not make: about every 400th trade 3 % off
// (the first fill of its order, on time, 20 s after the last spike), every 500th ticker received
// 7 s after its exchange time, every 300th other trade delivered twice, the ticker silent for 30 s.
// A last ticker 80 s after the end closes every minute live.
std::vector<CaptureLine> faulty_capture(const sim::SimulatorOptions& options, Injected& injected) {
  std::uint64_t trades = 0, tickers = 0;
  Timestamp last_spike = 0, previous_trade_time = 0;
  std::optional<MarketEvent> last_ticker;
  const auto edit = [&](MarketEvent& e, Timestamp arrival) {
    EventHeader& h = header_of(e);
    if (auto* trade = std::get_if<TradeEvent>(&e)) {
      const bool first_fill = h.ts_event != previous_trade_time;
      previous_trade_time = h.ts_event;
      if (++trades >= 400 && first_fill && arrival - h.ts_event < 50 * kMicrosPerMilli &&
          h.ts_event - last_spike > 20 * kMicrosPerSecond && h.ts_event > options.start + kMicrosPerMinute) {
        trades = 0;
        trade->price = trade->price / 100 * 103;
        last_spike = h.ts_event;
        ++injected.spikes;
      }
    } else if (std::holds_alternative<TickerUpdate>(e)) {
      const Duration since_start = h.ts_event - options.start;
      if (since_start >= kSilenceFrom && since_start < kSilenceFrom + 30 * kMicrosPerSecond) {
        // A late ticker (delivered after later events, so ≥ 1 s after its time) silenced here is
        // one of the simulator's late faults that never arrives.
        if (arrival - h.ts_event > kMicrosPerSecond / 2) ++injected.late_silenced;
        return false;
      }
      if (++tickers % 500 == 0) {
        h.ts_gateway = h.ts_event + 7 * kMicrosPerSecond;
        ++injected.skews;
      }
      last_ticker = e;
    }
    return true;
  };
  std::vector<CaptureLine> simulated = simulated_capture(options, edit);
  std::vector<CaptureLine> lines;
  gateway::EnvelopeDecoder decoder;
  std::uint64_t other_trades = 0;
  for (CaptureLine& line : simulated) {
    MarketEvent event;
    gateway::DecodeError error;
    const bool redeliver = decoder.decode(line.text, event, error) &&
                           std::holds_alternative<TradeEvent>(event) && ++other_trades % 300 == 0;
    lines.push_back(line);
    if (redeliver) {
      lines.push_back(std::move(line));
      ++injected.redeliveries;
    }
  }
  EventHeader& closing = header_of(*last_ticker);
  closing.ts_event = options.start + options.duration + 80 * kMicrosPerSecond;
  closing.ts_gateway = closing.ts_event + kMicrosPerMilli;
  (void)closing.event_id.assign("closing-ticker");
  lines.push_back({closing.ts_gateway, json::encode_envelope(*last_ticker, "closing")});
  return lines;
}

TEST(QualityIdentity, LiveCountersAndTheRawStoreReportEqualTheInjectedFaults) {
  sim::SimulatorOptions options;
  options.seed = 20261127;
  options.duration = 10 * kMicrosPerMinute;
  options.faults.sequence_gap = 0.0005;
  options.faults.late = 0.002;
  options.faults.out_of_order = 0.005;
  options.faults.malformed = 0.0005;
  options.faults.mid_stream_snapshot = 0.0003;
  Injected injected;
  const std::vector<CaptureLine> lines = faulty_capture(options, injected);
  sim::FaultCounts simulated;
  {
    sim::MarketSimulator counter(options);
    while (counter.next()) {
    }
    simulated = counter.faults_injected();
  }
  const auto root = test::make_temp_dir("quality-identity");
  QualityMinuteRecorder live;
  const EngineConfig config;
  const LiveRun run = run_live(lines, root, config, 2 * kMicrosPerSecond, {}, {}, &live);

  Symbol btc;
  (void)btc.assign("BTCUSDT");
  const QualityPeriod period{btc, options.start, options.start + options.duration};
  const QualityReport from_live =
      build_quality_report(btc, period.from, period.to, live.closed, config.quality);
  const QualityReport from_store = quality_from_store(parquet::RawQualityStore(root), period, config.quality,
                                                      options.start + kMicrosPerDay);

  // Live and offline count the same events the same way.
  for (std::size_t s = 0; s < kEventTypeCount; ++s) {
    EXPECT_EQ(from_live.streams[s], from_store.streams[s]) << stream_name(static_cast<EventType>(s));
  }
  EXPECT_EQ(from_live.sequence_gap_details, from_store.sequence_gap_details);
  EXPECT_EQ(from_live.desynchronization_details, from_store.desynchronization_details);
  EXPECT_EQ(from_live.rejected, from_store.rejected);
  EXPECT_EQ(from_live.recommendations, from_store.recommendations);
  EXPECT_EQ(from_live.minutes_without_data, 0u);

  // ... and they are the injected numbers.
  ASSERT_GT(injected.spikes, 3u);
  ASSERT_GT(injected.skews, 3u);
  ASSERT_GT(injected.redeliveries, 3u);
  ASSERT_GT(simulated.sequence_gaps, 0u);
  ASSERT_GT(simulated.late, 0u);
  ASSERT_GT(simulated.malformed, 0u);
  EXPECT_EQ(run.rejected_lines, simulated.malformed);
  const StreamMinute& trades = from_live.stream(EventType::trade);
  const StreamMinute& ticker = from_live.stream(EventType::ticker);
  const StreamMinute& book = from_live.stream(EventType::orderbook);
  EXPECT_EQ(trades.anomaly(AnomalyCheck::price_jump), injected.spikes);
  EXPECT_EQ(ticker.anomaly(AnomalyCheck::clock_skew), injected.skews);
  EXPECT_EQ(book.sequence_gaps, simulated.sequence_gaps);
  EXPECT_EQ(from_live.sequence_gaps(), simulated.sequence_gaps);
  EXPECT_EQ(book.desynchronizations, simulated.sequence_gaps);
  EXPECT_EQ(ticker.missing_seconds, 30u);
  EXPECT_EQ(ticker.stale_seconds, 25u);
  // Every redelivered trade is a duplicate_trade_id, though the journal (not the admission gate)
  // refused it: stored in rejected/, so the raw-store report counts it in the same minute.
  EXPECT_EQ(trades.anomaly(AnomalyCheck::duplicate_trade_id), injected.redeliveries);
  // Every malformed line is a rejected message by its decoder reason: of BTCUSDT when its text still
  // names the symbol and stream, else in the symbol-less bucket; all kept with their text in rejected/.
  const std::vector<RejectedInput> kept_btc =
      parquet::read_rejected(root, "BTCUSDT", options.start, options.start + kMicrosPerDay);
  const std::vector<RejectedInput> kept_unknown =
      parquet::read_rejected(root, "", options.start - kMicrosPerDay, options.start + kMicrosPerDay);
  std::uint64_t kept_malformed = kept_unknown.size(), uncounted = kept_unknown.size();
  for (const RejectedInput& r : kept_btc) {
    const bool refused_trade = r.reason == "duplicate_trade_id";
    kept_malformed += refused_trade ? 0 : 1;
    uncounted += r.counted ? 0 : 1;
    EXPECT_FALSE(r.text.empty());
    EXPECT_EQ(r.queue, refused_trade ? "" : "capture");
  }
  EXPECT_EQ(kept_malformed, simulated.malformed);
  EXPECT_EQ(from_live.rejected_messages() + uncounted, simulated.malformed);
  EXPECT_GT(from_live.rejected_messages(), 0u);
  // A late delivery (1-2 s after its time) is late by its distance behind the symbol's newest
  // event time, whether a boundary was emitted meanwhile or not; out-of-order swaps (≤ 50 ms) are not.
  std::uint64_t late = 0;
  for (const StreamMinute& s : from_live.streams) late += s.late_events;
  EXPECT_EQ(late, simulated.late - injected.late_silenced);

  // `import` of the same capture keeps its refusals in rejected/ as serving it did, counted in the
  // minutes the live engine counted them in; a second import of it keeps nothing twice.
  const auto capture = root.parent_path() / (root.filename().string() + "-capture.jsonl");
  {
    std::ofstream out(capture, std::ios::binary);
    for (const CaptureLine& line : lines) out << line.text << "\n";
  }
  const auto imported = test::make_temp_dir("quality-identity-import");
  for (int run = 0; run < 2; ++run) {
    const test::ProcessResult import =
        test::run_process({test::feature_service_binary().string(), "import", "--input", capture.string(),
                           "--raw-data", imported.string()});
    ASSERT_EQ(import.exit_code, 0) << import.err;
  }
  const QualityReport from_import = quality_from_store(parquet::RawQualityStore(imported), period,
                                                       config.quality, options.start + kMicrosPerDay);
  EXPECT_EQ(from_import.rejected, from_store.rejected);
  EXPECT_EQ(from_import.rejected_messages(), from_live.rejected_messages());
  EXPECT_EQ(from_import.stream(EventType::trade).anomaly(AnomalyCheck::duplicate_trade_id),
            injected.redeliveries);
  EXPECT_EQ(parquet::read_rejected(imported, "BTCUSDT", options.start, options.start + kMicrosPerDay).size(),
            kept_btc.size());
  EXPECT_EQ(parquet::read_rejected(imported, "", options.start - kMicrosPerDay, options.start + kMicrosPerDay)
                .size(),
            kept_unknown.size());
}

}  // namespace
}  // namespace fsvc::identity
