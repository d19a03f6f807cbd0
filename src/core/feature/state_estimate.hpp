#pragma once

#include <cstddef>

#include "core/registry/feature_spec.hpp"

namespace fsvc {

// The market a memory estimate assumes for one symbol: the load `BENCHMARKS.md` measures
// `state_bytes` at (busy BTCUSDT at orderbook.50 is about this).
struct StateLoad {
  double book_messages_per_second = 100;
  double trades_per_second = 50;
};

// The heap one symbol's engine holds for `registry` under `load`, at the worst moment: the
// histories its features read (trades over the longest trade window, book tops with the
// registry's depth sums over the longest return, grid mids over the longest volatility window),
// each up to twice its live size (evicted entries stay until they are half the storage), plus the
// book itself. Used to refuse a registry that would need more than the configured limit.
std::size_t estimate_state_bytes(const FeatureRegistry& registry, const StateLoad& load = {});

}  // namespace fsvc
