#pragma once

#include <string_view>

#include "adapters/registry/document_builder.hpp"
#include "core/registry/document_node.hpp"

namespace fsvc::registry {

// One YAML document (yaml-cpp's event parser, so the limits hold while parsing and no yaml-cpp
// node graph is built). Quoted scalars stay strings; plain ~, null, Null, NULL and empty values
// are null. Anchors and aliases work, expanded within the limits. Throws DocumentError with the
// line of a syntax error, an encoding problem or an exceeded limit.
DocumentNode parse_yaml_document(std::string_view text, const DocumentLimits& limits);

}  // namespace fsvc::registry
