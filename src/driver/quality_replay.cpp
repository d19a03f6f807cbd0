#include "driver/quality_replay.hpp"

#include <utility>

namespace fsvc {
namespace {

class DiscardVectors final : public VectorSink {
 public:
  void on_vector(const FeatureVector&) override {}
};

}  // namespace

std::vector<QualityMinute> replay_quality(const EngineConfig& config, OfflineTicks ticks,
                                          const InputSource& source, const Symbol& symbol, Timestamp from,
                                          Timestamp to) {
  DiscardVectors discard;
  OfflineDriver driver(config, ticks, discard);
  const Timestamp first = floor_to(from, kMicrosPerMinute);
  std::vector<QualityMinute> out;
  const auto keep = [&] {
    for (QualityMinute& m : driver.take_closed_quality()) {
      if (m.symbol == symbol && m.start >= first && m.start < to) out.push_back(std::move(m));
    }
  };
  source(
      [&](EngineInput&& input) {
        driver.feed(input);
        keep();
      },
      [&](const DataGap& gap) { driver.feed(gap); });
  driver.finish();
  driver.finish_quality();
  keep();
  return out;
}

}  // namespace fsvc
