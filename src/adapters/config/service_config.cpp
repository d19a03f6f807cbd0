#include "adapters/config/service_config.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/types/inline_string.hpp"

namespace fsvc::config {

namespace {

// A variable that is set, with the name it was found under (for error messages).
struct Setting {
  std::string name;
  std::string value;
};

class Environment {
 public:
  explicit Environment(const GetEnv& getenv) : getenv_(getenv) {}

  // The canonical name first, then its alias. An empty value counts as unset, as compose files
  // write `NAME: ""` to mean "not configured".
  std::optional<Setting> find(std::string_view name, std::string_view alias = {}) const {
    for (std::string_view candidate : {name, alias}) {
      if (candidate.empty()) continue;
      if (auto value = getenv_(candidate); value && !value->empty()) {
        return Setting{std::string(candidate), *value};
      }
    }
    return std::nullopt;
  }

 private:
  const GetEnv& getenv_;
};

[[noreturn]] void reject(const Setting& s, std::string_view expected) {
  throw ConfigError(s.name + "='" + s.value + "': expected " + std::string(expected));
}

template <typename Int>
std::optional<Int> parse_integer(std::string_view text) {
  Int value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_double(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::int64_t integer_in(const Setting& s, std::int64_t min, std::int64_t max, std::string_view expected) {
  const auto value = parse_integer<std::int64_t>(s.value);
  if (!value || *value < min || *value > max) reject(s, expected);
  return *value;
}

std::uint16_t port_of(const Setting& s) {
  return static_cast<std::uint16_t>(integer_in(s, 0, 65535, "a TCP port 0-65535"));
}

bool flag_of(const Setting& s) {
  std::string v = s.value;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  reject(s, "true or false");
}

std::string trimmed(std::string_view text) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  const auto first = std::find_if(text.begin(), text.end(), not_space);
  const auto last = std::find_if(text.rbegin(), text.rend(), not_space).base();
  return first < last ? std::string(first, last) : std::string();
}

std::vector<std::string> comma_list(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    items.push_back(trimmed(text.substr(start, comma - start)));
    start = comma + 1;
  }
  return items;
}

bool is_symbol_text(std::string_view text) {
  return !text.empty() && text.size() <= Symbol::capacity() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c); });
}

std::vector<std::string> symbols_of(const Setting& s) {
  std::vector<std::string> symbols;
  for (std::string& item : comma_list(s.value)) {
    std::transform(item.begin(), item.end(), item.begin(), [](unsigned char c) { return std::toupper(c); });
    if (!is_symbol_text(item)) reject(s, "a comma list of symbols such as BTCUSDT,ETHUSDT");
    if (std::find(symbols.begin(), symbols.end(), item) == symbols.end()) symbols.push_back(item);
  }
  return symbols;
}

// Ascending, each a multiple of the finest: the engine's grid needs every coarser boundary to be
// a finest boundary too.
std::vector<Duration> intervals_of(const Setting& s) {
  constexpr std::string_view expected =
      "a comma list of intervals such as 1s,3s,15s,1m (each a multiple of the finest)";
  std::vector<Duration> intervals;
  for (const std::string& item : comma_list(s.value)) {
    const auto d = parse_duration(item);
    if (!d) reject(s, expected);
    intervals.push_back(*d);
  }
  std::sort(intervals.begin(), intervals.end());
  intervals.erase(std::unique(intervals.begin(), intervals.end()), intervals.end());
  constexpr std::size_t kMaskBits = 32;  // FeatureVector::interval_mask
  if (intervals.size() > kMaskBits) reject(s, "at most 32 intervals");
  for (Duration d : intervals) {
    if (d % intervals.front() != 0) reject(s, expected);
  }
  return intervals;
}

double double_at_least(const Setting& s, double min, bool inclusive, std::string_view expected) {
  const auto value = parse_double(s.value);
  if (!value || *value < min || (!inclusive && *value == min)) reject(s, expected);
  return *value;
}

