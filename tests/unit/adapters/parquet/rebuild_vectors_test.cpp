// The rebuild path (app::rebuild_vectors: plan -> read -> offline driver) on small hand-made stores.
#include <gtest/gtest.h>

#include "adapters/parquet/raw_store.hpp"
#include "app/store_rebuild.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::app {
namespace {

namespace fs = std::filesystem;
using test::kDay0;
constexpr Timestamp kSec = kMicrosPerSecond;
const Timestamp t0 = kDay0 + 10 * kMicrosPerHour;

class Collect final : public VectorSink {
 public:
  void on_vector(const FeatureVector& v) override { as_of.push_back(v.as_of); }
  std::vector<Timestamp> as_of;
};

fs::path store_with(const std::vector<EngineInput>& inputs) {
  const auto root = test::make_temp_dir("rebuild-vectors");
  parquet::RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(kDay0);
  parquet::RawStore store(options);
  for (const auto& input : inputs) std::visit([&](const auto& x) { store.append(x); }, input);
  store.flush();
  return root;
}

std::vector<Timestamp> rebuilt(const fs::path& root, Timestamp from, Timestamp to, bool* journal = nullptr) {
  parquet::RawReader reader(root);
  const auto plan = parquet::plan_rebuild(reader, "BTCUSDT", from, to);
  if (journal) *journal = plan.journal;
  Collect sink;
  rebuild_vectors(reader, plan, EngineConfig{}, sink);
  return sink.as_of;
}

TEST(RebuildVectors, ImportedDataGetsATickAtEveryBoundaryOfTheRangeIncludingT2) {
  // Events at 0 s, 2.5 s and 9.5 s: canonical ticks 1 .. 9 s; the range keeps 2 .. 4 s, and 4 s
  // is there although the next event is 5.5 s later.
  const auto root =
      store_with({test::book("BTCUSDT", t0, 1, 1, true), test::trade("BTCUSDT", t0 + 2500000, 2, "a"),
                  test::trade("BTCUSDT", t0 + 9500000, 3, "b")});
  bool journal = true;
  EXPECT_EQ(rebuilt(root, t0 + 2 * kSec, t0 + 4 * kSec, &journal),
            (std::vector<Timestamp>{t0 + 2 * kSec, t0 + 3 * kSec, t0 + 4 * kSec}));
  EXPECT_FALSE(journal);
}

TEST(RebuildVectors, CapturedDataReplaysExactlyTheJournalledTicks) {
  // Live ticked 1 s and 3 s only (2 s never came due before 3 s, say): the rebuild does the same.
  const auto root =
      store_with({test::book("BTCUSDT", t0, 1, 1, true), test::tick("BTCUSDT", t0 + kSec, 2),
                  test::trade("BTCUSDT", t0 + 2500000, 3, "a"), test::tick("BTCUSDT", t0 + 3 * kSec, 4),
                  test::tick("BTCUSDT", t0 + 4 * kSec, 5)});
  bool journal = false;
  EXPECT_EQ(rebuilt(root, t0, t0 + 3 * kSec, &journal), (std::vector<Timestamp>{t0 + kSec, t0 + 3 * kSec}));
  EXPECT_TRUE(journal);
}

}  // namespace
}  // namespace fsvc::app
