#include "support/simulated_raw_store.hpp"

#include <gtest/gtest.h>

#include "support/paths.hpp"
#include "support/process.hpp"

namespace fsvc::test {

void seed_simulated_raw_store(const std::filesystem::path& dir, const std::string& duration,
                              const std::string& rate_scale) {
  const auto capture = dir / "capture.jsonl";
  const ProcessResult simulated =
      run_process({feature_service_binary().string(), "simulate", "--seed", "7", "--duration", duration,
                   "--symbols", "BTCUSDT", "--start", "2026-01-05T00:00:00Z", "--rate-scale", rate_scale,
                   "--output", capture.string()});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  const ProcessResult imported = run_process({feature_service_binary().string(), "import", "--input",
                                              capture.string(), "--raw-data", (dir / "raw").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
}

}  // namespace fsvc::test
