#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fsvc::rest {

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{2'000};
  std::chrono::milliseconds timeout{5'000};  // the whole exchange, connect included
  std::size_t max_body_bytes = 16u << 20;    // a runaway response fails instead of eating memory
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // never logged: may hold an API key
  std::string body;
};

struct HttpResponse {
  long status = 0;
  std::string body;
};

// The request never got an HTTP answer (refused, timed out, DNS, ...). The message names the
// method, the URL and libcurl's reason.
class HttpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// At most `max` bytes of a body for an error message, with control characters flattened so that
// the message stays one line.
std::string body_excerpt(std::string_view body, std::size_t max = 200);

// "POST http://host/path -> 500: <body excerpt>", for errors about an unexpected status.
std::string describe_status(const HttpRequest& request, const HttpResponse& response);

// A blocking HTTP/1.1 client on libcurl, with timeouts. One connection is kept alive between calls;
// calls on one client are serialized (each client belongs to one background worker).
class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Returns whatever status the server answered; throws HttpError when there is no answer.
  HttpResponse perform(const HttpRequest& request);

 private:
  struct Handle;

  HttpClientOptions options_;
  std::mutex mutex_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace fsvc::rest
