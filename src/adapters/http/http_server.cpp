#include "adapters/http/http_server.hpp"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <optional>
#include <stdexcept>

#include "adapters/http/connection_table.hpp"
#include "adapters/http/file_response.hpp"
#include "adapters/http/request_parts.hpp"

namespace fsvc::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// After a failed accept (EMFILE, ENFILE, ENOMEM), how long to wait before the next try: trying
// again at once fails again at once, and the loop would spin a core.
constexpr std::chrono::milliseconds kAcceptBackoff{50};
// How long a closing connection keeps reading (and discarding) what the client still sends.
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kDiscardChunk = 16 * 1024;

struct ServerContext {
  const HttpServerOptions& options;
  const ApiRouter& router;
  ConnectionTable& connections;
  const obs::JsonLogger& logger;
};

// The answer to a request the parser refused.
struct ProtocolError {
  beast_http::status status;
  std::string_view code;
  std::string message;
};

// nullopt when there is nobody to answer: the client closed, went silent, or the server is stopping.
std::optional<ProtocolError> protocol_error(const beast::error_code& ec, bool request_line_read,
                                            const HttpServerOptions& options) {
  const std::string limit = " bytes the server accepts";
  if (ec == beast_http::error::header_limit && !request_line_read) {
    return ProtocolError{
        beast_http::status::uri_too_long, "URI_TOO_LONG",
        "the request line is longer than the " + std::to_string(options.max_header_bytes) + limit};
  }
  if (ec == beast_http::error::header_limit) {
    return ProtocolError{
        beast_http::status::request_header_fields_too_large, "HEADER_TOO_LARGE",
        "the header fields are larger than the " + std::to_string(options.max_header_bytes) + limit};
  }
  if (ec == beast_http::error::body_limit) {
    return ProtocolError{beast_http::status::payload_too_large, "BODY_TOO_LARGE",
                         "the body is larger than the " + std::to_string(options.max_body_bytes) + limit};
  }
  if (ec == beast_http::error::end_of_stream || ec == beast_http::error::partial_message) return std::nullopt;
  if (ec.category() == beast_http::make_error_code(beast_http::error::bad_method).category()) {
    return ProtocolError{beast_http::status::bad_request, "BAD_REQUEST",
                         "malformed HTTP request: " + ec.message()};
  }
  return std::nullopt;
}

class Session final : public Connection, public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const ServerContext& server) : stream_(std::move(socket)), server_(server) {}
  ~Session() override {
    if (slot_) server_.connections.remove(*slot_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start(ConnectionTable::Slot slot) {
    slot_ = slot;
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  bool idle() const override { return interruptible_.load() && !evicted_.load(); }

  void evict() override {
    evicted_.store(true);
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      // A request may have arrived meanwhile: that one is answered and the connection kept.
      if (self->interruptible_.load()) {
        self->stream_.close();
      } else {
        self->evicted_.store(false);
      }
    });
  }

 private:
  void read_header() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.options.max_body_bytes);
    stream_.expires_after(server_.options.request_timeout);
    interruptible_.store(true);
    beast_http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    interruptible_.store(false);
    if (ec) return fail(ec);
    stream_.expires_after(server_.options.request_timeout);
    beast_http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_request(ec); });
  }

  void on_request(beast::error_code ec) {
    if (ec) return fail(ec);
    write(answer(parser_->get()));
  }

  // The router turns its own failures into a 500; this catches what escapes even that (an
  // allocation failing while the 500 is built), so that no exception leaves the session.
  Response answer(const Request& request) {
    try {
      return server_.router.handle(request);
    } catch (const std::exception& e) {
      server_.logger.error("http", "request failed outside the router", {{"error", std::string(e.what())}});
    } catch (...) {
      server_.logger.error("http", "request failed outside the router", {{"error", "unknown exception"}});
    }
    return error_response(beast_http::status::internal_server_error, request.version(), false,
                          "INTERNAL_ERROR", "the request could not be answered", generate_trace_id());
  }

  void fail(const beast::error_code& ec) {
    // The parser has reported the request line (method, target) once it was read in full.
    const bool request_line_read = !parser_->get().target().empty();
    const auto problem = protocol_error(ec, request_line_read, server_.options);
    if (!problem) return;  // the session ends here and its socket closes
    write(error_response(problem->status, 11, false, problem->code, problem->message, generate_trace_id()));
  }

  void write(Response response) {
    if (auto file = take_body_file(response)) return write_file(std::move(response), *file);
    response_ = std::move(response);
    stream_.expires_after(server_.options.request_timeout);
    beast_http::async_write(
        stream_, response_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  // A file body (a dataset download) leaves in chunks read as they are sent, never whole in
  // memory; each chunk has the request timeout, so a long download that keeps moving is not cut off.
  void write_file(Response head, const std::string& path) {
    beast_http::file_body::value_type body;
    beast::error_code ec;
    body.open(path.c_str(), beast::file_mode::scan, ec);
    if (ec) {
      const std::string trace_id(head["X-Trace-Id"]);
      return write(error_response(beast_http::status::not_found, head.version(), head.keep_alive(),
                                  "FILE_GONE", "the file was removed before it could be sent", trace_id));
    }
    response_ = std::move(head);
    file_response_.emplace(response_.base(), std::move(body));
    file_response_->prepare_payload();
    file_serializer_.emplace(*file_response_);
    write_file_chunk();
  }

  void write_file_chunk() {
    stream_.expires_after(server_.options.request_timeout);
    beast_http::async_write_some(stream_, *file_serializer_,
                                 [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                   if (ec || self->file_serializer_->is_done()) {
                                     self->file_serializer_.reset();
                                     self->file_response_.reset();
                                     return self->on_write(ec);
                                   }
                                   self->write_file_chunk();
                                 });
  }

  void on_write(beast::error_code ec) {
    if (ec) return;
    if (response_.keep_alive()) return read_header();
    finish();
  }

  // Half-closes, then reads and discards what the client still sends (the rest of a refused body)
  // for a short while: closing with unread input resets the connection, which can destroy the
  // answer before the client has read it.
  void finish() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTimeout);
    interruptible_.store(true);
    discard();
  }

  void discard() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(kDiscardChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (!ec) self->discard();
                            });
  }

  beast::tcp_stream stream_;
  const ServerContext& server_;
  std::optional<ConnectionTable::Slot> slot_;
  // Waiting for a request's header, or lingering before the close: closing now loses no work.
  std::atomic<bool> interruptible_{false};
  std::atomic<bool> evicted_{false};
  beast::flat_buffer buffer_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  Response response_;
  std::optional<beast_http::response<beast_http::file_body>> file_response_;
  std::optional<beast_http::response_serializer<beast_http::file_body>>
      file_serializer_;  // of file_response_
};

}  // namespace

