#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fsvc::test {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// A small blocking HTTP/1.1 client over one keep-alive connection to 127.0.0.1, for tests that
// talk to the service's API over a real socket.
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);

  HttpResponse get(const std::string& target, const HttpHeaders& headers = {},
                   boost::beast::http::verb verb = boost::beast::http::verb::get,
                   const std::string& body = {});

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// The header's value, or empty.
std::string header_of(const HttpResponse& response, std::string_view name);

}  // namespace fsvc::test
