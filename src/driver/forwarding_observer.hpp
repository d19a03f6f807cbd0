#pragma once

#include <string>

#include "driver/online_driver.hpp"

namespace fsvc {

// Lets any object with the observer's member functions (e.g. obs::DriverTelemetry) watch
// the driver, without the driver linking that object's library.
template <typename Target>
class ForwardingObserver final : public OnlineDriverObserver {
 public:
  explicit ForwardingObserver(Target& target) : target_(target) {}

  void on_event_applied(const MarketEvent& event, const EventOutcome& outcome) override {
    target_.on_event_applied(event, outcome);
  }
  void on_vector_computed(const FeatureVector& vector, Duration compute_latency) override {
    target_.on_vector_computed(vector, compute_latency);
  }
  void on_input_failed(std::uint64_t ingest_seq, const std::string& what) override {
    target_.on_input_failed(ingest_seq, what);
  }
  void on_event_rejected(const MarketEvent& event, Admission why) override {
    target_.on_event_rejected(event, why);
  }
  void on_quality_minutes(std::vector<QualityMinute>&& minutes) override {
    if constexpr (requires { target_.on_quality_minutes(std::move(minutes)); }) {
      target_.on_quality_minutes(std::move(minutes));
    }
  }

 private:
  Target& target_;
};

}  // namespace fsvc
