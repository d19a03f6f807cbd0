#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fsvc {

// A registry document as written (YAML file or JSON body), before validation: the adapters turn
// text into this tree and the core validates it, so both formats meet the same rules and messages.
struct DocumentNode {
  enum class Kind { null_value, scalar, sequence, mapping };
  Kind kind = Kind::null_value;
  std::string text;     // scalar: as written
  bool quoted = false;  // scalar: written as a string (quoted YAML, JSON string), so never a number or bool
  std::vector<std::string> keys;       // mapping: keys, parallel to children
  std::vector<DocumentNode> children;  // sequence items, or mapping values
  int line = 0;                        // 1-based line in the source; 0 when unknown

  // The value under `key` of a mapping; nullptr when absent (or not a mapping).
  const DocumentNode* find(std::string_view key) const;
};

// A plain scalar written as a YAML boolean (true/false, also yes/no/on/off as YAML 1.1 writers emit).
std::optional<bool> as_bool(const DocumentNode& node);

// A plain scalar written as a finite decimal number ("1", "-0.5", "1e-3", "+2").
std::optional<double> as_number(const DocumentNode& node);

// "a mapping", "a list", "null", "a number", "a string", ... for "expected X, got Y" messages.
std::string_view describe_kind(const DocumentNode& node);

// describe_kind, followed by the text of a scalar: "a string 'mid_price'", "a list".
std::string describe_value(const DocumentNode& node);

}  // namespace fsvc
