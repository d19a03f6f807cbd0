#include "adapters/registry/registry_loader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "adapters/registry/json_document.hpp"
#include "adapters/registry/yaml_document.hpp"
#include "core/feature/state_estimate.hpp"
#include "core/registry/validate_registry.hpp"

namespace fsvc::registry {

namespace {

LoadResult failure(std::string message, int line) {
  LoadResult result;
  result.problems.errors.push_back(RegistryProblem{"", "", std::move(message), line});
  return result;
}

DocumentNode parse(std::string_view text, DocumentFormat format, const DocumentLimits& limits) {
  return format == DocumentFormat::yaml ? parse_yaml_document(text, limits)
                                        : parse_json_document(text, limits);
}

std::string mib(std::size_t bytes) {
  const std::size_t tenths = (bytes * 10 + (1 << 19)) >> 20;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MiB";
}

// registry.md §2: a registry the engine could not keep in memory is refused like any invalid one,
// with the estimate and the limit, so the active version never changes because of it.
void refuse_beyond_memory_limit(LoadResult& result, const RegistryLimits& limits) {
  if (!result.registry || limits.max_state_bytes == 0) return;
  const StateLoad load;
  const std::size_t estimate = estimate_state_bytes(*result.registry, load);
  if (estimate <= limits.max_state_bytes) return;
  result.problems.errors.push_back(
      RegistryProblem{"", "features",
                      "the engine would need an estimated " + mib(estimate) + " of state per symbol (at " +
                          std::to_string(static_cast<int>(load.book_messages_per_second)) +
                          " book messages and " + std::to_string(static_cast<int>(load.trades_per_second)) +
                          " trades a second), more than the limit of " + mib(limits.max_state_bytes) +
                          " (FEATURE_SERVICE_MAX_STATE_MB)",
                      0});
  result.registry.reset();
}

}  // namespace

LoadResult load_text(std::string_view text, DocumentFormat format, const RegistryLimits& limits,
                     const DocumentLimits& document_limits) {
  LoadResult result;
  try {
    result.document = parse(text, format, document_limits);
  } catch (const DocumentError& e) {
    return failure(std::string("not a registry document: ") + e.what(), e.line());
  }
  RegistryValidation validation = validate_registry(*result.document, limits);
  result.registry = std::move(validation.registry);
  result.problems = std::move(validation.problems);
  refuse_beyond_memory_limit(result, limits);
  return result;
}

LoadResult load_file(const std::string& path, const RegistryLimits& limits,
                     const DocumentLimits& document_limits) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) return failure(path + ": no such file", 0);
  if (error) return failure(path + ": " + error.message(), 0);
  if (!std::filesystem::is_regular_file(status)) return failure(path + ": not a regular file", 0);
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure(path + ": cannot open: " + std::strerror(errno), 0);
  std::string text(document_limits.max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return failure(path + ": cannot read: " + std::strerror(errno), 0);
  text.resize(static_cast<std::size_t>(in.gcount()));
  LoadResult result = load_text(text, DocumentFormat::yaml, limits, document_limits);
  for (RegistryProblem& problem : result.problems.errors) {
    if (problem.feature.empty() && problem.field.empty()) problem.message = path + ": " + problem.message;
  }
  return result;
}

}  // namespace fsvc::registry
