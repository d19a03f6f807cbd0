#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/registry/document_node.hpp"

namespace fsvc::registry {

// Bounds on a registry document from outside (a file, an HTTP body), so that no input can make
// parsing crash or take unbounded memory: the text's size, the number of nodes (aliases count with
// their full expansion, which stops "billion laughs"), the nesting depth and the expanded text.
struct DocumentLimits {
  std::size_t max_bytes = 1 << 20;  // a 1,000-feature registry is about 250 KiB
  std::size_t max_nodes = 100'000;
  std::size_t max_depth = 32;  // a registry needs 4
};

// Text that is not a registry document at all (syntax, encoding, limits), with its line if known.
class DocumentError : public std::runtime_error {
 public:
  DocumentError(const std::string& message, int line) : std::runtime_error(message), line_(line) {}
  int line() const { return line_; }

 private:
  int line_;
};

// The text of a document once it passed the checks every format shares: at most
// limits.max_bytes, UTF-8, no control characters but tab and line ends. A UTF-8 byte-order mark
// is dropped. Throws DocumentError naming the line of the first offending byte.
std::string_view checked_text(std::string_view text, const DocumentLimits& limits);

// Builds a DocumentNode tree from a parser's events (YAML or JSON) within the limits. In a
// mapping, events alternate: a scalar key, then its value. Throws DocumentError.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(const DocumentLimits& limits) : limits_(limits) {}

  // The node as placed in the tree (valid until the next event), or nullptr when it was a key.
  const DocumentNode* scalar(std::string text, bool quoted, int line);
  const DocumentNode* null_value(int line);
  void begin(DocumentNode::Kind collection, int line);
  // Closes the innermost collection and returns it as placed (valid until the next event).
  const DocumentNode& end();
  // Places a copy of an earlier node (a YAML alias): its whole expansion counts against the limits.
  const DocumentNode& copy(const DocumentNode& node, int line);

  // The root; throws when there was no document or a collection is still open.
  DocumentNode finish();

 private:
  struct Frame {
    DocumentNode node;
    std::set<std::string, std::less<>> keys;
    std::optional<std::string> pending_key;
  };

  void count(std::size_t nodes, std::size_t bytes, int line);
  void refuse_key(std::string_view what, int line) const;
  const DocumentNode& place(DocumentNode node);

  const DocumentLimits& limits_;
  std::vector<Frame> open_;
  std::optional<DocumentNode> root_;
  std::size_t nodes_ = 0;
  std::size_t bytes_ = 0;
};

}  // namespace fsvc::registry
