#include "app/commands.hpp"

namespace fsvc::app {

// Placeholder until the command is implemented: it exists so the CLI lists it.
void register_simulate_command(CLI::App& cli) {
  cli.add_subcommand("simulate", "(not implemented yet)")->callback([] { throw std::runtime_error("simulate: not implemented yet"); });
}

}  // namespace fsvc::app
