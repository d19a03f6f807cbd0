#include "app/command_environment.hpp"

#include <stdexcept>

namespace fsvc::app {

CommandEnvironment::CommandEnvironment() {
  try {
    config_ = config::load_service_config(config::process_environment());
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

const CommandEnvironment& CommandEnvironment::get() {
  static const CommandEnvironment environment;
  return environment;
}

void CommandEnvironment::check() const {
  if (!error_.empty()) throw std::invalid_argument(error_);
}

}  // namespace fsvc::app
