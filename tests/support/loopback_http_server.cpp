#include "support/loopback_http_server.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <stdexcept>

namespace fsvc::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct LoopbackHttpServer::Listener {
  asio::io_context io;
  tcp::acceptor acceptor{io};
};

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string str(boost::beast::string_view text) {
  return std::string(text.data(), text.size());
}

RecordedRequest recorded(const http::request<http::string_body>& request) {
  RecordedRequest r;
  r.method = str(request.method_string());
  r.target = str(request.target());
  const auto question = r.target.find('?');
  r.path = r.target.substr(0, question);
  if (question != std::string::npos) r.query = r.target.substr(question + 1);
  for (const auto& field : request) r.headers[lower(str(field.name_string()))] = str(field.value());
  r.body = request.body();
  return r;
}

std::string key_of(std::string_view method, std::string_view path) {
  return std::string(method) + " " + std::string(path);
}

}  // namespace

std::string RecordedRequest::header(std::string_view name) const {
  const auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

LoopbackHttpServer::LoopbackHttpServer() : listener_(std::make_unique<Listener>()) {
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  listener_->acceptor.open(endpoint.protocol());
  listener_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  listener_->acceptor.bind(endpoint);
  listener_->acceptor.listen();
  port_ = listener_->acceptor.local_endpoint().port();
  acceptor_ = std::thread([this] { accept_loop(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
  stop();
}

std::string LoopbackHttpServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void LoopbackHttpServer::on(const std::string& method, const std::string& path, Handler handler) {
  const std::lock_guard lock(mutex_);
  handlers_[key_of(method, path)] = std::move(handler);
}

void LoopbackHttpServer::script(const std::string& method, const std::string& path,
                                std::vector<LoopbackResponse> responses) {
  if (responses.empty()) throw std::invalid_argument("script for " + key_of(method, path) + " has no answer");
  struct Script {
    std::mutex mutex;
    std::vector<LoopbackResponse> responses;
    std::size_t next = 0;
  };
  auto state = std::make_shared<Script>();
  state->responses = std::move(responses);
  on(method, path, [state](const RecordedRequest&) {
    const std::lock_guard lock(state->mutex);
    const std::size_t i = std::min(state->next++, state->responses.size() - 1);
    return state->responses[i];
  });
}

std::vector<RecordedRequest> LoopbackHttpServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<RecordedRequest> LoopbackHttpServer::requests_to(std::string_view method,
                                                             std::string_view path) const {
  std::vector<RecordedRequest> out;
  for (RecordedRequest& r : requests()) {
    if (r.method == method && r.path == path) out.push_back(std::move(r));
  }
  return out;
}

bool LoopbackHttpServer::wait_for_requests(
    const std::function<bool(const std::vector<RecordedRequest>&)>& done,
    std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return done(requests_); });
}

void LoopbackHttpServer::stop() {
  std::vector<std::thread> connections;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    // shutdown() wakes a thread blocked in accept() or read() on Linux; the owners close the fds.
    ::shutdown(listener_->acceptor.native_handle(), SHUT_RDWR);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  changed_.notify_all();
  acceptor_.join();
  {
    const std::lock_guard lock(mutex_);
    connections.swap(connections_);
  }
  for (std::thread& t : connections) t.join();
  boost::system::error_code ignored;
  listener_->acceptor.close(ignored);
}

void LoopbackHttpServer::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = listener_->acceptor.accept(ec);
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    if (ec) continue;
    const int fd = socket.release(ec);
    if (ec) continue;
    open_fds_.push_back(fd);
    connections_.emplace_back([this, fd] { serve_connection(fd); });
  }
}

void LoopbackHttpServer::serve_connection(int fd) {
  asio::io_context io;
  tcp::socket socket(io, tcp::v4(), fd);
  boost::beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> request;
    boost::system::error_code ec;
    http::read(socket, buffer, request, ec);
    if (ec) break;
    const RecordedRequest r = recorded(request);
    record(r);
    const LoopbackResponse answer = dispatch(r);
    if (answer.delay.count() > 0 && !sleep_unless_stopped(answer.delay)) break;
    http::response<http::string_body> response{static_cast<http::status>(answer.status), request.version()};
    response.set(http::field::content_type, answer.content_type);
    response.body() = answer.body;
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    http::write(socket, response, ec);
    if (ec || !request.keep_alive()) break;
  }
  const std::lock_guard lock(mutex_);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
  boost::system::error_code ignored;
  socket.close(ignored);  // under the lock: stop() never shuts down a number reused by a new socket
}

LoopbackResponse LoopbackHttpServer::dispatch(const RecordedRequest& request) {
  Handler handler;
  {
    const std::lock_guard lock(mutex_);
    const auto it = handlers_.find(key_of(request.method, request.path));
    if (it != handlers_.end()) handler = it->second;
  }
  if (!handler) {
    return {404, R"({"error": "no stand-in answer for )" + request.method + " " + request.path + R"("})"};
  }
  return handler(request);
}

void LoopbackHttpServer::record(const RecordedRequest& request) {
  {
    const std::lock_guard lock(mutex_);
    requests_.push_back(request);
  }
  changed_.notify_all();
}

bool LoopbackHttpServer::sleep_unless_stopped(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !changed_.wait_for(lock, delay, [this] { return stopping_; });
}

}  // namespace fsvc::test
