#include "adapters/parquet/rebuild_output.hpp"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "adapters/json/json_lines_vector_writer.hpp"
#include "adapters/parquet/vector_file_writer.hpp"

namespace fsvc::parquet {

namespace {

constexpr const char* kTraceId = "rebuild";

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class ParquetOutput final : public RebuildOutput {
 public:
  ParquetOutput(const std::string& path, const std::vector<Duration>& intervals,
                const FeatureRegistry& registry)
      : writer_(path, intervals, ParquetVectorWriter::kDefaultRowsPerPart, *FeatureLayout::of(registry)) {}
  VectorSink& sink() override { return writer_; }
  void close() override { writer_.close(); }

 private:
  ParquetVectorWriter writer_;
};

// JSON Lines go to `{path}.tmp` first and are renamed on close.
class JsonLinesOutput final : public RebuildOutput {
 public:
  JsonLinesOutput(const std::string& path, const std::vector<Duration>& intervals)
      : path_(path), written_(path == "-" ? path : path + ".tmp"), writer_(written_, intervals, kTraceId) {}
  ~JsonLinesOutput() override {
    if (!closed_ && written_ != "-") {
      std::error_code ignored;
      std::filesystem::remove(written_, ignored);
    }
  }
  VectorSink& sink() override { return writer_; }
  void close() override {
    writer_.close();
    if (written_ != "-") {
      std::error_code error;
      std::filesystem::rename(written_, path_, error);
      if (error) throw std::runtime_error("cannot write " + path_ + ": " + error.message());
    }
    closed_ = true;
  }

 private:
  std::string path_;
  std::string written_;
  json::JsonLinesVectorWriter writer_;
  bool closed_ = false;
};

}  // namespace

std::unique_ptr<RebuildOutput> open_rebuild_output(const std::string& path,
                                                   const std::vector<Duration>& intervals,
                                                   const FeatureRegistry& registry) {
  if (ends_with(path, ".parquet")) return std::make_unique<ParquetOutput>(path, intervals, registry);
  if (path == "-" || ends_with(path, ".jsonl") || ends_with(path, ".json"))
    return std::make_unique<JsonLinesOutput>(path, intervals);
  throw std::invalid_argument("--output: expected a .parquet or .jsonl file (or '-'), got '" + path + "'");
}

}  // namespace fsvc::parquet
