#include "driver/range_replay.hpp"

namespace fsvc {

namespace {

// Forwards the vectors inside [first, last] and counts both kinds.
class RangeFilter final : public VectorSink {
 public:
  RangeFilter(const RangeReplaySpec& spec, VectorSink& out, RangeReplayStats& stats)
      : spec_(spec), out_(out), stats_(stats) {}

  void on_vector(const FeatureVector& vector) override {
    ++stats_.vectors_computed;
    if (vector.as_of < spec_.first_vector || vector.as_of > spec_.last_vector) return;
    ++stats_.vectors_written;
    out_.on_vector(vector);
  }

 private:
  const RangeReplaySpec& spec_;
  VectorSink& out_;
  RangeReplayStats& stats_;
};

Timestamp time_of(const EngineInput& input) {
  if (const auto* tick = std::get_if<Tick>(&input)) return tick->boundary;
  return header_of(std::get<MarketEvent>(input)).ts_event;
}

}  // namespace

RangeReplayStats replay_range(const EngineConfig& config, const RangeReplaySpec& spec,
                              const InputSource& source, VectorSink& sink,
                              const RangeReplayProgress& progress) {
  RangeReplayStats stats;
  RangeFilter filter(spec, sink, stats);
  OfflineDriver driver(config, spec.ticks, filter);
  // Canonical input is in event-time order: once one event lies past the range, every boundary
  // up to last_vector has been ticked and nothing after it can change a written vector.
  bool past_range = false;
  const auto on_input = [&](EngineInput&& input) {
    ++stats.inputs;
    if (progress && stats.inputs % kRangeReplayProgressEvery == 0) progress(stats);
    if (past_range) return;
    if (spec.ticks == OfflineTicks::canonical && time_of(input) > spec.last_vector) past_range = true;
    driver.feed(input);
  };
  const auto on_gap = [&](const DataGap& gap) {
    if (past_range) return;
    ++stats.gaps;
    driver.feed(gap);
  };
  source(on_input, on_gap);
  if (!past_range) driver.finish();
  return stats;
}

}  // namespace fsvc
