#include "app/dataset_service.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "adapters/json/dataset_request_json.hpp"
#include "adapters/parquet/store_inventory.hpp"
#include "adapters/registry/registry_versions.hpp"
#include "adapters/storage/whole_file.hpp"
#include "app/dataset_download.hpp"
#include "app/dataset_evaluation.hpp"
#include "app/dataset_job.hpp"
#include "app/raw_store_wiring.hpp"
#include "app/registry_wiring.hpp"
#include "core/registry/builtin_registry.hpp"

namespace fsvc::app {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kRequestsFolder = ".requests";

DatasetRefusal invalid_request(std::vector<std::string> problems) {
  const std::string message = std::to_string(problems.size()) + " problem" +
                              (problems.size() == 1 ? "" : "s") + " in the dataset request";
  return DatasetRefusal(DatasetRefusal::Kind::invalid, "INVALID_REQUEST", message, std::move(problems));
}

std::optional<Timestamp> start_of(const std::optional<dataset::Period>& p) {
  return p ? std::optional(p->start) : std::nullopt;
}
std::optional<Timestamp> end_of(const std::optional<dataset::Period>& p) {
  return p ? std::optional(p->end) : std::nullopt;
}

// The queued row of a validated request; the request's own objects are kept as they were sent.
DatasetRecord queued_record(const dataset::DatasetRequest& request, std::string_view body,
                            const std::string& registry_version) {
  const json sent = json::parse(body.begin(), body.end());
  DatasetRecord r;
  r.symbol = request.symbol;
  r.status = DatasetStatus::queued;
  r.split_strategy =
      parse_split_strategy(dataset::to_string(request.strategy)).value_or(SplitStrategy::time_based);
  r.train_period_start = start_of(request.train);
  r.train_period_end = end_of(request.train);
  r.validation_period_start = start_of(request.validation);
  r.validation_period_end = end_of(request.validation);
  r.test_period_start = start_of(request.test);
  r.test_period_end = end_of(request.test);
  if (const auto wf = sent.find("walk_forward_config"); wf != sent.end() && wf->is_object()) {
    r.walk_forward_config = wf->dump();
  }
  const auto target = sent.find("target_config");
  r.target_config = target != sent.end() && target->is_object() ? target->dump() : "{}";
  r.feature_registry_version = registry_version;
  r.output_format = std::string(dataset::to_string(request.output_format));
  return r;
}

std::string splits_info(const dataset::DatasetRequest& request) {
  json splits = json::array();
  for (const dataset::Segment& s : dataset::plan_splits(request).segments) {
    splits.push_back({{"name", dataset::segment_name(s)},
                      {"split", dataset::to_string(s.split)},
                      {"fold", s.fold < 0 ? json(nullptr) : json(s.fold)},
                      {"from", format_iso8601_millis(s.period.start)},
                      {"to", format_iso8601_millis(s.period.end)}});
  }
  return splits.dump();
}

// A request build() accepted, parsed again (a replayed Idempotency-Key, a build after a restart).
dataset::DatasetRequest accepted_request(std::string_view body, const std::string& registry_version,
                                         double threshold) {
  const dataset::ParsedRequest parsed = dataset::parse_dataset_request(
      ::fsvc::json::parse_dataset_request_body(body), {{}, {registry_version}, threshold});
  if (!parsed.request)
    throw std::runtime_error("the kept request is no longer valid: " + parsed.problems.front());
  return *parsed.request;
}

}  // namespace

DatasetServiceSettings dataset_service_settings_from(const config::ServiceConfig& config) {
  DatasetServiceSettings settings;
  settings.raw_root = raw_store_settings_from(config).root;
  settings.storage_root = config.dataset_storage_path;
  settings.concurrency = config.dataset_build_concurrency;
  settings.memory_mib = config.dataset_memory_mib;
  settings.classification_threshold = config.classification_threshold;
  settings.limits = registry_limits_from(config);
  return settings;
}

DatasetService::DatasetService(MetadataStore& store, DatasetServiceSettings settings, const Clock& clock,
                               DatasetFinished finished)
    : store_(store),
      settings_(std::move(settings)),
      queue_(
          store,
          [this](const DatasetRecord& record, const std::function<void(double)>& progress,
                 std::stop_token stop) { return run(record, progress, stop); },
          std::move(finished), settings_.concurrency, clock) {
  const fs::path folder = settings_.storage_root / kRequestsFolder;
  fs::create_directories(folder);
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".json") continue;
    const json kept = json::parse(storage::read_whole_file(entry.path()), nullptr, false);
    if (kept.is_discarded() || !kept.contains("idempotency_key") || !kept["idempotency_key"].is_string())
      continue;
    by_key_[kept["idempotency_key"].get<std::string>()] = {entry.path().stem().string(),
                                                           kept.value("body", std::string())};
  }
}

fs::path DatasetService::request_file(const std::string& id) const {
  return settings_.storage_root / kRequestsFolder / (id + ".json");
}

