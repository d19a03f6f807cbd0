#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dataset/dataset_request.hpp"
#include "core/dataset/request_document.hpp"

namespace fsvc::dataset {

// What the service knows when it validates a request.
struct RequestContext {
  std::vector<std::string> known_symbols{};      // empty: any well-formed symbol
  std::vector<std::string> registry_versions{};  // versions that exist ("latest" is always allowed)
  double default_threshold = 0.001;              // MODEL_CLASSIFICATION_THRESHOLD
};

// Either a request or every problem found, each naming its field (never only the first).
struct ParsedRequest {
  std::optional<DatasetRequest> request{};
  std::vector<std::string> problems{};
};

// Validates a flattened body before anything runs (datasets.md §1): unknown fields by name, types,
// periods present for the strategy and in order without overlap, horizon, threshold, ratios,
// registry version, output format, symbol.
ParsedRequest parse_dataset_request(const RequestDocument& document, const RequestContext& context);

}  // namespace fsvc::dataset
