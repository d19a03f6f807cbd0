#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/config/service_config.hpp"
#include "adapters/gateway/decode_error.hpp"
#include "driver/paced_source.hpp"
#include "ports/clock.hpp"

namespace fsvc::app {

// Told about every capture line that did not decode, when it falls due (metrics, rate-limited logs).
using RejectionHandler =
    std::function<void(const gateway::DecodeError& error, std::uint64_t line, const std::string& text)>;

// The embedded default's source: the capture in FEATURE_SERVICE_CAPTURE replayed at its recorded
// pace times FEATURE_SERVICE_REPLAY_SPEED, else the simulator for FEATURE_SERVICE_SYMBOLS running
// live from the clock's now. Lines that do not decode go to `on_rejected`.
std::unique_ptr<EventSource> embedded_source(const config::ServiceConfig& config, const Clock& clock,
                                             RejectionHandler on_rejected);

}  // namespace fsvc::app
