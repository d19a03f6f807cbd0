#include "app/vector_file.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "adapters/json/feature_vector_json.hpp"

namespace fsvc::app {

namespace {

std::runtime_error write_error(const std::string& path, const char* what) {
  return std::runtime_error(std::string(what) + " " + path + ": " + std::strerror(errno));
}

}  // namespace

VectorFileWriter::VectorFileWriter(const std::string& path, std::vector<Duration> intervals,
                                   std::string trace_id)
    : path_(path), intervals_(std::move(intervals)), trace_id_(std::move(trace_id)), out_(&std::cout) {
  if (path != "-") {
    file_.open(path, std::ios::binary | std::ios::trunc);
    if (!file_) throw write_error(path, "cannot open output");
    out_ = &file_;
  }
}

void VectorFileWriter::on_vector(const FeatureVector& vector) {
  *out_ << json::encode_feature_vector(vector, intervals_, trace_id_) << '\n';
  if (!*out_) throw write_error(path_, "cannot write to");
}

void VectorFileWriter::close() {
  out_->flush();
  if (!*out_) throw write_error(path_, "cannot write to");
  if (file_.is_open()) file_.close();
}

}  // namespace fsvc::app
