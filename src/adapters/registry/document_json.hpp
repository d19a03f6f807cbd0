#pragma once

#include <string>

#include "core/registry/document_node.hpp"

namespace fsvc::registry {

// A registry document as JSON text, for the `config` column of its version: mappings become
// objects (keys in their written order), sequences arrays, quoted scalars strings, plain scalars
// numbers, booleans or null when they read as such and strings otherwise. Loading the text back
// with DocumentFormat::json validates to the same registry.
std::string document_to_json(const DocumentNode& document);

}  // namespace fsvc::registry
