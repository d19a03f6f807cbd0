#include "adapters/registry/registry_loader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "adapters/registry/json_document.hpp"
#include "adapters/registry/yaml_document.hpp"
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
