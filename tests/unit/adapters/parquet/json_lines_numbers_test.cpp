// The raw store's JSON-lines journals read their integers exactly: what nlohmann's get<> would
// convert (a float, beyond the type's range undefined behaviour; a negative number wrapped into an
// unsigned one) is refused naming the field (found by the journal_lines_fuzzer).
#include <gtest/gtest.h>

#include <fstream>
#include <limits>

#include "adapters/parquet/json_lines_file.hpp"
#include "adapters/parquet/registry_journal.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using nlohmann::json;

TEST(JsonLinesNumbers, IntegersAreReadExactlyToTheirTypesBounds) {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(exact_int64(json::parse("-9223372036854775808"), "t"), kMin);
  EXPECT_EQ(exact_int64(json::parse("9223372036854775807"), "t"), kMax);
  EXPECT_EQ(exact_int64(json::parse("0"), "t"), 0);
  EXPECT_EQ(exact_uint64(json::parse("18446744073709551615"), "s"),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(exact_uint64(json::parse("0"), "s"), 0u);
}

TEST(JsonLinesNumbers, WhatGetWouldConvertIsRefusedNamingTheField) {
  for (const char* text : {"9223372036854775808", "1.78631e+24", "1.5", "-1e300", "\"7\"", "null", "true"}) {
    try {
      exact_int64(json::parse(text), "recorded_at_us");
      ADD_FAILURE() << text << " was read";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).rfind("recorded_at_us: expected a signed 64-bit integer, found ", 0),
                0u)
          << e.what();
    }
  }
  for (const char* text : {"-1", "18446744073709551616", "2.0", "[]"}) {
    EXPECT_THROW(exact_uint64(json::parse(text), "first_seq"), std::invalid_argument) << text;
  }
}

TEST(JsonLinesNumbers, AJournalLineWithAFloatTimeFailsTheReadNamingFileLineAndField) {
  const auto root = test::make_temp_dir("registry-journal-float");
  append_registry_switch(root, {0, "1.0.0", {}, 7});
  std::ofstream(registry_journal_path(root), std::ios::app)
      << R"({"after_ingest_seq":1,"first_boundary_us":{"BTCUSDT":1.78631e+24},"recorded_at_us":8,"version":"1.1.0"})"
      << "\n";
  try {
    read_registry_switches(root);
    FAIL() << "the record was read";
  } catch (const std::runtime_error& e) {
    const std::string error = e.what();
    EXPECT_NE(error.find(registry_journal_path(root).string() + " line 2: first_boundary_us: expected"),
              std::string::npos)
        << error;
  }
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace fsvc::parquet
