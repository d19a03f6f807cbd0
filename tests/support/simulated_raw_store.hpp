#pragma once

#include <filesystem>

namespace fsvc::test {

// 20 simulated minutes of BTCUSDT from 2026-01-05T00:00:00Z at a fifth of the usual rate (`simulate`
// seed 7, then `import`) in the raw store `dir`/raw, for tests that build datasets through `serve`.
// Fails the calling test when either command fails.
void seed_simulated_raw_store(const std::filesystem::path& dir);

}  // namespace fsvc::test
