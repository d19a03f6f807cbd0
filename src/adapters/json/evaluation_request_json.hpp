#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dataset/evaluation_request.hpp"

namespace fsvc::json {

// A request, or every problem found in it (unknown fields by name, each prediction's by index).
struct ParsedEvaluation {
  std::optional<dataset::EvaluationRequest> request;
  std::vector<std::string> problems;
};

// A POST /model/evaluate body: {dataset_id, split: "validation"|"test", fold?, model_version,
// metrics_to_compute?, predictions?: [{timestamp, prediction}]}. Timestamps as contracts.md §4;
// a prediction is a finite number, and one timestamp may be predicted once. The body's size is
// bounded by the HTTP server's limit.
ParsedEvaluation parse_evaluation_request_body(std::string_view text);

}  // namespace fsvc::json
