#pragma once

#include <filesystem>
#include <optional>

#include "support/process.hpp"

namespace fsvc::test {

// The environment of a `feature-service serve` on its own: HTTP on an ephemeral loopback port,
// the raw store and datasets under `dir`, BTCUSDT, no broker, gateway, snapshot source or API key.
// `retention_days` keeps older seeded data (the default is 90 days); `postgres` holds the variables
// that point it at a PostgreSQL database, and without them the store is the embedded SQLite file.
Environment serve_environment(const std::filesystem::path& dir,
                              std::optional<int> retention_days = std::nullopt,
                              const Environment& postgres = {});

}  // namespace fsvc::test
