#pragma once

// Internal to the gateway decoder: the state one decode shares between the envelope and the
// payload decoders, and the rejection it builds. Not part of the adapter's public interface.

#include <string>
#include <string_view>

#include "adapters/gateway/decode_error.hpp"
#include "core/types/inline_string.hpp"

namespace fsvc::gateway::detail {

// Where a value sits in the envelope ("payload.b[3][1]"). Kept as parts and turned into a string
// only when a rejection names it, so the success path never formats paths.
struct FieldPath {
  std::string_view parent;  // "" for envelope fields, "payload" inside the payload
  std::string_view key;
  int index = -1;      // element of an array field: b[3]
  int sub_index = -1;  // element of that element: b[3][1]

  FieldPath at(int i) const { return {parent, key, i, -1}; }
  FieldPath at(int i, int j) const { return {parent, key, i, j}; }
  std::string str() const;
};

inline FieldPath envelope_field(std::string_view key) {
  return {{}, key};
}
inline FieldPath payload_field(std::string_view key) {
  return {"payload", key};
}

// Collects the one rejection of a decode. `fail` returns false so that callers can write
// `return ctx.fail(...)`.
class DecodeContext {
 public:
  explicit DecodeContext(DecodeError& error) : error_(error) {}

  bool fail(DecodeReason reason, const FieldPath& path, std::string detail);

  // The envelope's event id once read, so that later rejections can name the event.
  EventId event_id;
  bool has_event_id = false;

  // Fast paths (book levels scanned as text) may only be taken while this is set. A fast path that
  // meets anything unusual sets `retry_generic` and fails; the envelope is then decoded again with
  // fast paths off, so that every rejection comes from the one generic, field-naming code path.
  bool fast_paths = true;
  bool retry_generic = false;

 private:
  DecodeError& error_;
};

// A value quoted for a rejection detail, shortened so a hostile line cannot bloat the logs.
std::string quoted(std::string_view text);

// The payload fields every event type may carry, collected while its fields are iterated and
// resolved when the whole envelope has been read (the topic may come after the payload).
struct PayloadCommon {
  Symbol s;
  bool has_s = false;
  Symbol symbol;
  bool has_symbol = false;
  std::string_view topic;  // payload.topic, valid until the next decode
  bool has_topic = false;
};

}  // namespace fsvc::gateway::detail
