#pragma once

#include <string>

namespace fsvc {

// Ordered by how much they tell a caller to wait: the service's status is its components' worst.
// `starting`: state is still being restored at start-up (contracts.md §4, answered with 503).
enum class HealthStatus { healthy, degraded, unhealthy, starting };

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
