#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "adapters/config/service_config.hpp"
#include "adapters/json/dataset_request_json.hpp"
#include "adapters/metadata/sql_values.hpp"
#include "app/command_environment.hpp"
#include "app/commands.hpp"
#include "app/dataset_job.hpp"
#include "app/raw_store_wiring.hpp"
#include "app/registry_file.hpp"
#include "core/registry/builtin_registry.hpp"

namespace fsvc::app {

namespace {

struct DatasetBuildOptions {
  std::string request_file;
  std::string storage;        // empty: FEATURE_SERVICE_DATASET_STORAGE_PATH
  std::string registry_file;  // empty: registry 1.0.0
  std::string id;             // empty: a new UUID
  RawStoreSettings store;
};

std::string read_request_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("--request: cannot read " + path);
  std::string text;
  text.resize(json::kMaxDatasetRequestBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

// A bar redrawn in place on a terminal; whole lines (at most one per percent) otherwise, so a log
// file or CI output stays readable.
class ProgressDisplay {
 public:
  ProgressDisplay() : terminal_(::isatty(STDERR_FILENO) == 1) {}

  void operator()(double fraction) {
    const int percent = static_cast<int>(fraction * 100.0);
    if (percent == last_percent_) return;
    last_percent_ = percent;
    const auto elapsed = std::chrono::steady_clock::now() - start_;
    const double seconds = std::chrono::duration<double>(elapsed).count();
    if (!terminal_) {
      std::cerr << "dataset: " << percent << "% of the raw data read (" << static_cast<int>(seconds)
                << " s)\n";
      return;
    }
    constexpr int kWidth = 40;
    const int filled = percent * kWidth / 100;
    std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(kWidth - filled), ' ') << "] " << percent << "% "
              << static_cast<int>(seconds) << " s" << std::flush;
    if (percent >= 100) std::cerr << "\n";
  }

 private:
  bool terminal_;
  int last_percent_ = -1;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

void run_dataset_build(const DatasetBuildOptions& options) {
  CommandEnvironment::get().check();
  const config::ServiceConfig& service = CommandEnvironment::get().config();
  DatasetJob job;
  job.request_body = read_request_file(options.request_file);
  job.registry =
      options.registry_file.empty() ? builtin_registry() : registry_from_file(options.registry_file);
  job.raw_root = options.store.root;
  job.storage_root = options.storage.empty() ? std::filesystem::path(service.dataset_storage_path)
                                             : std::filesystem::path(options.storage);
  job.memory_mib = service.dataset_memory_mib;
  if (!std::filesystem::is_directory(job.raw_root)) {
    throw std::invalid_argument("raw store " + job.raw_root.string() + " does not exist (set --raw-data)");
  }
  const parquet::StoreInventory inventory = parquet::take_inventory(job.raw_root);
  dataset::RequestDocument document;
  try {
    document = json::parse_dataset_request_body(job.request_body);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(options.request_file + ": " + e.what());
  }
  const dataset::ParsedRequest parsed = dataset::parse_dataset_request(
      document, request_context(inventory, {job.registry.version}, service.classification_threshold));
  if (!parsed.request) {
    std::string message = options.request_file + ": invalid request (" +
                          std::to_string(parsed.problems.size()) + " problem" +
                          (parsed.problems.size() == 1 ? "" : "s") + "):";
    for (const std::string& problem : parsed.problems) message += "\n  - " + problem;
    throw std::invalid_argument(message);
  }
  job.request = *parsed.request;
  require_raw_data(inventory, job.request);
  job.id = options.id.empty() ? metadata::new_uuid() : options.id;
  std::filesystem::create_directories(job.storage_root);

  ProgressDisplay progress;
  const DatasetJobResult result = run_dataset_job(job, std::ref(progress));
  const DatasetBuildStats& stats = result.stats;
  std::cerr << "dataset " << job.id << ": " << result.train_records << " train, " << result.validation_records
            << " validation, " << result.test_records << " test rows; dropped "
            << stats.dropped_no_future_price << " without a future price, " << stats.dropped_no_volatility
            << " without volatility, " << stats.dropped_missing_features
            << " with missing features; leakage check " << (stats.leakage.passed ? "passed" : "not passed")
            << "\n";
  std::cout << result.folder.string() << "\n";
}

}  // namespace

void register_dataset_command(CLI::App& cli) {
  auto options = std::make_shared<DatasetBuildOptions>();
  options->store = raw_store_settings_from(CommandEnvironment::get().config());
  auto* dataset = cli.add_subcommand("dataset", "training datasets built from the raw store");
  dataset->require_subcommand(1);
  auto* build = dataset->add_subcommand(
      "build", "build one dataset (as POST /dataset/build would) and print its folder; progress on stderr");
  build
      ->add_option("--request", options->request_file,
                   "the build request (JSON, as POST /dataset/build takes)")
      ->required();
  build->add_option("--raw-data", options->store.root, "raw store root (env FEATURE_SERVICE_RAW_DATA_PATH)");
  build->add_option("--storage", options->storage,
                    "where the dataset folder goes (env FEATURE_SERVICE_DATASET_STORAGE_PATH)");
  build->add_option("--registry-file", options->registry_file,
                    "compute the features of this registry (YAML) instead of 1.0.0");
  build->add_option("--id", options->id, "the dataset id (default: a new UUID)");
  build->callback([options] { run_dataset_build(*options); });
}

}  // namespace fsvc::app
