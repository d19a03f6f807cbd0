#include "adapters/rest/bybit_snapshot_parser.hpp"

#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/rest/http_client.hpp"
#include "core/types/decimal.hpp"

namespace fsvc::rest {

namespace {

using nlohmann::json;

class Context {
 public:
  explicit Context(std::string_view symbol) : symbol_(symbol) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw SnapshotParseError("bybit order-book snapshot for " + std::string(symbol_) + ": " + what);
  }

  const json& field(const json& object, const char* name) const {
    const auto it = object.find(name);
    if (it == object.end()) fail(std::string("missing \"") + name + "\"");
    return *it;
  }

  // Bybit sends u, seq and ts as numbers; accept decimal strings too.
  std::int64_t integer(const json& object, const char* name) const {
    const json& value = field(object, name);
    if (value.is_number_integer()) return value.get<std::int64_t>();
    if (value.is_string()) {
      try {
        std::size_t used = 0;
        const std::string text = value.get<std::string>();
        const long long parsed = std::stoll(text, &used);
        if (used == text.size()) return parsed;
      } catch (const std::exception&) {
      }
    }
    fail(std::string("\"") + name + "\" is not an integer: " + value.dump());
  }

  // A snapshot lists the levels that exist: a price or size of 0 is as wrong as a negative one.
  std::int64_t positive_fixed(const json& value, const char* what) const {
    if (!value.is_string()) fail(std::string(what) + " is not a decimal string: " + value.dump());
    std::int64_t units = 0;
    const std::string& text = value.get_ref<const std::string&>();
    if (const DecimalError e = parse_fixed(text, units); e != DecimalError::ok) {
      fail(std::string(what) + " '" + text + "': " + std::string(to_string(e)));
    }
    if (units == 0) fail(std::string(what) + " '" + text + "' is not positive");
    return units;
  }

  std::vector<BookLevel> levels(const json& result, const char* side) const {
    const json& list = field(result, side);
    if (!list.is_array()) fail(std::string("\"") + side + "\" is not a list");
    std::vector<BookLevel> out;
    out.reserve(list.size());
    for (const json& level : list) {
      if (!level.is_array() || level.size() < 2)
        fail(std::string("a level of \"") + side + "\" is not [price, size]");
      out.push_back(BookLevel{positive_fixed(level[0], "price"), positive_fixed(level[1], "size")});
    }
    return out;
  }

 private:
  std::string_view symbol_;
};

}  // namespace

BookUpdate parse_bybit_snapshot(std::string_view body, std::string_view symbol) {
  const Context context(symbol);
  const json root = json::parse(body, nullptr, false);
  if (!root.is_object()) context.fail("not a JSON object: " + body_excerpt(body));
  const std::int64_t ret_code = context.integer(root, "retCode");
  if (ret_code != 0) {
    const auto message = root.find("retMsg");
    context.fail(
        "retCode " + std::to_string(ret_code) + ": " +
        (message != root.end() && message->is_string() ? message->get<std::string>() : "(no retMsg)"));
  }
  const json& result = context.field(root, "result");
  if (!result.is_object()) context.fail("\"result\" is not an object");
  const json& s = context.field(result, "s");
  if (!s.is_string() || s.get<std::string>() != symbol) context.fail("answer is for symbol " + s.dump());

  BookUpdate book;
  if (!book.header.symbol.assign(symbol)) context.fail("symbol too long");
  book.is_snapshot = true;
  book.from_rest = true;
  book.update_id = context.integer(result, "u");
  book.cross_seq = result.contains("seq") ? context.integer(result, "seq") : 0;
  const std::int64_t ts_ms = context.integer(result, "ts");
  if (ts_ms < 0 || ts_ms > std::numeric_limits<Timestamp>::max() / kMicrosPerMilli)
    context.fail("\"ts\" " + std::to_string(ts_ms) + " is not a time in milliseconds since 1970");
  book.header.ts_event = ts_ms * kMicrosPerMilli;
  book.bids = context.levels(result, "b");
  book.asks = context.levels(result, "a");
  return book;
}

}  // namespace fsvc::rest
