#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fsvc::sim {

// The ways an injected broken message is broken, each one a distinct decoder rejection.
enum class MalformedKind : std::uint8_t {
  invalid_json,   // cut off mid-message
  missing_field,  // a required field removed
  non_numeric,    // a price that is not a number
  negative_size,  // a size below zero
};
inline constexpr int kMalformedKindCount = 4;

// Breaks a valid ws-gateway envelope (as encode_envelope writes it) in the given way. When the
// envelope has no field to break that way, it is cut off instead, so the result is never valid.
std::string make_malformed(std::string_view envelope, MalformedKind kind);

}  // namespace fsvc::sim
