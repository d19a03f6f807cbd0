#include "core/dataset/dataset_request.hpp"

namespace fsvc::dataset {

std::string_view to_string(Strategy strategy) {
  switch (strategy) {
    case Strategy::time_based:
      return "time_based";
    case Strategy::walk_forward:
      return "walk_forward";
    case Strategy::random:
      return "random";
  }
  return "?";
}

std::string_view to_string(TargetKind kind) {
  switch (kind) {
    case TargetKind::regression:
      return "regression";
    case TargetKind::classification:
      return "classification";
    case TargetKind::risk_adjusted:
      return "risk_adjusted";
  }
  return "?";
}

std::string_view to_string(OutputFormat format) {
  return format == OutputFormat::parquet ? "parquet" : "csv";
}

std::string_view to_string(MissingRows policy) {
  return policy == MissingRows::keep ? "keep" : "drop";
}

}  // namespace fsvc::dataset
