#pragma once

#include <CLI/CLI.hpp>

namespace fsvc::app {

// Each sub-command lives in its own file and registers itself on the top-level CLI.
void register_replay_command(CLI::App& cli);
void register_simulate_command(CLI::App& cli);
void register_serve_command(CLI::App& cli);
void register_rebuild_command(CLI::App& cli);
void register_import_command(CLI::App& cli);
void register_archive_command(CLI::App& cli);
void register_store_command(CLI::App& cli);
void register_dataset_command(CLI::App& cli);
void register_quality_command(CLI::App& cli);

}  // namespace fsvc::app
