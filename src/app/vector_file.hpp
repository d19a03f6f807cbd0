#pragma once

#include <fstream>
#include <string>
#include <vector>

#include "ports/vector_sink.hpp"

namespace fsvc::app {

// Grid vectors as JSON Lines in the features.live shape, to a file or to stdout ("-"). Opening
// or writing fails loudly with the path: a vector file that silently lost lines would be worse
// than none.
class VectorFileWriter final : public VectorSink {
 public:
  VectorFileWriter(const std::string& path, std::vector<Duration> intervals, std::string trace_id);

  void on_vector(const FeatureVector& vector) override;
  // Flushes and checks the stream; throws naming the path if anything was lost.
  void close();

 private:
  std::string path_;
  std::vector<Duration> intervals_;
  std::string trace_id_;
  std::ofstream file_;
  std::ostream* out_;
};

}  // namespace fsvc::app
