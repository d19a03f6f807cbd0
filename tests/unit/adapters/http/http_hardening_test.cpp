// Hostile clients against the real server on loopback (issue 12, items 1, 6 and 7): every request
// ends in an answer or a closed connection, never a dead process, and idle or slow sockets cannot
// lock a fresh client out.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "adapters/http/http_server.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr std::string_view kOpsKey = "ops-secret-1";
constexpr std::string_view kCiKey = "ci-secret-2";

// BTCUSDT has a vector; asking for BOOM throws (a bug in a handler's dependency); asking for HOLD
// blocks until released (a request the server is busy with).
class ScriptedFeatures final : public FeatureQuery {
 public:
  std::optional<FeatureVector> latest(std::string_view symbol) const override {
    if (symbol == "BOOM") throw std::runtime_error("feature store exploded for BOOM");
    if (symbol == "HOLD") {
      std::unique_lock lock(mutex_);
      ++held_;
      changed_.notify_all();
      changed_.wait(lock, [&] { return released_; });
    }
    FeatureVector v;
    (void)v.symbol.assign(std::string(symbol));
    return v;
  }
  bool is_known_symbol(std::string_view symbol) const override {
    return symbol == "BTCUSDT" || symbol == "BOOM" || symbol == "HOLD";
  }
  std::vector<std::string> symbols() const override { return {"BTCUSDT", "BOOM", "HOLD"}; }

