#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adapters/http/api_router.hpp"

namespace fsvc::http {

struct HttpServerOptions {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 4900;  // 0: an ephemeral port (tests); see HttpServer::port()
  int threads = 2;
};

// HTTP/1.1 with keep-alive on Boost.Beast: `threads` threads run one io_context; each connection
// reads a request, asks the router, writes the response, and reads the next.
class HttpServer {
 public:
  // Binds and listens at once (throws std::runtime_error naming the address on failure); serves
  // from start() on.
  HttpServer(const ApiRouter& router, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void start();
  // Closes the listener and every connection and joins the threads. Idempotent.
  void stop();
  std::uint16_t port() const { return port_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  std::vector<std::thread> threads_;
  HttpServerOptions options_;
};

}  // namespace fsvc::http
