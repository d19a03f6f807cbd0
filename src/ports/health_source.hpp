#pragma once

#include <string>

namespace fsvc {

enum class HealthStatus { healthy, degraded, unhealthy };

struct ComponentHealth {
  HealthStatus status = HealthStatus::healthy;
  std::string detail;  // why it is degraded/unhealthy, or what it is ("embedded", "rabbitmq://...")
};

// One part of the service reporting its health for GET /health.
class HealthSource {
 public:
  virtual ~HealthSource() = default;
  virtual ComponentHealth health() const = 0;
};

}  // namespace fsvc