  int held() const {
    const std::lock_guard lock(mutex_);
    return held_;
  }
  void release() {
    const std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  mutable int held_ = 0;
  bool released_ = false;
};

// One raw connection: sends bytes exactly as given and reads whatever comes back. Connections share
// an io_context (each context costs descriptors of its own).
class RawConnection {
 public:
  RawConnection(asio::io_context& io, std::uint16_t port) : socket_(io) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  // Best effort: the server may stop reading (and close) before everything is sent.
  void send(std::string_view bytes) {
    boost::system::error_code ignored;
    asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), ignored);
  }

  // Half-closes: the server reads the end of the stream after what was sent.
  void stop_sending() {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
  }

  // The next response, or nullopt when the connection ended without one.
  std::optional<Response> response() {
    Response response;
    boost::beast::http::response_parser<beast_http::string_body> parser;
    parser.body_limit(1024 * 1024);
    boost::system::error_code ec;
    beast_http::read(socket_, buffer_, parser, ec);
    if (ec) return std::nullopt;
    return parser.release();
  }

  // True once the server has closed its side.
  bool closed_by_server() {
    boost::system::error_code ec;
    std::array<char, 256> sink{};
    while (!ec) socket_.read_some(asio::buffer(sink), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

std::string header(const Response& r, std::string_view name) {
  return test::header_of(r, name);
}

std::string error_code_of(const Response& r) {
  return nlohmann::json::parse(r.body()).at("error").get<std::string>();
}

// The trace id of an error answer: in the body and the header, alike and valid.
void expect_error_shape(const Response& r) {
  EXPECT_EQ(header(r, "Content-Type"), "application/json");
  const auto body = nlohmann::json::parse(r.body());  // throws on anything that is not JSON
  EXPECT_TRUE(body.at("message").is_string());
  EXPECT_FALSE(header(r, "X-Trace-Id").empty());
  EXPECT_EQ(body.at("trace_id"), header(r, "X-Trace-Id"));
}

class HttpHardeningTest : public ::testing::Test {
 protected:
  HttpHardeningTest()
      : logger_(obs::LogLevel::debug, [this](std::string_view line) {
          const std::lock_guard lock(log_mutex_);
          log_.emplace_back(line);
        }) {}

  ~HttpHardeningTest() override {
    features_.release();
    if (server_) server_->stop();
  }

  // The router behind a server with `options` (address and port are set here), not yet started.
  HttpServer& make_server(HttpServerOptions options = {}) {
    ApiDependencies deps;
    deps.features = &features_;
    deps.metrics = &metrics_;
    deps.logger = &logger_;
    deps.wall_clock = &clock_;
    deps.api_keys = {{"ops", std::string(kOpsKey)}, {"ci", std::string(kCiKey)}};
    router_ = std::make_unique<ApiRouter>(std::move(deps));
    options.bind_address = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<HttpServer>(*router_, std::move(options), logger_);
    return *server_;
  }

  std::uint16_t start(HttpServerOptions options = {}) {
    make_server(std::move(options)).start();
    return server_->port();
  }

  std::optional<Response> exchange(std::string_view bytes) {
    RawConnection connection(client_io_, server_->port());
    connection.send(bytes);
    return connection.response();
  }

  // /health on a fresh connection, as a monitor would ask.
  unsigned health_status() { return test::HttpClient(server_->port()).get("/health").result_int(); }

  // UndefinedBehaviorSanitizer checks an object's dynamic type the first time it meets that type
  // by probing memory through pipe(), which fails with EMFILE when no descriptor is left, and then
  // reports a type mismatch ("object has invalid vptr": seen in Beast's read of a body and in
  // ConnectionTable, nlohmann::json). So a server first runs, with descriptors to spare, what a
  // server out of them runs: an idle connection evicted to make room, a request whose body stops
  // midway, and a log line like the one each failed accept writes. Having met the types, the
  // sanitizer checks them from its cache; without sanitizers this is two connections and a line more.
  void meet_what_running_out_of_descriptors_runs() {
    HttpServerOptions options;
    options.max_connections = 1;
    options.threads = 1;  // the idle connection waits for its header before the next is accepted
    start(options);
    RawConnection idle(client_io_, server_->port());
    ASSERT_TRUE(test::eventually([&] { return server_->stats().open_connections == 1; }));
    RawConnection unfinished(client_io_, server_->port());
    unfinished.send("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial");
    unfinished.stop_sending();
    EXPECT_TRUE(unfinished.closed_by_server());
    EXPECT_TRUE(idle.closed_by_server());
    EXPECT_EQ(server_->stats().refused, 0u);
    server_.reset();
    logger_.warn("http", "warming up", {{"error", "none"}, {"open_connections", 1}});
  }

  std::vector<std::string> log_lines_with(std::string_view text) {
    const std::lock_guard lock(log_mutex_);
    std::vector<std::string> out;
    for (const auto& line : log_) {
      if (line.find(text) != std::string::npos) out.push_back(line);
    }
    return out;
  }

  asio::io_context client_io_;
  ScriptedFeatures features_;
  obs::MetricsRegistry metrics_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
  obs::JsonLogger logger_;
  const test::ManualClock clock_{0};
  std::unique_ptr<ApiRouter> router_;
  std::unique_ptr<HttpServer> server_;
};

// --- 1. No request kills the server ----------------------------------------------------------

TEST_F(HttpHardeningTest, NonUtf8InEchoedPartsIs400WithAJsonBody) {
  start();
  const std::string key = "X-API-Key: " + std::string(kOpsKey) + "\r\n";
  for (const std::string& request : std::vector<std::string>{
           "GET /health HTTP/1.1\r\nHost: x\r\nX-Trace-Id: \xff\r\n\r\n",
           "GET /features/latest?symbol=BTCUSDT HTTP/1.1\r\nHost: x\r\n" + key + "X-Trace-Id: ab\xc3\r\n\r\n",
           "GET /features/\xff HTTP/1.1\r\nHost: x\r\n" + key + "\r\n",
           "GET /features/latest?symbol=%FF HTTP/1.1\r\nHost: x\r\n" + key + "\r\n",
           "GET /features/latest?symbol=\xed\xa0\x80 HTTP/1.1\r\nHost: x\r\n" + key + "\r\n",  // a surrogate
           "GET /features/latest?symbol=BTCUSDT&x%C0%AF=1 HTTP/1.1\r\nHost: x\r\n" + key +
               "\r\n",  // overlong
       }) {
    const auto r = exchange(request);
    ASSERT_TRUE(r) << "no answer to " << request;
    EXPECT_EQ(r->result_int(), 400u) << request;
    expect_error_shape(*r);
    EXPECT_EQ(error_code_of(*r), "INVALID_ENCODING");
  }
  EXPECT_EQ(health_status(), 200u);
}

TEST_F(HttpHardeningTest, EchoedTextIsEscaped) {
  start();
  const auto r =
      exchange("GET /features/latest?symbol=%22%5C%0A%E2%82%AC HTTP/1.1\r\nHost: x\r\nX-API-Key: " +
               std::string(kOpsKey) + "\r\nX-Trace-Id: \"quoted\"\\\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 404u);
  const auto body = nlohmann::json::parse(r->body());
  EXPECT_EQ(body["message"], "symbol \"\\\n\xe2\x82\xac is not served by this instance");
  EXPECT_EQ(body["trace_id"], "\"quoted\"\\");
}

TEST_F(HttpHardeningTest, AnExceptionInAHandlerIs500WithTheTraceIdAndALogLine) {
  start();
  test::HttpClient client(server_->port());
  const Response r = client.get("/features/latest?symbol=BOOM",
                                {{"X-API-Key", std::string(kCiKey)}, {"X-Trace-Id", "t-500"}});
  EXPECT_EQ(r.result_int(), 500u);
  expect_error_shape(r);
  EXPECT_EQ(error_code_of(r), "INTERNAL_ERROR");
  EXPECT_EQ(header(r, "X-Trace-Id"), "t-500");
  const auto lines = log_lines_with("feature store exploded for BOOM");
  ASSERT_EQ(lines.size(), 1u);
  const auto line = nlohmann::json::parse(lines.front());
  EXPECT_EQ(line["level"], "error");
  EXPECT_EQ(line["trace_id"], "t-500");
  EXPECT_EQ(line["actor"], "ci");
  // The same connection and the server serve on.
  EXPECT_EQ(client.get("/features/latest?symbol=BTCUSDT", {{"X-API-Key", std::string(kCiKey)}}).result_int(),
            200u);
  EXPECT_EQ(health_status(), 200u);
}

// --- Named API keys ------------------------------------------------------------------------------

TEST_F(HttpHardeningTest, EveryNamedKeyOpensTheApiAndItsNameIsTheActorInTheLog) {
  start();
  EXPECT_EQ(test::HttpClient(server_->port())
                .get("/features/latest?symbol=BTCUSDT",
                     {{"X-API-Key", std::string(kOpsKey)}, {"X-Trace-Id", "t-ops"}})
                .result_int(),
            200u);
  EXPECT_EQ(
      test::HttpClient(server_->port())
          .get("/features/latest?symbol=BTCUSDT&api_key=" + std::string(kCiKey), {{"X-Trace-Id", "t-ci"}})
          .result_int(),
      200u);
  EXPECT_EQ(
      test::HttpClient(server_->port())
          .get("/features/latest?symbol=BTCUSDT", {{"X-API-Key", "ops-secret-"}, {"X-Trace-Id", "t-no"}})
          .result_int(),
      401u);
  const auto actor_of = [&](const std::string& trace) {
    const auto lines = log_lines_with("\"trace_id\":\"" + trace + "\"");
    return lines.size() == 1 ? nlohmann::json::parse(lines.front()).value("actor", "?")
                             : "(lines: " + std::to_string(lines.size()) + ")";
  };
  EXPECT_EQ(actor_of("t-ops"), "ops");
  EXPECT_EQ(actor_of("t-ci"), "ci");
  EXPECT_EQ(actor_of("t-no"), "");
  EXPECT_TRUE(log_lines_with(std::string(kOpsKey)).empty());
  EXPECT_TRUE(log_lines_with(std::string(kCiKey)).empty());
}

TEST_F(HttpHardeningTest, AuthenticationComesBeforeRouting) {
  start();
  EXPECT_EQ(exchange("GET /admin HTTP/1.1\r\nHost: x\r\n\r\n")->result_int(), 401u);
  EXPECT_EQ(exchange("DELETE /features/latest HTTP/1.1\r\nHost: x\r\n\r\n")->result_int(), 401u);
  EXPECT_EQ(exchange("GET /admin HTTP/1.1\r\nHost: x\r\nX-API-Key: ops-secret-1\r\n\r\n")->result_int(),
            404u);
  EXPECT_EQ(exchange("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")->result_int(), 405u);
}

// --- 6. Oversized or malformed HTTP gets an answer ---------------------------------------------

struct Refusal {
  std::string name;
  std::string request;
  unsigned status;
  std::string code;
};

TEST_F(HttpHardeningTest, OversizedOrMalformedRequestsGetAJsonErrorThenTheConnectionCloses) {
  start();
  const std::string key = "X-API-Key: " + std::string(kOpsKey) + "\r\n";
  const std::vector<Refusal> cases = {
      {"100 KB header field",
       "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100 * 1024, 'a') + "\r\n\r\n", 431,
       "HEADER_TOO_LARGE"},
      {"1 MB URL",
       "GET /features/latest?symbol=" + std::string(1024 * 1024, 'B') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414,
       "URI_TOO_LONG"},
      {"10 MB body",
       "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n" +
           std::string(10 * 1024 * 1024, 'x'),
       413, "BODY_TOO_LARGE"},
      {"chunked body over the limit",
       "POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n" +
           std::string(0x200000, 'x') + "\r\n0\r\n\r\n",
       413, "BODY_TOO_LARGE"},
      {"garbage bytes", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15), 400,
       "BAD_REQUEST"},
      {"Content-Length and Transfer-Encoding",
       "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
       400, "BAD_REQUEST"},
      {"Transfer-Encoding and Content-Length",
       "POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
       400, "BAD_REQUEST"},
      {"two different Content-Lengths",
       "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400,
       "BAD_REQUEST"},
      {"bad version", "GET /health HTTP/9\r\nHost: x\r\n\r\n", 400, "BAD_REQUEST"},
      {"LF in a header value", "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n", 400, "BAD_REQUEST"},
  };
  for (const Refusal& c : cases) {
    RawConnection connection(client_io_, server_->port());
    connection.send(c.request);
    const auto r = connection.response();
    ASSERT_TRUE(r) << c.name << ": no answer";
    EXPECT_EQ(r->result_int(), c.status) << c.name;
    expect_error_shape(*r);
    EXPECT_EQ(error_code_of(*r), c.code) << c.name;
    EXPECT_FALSE(r->keep_alive()) << c.name;
    EXPECT_TRUE(connection.closed_by_server()) << c.name;
  }
  EXPECT_EQ(health_status(), 200u);
}

TEST_F(HttpHardeningTest, LimitsAreConfigurable) {
  HttpServerOptions options;
  options.max_header_bytes = 2048;
  options.max_body_bytes = 10;
  start(options);
  EXPECT_EQ(exchange("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(3000, 'a') + "\r\n\r\n")
                ->result_int(),
            431u);
  EXPECT_EQ(exchange("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(1500, 'a') + "\r\n\r\n")
                ->result_int(),
            200u);
  EXPECT_EQ(
      exchange("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n01234567890")->result_int(),
      413u);
  EXPECT_EQ(
      exchange("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789")->result_int(),
      405u);
}

TEST_F(HttpHardeningTest, ASilentClientIsClosedAfterTheRequestTimeout) {
  HttpServerOptions options;
  options.request_timeout = std::chrono::milliseconds(200);
  start(options);
  RawConnection silent(client_io_, server_->port());
  silent.send("GET /health HTTP/1.1\r\n");  // and never the rest
  EXPECT_TRUE(silent.closed_by_server());
  EXPECT_TRUE(test::eventually([&] { return server_->stats().open_connections == 0; }));
}

// --- 7. Descriptors and connections --------------------------------------------------------------

std::size_t open_descriptors() {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                                                std::filesystem::directory_iterator{}));
}

// Sets the soft RLIMIT_NOFILE for the scope, restoring it after.
class DescriptorLimit {
 public:
  explicit DescriptorLimit(rlim_t soft) {
    getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit lowered = saved_;
    lowered.rlim_cur = std::min(soft, saved_.rlim_max);
    ok_ = setrlimit(RLIMIT_NOFILE, &lowered) == 0 && lowered.rlim_cur == soft;
  }
  ~DescriptorLimit() { restore(); }
  DescriptorLimit(const DescriptorLimit&) = delete;
  DescriptorLimit& operator=(const DescriptorLimit&) = delete;
  bool ok() const { return ok_; }
  void restore() { setrlimit(RLIMIT_NOFILE, &saved_); }

 private:
  rlimit saved_{};
  bool ok_ = false;
};

TEST_F(HttpHardeningTest, AThousandIdleOrSlowSocketsDoNotLockOutAFreshClient) {
  constexpr std::size_t kSockets = 1000;
  constexpr std::size_t kCap = 64;
  DescriptorLimit limit(open_descriptors() + kSockets + kCap + 200);
  if (!limit.ok()) GTEST_SKIP() << "RLIMIT_NOFILE cannot be raised to " << kSockets + kCap + 200 << " here";
  HttpServerOptions options;
  options.max_connections = kCap;
  start(options);

  std::vector<std::unique_ptr<RawConnection>> hostile;
  for (std::size_t i = 0; i < kSockets; ++i) {
    hostile.push_back(std::make_unique<RawConnection>(client_io_, server_->port()));
    // Half say nothing, half start a request and never finish it.
    if (i % 2 == 1) hostile.back()->send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  }
  EXPECT_EQ(health_status(), 200u);
  EXPECT_TRUE(test::eventually([&] { return server_->stats().open_connections <= kCap; }))
      << server_->stats().open_connections << " connections open, cap " << kCap;
  EXPECT_EQ(server_->stats().refused, 0u);
}

TEST_F(HttpHardeningTest, WhenEveryConnectionIsBusyANewOneGets503) {
  HttpServerOptions options;
  options.max_connections = 2;
  options.threads = 3;  // two held by the busy requests, one to accept
  start(options);
  const std::string held =
      "GET /features/latest?symbol=HOLD HTTP/1.1\r\nHost: x\r\nX-API-Key: " + std::string(kOpsKey) +
      "\r\n\r\n";
  RawConnection first(client_io_, server_->port());
  RawConnection second(client_io_, server_->port());
  first.send(held);
  second.send(held);
  ASSERT_TRUE(test::eventually([&] { return features_.held() == 2; }));

  const auto r = exchange("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 503u);
  expect_error_shape(*r);
  EXPECT_EQ(error_code_of(*r), "OVERLOADED");
  EXPECT_EQ(server_->stats().refused, 1u);

  features_.release();
  EXPECT_EQ(first.response()->result_int(), 200u);
  EXPECT_EQ(second.response()->result_int(), 200u);
}

TEST_F(HttpHardeningTest, RunningOutOfDescriptorsBacksOffInsteadOfSpinningAndRecovers) {
  ASSERT_NO_FATAL_FAILURE(meet_what_running_out_of_descriptors_runs());
  HttpServer& server = make_server();  // listening, not accepting yet
  // Clients queue in the listen backlog; the server will accept them with almost no descriptor left.
  // Each starts a request and sends only part of its body, so the few it accepts are busy and
  // closing an idle one cannot make room: accept() keeps failing with EMFILE.
  std::vector<std::unique_ptr<RawConnection>> waiting;
  for (int i = 0; i < 20; ++i) {
    waiting.push_back(std::make_unique<RawConnection>(client_io_, server.port()));
    waiting.back()->send("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial");
  }
  DescriptorLimit limit(open_descriptors() + 2);
  if (!limit.ok()) GTEST_SKIP() << "cannot set RLIMIT_NOFILE";
  server.start();

  ASSERT_TRUE(test::eventually([&] { return server.stats().accept_failures >= 1; }));
  // A loop retrying at once fails thousands of times in this window even on a loaded CPU; one that
  // waits 50 ms between tries, a handful.
  const auto before = server.stats().accept_failures;
  const auto started = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto elapsed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
          .count();
  const auto failures = server.stats().accept_failures - before;
  EXPECT_LE(failures, static_cast<std::uint64_t>(elapsed_ms / 50 + 10));
  EXPECT_EQ(log_lines_with("cannot accept a connection").size(), 1u);  // rate-limited

  limit.restore();
  EXPECT_EQ(health_status(), 200u);
}

}  // namespace
}  // namespace fsvc::http