bool is_key_name(std::string_view name) {
  constexpr std::size_t kMaxNameLength = 64;
  return !name.empty() && name.size() <= kMaxNameLength &&
         std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; });
}

// A key travels in an X-API-Key header or a query value: a space or a control character in it could
// never arrive intact (HTTP trims and refuses them), so such a key would lock every client out.
bool is_sendable_key(std::string_view key) {
  return std::all_of(key.begin(), key.end(), [](unsigned char c) { return c > ' ' && c < 0x7f; });
}

// FEATURE_SERVICE_API_KEYS=name:key,... plus the single FEATURE_SERVICE_API_KEY under the name
// "default". Errors name the entry by position and name, never by its key.
std::vector<ApiKey> api_keys_of(const Environment& env) {
  std::vector<ApiKey> keys;
  if (auto s = env.find("FEATURE_SERVICE_API_KEY")) {
    if (!is_sendable_key(s->value)) {
      throw ConfigError(s->name +
                        ": the key has a space, a control or a non-ASCII character (expected "
                        "printable ASCII without spaces)");
    }
    keys.push_back({"default", s->value});
  }
  const auto s = env.find("FEATURE_SERVICE_API_KEYS");
  if (!s) return keys;
  const auto fail = [&](std::size_t entry, const std::string& problem) {
    throw ConfigError(s->name + ": entry " + std::to_string(entry) + " " + problem +
                      " (expected name:key,name2:key2; names of letters, digits, '-', '_', '.')");
  };
  std::size_t entry = 0;
  for (const std::string& item : comma_list(s->value)) {
    ++entry;
    const std::size_t colon = item.find(':');
    if (colon == std::string::npos) fail(entry, "has no ':'");
    ApiKey key{trimmed(std::string_view(item).substr(0, colon)),
               trimmed(std::string_view(item).substr(colon + 1))};
    if (key.name.empty()) fail(entry, "has an empty name");
    if (!is_key_name(key.name)) fail(entry, "has a name that is not a plain word");
    if (key.secret.empty()) fail(entry, "('" + key.name + "') has an empty key");
    if (!is_sendable_key(key.secret))
      fail(entry, "('" + key.name + "') has a key with a space, a control or a non-ASCII character");
    for (const ApiKey& earlier : keys) {
      if (earlier.name == key.name) fail(entry, "repeats the name '" + key.name + "'");
      if (earlier.secret == key.secret)
        fail(entry, "('" + key.name + "') has the same key as '" + earlier.name + "'");
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

void read_service(const Environment& env, ServiceConfig& c) {
  if (auto s = env.find("FEATURE_SERVICE_BIND_ADDRESS")) c.bind_address = s->value;
  if (auto s = env.find("FEATURE_SERVICE_PORT")) c.port = port_of(*s);
  c.api_keys = api_keys_of(env);
  if (auto s = env.find("FEATURE_SERVICE_SYMBOLS")) c.symbols = symbols_of(*s);
  if (auto s = env.find("FEATURE_SERVICE_SERVICE_NAME")) c.service_name = s->value;
  if (auto s = env.find("FEATURE_SERVICE_LOG_LEVEL")) {
    const auto level = obs::parse_log_level(s->value);
    if (!level) reject(*s, "one of debug, info, warn, error");
    c.log_level = *level;
  }
  if (auto s = env.find("FEATURE_SERVICE_HTTP_THREADS")) {
    c.http_threads = static_cast<int>(integer_in(*s, 1, 64, "a thread count 1-64"));
  }
}

void read_http_limits(const Environment& env, ServiceConfig& c) {
  if (auto s = env.find("FEATURE_SERVICE_HTTP_MAX_CONNECTIONS")) {
    c.http_max_connections =
        static_cast<std::size_t>(integer_in(*s, 1, 1'000'000, "a connection count 1-1000000"));
  }
  if (auto s = env.find("FEATURE_SERVICE_HTTP_MAX_HEADER_BYTES")) {
    c.http_max_header_bytes =
        static_cast<std::size_t>(integer_in(*s, 1024, 1024 * 1024, "a size in bytes 1024-1048576"));
  }
  if (auto s = env.find("FEATURE_SERVICE_HTTP_MAX_BODY_BYTES")) {
    c.http_max_body_bytes =
        static_cast<std::size_t>(integer_in(*s, 0, 1024 * 1024 * 1024, "a size in bytes 0-1073741824"));
  }
  if (auto s = env.find("FEATURE_SERVICE_HTTP_REQUEST_TIMEOUT_MS")) {
    c.http_request_timeout = integer_in(*s, 1, 3'600'000, "milliseconds > 0") * kMicrosPerMilli;
  }
}

void read_storage(const Environment& env, ServiceConfig& c) {
  if (auto s = env.find("FEATURE_SERVICE_RAW_DATA_PATH", "RAW_DATA_STORAGE_PATH")) c.raw_data_path = s->value;
  if (auto s = env.find("FEATURE_SERVICE_DATASET_STORAGE_PATH", "DATASET_STORAGE_PATH")) {
    c.dataset_storage_path = s->value;
  }
  if (auto s = env.find("FEATURE_SERVICE_METADATA_SQLITE_PATH")) c.metadata_sqlite_path = s->value;
  if (auto s = env.find("FEATURE_SERVICE_RETENTION_DAYS", "RAW_DATA_RETENTION_DAYS")) {
    c.retention_days = static_cast<int>(integer_in(*s, 0, 100'000, "a number of days >= 0"));
  }
  if (auto s = env.find("FEATURE_REGISTRY_PATH", "FEATURE_REGISTRY_CONFIG_PATH")) {
    c.feature_registry_path = s->value;
  }
  if (auto s = env.find("FEATURE_SERVICE_CHECKPOINT_INTERVAL_S")) {
    c.checkpoint_interval =
        integer_in(*s, 0, 86'400, "seconds 0-86400 (0: no book checkpoints)") * kMicrosPerSecond;
  }
  if (auto s = env.find("FEATURE_SERVICE_COLD_START_ON_DAMAGED_STORE")) {
    c.cold_start_on_damaged_store = flag_of(*s);
  }
  if (auto s = env.find("FEATURE_SERVICE_RAW_ARCHIVE_PATH", "RAW_DATA_ARCHIVE_PATH"))
    c.raw_archive_path = s->value;
}

void read_servers(const Environment& env, ServiceConfig& c) {
  if (auto s = env.find("RABBITMQ_HOST")) c.rabbitmq.host = s->value;
  if (auto s = env.find("RABBITMQ_PORT")) c.rabbitmq.port = port_of(*s);
  if (auto s = env.find("RABBITMQ_USER")) c.rabbitmq.user = s->value;
  if (auto s = env.find("RABBITMQ_PASSWORD")) c.rabbitmq.password = s->value;
  if (auto s = env.find("RABBITMQ_VHOST")) c.rabbitmq.vhost = s->value;
  if (auto s = env.find("FEATURE_SERVICE_RABBITMQ_PREFETCH")) {
    c.rabbitmq.prefetch = static_cast<std::uint16_t>(integer_in(*s, 1, 65535, "an integer in 1..65535"));
  }
  if (auto s = env.find("FEATURE_SERVICE_DECLARE_GATEWAY_QUEUES"))
    c.rabbitmq.declare_gateway_queues = flag_of(*s);
  if (auto s = env.find("FEATURE_SERVICE_CONSUME_ORDER_EVENTS"))
    c.rabbitmq.consume_order_events = flag_of(*s);
  if (auto s = env.find("POSTGRES_HOST")) c.postgres.host = s->value;
  if (auto s = env.find("POSTGRES_PORT")) c.postgres.port = port_of(*s);
  if (auto s = env.find("POSTGRES_DB")) c.postgres.database = s->value;
  if (auto s = env.find("POSTGRES_USER")) c.postgres.user = s->value;
  if (auto s = env.find("POSTGRES_PASSWORD")) c.postgres.password = s->value;
  if (auto s = env.find("WS_GATEWAY_HOST")) c.ws_gateway.host = s->value;
  if (auto s = env.find("WS_GATEWAY_PORT")) c.ws_gateway.port = port_of(*s);
  if (auto s = env.find("WS_GATEWAY_API_KEY")) c.ws_gateway.api_key = s->value;
}

// FEATURE_SERVICE_SNAPSHOT_URL/_CATEGORY/_DEPTH. Bybit serves up to 500 levels for linear and
// inverse (200 spot), so larger depths are refused here rather than by the exchange at run time.
void read_snapshot_source(const Environment& env, ServiceConfig& c) {
  if (auto s = env.find("FEATURE_SERVICE_SNAPSHOT_URL")) {
    if (s->value.rfind("http://", 0) != 0 && s->value.rfind("https://", 0) != 0) {
      reject(*s, "an http:// or https:// base URL such as https://api.bybit.com");
    }
    c.snapshot_source.url = s->value;
  }
  if (auto s = env.find("FEATURE_SERVICE_SNAPSHOT_CATEGORY")) {
    if (s->value != "linear" && s->value != "inverse" && s->value != "spot") {
      reject(*s, "one of linear, inverse, spot");
    }
    c.snapshot_source.category = s->value;
  }
  if (auto s = env.find("FEATURE_SERVICE_SNAPSHOT_DEPTH")) {
    c.snapshot_source.depth = static_cast<int>(integer_in(*s, 1, 500, "an order-book depth 1-500"));
  }
}

// Up to a year each: wider bounds would let through the jumps they exist to refuse.
void read_event_time_bounds(const Environment& env, ServiceConfig& c) {
  constexpr std::int64_t kYearMs = 365 * kMicrosPerDay / kMicrosPerMilli;
  const auto bound = [&](std::string_view name, Duration& out) {
    if (auto s = env.find(name))
      out = integer_in(*s, 1, kYearMs, "milliseconds > 0, up to a year") * kMicrosPerMilli;
  };
  bound("FEATURE_SERVICE_MAX_EVENT_AHEAD_OF_RECEIPT_MS", c.max_event_ahead_of_receipt);
  bound("FEATURE_SERVICE_MAX_EVENT_BEHIND_RECEIPT_MS", c.max_event_behind_receipt);
  bound("FEATURE_SERVICE_MAX_EVENT_TIME_JUMP_MS", c.max_event_time_jump);
}

void read_dedup(const Environment& env, ServiceConfig& c) {
  if (auto s = env.find("FEATURE_SERVICE_DEDUP_CAPACITY"))
    c.dedup_capacity =
        static_cast<std::size_t>(integer_in(*s, 1, 100'000'000, "ids per symbol, 1-100000000"));
  if (auto s = env.find("FEATURE_SERVICE_DEDUP_HORIZON_S"))
    c.dedup_horizon = integer_in(*s, 0, 365 * 86'400, "seconds >= 0, up to a year") * kMicrosPerSecond;
}

void read_raw_converter(const Environment& env, ServiceConfig& c) {
  if (auto s = env.find("FEATURE_SERVICE_RAW_CONVERTER_MEMORY_MB"))
    c.raw_converter_memory_mib = static_cast<std::size_t>(integer_in(*s, 16, 1'048'576, "MiB, 16-1048576"));
}

void read_computation(const Environment& env, ServiceConfig& c) {
  if (auto s = env.find("FEATURE_COMPUTATION_INTERVALS")) c.intervals = intervals_of(*s);
  if (auto s = env.find("FEATURE_COMPUTATION_LATENCY_WARNING_MS")) {
    c.latency_warning = integer_in(*s, 1, 3'600'000, "milliseconds > 0") * kMicrosPerMilli;
  }
  if (auto s = env.find("MODEL_CLASSIFICATION_THRESHOLD")) {
    c.classification_threshold = double_at_least(*s, 0.0, true, "a number >= 0");
  }
  if (auto s = env.find("DATASET_BUILD_CONCURRENCY")) {
    c.dataset_build_concurrency = static_cast<std::size_t>(integer_in(*s, 1, 64, "a build count 1-64"));
  }
  if (auto s = env.find("FEATURE_SERVICE_DATASET_MEMORY_MB")) {
    c.dataset_memory_mib =
        static_cast<std::size_t>(integer_in(*s, 16, 1'048'576, "MiB per build, 16-1048576"));
  }
  if (auto s = env.find("FEATURE_SERVICE_MAX_LOOKBACK")) {
    const auto lookback = parse_duration(s->value);
    if (!lookback || *lookback > kMicrosPerDay) reject(*s, "a duration such as 1h or 90m, at most 1d");
    c.max_lookback = *lookback;
  }
  if (auto s = env.find("FEATURE_SERVICE_MAX_STATE_MB")) {
    c.max_state_mib = static_cast<std::size_t>(integer_in(*s, 1, 1'048'576, "MiB per symbol, 1-1048576"));
  }
  if (auto s = env.find("FEATURE_SERVICE_NULL_SHARE_WARNING")) {
    c.null_share_warning = double_at_least(*s, 0.0, true, "a share in [0, 1]");
    if (c.null_share_warning > 1.0) reject(*s, "a share in [0, 1]");
  }
  if (auto s = env.find("FEATURE_SERVICE_ALLOWED_LATENESS_MS")) {
    c.allowed_lateness = integer_in(*s, 0, 3'600'000, "milliseconds >= 0") * kMicrosPerMilli;
  }
  read_event_time_bounds(env, c);
  read_dedup(env, c);
  read_raw_converter(env, c);
}

constexpr std::array<std::string_view, kEventTypeCount> kStaleVariables{
    "FEATURE_SERVICE_QUALITY_STALE_BOOK_S", "FEATURE_SERVICE_QUALITY_STALE_TRADES_S",
    "FEATURE_SERVICE_QUALITY_STALE_TICKER_S", "FEATURE_SERVICE_QUALITY_STALE_KLINE_S",
    "FEATURE_SERVICE_QUALITY_STALE_FUNDING_S"};

void read_quality(const Environment& env, QualityThresholds& q) {
  const auto ms = [&](std::string_view name, std::int64_t min, std::int64_t max, Duration& out) {
    if (auto s = env.find(name))
      out = integer_in(*s, min, max, "milliseconds within the allowed range") * kMicrosPerMilli;
  };
  const auto rate = [&](std::string_view name, double& out) {
    if (auto s = env.find(name)) {
      out = double_at_least(*s, 0.0, true, "a rate in [0, 1]");
      if (out > 1.0) reject(*s, "a rate in [0, 1]");
    }
  };
  if (auto s = env.find("FEATURE_SERVICE_QUALITY_JUMP_SIGMA_K"))
    q.jump_sigma_k = double_at_least(*s, 0.0, false, "a number > 0");
  if (auto s = env.find("FEATURE_SERVICE_QUALITY_JUMP_MIN_TICKS")) {
    q.jump_min_ticks = static_cast<int>(integer_in(*s, 0, 1'000'000, "a tick count 0-1000000"));
  }
  ms("FEATURE_SERVICE_QUALITY_CLOCK_SKEW_MIN_MS", -3'600'000, 0, q.skew_min);
  ms("FEATURE_SERVICE_QUALITY_CLOCK_SKEW_MAX_MS", 0, 3'600'000, q.skew_max);
  ms("FEATURE_SERVICE_QUALITY_BACKWARDS_TOLERANCE_MS", 0, 3'600'000, q.backwards_tolerance);
  for (std::size_t i = 0; i < kStaleVariables.size(); ++i) {
    if (auto s = env.find(kStaleVariables[i])) {
      q.stale_after_s[i] = static_cast<int>(integer_in(*s, 0, 86'400, "seconds 0-86400 (0: not expected)"));
    }
  }
  rate("FEATURE_SERVICE_QUALITY_MAX_MISSING_RATE", q.max_missing_rate);
  rate("FEATURE_SERVICE_QUALITY_MAX_ANOMALY_RATE", q.max_anomaly_rate);
  rate("FEATURE_SERVICE_QUALITY_MAX_LATE_RATE", q.max_late_rate);
}

void read_quality_counting(const Environment& env, ServiceConfig& c) {
  if (auto s = env.find("FEATURE_SERVICE_QUALITY_COUNTING_CONCURRENCY")) {
    c.quality_counting_concurrency =
        static_cast<std::size_t>(integer_in(*s, 1, 64, "a count of reports 1-64"));
  }
}

std::vector<std::pair<std::string, std::string>> quality_settings(const QualityThresholds& q) {
  const auto ms = [](Duration d) { return std::to_string(d / kMicrosPerMilli); };
  std::vector<std::pair<std::string, std::string>> out{
      {"FEATURE_SERVICE_QUALITY_JUMP_SIGMA_K", std::to_string(q.jump_sigma_k)},
      {"FEATURE_SERVICE_QUALITY_JUMP_MIN_TICKS", std::to_string(q.jump_min_ticks)},
      {"FEATURE_SERVICE_QUALITY_CLOCK_SKEW_MIN_MS", ms(q.skew_min)},
      {"FEATURE_SERVICE_QUALITY_CLOCK_SKEW_MAX_MS", ms(q.skew_max)},
      {"FEATURE_SERVICE_QUALITY_BACKWARDS_TOLERANCE_MS", ms(q.backwards_tolerance)},
      {"FEATURE_SERVICE_QUALITY_MAX_MISSING_RATE", std::to_string(q.max_missing_rate)},
      {"FEATURE_SERVICE_QUALITY_MAX_ANOMALY_RATE", std::to_string(q.max_anomaly_rate)},
      {"FEATURE_SERVICE_QUALITY_MAX_LATE_RATE", std::to_string(q.max_late_rate)},
  };
  for (std::size_t i = 0; i < kStaleVariables.size(); ++i) {
    out.emplace_back(std::string(kStaleVariables[i]), std::to_string(q.stale_after_s[i]));
  }
  return out;
}

void read_embedded_source(const Environment& env, ServiceConfig& c) {
  if (auto s = env.find("FEATURE_SERVICE_CAPTURE")) c.capture_path = s->value;
  if (auto s = env.find("FEATURE_SERVICE_REPLAY_SPEED")) {
    c.replay_speed = double_at_least(*s, 0.0, false, "a speed factor > 0 (1.0 = real time)");
  }
  if (auto s = env.find("FEATURE_SERVICE_SIM_SEED")) {
    const auto seed = parse_integer<std::uint64_t>(s->value);
    if (!seed) reject(*s, "an unsigned integer seed");
    c.sim_seed = *seed;
  }
}

std::string secret(const std::string& value) {
  return value.empty() ? "(unset)" : "***";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// "default:***,ops:***": which keys exist, never what they are.
std::string key_names(const std::vector<ApiKey>& keys) {
  std::vector<std::string> items;
  for (const ApiKey& key : keys) items.push_back(key.name + ":***");
  return items.empty() ? "(unset)" : joined(items);
}

std::string joined(const std::vector<Duration>& durations) {
  std::vector<std::string> items;
  for (Duration d : durations) items.push_back(format_duration(d));
  return joined(items);
}

// Checkpoints follow the ticks of multiples of their interval: one that is no multiple of the finest
// interval would be journaled only at common multiples of both, far less often than configured, and
// restarts and rebuilds would replay that much more.
void check_checkpoint_interval(const Environment& env, const ServiceConfig& c) {
  if (c.checkpoint_interval == 0 || c.checkpoint_interval % c.intervals.front() == 0) return;
  const auto s = env.find("FEATURE_SERVICE_CHECKPOINT_INTERVAL_S");
  reject(s.value_or(Setting{"FEATURE_SERVICE_CHECKPOINT_INTERVAL_S",
                            std::to_string(c.checkpoint_interval / kMicrosPerSecond)}),
         "a multiple of the finest FEATURE_COMPUTATION_INTERVALS interval (" +
             format_duration(c.intervals.front()) + ")");
}

}  // namespace

GetEnv process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    if (const char* value = std::getenv(std::string(name).c_str())) return std::string(value);
    return std::nullopt;
  };
}

ServiceConfig load_service_config(const GetEnv& getenv) {
  const Environment env(getenv);
  ServiceConfig c;
  read_service(env, c);
  read_http_limits(env, c);
  read_storage(env, c);
  read_servers(env, c);
  read_snapshot_source(env, c);
  read_computation(env, c);
  read_embedded_source(env, c);
  read_quality(env, c.quality);
  c.quality.late_after = c.allowed_lateness;
  read_quality_counting(env, c);
  check_checkpoint_interval(env, c);
  return c;
}

std::string ServiceConfig::metadata_sqlite_file() const {
  if (!metadata_sqlite_path.empty()) return metadata_sqlite_path;
  return dataset_storage_path +
         (dataset_storage_path.empty() || dataset_storage_path.back() == '/' ? "" : "/") + "metadata.sqlite3";
}

std::vector<std::pair<std::string, std::string>> ServiceConfig::redacted() const {
  const auto ms = [](Duration d) { return std::to_string(d / kMicrosPerMilli); };
  std::vector<std::pair<std::string, std::string>> settings{
      {"FEATURE_SERVICE_BIND_ADDRESS", bind_address},
      {"FEATURE_SERVICE_PORT", std::to_string(port)},
      {"FEATURE_SERVICE_API_KEYS", key_names(api_keys)},
      {"FEATURE_SERVICE_SYMBOLS", joined(symbols)},
      {"FEATURE_SERVICE_SERVICE_NAME", service_name},
      {"FEATURE_SERVICE_LOG_LEVEL", std::string(obs::to_string(log_level))},
      {"FEATURE_SERVICE_HTTP_THREADS", std::to_string(http_threads)},
      {"FEATURE_SERVICE_HTTP_MAX_CONNECTIONS", std::to_string(http_max_connections)},
      {"FEATURE_SERVICE_HTTP_MAX_HEADER_BYTES", std::to_string(http_max_header_bytes)},
      {"FEATURE_SERVICE_HTTP_MAX_BODY_BYTES", std::to_string(http_max_body_bytes)},
      {"FEATURE_SERVICE_HTTP_REQUEST_TIMEOUT_MS", ms(http_request_timeout)},
      {"FEATURE_SERVICE_RAW_DATA_PATH", raw_data_path},
      {"FEATURE_SERVICE_DATASET_STORAGE_PATH", dataset_storage_path},
      {"FEATURE_SERVICE_METADATA_SQLITE_PATH", metadata_sqlite_path},
      {"FEATURE_SERVICE_RETENTION_DAYS", std::to_string(retention_days)},
      {"FEATURE_SERVICE_RAW_ARCHIVE_PATH", raw_archive_path},
      {"FEATURE_SERVICE_CHECKPOINT_INTERVAL_S", std::to_string(checkpoint_interval / kMicrosPerSecond)},
      {"FEATURE_SERVICE_COLD_START_ON_DAMAGED_STORE", cold_start_on_damaged_store ? "true" : "false"},
      {"FEATURE_REGISTRY_PATH", feature_registry_path},
      {"RABBITMQ_HOST", rabbitmq.host},
      {"RABBITMQ_PORT", std::to_string(rabbitmq.port)},
      {"RABBITMQ_USER", rabbitmq.user},
      {"RABBITMQ_PASSWORD", secret(rabbitmq.password)},
      {"RABBITMQ_VHOST", rabbitmq.vhost},
      {"FEATURE_SERVICE_RABBITMQ_PREFETCH", std::to_string(rabbitmq.prefetch)},
      {"FEATURE_SERVICE_DECLARE_GATEWAY_QUEUES", rabbitmq.declare_gateway_queues ? "true" : "false"},
      {"FEATURE_SERVICE_CONSUME_ORDER_EVENTS", rabbitmq.consume_order_events ? "true" : "false"},
      {"POSTGRES_HOST", postgres.host},
      {"POSTGRES_PORT", std::to_string(postgres.port)},
      {"POSTGRES_DB", postgres.database},
      {"POSTGRES_USER", postgres.user},
      {"POSTGRES_PASSWORD", secret(postgres.password)},
      {"WS_GATEWAY_HOST", ws_gateway.host},
      {"WS_GATEWAY_PORT", std::to_string(ws_gateway.port)},
      {"WS_GATEWAY_API_KEY", secret(ws_gateway.api_key)},
      {"FEATURE_SERVICE_SNAPSHOT_URL", snapshot_source.url},
      {"FEATURE_SERVICE_SNAPSHOT_CATEGORY", snapshot_source.category},
      {"FEATURE_SERVICE_SNAPSHOT_DEPTH", std::to_string(snapshot_source.depth)},
      {"FEATURE_COMPUTATION_INTERVALS", joined(intervals)},
      {"FEATURE_COMPUTATION_LATENCY_WARNING_MS", ms(latency_warning)},
      {"MODEL_CLASSIFICATION_THRESHOLD", std::to_string(classification_threshold)},
      {"DATASET_BUILD_CONCURRENCY", std::to_string(dataset_build_concurrency)},
      {"FEATURE_SERVICE_DATASET_MEMORY_MB", std::to_string(dataset_memory_mib)},
      {"FEATURE_SERVICE_QUALITY_COUNTING_CONCURRENCY", std::to_string(quality_counting_concurrency)},
      {"FEATURE_SERVICE_MAX_LOOKBACK", format_duration(max_lookback)},
      {"FEATURE_SERVICE_MAX_STATE_MB", std::to_string(max_state_mib)},
      {"FEATURE_SERVICE_NULL_SHARE_WARNING", std::to_string(null_share_warning)},
      {"FEATURE_SERVICE_CAPTURE", capture_path},
      {"FEATURE_SERVICE_REPLAY_SPEED", std::to_string(replay_speed)},
      {"FEATURE_SERVICE_SIM_SEED", std::to_string(sim_seed)},
      {"FEATURE_SERVICE_ALLOWED_LATENESS_MS", ms(allowed_lateness)},
      {"FEATURE_SERVICE_MAX_EVENT_AHEAD_OF_RECEIPT_MS", ms(max_event_ahead_of_receipt)},
      {"FEATURE_SERVICE_MAX_EVENT_BEHIND_RECEIPT_MS", ms(max_event_behind_receipt)},
      {"FEATURE_SERVICE_MAX_EVENT_TIME_JUMP_MS", ms(max_event_time_jump)},
      {"FEATURE_SERVICE_DEDUP_CAPACITY", std::to_string(dedup_capacity)},
      {"FEATURE_SERVICE_DEDUP_HORIZON_S", std::to_string(dedup_horizon / kMicrosPerSecond)},
      {"FEATURE_SERVICE_RAW_CONVERTER_MEMORY_MB", std::to_string(raw_converter_memory_mib)},
  };
  for (auto& setting : quality_settings(quality)) settings.push_back(std::move(setting));
  return settings;
}

}  // namespace fsvc::config
