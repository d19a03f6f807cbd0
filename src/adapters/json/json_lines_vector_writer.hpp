#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ports/vector_sink.hpp"

namespace fsvc::json {

// Grid vectors as JSON Lines in the features.live shape, to a file or to stdout ("-"). Opening
// or writing fails loudly with the path: a vector file that silently lost lines would be worse
// than none.
//
// What was written can be discarded (`replay` starts over when a capture turns out to be out of
// order beyond its window). A regular file is simply truncated; stdout, a pipe or a device cannot
// take lines back, so their vectors are spooled to a temporary file and copied there on close.
class JsonLinesVectorWriter final : public VectorSink {
 public:
  JsonLinesVectorWriter(const std::string& path, std::vector<Duration> intervals, std::string trace_id);
  ~JsonLinesVectorWriter() override;
  JsonLinesVectorWriter(const JsonLinesVectorWriter&) = delete;
  JsonLinesVectorWriter& operator=(const JsonLinesVectorWriter&) = delete;

  void on_vector(const FeatureVector& vector) override;
  // Drops every vector written so far: the output starts empty again.
  void discard_written();
  // Flushes and checks the stream (copying a spool to its target); throws naming the path if
  // anything was lost.
  void close();

 private:
  void open_file();
  void copy_spool_to_target();

  std::string path_;
  std::vector<Duration> intervals_;
  std::string trace_id_;
  std::filesystem::path spool_;  // empty: vectors go straight to path_
  std::ofstream file_;
  std::string line_;
};

}  // namespace fsvc::json
