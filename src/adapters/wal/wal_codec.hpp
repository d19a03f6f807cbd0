#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/event/market_event.hpp"

// The write-ahead log's encoding of one engine input: a tag byte (0..4 = MarketEvent alternative
// index, 5 = Tick), then every field in the order of its type's field list
// (core/event/event_fields.hpp: the members' declaration order), little-endian and fixed width, doubles
// as their IEEE bits (so -0.0 and NaN payloads survive). Optionals carry a presence byte, short
// strings a length byte, level vectors a uint32 count. Exact and self-delimiting, so a record
// holds any number of inputs back to back; framing and checksums belong to the segment file.
namespace fsvc::wal {
// Thrown when bytes do not hold a whole, well-formed input; what() names the byte offset and the field.
class WalDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// Appends the binary encoding of one input to `out` (no framing, no checksum: the segment file adds those).
void encode_input(const EngineInput& input, std::string& out);
// Decodes the input starting at bytes[pos] and advances pos past it. Offsets in errors are
// positions in `bytes`; pos is left unchanged when it throws.
EngineInput decode_input(std::string_view bytes, std::size_t& pos);
}  // namespace fsvc::wal
