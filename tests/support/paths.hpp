#pragma once

#include <filesystem>
#include <string>

namespace fsvc::test {

// ../shared/data beside the project; tests that need it skip when it is absent.
std::filesystem::path shared_data_dir();

// Path of a file in shared data, or empty when the folder or file is missing.
std::filesystem::path shared_data_file(const std::string& name);

// The built feature-service binary (for tests that run the CLI as a process).
std::filesystem::path feature_service_binary();

// A fresh, empty temporary directory removed at process exit is the caller's job; this one is unique.
std::filesystem::path make_temp_dir(const std::string& prefix);

}  // namespace fsvc::test

// Skips the current test with a clear message when a shared data file is absent.
#define FS_REQUIRE_SHARED_DATA(var, name)                                                         \
  const auto var = ::fsvc::test::shared_data_file(name);                                         \
  if (var.empty()) GTEST_SKIP() << "shared data file " << (name) << " not found under "          \
                                << ::fsvc::test::shared_data_dir() << " (../shared/data absent)"
