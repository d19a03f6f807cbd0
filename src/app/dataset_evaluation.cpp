#include "app/dataset_evaluation.hpp"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "adapters/json/evaluation_request_json.hpp"
#include "adapters/parquet/dataset_targets.hpp"
#include "app/dataset_download.hpp"
#include "core/dataset/evaluation_metrics.hpp"

namespace fsvc::app {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The unmatched timestamps named in the answer; beyond this they are only counted.
constexpr std::size_t kListedUnmatched = 100;
constexpr std::size_t kListedProblems = 10;

DatasetRefusal invalid(std::vector<std::string> problems) {
  const std::string message = std::to_string(problems.size()) + " problem" +
                              (problems.size() == 1 ? "" : "s") + " in the evaluation request";
  return DatasetRefusal(DatasetRefusal::Kind::invalid, "INVALID_REQUEST", message, std::move(problems));
}

dataset::TargetKind target_kind(const DatasetRecord& record) {
  const json config = json::parse(record.target_config, nullptr, false);
  const std::string type = config.is_object() ? config.value("type", std::string()) : std::string();
  for (const auto kind : {dataset::TargetKind::classification, dataset::TargetKind::risk_adjusted}) {
    if (type == dataset::to_string(kind)) return kind;
  }
  return dataset::TargetKind::regression;
}

std::vector<std::string> non_class_predictions(const std::vector<dataset::Prediction>& predictions) {
  std::vector<std::string> problems;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < predictions.size(); ++i) {
    if (dataset::class_index(predictions[i].value)) continue;
    if (++bad <= kListedProblems) {
      problems.push_back("predictions[" + std::to_string(i) + "].prediction must be a class of the " +
                         "classification target: -1, 0 or 1");
    }
  }
  if (bad > kListedProblems) problems.push_back("... and " + std::to_string(bad - kListedProblems) + " more");
  return problems;
}

// The split's entry of metadata.json with what describes every split's rows.
json split_metadata(const DatasetRecord& record, const fs::path& storage_root, const std::string& segment) {
  const json metadata = dataset_metadata(record, storage_root);
  json out = json::object();
  for (const json& entry : metadata.value("splits", json::array())) {
    if (entry.value("name", std::string()) == segment) out = entry;
  }
  for (const char* key : {"symbol", "feature_registry_version", "feature_registry_hash", "interval", "target",
                          "embargo_seconds", "output_format", "columns"}) {
    if (metadata.contains(key)) out[key] = metadata[key];
  }
  return out;
}

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json per_class(const dataset::ClassificationMetrics& m, std::optional<double> dataset::ClassMetrics::*field) {
  json out = json::object();
  for (std::size_t c = 0; c < dataset::kClasses.size(); ++c) {
    out[std::to_string(dataset::kClasses[c])] = optional_number(m.per_class[c].*field);
  }
  return out;
}

// Every metric of the kind by name; null where undefined (and all of them without a match).
json all_metrics(dataset::TargetKind kind, const dataset::MetricsAccumulator& acc) {
  const bool any = acc.count() > 0;
  if (kind != dataset::TargetKind::classification) {
    const dataset::RegressionMetrics m = acc.regression();
    return {{"mse", any ? json(m.mse) : json(nullptr)},
            {"mae", any ? json(m.mae) : json(nullptr)},
            {"rmse", any ? json(m.rmse) : json(nullptr)},
            {"r2", optional_number(m.r2)},
            {"directional_accuracy", optional_number(m.directional_accuracy)}};
  }
  const dataset::ClassificationMetrics m = acc.classification();
  json matrix = json::array();
  for (const auto& row : m.confusion) matrix.push_back(row);
  return {
      {"accuracy", any ? json(m.accuracy) : json(nullptr)},
      {"precision", per_class(m, &dataset::ClassMetrics::precision)},
      {"recall", per_class(m, &dataset::ClassMetrics::recall)},
      {"f1", per_class(m, &dataset::ClassMetrics::f1)},
      {"confusion_matrix",
       {{"labels", dataset::kClasses}, {"rows", "actual"}, {"columns", "predicted"}, {"matrix", matrix}}}};
}

json computed_metrics(const dataset::EvaluationRequest& request, dataset::TargetKind kind,
                      const DatasetDownload& split) {
  std::unordered_map<Timestamp, double> predicted;
  for (const dataset::Prediction& p : *request.predictions) predicted.emplace(p.timestamp, p.value);
  dataset::MetricsAccumulator acc(kind);
  std::uint64_t rows = 0;
  const auto format = fs::path(split.path).extension() == ".csv" ? dataset::OutputFormat::csv
                                                                 : dataset::OutputFormat::parquet;
  parquet::read_dataset_targets(split.path, format, [&](Timestamp t, double target) {
    ++rows;
    const auto found = predicted.find(t);
    if (found == predicted.end()) return;
    acc.add(target, found->second);
    predicted.erase(found);
  });
  const json every = all_metrics(kind, acc);
  json out = json::object();
  if (request.metrics.empty()) {
    out = every;
  } else {
    for (const std::string& name : request.metrics) out[name] = every.at(name);
  }
  json unmatched = json::array();
  for (const dataset::Prediction& p : *request.predictions) {
    if (unmatched.size() == kListedUnmatched) break;
    if (predicted.contains(p.timestamp)) unmatched.push_back(format_iso8601_micros(p.timestamp));
  }
  out["matched"] = acc.count();
  out["split_rows"] = rows;
  out["unmatched_count"] = predicted.size();
  out["unmatched_timestamps"] = unmatched;  // the first 100, in request order
  return out;
}

std::string download_url(const DatasetEvaluation& e) {
  return "/dataset/" + e.dataset_id + "/download?split=" + e.split +
         (e.fold ? "&fold=" + std::to_string(*e.fold) : std::string());
}

}  // namespace

DatasetEvaluation evaluate_dataset(MetadataStore& store, const fs::path& storage_root,
                                   std::string_view body) {
  ::fsvc::json::ParsedEvaluation parsed = ::fsvc::json::parse_evaluation_request_body(body);
  if (!parsed.request) throw invalid(std::move(parsed.problems));
  const dataset::EvaluationRequest& request = *parsed.request;
  const auto record = store.get_dataset(request.dataset_id);
  if (!record) {
    throw DatasetRefusal(DatasetRefusal::Kind::not_found, "DATASET_NOT_FOUND",
                         "no dataset " + request.dataset_id);
  }
  const dataset::TargetKind kind = target_kind(*record);
  std::vector<std::string> problems = dataset::unknown_metrics(kind, request.metrics);
  if (request.predictions && kind == dataset::TargetKind::classification) {
    for (std::string& p : non_class_predictions(*request.predictions)) problems.push_back(std::move(p));
  }
  if (!problems.empty()) throw invalid(std::move(problems));

  DatasetEvaluation out;
  out.dataset_id = record->id;
  out.split = std::string(dataset::to_string(request.split));
  out.fold = request.fold;
  out.model_version = request.model_version;
  const DatasetDownload split = locate_download(*record, storage_root, out.split, request.fold);
  out.prepared_dataset_url = download_url(out);
  out.metadata = split_metadata(*record, storage_root, split.segment).dump();
  out.metrics = request.predictions ? computed_metrics(request, kind, split).dump() : "null";
  return out;
}

}  // namespace fsvc::app
