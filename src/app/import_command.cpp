#include "app/commands.hpp"

namespace fsvc::app {

// Placeholder until the command is implemented: it exists so the CLI lists it.
void register_import_command(CLI::App& cli) {
  cli.add_subcommand("import", "(not implemented yet)")->callback([] { throw std::runtime_error("import: not implemented yet"); });
}

}  // namespace fsvc::app
