#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/engine/engine.hpp"
#include "core/engine/event_admission.hpp"

namespace fsvc {

// What the online driver's engine thread reports as it goes (metrics, rate-limited logs). Called
// on the engine thread: implementations must be quick and must not call back into the driver.
class OnlineDriverObserver {
 public:
  virtual ~OnlineDriverObserver() = default;
  virtual void on_event_applied(const MarketEvent& event, const EventOutcome& outcome) = 0;
  // A grid vector was computed; `compute_latency` is the engine's time for it (steady clock, µs).
  virtual void on_vector_computed(const FeatureVector& vector, Duration compute_latency) = 0;
  // Applying the input with this ingest_seq threw; it was skipped.
  virtual void on_input_failed(std::uint64_t ingest_seq, const std::string& what) = 0;
  // EventAdmission (or the journal, for an event stored before a restart) refused the event: it was
  // neither applied nor journaled.
  virtual void on_event_rejected(const MarketEvent& event, Admission why) = 0;
  // The engine closed these data-quality minutes (oldest first, every symbol): the live counters.
  virtual void on_quality_minutes(std::vector<QualityMinute>&& minutes) { (void)minutes; }
};

}  // namespace fsvc
