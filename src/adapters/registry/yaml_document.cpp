#include "adapters/registry/yaml_document.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <map>
#include <sstream>

namespace fsvc::registry {

namespace {

// yaml-cpp's tag for a plain (unquoted) scalar, whose type the YAML core schema resolves.
constexpr std::string_view kPlainTag = "?";
constexpr std::array<std::string_view, 5> kNullSpellings{"", "~", "null", "Null", "NULL"};

int line_of(const YAML::Mark& mark) {
  return mark.line + 1;
}

class BuildingHandler final : public YAML::EventHandler {
 public:
  explicit BuildingHandler(const DocumentLimits& limits) : builder_(limits) {}

  DocumentNode finish() { return builder_.finish(); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    remember(anchor, builder_.null_value(line_of(mark)));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) throw DocumentError("alias of an unknown or unfinished anchor", line_of(mark));
    builder_.copy(it->second, line_of(mark));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const bool plain = tag == kPlainTag;
    if (plain && std::find(kNullSpellings.begin(), kNullSpellings.end(), value) != kNullSpellings.end()) {
      OnNull(mark, anchor);
      return;
    }
    remember(anchor, builder_.scalar(value, !plain, line_of(mark)));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open_anchors_.push_back(anchor);
    builder_.begin(DocumentNode::Kind::sequence, line_of(mark));
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open_anchors_.push_back(anchor);
    builder_.begin(DocumentNode::Kind::mapping, line_of(mark));
  }
  void OnMapEnd() override { close(); }

 private:
  void close() {
    const YAML::anchor_t anchor = open_anchors_.back();
    open_anchors_.pop_back();
    remember(anchor, &builder_.end());
  }

  // An anchored node (anchor ids start at 1) is kept for later aliases; a key cannot be aliased.
  void remember(YAML::anchor_t anchor, const DocumentNode* node) {
    if (anchor != YAML::NullAnchor && node) anchors_.insert_or_assign(anchor, *node);
  }

  DocumentBuilder builder_;
  std::vector<YAML::anchor_t> open_anchors_;
  std::map<YAML::anchor_t, DocumentNode> anchors_;
};

// Fails on the first event of a second document.
class SecondDocumentHandler final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { refuse(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { refuse(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { refuse(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    refuse(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    refuse(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    refuse(mark);
  }
  void OnMapEnd() override {}

 private:
  [[noreturn]] static void refuse(const YAML::Mark& mark) {
    throw DocumentError("a second YAML document; a registry is one document", line_of(mark));
  }
};

}  // namespace

DocumentNode parse_yaml_document(std::string_view text, const DocumentLimits& limits) {
  std::istringstream in{std::string(checked_text(text, limits))};
  BuildingHandler handler(limits);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(handler);
    SecondDocumentHandler second;
    parser.HandleNextDocument(second);
  } catch (const YAML::Exception& e) {
    throw DocumentError("YAML: " + e.msg, e.mark.is_null() ? 0 : line_of(e.mark));
  }
  return handler.finish();
}

}  // namespace fsvc::registry