struct HttpServer::Impl {
  Impl(const ApiRouter& router, HttpServerOptions o, const obs::JsonLogger& l)
      : options(std::move(o)),
        logger(l),
        connections(options.max_connections),
        context{options, router, connections, logger},
        accept_log(logger, 1, 10 * kMicrosPerSecond),
        io(options.threads),
        acceptor(asio::make_strand(io)),
        backoff(acceptor.get_executor()) {}

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (!acceptor.is_open()) return;
      if (ec) return on_accept_error(ec);
      admit(std::move(socket));
      accept();
    });
  }

  void admit(tcp::socket socket) {
    if (!connections.make_room()) return refuse(std::move(socket));
    auto session = std::make_shared<Session>(std::move(socket), context);
    session->start(connections.add(session));
  }

  // Every connection is busy with a request: a short 503, written without waiting (a fresh
  // socket's send buffer always takes it), and the connection closes.
  void refuse(tcp::socket socket) {
    refused.fetch_add(1);
    beast::error_code ignored;
    socket.non_blocking(true, ignored);
    const Response response = error_response(
        beast_http::status::service_unavailable, 11, false, "OVERLOADED",
        "every connection is busy (" + std::to_string(connections.capacity()) + " at most); retry shortly",
        generate_trace_id());
    beast_http::write(socket, response, ignored);
    socket.shutdown(tcp::socket::shutdown_send, ignored);
  }

  void on_accept_error(const beast::error_code& ec) {
    // The client gave up before it was accepted: nothing is wrong here.
    if (ec == asio::error::connection_aborted) return accept();
    accept_failures.fetch_add(1);
    // Out of descriptors or memory: free a descriptor by closing the connection idle the longest,
    // and try again a little later instead of failing again at once in a loop.
    connections.evict_oldest_idle();
    accept_log.log(obs::LogLevel::warn, "accept", "http", "cannot accept a connection; retrying shortly",
                   {{"error", ec.message()},
                    {"open_connections", connections.size()},
                    {"retry_in_ms", kAcceptBackoff.count()}});
    backoff.expires_after(kAcceptBackoff);
    backoff.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && acceptor.is_open()) accept();
    });
  }

  // A thread of the pool: an exception escaping a handler is logged and the thread serves on.
  void run() {
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& e) {
        logger.error("http", "a connection handler threw; serving on", {{"error", std::string(e.what())}});
      } catch (...) {
        logger.error("http", "a connection handler threw; serving on", {{"error", "unknown exception"}});
      }
    }
  }

  const HttpServerOptions options;
  const obs::JsonLogger& logger;
  // Before io: destroying io destroys the sessions, which leave this table as they go.
  ConnectionTable connections;
  const ServerContext context;
  obs::RateLimitedLogger accept_log;
  std::atomic<std::uint64_t> accept_failures{0};
  std::atomic<std::uint64_t> refused{0};
  asio::io_context io;
  tcp::acceptor acceptor;
  asio::steady_timer backoff;
};

HttpServer::HttpServer(const ApiRouter& router, HttpServerOptions options, const obs::JsonLogger& logger)
    : impl_(std::make_unique<Impl>(router, std::move(options), logger)) {
  const HttpServerOptions& o = impl_->options;
  const std::string where = o.bind_address + ":" + std::to_string(o.port);
  beast::error_code ec;
  const auto address = asio::ip::make_address(o.bind_address, ec);
  if (ec) throw std::runtime_error("HTTP server: bad bind address " + o.bind_address + ": " + ec.message());
  const tcp::endpoint endpoint{address, o.port};
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
  asio::dispatch(impl_->acceptor.get_executor(), [impl = impl_.get()] { impl->accept(); });
  const int count = impl_->options.threads < 1 ? 1 : impl_->options.threads;
  for (int i = 0; i < count; ++i) threads_.emplace_back([impl = impl_.get()] { impl->run(); });
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

HttpServerStats HttpServer::stats() const {
  if (!impl_) return {};
  return {impl_->connections.size(), impl_->accept_failures.load(), impl_->refused.load()};
}

}  // namespace fsvc::http
