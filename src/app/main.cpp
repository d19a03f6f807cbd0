#include <exception>
#include <iostream>

#include "app/commands.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"feature-service: live and offline features for Bybit perpetuals"};
  cli.require_subcommand(1);
  fsvc::app::register_replay_command(cli);
  fsvc::app::register_simulate_command(cli);
  fsvc::app::register_serve_command(cli);
  fsvc::app::register_rebuild_command(cli);
  fsvc::app::register_import_command(cli);
  fsvc::app::register_archive_command(cli);
  fsvc::app::register_store_command(cli);
  fsvc::app::register_dataset_command(cli);
  fsvc::app::register_quality_command(cli);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "feature-service: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
