#pragma once

#include <filesystem>
#include <string>

#include "adapters/parquet/raw_store.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::test {

// 30 s of BTCUSDT captured live from `start` into a new store at `root`: a book snapshot (u 1),
// then each second a delta (u 2, 3, ...) half a second before it, a trade a quarter second before
// it and the tick; written as three parts per dataset (seconds 1-10, 11-20, 21-30).
inline std::filesystem::path write_thirty_live_seconds(const std::filesystem::path& root, Timestamp start) {
  parquet::RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(start);
  parquet::RawStore store(options);
  std::uint64_t seq = 0;
  store.append(book("BTCUSDT", start, ++seq, 1, true));
  for (int second = 1; second <= 30; ++second) {
    const Timestamp at = start + second * kMicrosPerSecond;
    store.append(book("BTCUSDT", at - kMicrosPerSecond / 2, ++seq, second + 1, false));
    store.append(trade("BTCUSDT", at - kMicrosPerSecond / 4, ++seq, "t" + std::to_string(second)));
    store.append(tick("BTCUSDT", at, ++seq));
    if (second % 10 == 0) store.flush();
  }
  return root;
}

}  // namespace fsvc::test
