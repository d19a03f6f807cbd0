#include "core/registry/document_node.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace fsvc {

namespace {

struct BoolSpelling {
  std::string_view text;
  bool value;
};

constexpr std::array<BoolSpelling, 18> kBools{{
    {"true", true},
    {"True", true},
    {"TRUE", true},
    {"false", false},
    {"False", false},
    {"FALSE", false},
    {"yes", true},
    {"Yes", true},
    {"YES", true},
    {"no", false},
    {"No", false},
    {"NO", false},
    {"on", true},
    {"On", true},
    {"ON", true},
    {"off", false},
    {"Off", false},
    {"OFF", false},
}};

}  // namespace

const DocumentNode* DocumentNode::find(std::string_view key) const {
  if (kind != Kind::mapping) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &children[i];
  }
  return nullptr;
}

std::optional<bool> as_bool(const DocumentNode& node) {
  if (node.kind != DocumentNode::Kind::scalar || node.quoted) return std::nullopt;
  for (const BoolSpelling& spelling : kBools) {
    if (spelling.text == node.text) return spelling.value;
  }
  return std::nullopt;
}

std::optional<double> as_number(const DocumentNode& node) {
  if (node.kind != DocumentNode::Kind::scalar || node.quoted) return std::nullopt;
  std::string_view text = node.text;
  if (text.starts_with('+')) text.remove_prefix(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::string_view describe_kind(const DocumentNode& node) {
  switch (node.kind) {
    case DocumentNode::Kind::null_value:
      return "null";
    case DocumentNode::Kind::sequence:
      return "a list";
    case DocumentNode::Kind::mapping:
      return "a mapping";
    case DocumentNode::Kind::scalar:
      break;
  }
  if (as_number(node)) return "a number";
  if (as_bool(node)) return "a boolean";
  return "a string";
}

std::string describe_value(const DocumentNode& node) {
  std::string out(describe_kind(node));
  if (node.kind == DocumentNode::Kind::scalar) out += " '" + node.text + "'";
  return out;
}

}  // namespace fsvc
