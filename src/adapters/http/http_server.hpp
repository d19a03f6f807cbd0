#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adapters/http/api_router.hpp"
#include "adapters/observability/json_logger.hpp"

namespace fsvc::http {

struct HttpServerOptions {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 4900;  // 0: an ephemeral port (tests); see HttpServer::port()
  int threads = 2;
  // Open connections at most. A new client beyond it takes the place of the connection idle the
  // longest, or gets 503 when none is idle.
  std::size_t max_connections = 1024;
  // Request line and header fields (each, in bytes): more is 414 (the request line) or 431.
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;  // more is 413
  // A client has this long to send a request's header (from connecting, or since the previous
  // response on a keep-alive connection), then as long again for its body; a response it does not
  // read within it is abandoned.
  std::chrono::milliseconds request_timeout{10'000};
};

// What the server has done, for tests and diagnostics.
struct HttpServerStats {
  std::size_t open_connections = 0;
  std::uint64_t accept_failures = 0;  // accept() errors, e.g. EMFILE; each one waits before the next try
  std::uint64_t refused = 0;          // connections answered 503 because every one was busy
};

// HTTP/1.1 with keep-alive on Boost.Beast: `threads` threads run one io_context; each connection
// reads a request, asks the router, writes the response, and reads the next. Malformed or
// oversized requests get a JSON error (400, 413, 414, 431) and the connection is closed; no
// exception from the router ends a thread or the process.
class HttpServer {
 public:
  // Binds and listens at once (throws std::runtime_error naming the address on failure); serves
  // from start() on.
  HttpServer(const ApiRouter& router, HttpServerOptions options, const obs::JsonLogger& logger);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void start();
  // Closes the listener and every connection and joins the threads. Idempotent.
  void stop();
  std::uint16_t port() const { return port_; }
  HttpServerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  std::vector<std::thread> threads_;
  HttpServerOptions options_;
};

}  // namespace fsvc::http
