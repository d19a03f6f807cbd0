#include "adapters/rest/http_client.hpp"

#include <curl/curl.h>

namespace fsvc::rest {

namespace {

// curl_global_init is not thread-safe; once per process, before the first handle.
void global_init_once() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    throw HttpError(std::string("libcurl global init failed: ") + curl_easy_strerror(code));
  }
}

struct BodySink {
  std::string* body;
  std::size_t limit;
};

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const std::size_t bytes = size * count;
  if (sink->body->size() + bytes > sink->limit) return 0;  // makes curl fail with a write error
  sink->body->append(data, bytes);
  return bytes;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (!grown) throw HttpError("libcurl: out of memory for a request header");
    list = grown;
  }
};

}  // namespace

struct HttpClient::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl) curl_easy_cleanup(curl);
  }
};

std::string body_excerpt(std::string_view body, std::size_t max) {
  std::string out(body.substr(0, max));
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (body.size() > max) out += "...";
  return out;
}

std::string describe_status(const HttpRequest& request, const HttpResponse& response) {
  return request.method + " " + request.url + " -> " + std::to_string(response.status) + ": " +
         body_excerpt(response.body);
}

HttpClient::HttpClient(HttpClientOptions options) : options_(options), handle_(std::make_unique<Handle>()) {
  global_init_once();
  handle_->curl = curl_easy_init();
  if (!handle_->curl) throw HttpError("libcurl: curl_easy_init failed");
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::perform(const HttpRequest& request) {
  const std::lock_guard lock(mutex_);
  CURL* curl = handle_->curl;
  curl_easy_reset(curl);  // keeps the live connection, forgets the previous request's options

  HttpResponse response;
  BodySink sink{&response.body, options_.max_body_bytes};
  HeaderList headers;
  for (const auto& [name, value] : request.headers) headers.add(name + ": " + value);
  if (!request.body.empty()) headers.add("Content-Type: application/json");
  headers.add("Expect:");  // no 100-continue round trip for small JSON bodies

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "GET") curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  if (!request.body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we are multi-threaded
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");

  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    throw HttpError(request.method + " " + request.url + ": " + curl_easy_strerror(code));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace fsvc::rest
