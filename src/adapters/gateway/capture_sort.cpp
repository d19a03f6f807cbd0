#include "adapters/gateway/capture_sort.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <queue>
#include <stdexcept>
#include <system_error>

namespace fsvc::gateway {

namespace {

// A run file is a sequence of records: time (int64), line (uint64), length (uint32), text; in the
// machine's byte order, since the file lives only as long as the process that wrote it.
class RunWriter {
 public:
  explicit RunWriter(const std::filesystem::path& path) : path_(path), out_(path, std::ios::binary) {
    if (!out_) fail("cannot create");
  }
  void write(Timestamp ts, std::uint64_t line, std::string_view text) {
    const auto length = static_cast<std::uint32_t>(text.size());
    out_.write(reinterpret_cast<const char*>(&ts), sizeof ts);
    out_.write(reinterpret_cast<const char*>(&line), sizeof line);
    out_.write(reinterpret_cast<const char*>(&length), sizeof length);
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  void close() {
    out_.close();
    if (!out_) fail("cannot write");
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw std::runtime_error(std::string(what) + " sort run " + path_.string() + ": " + std::strerror(errno));
  }
  std::filesystem::path path_;
  std::ofstream out_;
};

class RunReader {
 public:
  explicit RunReader(const std::filesystem::path& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) throw std::runtime_error("cannot open sort run " + path.string() + ": " + std::strerror(errno));
  }
  // False at the end of the run.
  bool next() {
    std::uint32_t length = 0;
    if (!in_.read(reinterpret_cast<char*>(&ts), sizeof ts)) {
      if (in_.eof() && in_.gcount() == 0) return false;
      fail();
    }
    if (!in_.read(reinterpret_cast<char*>(&line), sizeof line) ||
        !in_.read(reinterpret_cast<char*>(&length), sizeof length))
      fail();
    text.resize(length);
    if (!in_.read(text.data(), length)) fail();
    return true;
  }

  Timestamp ts = 0;
  std::uint64_t line = 0;
  std::string text;

 private:
  [[noreturn]] void fail() const { throw std::runtime_error("cannot read sort run " + path_.string()); }
  std::filesystem::path path_;
  std::ifstream in_;
};

std::filesystem::path make_private_dir(const std::filesystem::path& parent) {
  std::string pattern = (parent / "feature-service-sort-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a directory for sort runs in " + parent.string() + ": " +
                             std::strerror(errno));
  }
  return pattern;
}

}  // namespace

CaptureLineSort::CaptureLineSort(std::size_t run_bytes, const std::filesystem::path& temp_parent)
    : run_bytes_(run_bytes), dir_(make_private_dir(temp_parent)) {}

CaptureLineSort::~CaptureLineSort() {
  std::error_code ignored;  // a leftover temporary file is not worth an exception in a destructor
  std::filesystem::remove_all(dir_, ignored);
}

void CaptureLineSort::add(Timestamp ts, std::uint64_t line, std::string_view text) {
  if (!keys_.empty() && text_.size() + text.size() > run_bytes_) spill_pending();
  keys_.push_back(Key{ts, line, text_.size(), static_cast<std::uint32_t>(text.size())});
  text_.append(text);
}

void CaptureLineSort::sort_pending() {
  std::sort(keys_.begin(), keys_.end(),
            [](const Key& a, const Key& b) { return a.ts != b.ts ? a.ts < b.ts : a.line < b.line; });
}

std::filesystem::path CaptureLineSort::next_run_path() {
  return dir_ / ("run-" + std::to_string(run_counter_++));
}

void CaptureLineSort::spill_pending() {
  sort_pending();
  const std::filesystem::path path = next_run_path();
  RunWriter writer(path);
  for (const Key& k : keys_) writer.write(k.ts, k.line, std::string_view(text_).substr(k.offset, k.length));
  writer.close();
  runs_.push_back(path);
  keys_.clear();
  text_.clear();
}

void CaptureLineSort::merge(const Visitor& visit) {
  if (runs_.empty()) {  // everything fitted in memory
    sort_pending();
    for (const Key& k : keys_) visit(k.line, std::string_view(text_).substr(k.offset, k.length));
    return;
  }
  if (!keys_.empty()) spill_pending();
  std::string().swap(text_);  // the merge needs only one line per run
  std::vector<Key>().swap(keys_);
  while (runs_.size() > kMaxFanIn) merge_into_one_run(kMaxFanIn);
  merge_runs(runs_, [&](Timestamp, std::uint64_t line, std::string_view text) { visit(line, text); });
}

void CaptureLineSort::merge_into_one_run(std::size_t count) {
  const std::vector<std::filesystem::path> inputs(runs_.begin(),
                                                  runs_.begin() + static_cast<std::ptrdiff_t>(count));
  const std::filesystem::path path = next_run_path();
  RunWriter writer(path);
  merge_runs(inputs,
             [&](Timestamp ts, std::uint64_t line, std::string_view text) { writer.write(ts, line, text); });
  writer.close();
  for (const auto& input : inputs) std::filesystem::remove(input);
  runs_.erase(runs_.begin(), runs_.begin() + static_cast<std::ptrdiff_t>(count));
  runs_.push_back(path);
}

void CaptureLineSort::merge_runs(const std::vector<std::filesystem::path>& runs,
                                 const RecordVisitor& visit) const {
  std::vector<std::unique_ptr<RunReader>> readers;
  for (const auto& path : runs) readers.push_back(std::make_unique<RunReader>(path));
  const auto later = [&](std::size_t a, std::size_t b) {
    const RunReader& x = *readers[a];
    const RunReader& y = *readers[b];
    return x.ts != y.ts ? x.ts > y.ts : x.line > y.line;
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> heads(later);
  for (std::size_t i = 0; i < readers.size(); ++i)
    if (readers[i]->next()) heads.push(i);
  while (!heads.empty()) {
    const std::size_t i = heads.top();
    heads.pop();
    visit(readers[i]->ts, readers[i]->line, readers[i]->text);
    if (readers[i]->next()) heads.push(i);
  }
}

}  // namespace fsvc::gateway
