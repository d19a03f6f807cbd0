#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "adapters/registry/document_builder.hpp"
#include "core/registry/document_node.hpp"
#include "core/registry/feature_spec.hpp"
#include "core/registry/registry_limits.hpp"
#include "core/registry/registry_problem.hpp"

namespace fsvc::registry {

enum class DocumentFormat { yaml, json };

// A registry read from text: the validated registry when there is no error, every error and
// warning found, and the document as written (kept as the version's `config`) when it parsed.
struct LoadResult {
  std::optional<FeatureRegistry> registry;
  RegistryProblems problems;
  std::optional<DocumentNode> document;

  bool valid() const { return registry.has_value(); }
};

// Parses and validates a YAML file or a JSON body. A document that does not parse is one error
// (with its line when known); one that parses is checked whole (validate_registry).
LoadResult load_text(std::string_view text, DocumentFormat format, const RegistryLimits& limits,
                     const DocumentLimits& document_limits = {});

// load_text on the YAML file at `path`; a file that cannot be read, is not a regular file or is
// larger than document_limits.max_bytes is one error naming the path.
LoadResult load_file(const std::string& path, const RegistryLimits& limits,
                     const DocumentLimits& document_limits = {});

}  // namespace fsvc::registry
