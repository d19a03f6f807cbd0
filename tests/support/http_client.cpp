#include "support/http_client.hpp"

#include <boost/asio/ip/address.hpp>

namespace fsvc::test {

namespace http = boost::beast::http;

HttpClient::HttpClient(std::uint16_t port) : socket_(io_) {
  socket_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
}

HttpResponse HttpClient::get(const std::string& target, const HttpHeaders& headers, http::verb verb,
                             const std::string& body) {
  http::request<http::string_body> request{verb, target, 11};
  request.body() = body;
  request.set(http::field::host, "127.0.0.1");
  request.keep_alive(true);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.prepare_payload();
  http::write(socket_, request);
  HttpResponse response;
  http::read(socket_, buffer_, response);
  return response;
}

std::string header_of(const HttpResponse& response, std::string_view name) {
  const auto it = response.find(boost::beast::string_view(name.data(), name.size()));
  return it == response.end() ? std::string() : std::string(it->value());
}

}  // namespace fsvc::test
