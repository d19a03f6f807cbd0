#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "ports/clock.hpp"
#include "ports/event_sink.hpp"

namespace fsvc {

struct SimulatedLiveOptions {
  std::vector<std::string> symbols{"BTCUSDT"};
  std::uint64_t seed = 1;
  std::chrono::milliseconds step{100};  // one book delta per symbol per step
  double trade_probability = 0.5;       // per symbol and step
};

// A live market in wall-clock time for `serve` without a broker or capture: per symbol a
// 10-level book snapshot at once, then contiguous deltas (a one-tick random walk of the centre
// plus size changes) and taker trades at the touch, stamped with the clock's time.
//
// Stand-in until the deterministic simulator of adapters/simulator offers its incremental API;
// `serve` then switches to it and this file goes.
class SimulatedLiveSource {
 public:
  SimulatedLiveSource(const Clock& clock, EventSink& sink, SimulatedLiveOptions options);
  ~SimulatedLiveSource();
  SimulatedLiveSource(const SimulatedLiveSource&) = delete;
  SimulatedLiveSource& operator=(const SimulatedLiveSource&) = delete;

  void start();
  void stop();  // idempotent; returns once nothing more will be submitted

 private:
  struct Market;

  void run();
  void step(Market& market);

  const Clock& clock_;
  EventSink& sink_;
  SimulatedLiveOptions options_;
  std::mt19937_64 rng_;
  std::vector<Market> markets_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fsvc
