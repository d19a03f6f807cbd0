#pragma once

#include <filesystem>
#include <string>

namespace fsvc::test {

// 20 simulated minutes (or `duration`) of BTCUSDT from 2026-01-05T00:00:00Z at a fifth of the usual
// rate (or `rate_scale`) (`simulate` seed 7 into `dir`/capture.jsonl, then `import`) in the raw store
// `dir`/raw, for tests that build datasets through `serve`. Fails the calling test when either
// command fails.
void seed_simulated_raw_store(const std::filesystem::path& dir, const std::string& duration = "20m",
                              const std::string& rate_scale = "0.2");

}  // namespace fsvc::test
