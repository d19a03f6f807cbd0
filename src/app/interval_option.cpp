#include "app/interval_option.hpp"

#include <stdexcept>

namespace fsvc::app {

EngineConfig engine_config_for_interval(const std::string& text, const std::string& option) {
  const auto finest = parse_duration(text);
  if (!finest) {
    throw std::invalid_argument(option + ": '" + text + "' is not a duration (e.g. 1s, 500ms, 5s)");
  }
  EngineConfig config;
  std::vector<Duration> intervals{*finest};
  for (Duration d : EngineConfig{}.intervals) {
    if (d > *finest && d % *finest == 0) intervals.push_back(d);
  }
  config.intervals = std::move(intervals);
  return config;
}

}  // namespace fsvc::app
