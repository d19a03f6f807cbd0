#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <type_traits>

#include "metadata_backends.hpp"
#include "support/manual_clock.hpp"

namespace fsvc::test {

// 2026-01-02T03:04:05.678901Z: microseconds that survive both engines only if nothing truncates.
inline constexpr Timestamp kSomeTime = 1'767'323'045'678'901;

// Runs each test against SQLite and PostgreSQL, each with a database of its own. Without
// FS_TEST_POSTGRES_PORT the PostgreSQL half skips (fails on CI, where scripts/test.sh always
// starts the server).
template <typename Backend>
class BackendFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    if constexpr (std::is_same_v<Backend, PostgresBackend>) {
      if (!PostgresBackend::available()) {
        const char* ci = std::getenv("CI");
        if (ci != nullptr && std::string(ci) == "true") FAIL() << "FS_TEST_POSTGRES_PORT unset on CI";
        GTEST_SKIP() << "FS_TEST_POSTGRES_PORT unset: run through scripts/test.sh (servers.sh)";
      }
    }
    backend_ = std::make_unique<Backend>();
  }

  Backend& backend() { return *backend_; }

  ManualClock clock_{kSomeTime};
  std::unique_ptr<Backend> backend_;
};

// The same, with the store opened (and so migrated) on the test's database.
template <typename Backend>
class MetadataFixture : public BackendFixture<Backend> {
 protected:
  void SetUp() override {
    BackendFixture<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    store_ = metadata::open_metadata_store(this->backend().settings(), this->clock_);
  }

  MetadataStore& store() { return *store_; }

  std::unique_ptr<MetadataStore> store_;
};

struct BackendNames {
  template <typename Backend>
  static std::string GetName(int) {
    return std::is_same_v<Backend, PostgresBackend> ? "PostgreSQL" : "SQLite";
  }
};

using MetadataBackends = ::testing::Types<SqliteBackend, PostgresBackend>;

}  // namespace fsvc::test
