#pragma once

#include <stdexcept>
#include <string>

namespace fsvc::rabbitmq {

// Anything that went wrong talking to the broker. The message names where (host:port, vhost,
// channel), what was attempted, and what the broker or the library said, so a log line alone is
// enough to tell a refused connection from a PRECONDITION_FAILED declaration.
class BrokerError : public std::runtime_error {
 public:
  BrokerError(const std::string& message, int reply_code)
      : std::runtime_error(message), reply_code_(reply_code) {}

  // The AMQP reply code when the broker closed the channel or connection (404 NOT_FOUND,
  // 406 PRECONDITION_FAILED, 320 CONNECTION_FORCED, ...); 0 for library or socket errors.
  int reply_code() const { return reply_code_; }

 private:
  int reply_code_;
};

}  // namespace fsvc::rabbitmq
