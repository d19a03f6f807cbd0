#include "adapters/json/json_lines_vector_writer.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <system_error>

#include "adapters/json/feature_vector_json.hpp"

namespace fsvc::json {

namespace {

std::runtime_error write_error(const std::string& path, const char* what) {
  return std::runtime_error(std::string(what) + " " + path + ": " + std::strerror(errno));
}

// Only a regular file (or a path not yet there, which becomes one) can be truncated to take back
// what was written.
bool can_start_over(const std::string& path) {
  if (path == "-") return false;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  return !std::filesystem::exists(status) || std::filesystem::is_regular_file(status);
}

std::filesystem::path make_spool_file() {
  std::string pattern = (std::filesystem::temp_directory_path() / "feature-service-vectors-XXXXXX").string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) throw write_error(pattern, "cannot create the spool file");
  ::close(fd);
  return pattern;
}

}  // namespace

JsonLinesVectorWriter::JsonLinesVectorWriter(const std::string& path, std::vector<Duration> intervals,
                                             std::string trace_id)
    : path_(path), intervals_(std::move(intervals)), trace_id_(std::move(trace_id)) {
  if (path != "-" && !can_start_over(path)) {  // a pipe or a device: fail on a bad path before the work
    std::ofstream probe(path, std::ios::binary | std::ios::app);
    if (!probe) throw write_error(path, "cannot open output");
  }
  if (!can_start_over(path)) spool_ = make_spool_file();
  open_file();
}

JsonLinesVectorWriter::~JsonLinesVectorWriter() {
  if (spool_.empty()) return;
  std::error_code ignored;  // a leftover temporary file is not worth an exception in a destructor
  std::filesystem::remove(spool_, ignored);
}

void JsonLinesVectorWriter::open_file() {
  const std::string& target = spool_.empty() ? path_ : spool_.string();
  file_.open(target, std::ios::binary | std::ios::trunc);
  if (!file_) throw write_error(target, "cannot open output");
}

void JsonLinesVectorWriter::on_vector(const FeatureVector& vector) {
  line_ = json::encode_feature_vector(vector, intervals_, trace_id_);
  line_.push_back('\n');
  file_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  if (!file_) throw write_error(path_, "cannot write to");
}

void JsonLinesVectorWriter::discard_written() {
  file_.close();
  open_file();
}

void JsonLinesVectorWriter::close() {
  file_.close();
  if (!file_) throw write_error(path_, "cannot write to");
  if (!spool_.empty()) copy_spool_to_target();
}

void JsonLinesVectorWriter::copy_spool_to_target() {
  std::ifstream spooled(spool_, std::ios::binary);
  if (!spooled) throw write_error(spool_.string(), "cannot read the spool file");
  std::ofstream target_file;
  std::ostream* target = &std::cout;
  if (path_ != "-") {
    target_file.open(path_, std::ios::binary | std::ios::app);
    target = &target_file;
  }
  if (spooled.peek() != std::char_traits<char>::eof()) *target << spooled.rdbuf();
  target->flush();
  if (!*target) throw write_error(path_, "cannot write to");
  std::filesystem::remove(spool_);
  spool_.clear();
}

}  // namespace fsvc::json
