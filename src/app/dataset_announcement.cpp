#include "app/dataset_announcement.hpp"

#include <nlohmann/json.hpp>

#include "adapters/parquet/dataset_file_writer.hpp"
#include "app/dataset_download.hpp"

namespace fsvc::app {

namespace {

using nlohmann::json;

std::string download_url(const std::string& id, const json& split) {
  std::string url = "/dataset/" + id + "/download?split=" + split.value("split", std::string());
  if (split.contains("fold") && split["fold"].is_number_integer()) {
    url += "&fold=" + std::to_string(split["fold"].get<int>());
  }
  return url;
}

}  // namespace

std::string dataset_ready_message(const DatasetRecord& record, const std::filesystem::path& storage_root,
                                  const std::string& trace_id) {
  json splits = json::object();
  json urls = json::object();
  if (record.status == DatasetStatus::ready) {
    const json metadata = dataset_metadata(record, storage_root);
    const json none = json::array();
    const json& listed = metadata.contains("splits") ? metadata["splits"] : none;
    for (const json& split : listed) {
      if (split.value("skipped", false)) continue;
      const std::string name = split.value("name", std::string());
      splits[name] = {{"split", split.value("split", json(nullptr))},
                      {"fold", split.value("fold", json(nullptr))},
                      {"from", split.value("from", json(nullptr))},
                      {"to", split.value("to", json(nullptr))},
                      {"rows", split.value("rows", json(nullptr))}};
      urls[name] = download_url(record.id, split);
    }
    urls[std::string(parquet::DatasetFileWriter::kAllSegments)] =
        "/dataset/" + record.id + "/download?split=all";
  }
  const json message = {{"dataset_id", record.id},
                        {"id", record.id},
                        {"symbol", record.symbol},
                        {"status", to_string(record.status)},
                        {"train_records", record.train_records},
                        {"validation_records", record.validation_records},
                        {"test_records", record.test_records},
                        {"splits_info", splits},
                        {"download_urls", urls},
                        {"error_message", record.error_message ? json(*record.error_message) : json(nullptr)},
                        {"trace_id", trace_id}};
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace fsvc::app
