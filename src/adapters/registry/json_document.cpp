#include "adapters/registry/json_document.hpp"

#include <nlohmann/json.hpp>

namespace fsvc::registry {

namespace {

// JSON carries no line numbers into the tree; nlohmann's syntax errors name line and column.
class BuildingSax final : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit BuildingSax(const DocumentLimits& limits) : builder_(limits) {}

  DocumentNode finish() { return builder_.finish(); }

  bool null() override {
    builder_.null_value(0);
    return true;
  }
  bool boolean(bool value) override { return plain(value ? "true" : "false"); }
  bool number_integer(number_integer_t value) override { return plain(std::to_string(value)); }
  bool number_unsigned(number_unsigned_t value) override { return plain(std::to_string(value)); }
  bool number_float(number_float_t, const string_t& text) override { return plain(text); }
  bool string(string_t& value) override {
    builder_.scalar(std::move(value), true, 0);
    return true;
  }
  bool binary(binary_t&) override { return true; }  // not produced by the JSON text format
  bool start_object(std::size_t) override {
    builder_.begin(DocumentNode::Kind::mapping, 0);
    return true;
  }
  bool key(string_t& name) override { return string(name); }
  bool end_object() override {
    builder_.end();
    return true;
  }
  bool start_array(std::size_t) override {
    builder_.begin(DocumentNode::Kind::sequence, 0);
    return true;
  }
  bool end_array() override {
    builder_.end();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) override {
    std::string message = error.what();
    if (const std::size_t bracket = message.find("] ");
        message.starts_with('[') && bracket != std::string::npos) {
      message.erase(0, bracket + 2);  // "[json.exception.parse_error.101] " says nothing to a user
    }
    throw DocumentError("JSON: " + message, 0);
  }

 private:
  bool plain(const std::string& text) {
    builder_.scalar(text, false, 0);
    return true;
  }

  DocumentBuilder builder_;
};

}  // namespace

DocumentNode parse_json_document(std::string_view text, const DocumentLimits& limits) {
  const std::string_view checked = checked_text(text, limits);
  BuildingSax sax(limits);
  nlohmann::json::sax_parse(checked.begin(), checked.end(), &sax);
  return sax.finish();
}

}  // namespace fsvc::registry