void DatasetService::keep_request(const std::string& id, std::string_view body,
                                  const std::optional<std::string>& key) {
  const json kept = {{"body", std::string(body)}, {"idempotency_key", key ? json(*key) : json(nullptr)}};
  const fs::path path = request_file(id);
  const fs::path partial = fs::path(path).concat(".partial");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << kept.dump();
    if (!out.flush()) throw std::runtime_error("cannot write " + partial.string());
  }
  fs::rename(partial, path);
}

DatasetBuildReceipt DatasetService::build(std::string_view body, const std::optional<std::string>& key) {
  const std::lock_guard lock(mutex_);
  if (key) {
    if (const auto found = by_key_.find(*key); found != by_key_.end()) {
      if (found->second.body != body) {
        throw DatasetRefusal(
            DatasetRefusal::Kind::conflict, "IDEMPOTENCY_CONFLICT",
            "Idempotency-Key '" + *key + "' was used for another request (dataset " + found->second.id + ")");
      }
      if (auto first = store_.get_dataset(found->second.id)) {
        const auto request =
            accepted_request(body, first->feature_registry_version, settings_.classification_threshold);
        return {std::move(*first), splits_info(request)};
      }
      by_key_.erase(found);  // its dataset was deleted: the key starts a new build
    }
  }
  dataset::RequestDocument document;
  try {
    document = ::fsvc::json::parse_dataset_request_body(body);
  } catch (const std::invalid_argument& e) {
    throw invalid_request({e.what()});
  }
  std::vector<std::string> versions;
  for (const RegistryVersionRecord& v : store_.list_registry_versions()) versions.push_back(v.version);
  const parquet::StoreInventory inventory = parquet::take_inventory(settings_.raw_root);
  const dataset::ParsedRequest parsed = dataset::parse_dataset_request(
      document, request_context(inventory, versions, settings_.classification_threshold));
  if (!parsed.request) throw invalid_request(parsed.problems);
  const dataset::DatasetRequest& request = *parsed.request;
  try {
    require_raw_data(inventory, request);
  } catch (const DatasetNoData& e) {
    std::vector<AvailableRange> available;
    for (const dataset::Period& p : e.available) available.push_back({p.start, p.end});
    throw DatasetRefusal(DatasetRefusal::Kind::conflict, "NO_DATA", e.what(), {}, std::move(available));
  }
  std::string version = request.registry_version;
  if (version == "latest") {
    const auto active = store_.active_registry_version();
    version = active ? active->version : builtin_registry().version;
  }
  DatasetRecord record = store_.create_dataset(queued_record(request, body, version));
  keep_request(record.id, body, key);
  if (key) by_key_[*key] = {record.id, std::string(body)};
  queue_.enqueue(record.id);
  return {std::move(record), splits_info(request)};
}

std::vector<DatasetRecord> DatasetService::list(const DatasetFilter& filter) {
  return store_.list_datasets(filter);
}

std::optional<DatasetRecord> DatasetService::get(const std::string& id) {
  return store_.get_dataset(id);
}

bool DatasetService::remove(const std::string& id) {
  if (!store_.get_dataset(id)) return false;
  queue_.cancel(id);  // waits until a running build has stopped, so no file appears afterwards
  const fs::path folder = settings_.storage_root / id;
  fs::remove_all(folder);
  fs::remove_all(fs::path(folder).concat(".partial"));
  {
    const std::lock_guard lock(mutex_);
    fs::remove(request_file(id));
    std::erase_if(by_key_, [&](const auto& entry) { return entry.second.id == id; });
  }
  return store_.delete_dataset(id);
}

DatasetDownload DatasetService::download(const std::string& id, const std::string& split,
                                         std::optional<int> fold) {
  const auto record = store_.get_dataset(id);
  if (!record) throw DatasetRefusal(DatasetRefusal::Kind::not_found, "DATASET_NOT_FOUND", "no dataset " + id);
  return locate_download(*record, settings_.storage_root, split, fold);
}

DatasetEvaluation DatasetService::evaluate(std::string_view body) {
  return evaluate_dataset(store_, settings_.storage_root, body);
}

DatasetOutcome DatasetService::run(const DatasetRecord& record, const std::function<void(double)>& progress,
                                   std::stop_token stop) {
  const json kept = json::parse(storage::read_whole_file(request_file(record.id)));
  DatasetJob job;
  job.id = record.id;
  job.request_body = kept.at("body").get<std::string>();
  job.raw_root = settings_.raw_root;
  job.storage_root = settings_.storage_root;
  job.memory_mib = settings_.memory_mib;
  const auto stored = store_.get_registry_version(record.feature_registry_version);
  job.registry = stored ? registry::registry_of_record(*stored, settings_.limits) : builtin_registry();
  if (!stored && job.registry.version != record.feature_registry_version) {
    throw std::runtime_error("registry version " + record.feature_registry_version + " no longer exists");
  }
  job.request =
      accepted_request(job.request_body, record.feature_registry_version, settings_.classification_threshold);
  const DatasetJobResult result = run_dataset_job(job, progress, stop);
  return {result.train_records, result.validation_records, result.test_records, result.folder.string(),
          result.leakage_report};
}

}  // namespace fsvc::app
