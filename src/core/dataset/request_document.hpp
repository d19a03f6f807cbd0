#pragma once

#include <string>
#include <utility>
#include <vector>

namespace fsvc::dataset {

// One value of a request body as the wire carried it. The JSON (or any other) parsing is an
// adapter's; the core sees only these, so validation never depends on a parser library.
struct FieldValue {
  enum class Kind { null_value, boolean, number, string, object, array };
  Kind kind = Kind::null_value;
  bool boolean = false;
  double number = 0.0;
  std::string text{};  // string values; for numbers the literal as written (integer checks)
};

// A request body flattened: top-level members by name, members of a nested object as
// "parent.child" (the object itself appears too, with kind object), in no particular order.
using RequestDocument = std::vector<std::pair<std::string, FieldValue>>;

}  // namespace fsvc::dataset
