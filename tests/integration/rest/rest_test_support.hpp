#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/observability/json_logger.hpp"
#include "ports/clock.hpp"
#include "ports/event_sink.hpp"
#include "ports/raw_journal.hpp"
#include "support/eventually.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::test {

// Log lines kept in memory, to check what a component reported.
class CapturedLog {
 public:
  obs::JsonLogger::Sink sink() {
    return [this](std::string_view line) {
      const std::lock_guard lock(mutex_);
      lines_.emplace_back(line);
    };
  }
  std::vector<std::string> lines() const {
    const std::lock_guard lock(mutex_);
    return lines_;
  }
  bool contains(const std::string& text) const {
    for (const std::string& line : lines()) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// An EventSink that keeps what it is given.
class RecordingEventSink final : public EventSink {
 public:
  std::uint64_t submit(MarketEvent event) override {
    const std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
    return events_.size();
  }
  std::vector<MarketEvent> events() const {
    const std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<MarketEvent> events_;
};

// Keeps every journaled input, in journal order, for replaying it through a fresh engine.
class InputJournal final : public RawJournal {
 public:
  void append(const MarketEvent& event) override { add(event); }
  void append(const Tick& tick) override { add(tick); }
  std::uint64_t durable_seq() const override { return 0; }
  void flush() override {}
  std::vector<EngineInput> inputs() const {
    const std::lock_guard lock(mutex_);
    return inputs_;
  }

 private:
  void add(EngineInput input) {
    const std::lock_guard lock(mutex_);
    inputs_.push_back(std::move(input));
  }
  mutable std::mutex mutex_;
  std::vector<EngineInput> inputs_;
};

}  // namespace fsvc::test
