#include "adapters/registry/document_builder.hpp"

#include <algorithm>

#include "core/types/utf8.hpp"

namespace fsvc::registry {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

int line_at(std::string_view text, std::size_t pos) {
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

bool is_forbidden_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

struct Extent {
  std::size_t nodes = 0;
  std::size_t bytes = 0;
  std::size_t depth = 0;
};

// Recursion is bounded: every node in a tree was placed within max_depth.
Extent extent_of(const DocumentNode& node) {
  Extent extent{1, node.text.size(), 1};
  for (const std::string& key : node.keys) extent.bytes += key.size();
  for (const DocumentNode& child : node.children) {
    const Extent inner = extent_of(child);
    extent.nodes += inner.nodes;
    extent.bytes += inner.bytes;
    extent.depth = std::max(extent.depth, inner.depth + 1);
  }
  return extent;
}

}  // namespace

std::string_view checked_text(std::string_view text, const DocumentLimits& limits) {
  if (text.size() > limits.max_bytes) {
    throw DocumentError("larger than the limit of " + std::to_string(limits.max_bytes) + " bytes", 0);
  }
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  for (std::size_t pos = 0; pos < text.size();) {
    if (is_forbidden_control(static_cast<unsigned char>(text[pos]))) {
      throw DocumentError("control character " + std::to_string(static_cast<int>(text[pos])) + " in the text",
                          line_at(text, pos));
    }
    const std::size_t length = utf8_sequence_length(text, pos);
    if (length == 0) throw DocumentError("not UTF-8 text", line_at(text, pos));
    pos += length;
  }
  return text;
}

void DocumentBuilder::count(std::size_t nodes, std::size_t bytes, int line) {
  nodes_ += nodes;
  bytes_ += bytes;
  if (nodes_ > limits_.max_nodes) {
    throw DocumentError("more than " + std::to_string(limits_.max_nodes) + " values (aliases count expanded)",
                        line);
  }
  if (bytes_ > limits_.max_bytes) {
    throw DocumentError("expands to more than " + std::to_string(limits_.max_bytes) + " bytes of text", line);
  }
}

void DocumentBuilder::refuse_key(std::string_view what, int line) const {
  if (!open_.empty() && open_.back().node.kind == DocumentNode::Kind::mapping && !open_.back().pending_key) {
    throw DocumentError("a mapping key must be a string, not " + std::string(what), line);
  }
}

const DocumentNode& DocumentBuilder::place(DocumentNode node) {
  if (open_.empty()) {
    if (root_) throw DocumentError("more than one document", node.line);
    return root_.emplace(std::move(node));
  }
  Frame& parent = open_.back();
  if (parent.pending_key) {
    parent.node.keys.push_back(std::move(*parent.pending_key));
    parent.pending_key.reset();
  }
  return parent.node.children.emplace_back(std::move(node));
}

const DocumentNode* DocumentBuilder::scalar(std::string text, bool quoted, int line) {
  count(1, text.size(), line);
  if (!open_.empty() && open_.back().node.kind == DocumentNode::Kind::mapping && !open_.back().pending_key) {
    Frame& mapping = open_.back();
    if (!mapping.keys.insert(text).second) throw DocumentError("duplicate key '" + text + "'", line);
    mapping.pending_key = std::move(text);
    return nullptr;
  }
  DocumentNode node;
  node.kind = DocumentNode::Kind::scalar;
  node.text = std::move(text);
  node.quoted = quoted;
  node.line = line;
  return &place(std::move(node));
}

const DocumentNode* DocumentBuilder::null_value(int line) {
  refuse_key("null", line);
  count(1, 0, line);
  DocumentNode node;
  node.line = line;
  return &place(std::move(node));
}

void DocumentBuilder::begin(DocumentNode::Kind collection, int line) {
  refuse_key(collection == DocumentNode::Kind::mapping ? "a mapping" : "a list", line);
  count(1, 0, line);
  if (open_.size() >= limits_.max_depth) {
    throw DocumentError("nested deeper than " + std::to_string(limits_.max_depth) + " levels", line);
  }
  Frame frame;
  frame.node.kind = collection;
  frame.node.line = line;
  open_.push_back(std::move(frame));
}

const DocumentNode& DocumentBuilder::end() {
  DocumentNode node = std::move(open_.back().node);
  open_.pop_back();
  return place(std::move(node));
}

const DocumentNode& DocumentBuilder::copy(const DocumentNode& node, int line) {
  refuse_key("an alias", line);
  const Extent extent = extent_of(node);
  count(extent.nodes, extent.bytes, line);
  if (open_.size() + extent.depth > limits_.max_depth) {
    throw DocumentError("nested deeper than " + std::to_string(limits_.max_depth) + " levels", line);
  }
  DocumentNode placed = node;
  placed.line = line;
  return place(std::move(placed));
}

DocumentNode DocumentBuilder::finish() {
  if (!open_.empty()) throw DocumentError("the document ends inside a collection", open_.back().node.line);
  if (!root_) throw DocumentError("empty document", 0);
  return std::move(*root_);
}

}  // namespace fsvc::registry
