#include "adapters/parquet/rejected_store.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "adapters/parquet/json_lines_file.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "core/quality/quality_minute.hpp"

namespace fsvc::parquet {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kExtension = ".jsonl";

std::string line_of(const RejectedInput& r, bool text_dropped) {
  nlohmann::json j;
  j["counted"] = r.counted;
  j["minute"] = r.minute;
  j["received"] = r.received;
  j["symbol"] = r.symbol;
  j["stream"] = r.stream ? nlohmann::json(std::string(stream_name(*r.stream))) : nlohmann::json(nullptr);
  j["reason"] = r.reason;
  j["queue"] = r.queue;
  j["text"] = text_dropped ? std::string() : r.text;
  if (text_dropped) j["text_dropped"] = true;
  // A rejected message need not be UTF-8: invalid bytes become U+FFFD instead of failing the line.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Throws what is wrong with a line that is not a record.
RejectedInput parse_line(const std::string& line) {
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded()) throw std::invalid_argument("not JSON");
  if (!j.is_object()) throw std::invalid_argument("not a JSON object");
  try {
    RejectedInput r;
    r.counted = j.at("counted").get<bool>();
    r.minute = exact_int64(j.at("minute"), "minute");
    r.received = exact_int64(j.at("received"), "received");
    r.symbol = j.at("symbol").get<std::string>();
    if (j.at("stream").is_string()) r.stream = stream_named(j.at("stream").get<std::string>());
    r.reason = j.at("reason").get<std::string>();
    r.queue = j.at("queue").get<std::string>();
    r.text = j.at("text").get<std::string>();
    return r;
  } catch (const std::exception& e) {  // a missing or mistyped field, or a number that is not exact
    throw std::invalid_argument(e.what());
  }
}

// Calls `keep` with every record of `file` (none when it does not exist), in file order. A last
// line without its newline that does not parse is what a crash mid-append leaves: skipped and
// counted in `torn_lines`; any other unreadable line throws RejectedFileUnreadable naming it.
template <typename Keep>
void for_each_record(const fs::path& file, Keep&& keep, std::uint64_t* torn_lines) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    try {
      keep(parse_line(line));
    } catch (const std::invalid_argument& e) {
      if (in.eof()) {  // no newline after it: the torn end of an append
        if (torn_lines != nullptr) ++*torn_lines;
        return;
      }
      throw RejectedFileUnreadable("rejected messages: " + file.string() + ":" + std::to_string(number) +
                                   ": not a rejected record (" + e.what() +
                                   "); repair or remove the line, the data-quality report counts every "
                                   "record of the file");
    }
  }
  if (in.bad()) throw RejectedFileUnreadable("rejected messages: cannot read " + file.string());
}

// The size of `file` once a torn last line (no newline after it: a crash mid-append) is cut off, so
// the next append starts a line of its own; 0 when it does not exist.
std::uint64_t without_torn_tail(const fs::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return 0;
  const auto size = static_cast<std::uint64_t>(in.tellg());
  std::uint64_t end = size;
  char c = 0;
  while (end > 0 && in.seekg(static_cast<std::streamoff>(end - 1)) && in.get(c) && c != '\n') --end;
  if (!in) throw std::runtime_error("rejected messages: cannot read " + file.string());
  in.close();
  if (end < size) fs::resize_file(file, end);
  return end;
}

}  // namespace

fs::path rejected_file(const fs::path& raw_root, std::string_view day) {
  return raw_root / "rejected" / (std::string(day) + std::string(kExtension));
}

std::vector<std::string> rejected_days(const fs::path& raw_root) {
  std::vector<std::string> days;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(raw_root / "rejected", ec)) {
    const fs::path& file = entry.path();
    if (file.extension() == kExtension && parse_utc_day(file.stem().string()))
      days.push_back(file.stem().string());
  }
  std::sort(days.begin(), days.end());
  return days;
}

RejectedStore::RejectedStore(fs::path raw_root, RejectedStoreLimits limits)
    : root_(std::move(raw_root)),
      limits_(limits),
      thread_([this](const std::stop_token& stop) { run(stop); }) {}

RejectedStore::~RejectedStore() {
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void RejectedStore::record(RejectedInput input) {
  if (input.text.size() > kMaxRejectedTextBytes) input.text.resize(kMaxRejectedTextBytes);
  const std::lock_guard lock(mutex_);
  if (queued_.size() >= limits_.queued_with_text) input.text.clear();
  queued_.push_back(std::move(input));
}

void RejectedStore::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t round = ++requested_;
  wake_.notify_all();
  wake_.wait(lock, [&] { return written_ >= round; });
  if (!error_.empty()) throw std::runtime_error(std::exchange(error_, {}));
}

void RejectedStore::run(const std::stop_token& stop) {
  std::vector<RejectedInput> batch;
  for (;;) {
    std::uint64_t round = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, stop, limits_.write_interval, [&] { return requested_ > written_; });
      batch.swap(queued_);
      round = requested_;
    }
    std::string error;
    try {
      write(batch);
    } catch (const std::exception& e) {
      error = e.what();
    }
    batch.clear();
    {
      const std::lock_guard lock(mutex_);
      written_ = round;
      if (!error.empty()) error_ = std::move(error);
    }
    wake_.notify_all();
    if (stop.stop_requested()) {
      const std::lock_guard lock(mutex_);
      if (queued_.empty()) return;
    }
  }
}

void RejectedStore::write(std::vector<RejectedInput>& batch) {
  std::string day, lines;
  const auto append_day = [&] {
    if (lines.empty()) return;
    const fs::path file = rejected_file(root_, day);
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::app | std::ios::binary);
    out << lines;
    if (!out.flush()) throw std::runtime_error("rejected messages: cannot append to " + file.string());
    lines.clear();
  };
  for (const RejectedInput& r : batch) {
    const std::string its_day = utc_day(r.minute);
    if (its_day != day) {
      append_day();
      day = its_day;
      if (!text_bytes_.contains(day)) text_bytes_[day] = without_torn_tail(rejected_file(root_, day));
    }
    std::uint64_t& used = text_bytes_[day];
    const bool text_dropped = used + r.text.size() > limits_.text_bytes_per_day;
    if (!text_dropped) used += r.text.size();
    lines += line_of(r, text_dropped && !r.text.empty());
  }
  append_day();
}

std::vector<RejectedInput> read_rejected(const fs::path& raw_root, std::string_view symbol, Timestamp from,
                                         Timestamp to, std::uint64_t* torn_lines) {
  std::vector<RejectedInput> out;
  if (to <= from) return out;
  for (Timestamp day = floor_to(from, kMicrosPerDay); day < to; day += kMicrosPerDay) {
    for_each_record(
        rejected_file(raw_root, utc_day(day)),
        [&](RejectedInput&& r) {
          if (r.symbol == symbol && r.minute >= from && r.minute < to) out.push_back(std::move(r));
        },
        torn_lines);
  }
  return out;
}

std::vector<RejectedInput> read_rejected_day(const fs::path& raw_root, std::string_view day,
                                             std::uint64_t* torn_lines) {
  std::vector<RejectedInput> out;
  for_each_record(
      rejected_file(raw_root, day), [&](RejectedInput&& r) { out.push_back(std::move(r)); }, torn_lines);
  return out;
}

}  // namespace fsvc::parquet
