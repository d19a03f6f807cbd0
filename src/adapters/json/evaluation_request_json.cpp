#include "adapters/json/evaluation_request_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <unordered_set>

namespace fsvc::json {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxModelVersionBytes = 255;
constexpr int kMaxFold = static_cast<int>(dataset::kMaxWalkForwardFolds) - 1;
// Past this many, bad predictions are counted rather than each named.
constexpr std::size_t kNamedPredictionProblems = 10;

class Problems {
 public:
  void add(std::string problem) { list_.push_back(std::move(problem)); }
  // A problem of one prediction: the first few are named, the rest counted.
  void add_prediction(std::string problem) {
    if (++prediction_problems_ <= kNamedPredictionProblems) add(std::move(problem));
  }
  std::vector<std::string> take() {
    if (prediction_problems_ > kNamedPredictionProblems) {
      add("... and " + std::to_string(prediction_problems_ - kNamedPredictionProblems) +
          " more problems in predictions");
    }
    return std::move(list_);
  }
  bool empty() const { return list_.empty() && prediction_problems_ == 0; }

 private:
  std::vector<std::string> list_;
  std::size_t prediction_problems_ = 0;
};

std::optional<std::string> required_text(const json& body, const char* name, Problems& problems) {
  const auto found = body.find(name);
  if (found == body.end()) {
    problems.add(std::string(name) + " is required");
  } else if (!found->is_string() || found->get_ref<const std::string&>().empty() ||
             found->get_ref<const std::string&>().size() > kMaxModelVersionBytes) {
    problems.add(std::string(name) + " must be a string of 1 to 255 bytes");
  } else {
    return found->get<std::string>();
  }
  return std::nullopt;
}

std::optional<dataset::SplitName> split_of(const json& body, Problems& problems) {
  const auto found = body.find("split");
  if (found == body.end()) {
    problems.add("split is required: validation or test");
  } else if (*found == "validation") {
    return dataset::SplitName::validation;
  } else if (*found == "test") {
    return dataset::SplitName::test;
  } else {
    problems.add("split must be validation or test");
  }
  return std::nullopt;
}

std::optional<int> fold_of(const json& body, Problems& problems) {
  const auto found = body.find("fold");
  if (found == body.end() || found->is_null()) return std::nullopt;
  if (!found->is_number_integer() || found->get<std::int64_t>() < 0 ||
      found->get<std::int64_t>() > kMaxFold) {
    problems.add("fold must be an integer from 0 to " + std::to_string(kMaxFold));
    return std::nullopt;
  }
  return found->get<int>();
}

std::vector<std::string> metrics_of(const json& body, Problems& problems) {
  std::vector<std::string> names;
  const auto found = body.find("metrics_to_compute");
  if (found == body.end() || found->is_null()) return names;
  if (!found->is_array()) {
    problems.add("metrics_to_compute must be an array of metric names");
    return names;
  }
  for (const json& name : *found) {
    if (!name.is_string()) {
      problems.add("metrics_to_compute must hold metric names (strings)");
      return {};
    }
    names.push_back(name.get<std::string>());
  }
  return names;
}

std::optional<dataset::Prediction> prediction_of(const json& item, std::size_t index, Problems& problems) {
  const std::string at = "predictions[" + std::to_string(index) + "]";
  if (!item.is_object()) {
    problems.add_prediction(at + " must be an object {timestamp, prediction}");
    return std::nullopt;
  }
  for (const auto& [key, value] : item.items()) {
    if (key != "timestamp" && key != "prediction")
      problems.add_prediction(at + ": unknown field '" + key + "'");
  }
  const auto time = item.find("timestamp");
  const auto value = item.find("prediction");
  std::optional<Timestamp> t;
  if (time != item.end() && time->is_string()) t = parse_iso8601(time->get_ref<const std::string&>());
  if (!t) problems.add_prediction(at + ".timestamp must be an ISO-8601 time");
  const bool finite = value != item.end() && value->is_number() && std::isfinite(value->get<double>());
  if (!finite) problems.add_prediction(at + ".prediction must be a finite number");
  if (!t || !finite) return std::nullopt;
  return dataset::Prediction{*t, value->get<double>()};
}

std::optional<std::vector<dataset::Prediction>> predictions_of(const json& body, Problems& problems) {
  const auto found = body.find("predictions");
  if (found == body.end() || found->is_null()) return std::nullopt;
  if (!found->is_array()) {
    problems.add("predictions must be an array of {timestamp, prediction}");
    return std::nullopt;
  }
  std::vector<dataset::Prediction> out;
  out.reserve(found->size());
  std::unordered_set<Timestamp> seen;
  for (std::size_t i = 0; i < found->size(); ++i) {
    const auto p = prediction_of((*found)[i], i, problems);
    if (!p) continue;
    if (!seen.insert(p->timestamp).second) {
      problems.add_prediction("predictions[" + std::to_string(i) + "]: timestamp " +
                              format_iso8601_micros(p->timestamp) + " is predicted twice");
    }
    out.push_back(*p);
  }
  return out;
}

}  // namespace

ParsedEvaluation parse_evaluation_request_body(std::string_view text) {
  ParsedEvaluation parsed;
  const json body = json::parse(text.begin(), text.end(), nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    parsed.problems.push_back("the body must be a JSON object");
    return parsed;
  }
  Problems problems;
  static const std::unordered_set<std::string> kKnown = {
      "dataset_id", "split", "fold", "model_version", "metrics_to_compute", "predictions"};
  for (const auto& [key, value] : body.items()) {
    if (!kKnown.contains(key)) problems.add("unknown field '" + key + "'");
  }
  dataset::EvaluationRequest request;
  const auto id = required_text(body, "dataset_id", problems);
  const auto split = split_of(body, problems);
  request.fold = fold_of(body, problems);
  const auto model = required_text(body, "model_version", problems);
  request.metrics = metrics_of(body, problems);
  request.predictions = predictions_of(body, problems);
  if (!problems.empty()) {
    parsed.problems = problems.take();
    return parsed;
  }
  request.dataset_id = *id;
  request.split = *split;
  request.model_version = *model;
  parsed.request = std::move(request);
  return parsed;
}

}  // namespace fsvc::json
