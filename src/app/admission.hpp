#pragma once

#include <string>

#include "adapters/config/service_config.hpp"
#include "core/engine/event_admission.hpp"

namespace fsvc::app {

// The event admission rules as configured (FEATURE_SERVICE_MAX_EVENT_*), for every command that
// takes events in: serve, replay, import. They must agree, or replay and import+rebuild could
// admit different events from the same capture.
AdmissionConfig admission_config_from(const config::ServiceConfig& config);

// One line for a command's report: the verdict, the event (id, symbol, type) and its times.
std::string describe_not_admitted(const MarketEvent& event, Admission why);

}  // namespace fsvc::app
