#include "adapters/http/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <optional>
#include <stdexcept>

namespace fsvc::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// An idle keep-alive connection is closed after this long.
constexpr std::chrono::seconds kIdleTimeout{30};
constexpr std::size_t kMaxRequestBody = 64 * 1024;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const ApiRouter& router) : stream_(std::move(socket)), router_(router) {}

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(kMaxRequestBody);
    stream_.expires_after(kIdleTimeout);
    beast_http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return close();  // closed by the peer, timed out, or not HTTP: nothing to answer
    response_ = router_.handle(parser_->get());
    beast_http::async_write(
        stream_, response_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (ec || !response_.keep_alive()) return close();
    read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  const ApiRouter& router_;
  beast::flat_buffer buffer_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  Response response_;
};

}  // namespace

struct HttpServer::Impl {
  Impl(const ApiRouter& r, int threads) : router(r), io(threads), acceptor(asio::make_strand(io)) {}

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (!acceptor.is_open()) return;
      if (!ec) std::make_shared<Session>(std::move(socket), router)->start();
      accept();
    });
  }

  const ApiRouter& router;
  asio::io_context io;
  tcp::acceptor acceptor;
};

HttpServer::HttpServer(const ApiRouter& router, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(router, options.threads)), options_(std::move(options)) {
  const std::string where = options_.bind_address + ":" + std::to_string(options_.port);
  beast::error_code ec;
  const auto address = asio::ip::make_address(options_.bind_address, ec);
  if (ec)
    throw std::runtime_error("HTTP server: bad bind address " + options_.bind_address + ": " + ec.message());
  const tcp::endpoint endpoint{address, options_.port};
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("HTTP server: cannot listen on " + where + ": " + ec.message());
  port_ = acceptor.local_endpoint().port();
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::start() {
  impl_->accept();
  const int count = options_.threads < 1 ? 1 : options_.threads;
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { impl_->io.run(); });
}

void HttpServer::stop() {
  if (!impl_) return;
  // Stopping the io_context abandons every pending operation; destroying it (with impl_) releases
  // the sessions those operations kept alive and closes their sockets and the listener.
  impl_->io.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  impl_.reset();
}

}  // namespace fsvc::http
