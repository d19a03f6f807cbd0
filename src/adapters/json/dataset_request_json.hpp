#pragma once

#include <cstddef>
#include <string_view>

#include "core/dataset/request_document.hpp"

namespace fsvc::json {

// A build request is a few hundred bytes; anything near this is not one.
inline constexpr std::size_t kMaxDatasetRequestBytes = 64 * 1024;

// A POST /dataset/build body (or `dataset build --request` file) flattened for the core's
// validation: top-level members, and members of nested objects as "parent.child". Throws
// std::invalid_argument for text that is too large, not JSON (with the parser's position), nested
// deeper than a few levels, or not an object.
dataset::RequestDocument parse_dataset_request_body(std::string_view text);

}  // namespace fsvc::json
