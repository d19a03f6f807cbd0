#include "app/commands.hpp"

namespace fsvc::app {

// Placeholder until the command is implemented: it exists so the CLI lists it.
void register_archive_command(CLI::App& cli) {
  cli.add_subcommand("archive", "(not implemented yet)")->callback([] { throw std::runtime_error("archive: not implemented yet"); });
}

}  // namespace fsvc::app
