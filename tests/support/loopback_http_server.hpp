#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fsvc::test {

// What the stand-in answers. `delay` holds the answer back (a slow or hanging server: longer than
// the client's timeout makes the client time out); stop() cuts such a wait short.
struct LoopbackResponse {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::chrono::milliseconds delay{0};
};

struct RecordedRequest {
  std::string method;
  std::string target;  // path and query as sent
  std::string path;
  std::string query;                           // without '?'
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The header's value, or empty.
  std::string header(std::string_view name) const;
};

// A real HTTP/1.1 server on 127.0.0.1 (ephemeral port) standing in for a service outside this
// system (ws-gateway's REST API, Bybit). Answers are scripted per method and path (the query is
// not part of the match); every request is recorded, in arrival order. A thread per connection,
// so a delayed answer does not hold up other clients. Unscripted paths get 404.
class LoopbackHttpServer {
 public:
  using Handler = std::function<LoopbackResponse(const RecordedRequest&)>;

  LoopbackHttpServer();  // listening when constructed
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string base_url() const;  // http://127.0.0.1:PORT

  // Replaces the answer for method + path; the handler runs on the connection's thread.
  void on(const std::string& method, const std::string& path, Handler handler);
  // Answers these in turn; the last one is repeated once they run out.
  void script(const std::string& method, const std::string& path, std::vector<LoopbackResponse> responses);

  std::vector<RecordedRequest> requests() const;
  std::vector<RecordedRequest> requests_to(std::string_view method, std::string_view path) const;
  // Waits (bounded) until `done` holds for the recorded requests; false on timeout.
  bool wait_for_requests(const std::function<bool(const std::vector<RecordedRequest>&)>& done,
                         std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;

  // Closes the listener and every connection, cuts delays short, joins the threads. Idempotent.
  void stop();

 private:
  struct Listener;

  void accept_loop();
  void serve_connection(int fd);
  LoopbackResponse dispatch(const RecordedRequest& request);
  void record(const RecordedRequest& request);
  bool sleep_unless_stopped(std::chrono::milliseconds delay);

  std::unique_ptr<Listener> listener_;
  std::uint16_t port_ = 0;
  std::thread acceptor_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;  // a request was recorded, or stop() began
  std::map<std::string, Handler> handlers_;  // "METHOD path"
  std::vector<RecordedRequest> requests_;
  std::vector<int> open_fds_;
  std::vector<std::thread> connections_;
  bool stopping_ = false;
};

}  // namespace fsvc::test
