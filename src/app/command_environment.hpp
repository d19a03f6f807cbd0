#pragma once

#include <string>

#include "adapters/config/service_config.hpp"

namespace fsvc::app {

// The configuration as the offline commands (replay, import, rebuild, archive, store) take it:
// read from the environment once, when the command line is built, so that their options can
// default to it; a bad value is reported only when a command runs (`check`), so `--help` and the
// other commands still work.
class CommandEnvironment {
 public:
  static const CommandEnvironment& get();

  const config::ServiceConfig& config() const { return config_; }
  // Throws the error of reading the environment, naming the variable, if there was one.
  void check() const;

 private:
  CommandEnvironment();
  config::ServiceConfig config_;
  std::string error_;
};

}  // namespace fsvc::app
