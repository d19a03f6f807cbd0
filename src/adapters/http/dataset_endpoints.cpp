// The /dataset endpoints and POST /model/evaluate of ApiRouter (contracts.md §4, datasets.md §1, §5):
// requests are parsed and answers formatted here; what they mean is DatasetAdmin's.
#include <charconv>
#include <nlohmann/json.hpp>

#include "adapters/http/api_router.hpp"
#include "adapters/http/file_response.hpp"
#include "adapters/http/json_body.hpp"
#include "adapters/http/request_parts.hpp"
#include "adapters/json/json_text.hpp"
#include "core/dataset/dataset_request.hpp"

namespace fsvc::http {

namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::size_t kDefaultListLimit = 100;
constexpr std::size_t kMaxListLimit = 1000;
constexpr std::size_t kMaxIdempotencyKeyBytes = 255;
constexpr std::size_t kMaxFold = dataset::kMaxWalkForwardFolds - 1;

// A query or header the endpoint cannot use (400 INVALID_REQUEST).
class BadParameter : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string_view target_of(const RequestContext& context) {
  return {context.request.target().data(), context.request.target().size()};
}

// A stored JSON column as JSON (the store keeps it valid; anything else stays text).
nlohmann::json stored_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  nlohmann::json parsed = nlohmann::json::parse(*text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(*text) : parsed;
}

nlohmann::json summary_json(const DatasetRecord& r) {
  return {{"dataset_id", r.id},
          {"id", r.id},
          {"symbol", r.symbol},
          {"status", to_string(r.status)},
          {"split_strategy", to_string(r.split_strategy)},
          {"feature_registry_version", r.feature_registry_version},
          {"progress", r.progress},
          {"train_records", r.train_records},
          {"validation_records", r.validation_records},
          {"test_records", r.test_records},
          {"output_format", r.output_format},
          {"created_at", format_iso8601_millis(r.created_at)},
          {"completed_at", time_or_null(r.completed_at)},
          {"estimated_completion", time_or_null(r.estimated_completion)}};
}

nlohmann::json record_json(const DatasetRecord& r) {
  nlohmann::json body = summary_json(r);
  body["train_period_start"] = time_or_null(r.train_period_start);
  body["train_period_end"] = time_or_null(r.train_period_end);
  body["validation_period_start"] = time_or_null(r.validation_period_start);
  body["validation_period_end"] = time_or_null(r.validation_period_end);
  body["test_period_start"] = time_or_null(r.test_period_start);
  body["test_period_end"] = time_or_null(r.test_period_end);
  body["walk_forward_config"] = stored_json(r.walk_forward_config);
  body["target_config"] = stored_json(r.target_config);
  body["storage_path"] = r.storage_path ? nlohmann::json(*r.storage_path) : nlohmann::json(nullptr);
  body["error_message"] = r.error_message ? nlohmann::json(*r.error_message) : nlohmann::json(nullptr);
  body["leakage_report"] = stored_json(r.leakage_report);
  return body;
}

Response json_answer(const RequestContext& context, beast_http::status status, const nlohmann::json& body) {
  return make_response(context.request, status, kJson, json_text(body));
}

Response dataset_error(const RequestContext& context, beast_http::status status, std::string_view code,
                       std::string_view message, const DatasetRefusal* refusal = nullptr) {
  nlohmann::json body = {{"error", code}, {"message", message}, {"trace_id", context.trace_id}};
  if (refusal != nullptr && !refusal->problems().empty()) body["problems"] = refusal->problems();
  if (refusal != nullptr && !refusal->available().empty()) {
    nlohmann::json available = nlohmann::json::array();
    for (const AvailableRange& range : refusal->available()) {
      available.push_back(
          {{"from", format_iso8601_millis(range.from)}, {"to", format_iso8601_millis(range.to)}});
    }
    body["available"] = available;
  }
  return json_answer(context, status, body);
}

beast_http::status status_of(DatasetRefusal::Kind kind) {
  switch (kind) {
    case DatasetRefusal::Kind::invalid:
      return beast_http::status::bad_request;
    case DatasetRefusal::Kind::not_found:
      return beast_http::status::not_found;
    case DatasetRefusal::Kind::conflict:
      return beast_http::status::conflict;
  }
  return beast_http::status::bad_request;
}

std::optional<std::string> idempotency_key(const RequestContext& context) {
  const auto header = context.request.find("Idempotency-Key");
  if (header == context.request.end()) return std::nullopt;
  const std::string_view key(header->value().data(), header->value().size());
  if (key.empty() || key.size() > kMaxIdempotencyKeyBytes || !json::is_valid_utf8(key)) {
    throw BadParameter("header Idempotency-Key must be UTF-8 of 1 to 255 bytes");
  }
  return std::string(key);
}

// A non-negative integer query parameter, if given.
std::optional<std::size_t> count_parameter(const RequestContext& context, std::string_view name,
                                           std::size_t min, std::size_t max) {
  const auto text = query_parameter(target_of(context), name);
  if (!text) return std::nullopt;
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    throw BadParameter("query parameter '" + std::string(name) + "' must be an integer from " +
                       std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

DatasetFilter list_filter(const RequestContext& context) {
  DatasetFilter filter;
  if (const auto status = query_parameter(target_of(context), "status"); status && !status->empty()) {
    filter.status = parse_dataset_status(*status);
    if (!filter.status) {
      throw BadParameter(
          "query parameter 'status' must be one of queued, building, ready, failed, cancelled");
    }
  }
  if (auto symbol = query_parameter(target_of(context), "symbol"); symbol && !symbol->empty()) {
    filter.symbol = std::move(*symbol);
  }
  filter.limit = count_parameter(context, "limit", 1, kMaxListLimit).value_or(kDefaultListLimit);
  return filter;
}

}  // namespace

Response ApiRouter::with_datasets(const RequestContext& context,
                                  const std::function<Response(DatasetAdmin&)>& answer) const {
  if (deps_.datasets == nullptr) {
    return dataset_error(context, beast_http::status::service_unavailable, "DATASETS_UNAVAILABLE",
                         "this instance runs no dataset builder");
  }
  try {
    return answer(*deps_.datasets);
  } catch (const DatasetRefusal& refusal) {
    return dataset_error(context, status_of(refusal.kind()), refusal.code(), refusal.what(), &refusal);
  } catch (const BadParameter& bad) {
    return dataset_error(context, beast_http::status::bad_request, "INVALID_REQUEST", bad.what());
  }
}

Response ApiRouter::dataset_build(const RequestContext& context) const {
  return with_datasets(context, [&](DatasetAdmin& datasets) {
    const DatasetBuildReceipt receipt = datasets.build(context.request.body(), idempotency_key(context));
    const DatasetRecord& r = receipt.record;
    return json_answer(context, beast_http::status::accepted,
                       {{"dataset_id", r.id},
                        {"id", r.id},
                        {"status", to_string(r.status)},
                        {"estimated_completion", time_or_null(r.estimated_completion)},
                        {"splits_info", stored_json(receipt.splits_info)}});
  });
}

Response ApiRouter::dataset_list(const RequestContext& context) const {
  return with_datasets(context, [&](DatasetAdmin& datasets) {
    nlohmann::json list = nlohmann::json::array();
    for (const DatasetRecord& r : datasets.list(list_filter(context))) list.push_back(summary_json(r));
    return json_answer(context, beast_http::status::ok, list);
  });
}

Response ApiRouter::dataset_get(const RequestContext& context) const {
  return with_datasets(context, [&](DatasetAdmin& datasets) {
    const auto record = datasets.get(context.path_parameter);
    if (!record) {
      return dataset_error(context, beast_http::status::not_found, "DATASET_NOT_FOUND",
                           "no dataset " + context.path_parameter);
    }
    return json_answer(context, beast_http::status::ok, record_json(*record));
  });
}

Response ApiRouter::dataset_delete(const RequestContext& context) const {
  return with_datasets(context, [&](DatasetAdmin& datasets) {
    if (!datasets.remove(context.path_parameter)) {
      return dataset_error(context, beast_http::status::not_found, "DATASET_NOT_FOUND",
                           "no dataset " + context.path_parameter);
    }
    return make_response(context.request, beast_http::status::no_content, kJson, "");
  });
}

Response ApiRouter::dataset_download(const RequestContext& context) const {
  return with_datasets(context, [&](DatasetAdmin& datasets) {
    const auto split = query_parameter(target_of(context), "split");
    if (!split || split->empty()) {
      throw BadParameter("query parameter 'split' is required: train, validation, test or all");
    }
    const auto fold = count_parameter(context, "fold", 0, kMaxFold);
    const DatasetDownload file = datasets.download(
        context.path_parameter, *split, fold ? std::optional<int>(static_cast<int>(*fold)) : std::nullopt);
    return file_response(context.request, file.path, file.bytes, file.content_type, file.file_name);
  });
}

Response ApiRouter::model_evaluate(const RequestContext& context) const {
  return with_datasets(context, [&](DatasetAdmin& datasets) {
    const DatasetEvaluation e = datasets.evaluate(context.request.body());
    // An evaluation is computed on request and not kept: its id only names this answer.
    return json_answer(context, beast_http::status::ok,
                       {{"evaluation_id", generate_trace_id()},
                        {"dataset_id", e.dataset_id},
                        {"split", e.split},
                        {"fold", e.fold ? nlohmann::json(*e.fold) : nlohmann::json(nullptr)},
                        {"model_version", e.model_version},
                        {"metrics", stored_json(e.metrics)},
                        {"prepared_dataset_url", e.prepared_dataset_url},
                        {"metadata", stored_json(e.metadata)}});
  });
}

}  // namespace fsvc::http
