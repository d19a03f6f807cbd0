#include <algorithm>
#include <string>
#include <vector>

#include "adapters/gateway/level_scanner.hpp"
#include "adapters/gateway/payload_decoders.hpp"

namespace fsvc::gateway::detail {

namespace {

// One [price, size] pair. A size of "0" is kept: in a delta it deletes the level.
bool read_level(od::value& value, const FieldPath& path, DecodeContext& ctx, BookLevel& level) {
  od::array pair;
  if (const auto code = value.get_array().get(pair)) {
    return json_failure(code, value, path, "a [price, size] array", ctx);
  }
  int position = 0;
  for (auto result : pair) {
    const FieldPath item_path = path.at(path.index, position);
    od::value item;
    if (const auto code = std::move(result).get(item)) return json_failure(code, item_path, ctx);
    if (position == 0 && !read_fixed(item, item_path, ctx, level.price)) return false;
    if (position == 1 && !read_fixed(item, item_path, ctx, level.size)) return false;
    if (position >= 2)
      return ctx.fail(DecodeReason::bad_value, path, "a level is [price, size], got more items");
    ++position;
  }
  if (position != 2)
    return ctx.fail(DecodeReason::bad_value, path, "a level is [price, size], got fewer items");
  return true;
}

bool read_levels(od::value& value, const FieldPath& path, DecodeContext& ctx,
                 std::vector<BookLevel>& levels) {
  od::array array;
  if (const auto code = value.get_array().get(array)) return json_failure(code, value, path, "an array", ctx);
  if (ctx.fast_paths) {
    std::string_view text;
    if (array.raw_json().get(text) == simdjson::SUCCESS && scan_levels(text, levels)) return true;
    ctx.retry_generic = true;  // the list is consumed: only a fresh decode can name what was wrong
    return false;
  }
  int index = 0;
  for (auto result : array) {
    const FieldPath level_path = path.at(index);
    od::value item;
    if (const auto code = std::move(result).get(item)) return json_failure(code, level_path, ctx);
    BookLevel level;
    if (!read_level(item, level_path, ctx, level)) return false;
    levels.push_back(level);
    ++index;
  }
  return true;
}

bool read_book_type(od::value& value, DecodeContext& ctx, bool& is_snapshot) {
  const FieldPath path = payload_field("type");
  std::string_view text;
  if (!read_string(value, path, ctx, text)) return false;
  if (text == "snapshot" || text == "delta") {
    is_snapshot = text == "snapshot";
    return true;
  }
  return ctx.fail(DecodeReason::bad_value, path, quoted(text) + " is neither snapshot nor delta");
}

enum : unsigned { kBids = 1U << 0, kAsks = 1U << 1, kUpdateId = 1U << 2, kType = 1U << 3 };

// A side given twice would merge two level lists into one update: refused instead.
bool read_side_once(od::value& value, std::string_view key, unsigned bit, unsigned& seen, DecodeContext& ctx,
                    std::vector<BookLevel>& levels) {
  if ((seen & bit) != 0)
    return ctx.fail(DecodeReason::bad_value, payload_field(key), "the field appears twice");
  seen |= bit;
  return read_levels(value, payload_field(key), ctx, levels);
}

// Every price must be positive; a size of 0 deletes a level in a delta, but a snapshot lists the
// levels that exist, so a level of size 0 there contradicts itself and the snapshot is refused
// (the book keeps its state; the sequence check then asks for a fresh snapshot).
bool levels_valid(const std::vector<BookLevel>& levels, bool is_snapshot) {
  return std::all_of(levels.begin(), levels.end(), [&](const BookLevel& level) {
    return level.price > 0 && (!is_snapshot || level.size > 0);
  });
}

bool check_levels(const std::vector<BookLevel>& levels, std::string_view key, bool is_snapshot,
                  DecodeContext& ctx) {
  // The usual answer first, in one tight pass; the loop below finds and names the offending level.
  if (levels_valid(levels, is_snapshot)) return true;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const FieldPath level = payload_field(key).at(static_cast<int>(i), 0);
    if (!require_positive(levels[i].price, DecodeReason::non_positive_price, level, ctx, "book price")) {
      return false;
    }
    if (is_snapshot && !require_positive(levels[i].size, DecodeReason::non_positive_size,
                                         level.at(level.index, 1), ctx, "snapshot level size")) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool book_levels_valid(const BookUpdate& book) {
  return levels_valid(book.bids, book.is_snapshot) && levels_valid(book.asks, book.is_snapshot);
}

bool decode_book_payload(od::object& payload, DecodeContext& ctx, PayloadCommon& common, BookUpdate& out) {
  unsigned seen = 0;
  const bool ok = for_each_payload_field(payload, ctx, common, [&](std::string_view key, od::value& value) {
    if (key == "b") return read_side_once(value, key, kBids, seen, ctx, out.bids);
    if (key == "a") return read_side_once(value, key, kAsks, seen, ctx, out.asks);
    if (key == "u") {
      seen |= kUpdateId;
      return read_int64(value, payload_field(key), ctx, out.update_id);
    }
    if (key == "seq") return read_int64(value, payload_field(key), ctx, out.cross_seq);
    if (key == "type") {
      seen |= kType;
      return read_book_type(value, ctx, out.is_snapshot);
    }
    return true;  // fields the service does not use
  });
  return ok && require_fields(seen, {"b", "a", "u", "type"}, ctx) &&
         check_levels(out.bids, "b", out.is_snapshot, ctx) &&
         check_levels(out.asks, "a", out.is_snapshot, ctx);
}

}  // namespace fsvc::gateway::detail
