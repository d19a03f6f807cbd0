#pragma once

#include <string_view>

#include "adapters/registry/document_builder.hpp"
#include "core/registry/document_node.hpp"

namespace fsvc::registry {

// One JSON value (a `POST /feature-registry/versions` body) as the same tree a YAML file gives:
// strings are quoted scalars, numbers and booleans plain ones. Parsed with nlohmann's SAX
// interface, so the limits hold while parsing. Throws DocumentError with the line of a syntax
// error, an encoding problem or an exceeded limit.
DocumentNode parse_json_document(std::string_view text, const DocumentLimits& limits);

}  // namespace fsvc::registry
