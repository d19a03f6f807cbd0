#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "unit/adapters/registry/registry_test_support.hpp"

namespace fsvc::registry::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr std::string_view kValidYaml = R"(version: "1.1.0"
features:
  - name: vwap_30s
    input_sources: [trades]
    lookback_window: 30s
    lookahead_forbidden: true
    normalization: {type: z_score, mean: 0.0, std: 1.0}
    missing: {policy: forward_fill, max_age: 5s}
  - name: depth_imbalance_top20
    input_sources: [orderbook]
    lookahead_forbidden: true
)";

// The single error of a document that is no registry document at all.
std::string parse_error(std::string_view text, DocumentFormat format = DocumentFormat::yaml,
                        const DocumentLimits& limits = {}) {
  const LoadResult result = load_text(text, format, RegistryLimits{}, limits);
  EXPECT_FALSE(result.valid());
  EXPECT_FALSE(result.document) << "a document that does not parse is not kept";
  EXPECT_THAT(result.problems.errors, SizeIs(1));
  return result.problems.errors.empty() ? "" : result.problems.errors.front().to_string();
}

TEST(HostileDocument, TextBeyondTheSizeLimitIsRefusedBeforeParsing) {
  const std::string big = std::string(kValidYaml) + "# " + std::string(2 << 20, 'x') + "\n";
  EXPECT_THAT(parse_error(big), HasSubstr("larger than the limit of 1048576 bytes"));
  EXPECT_THAT(parse_error(kValidYaml, DocumentFormat::yaml, DocumentLimits{100, 1000, 32}),
              HasSubstr("larger than the limit of 100 bytes"));
}

TEST(HostileDocument, DeepNestingStopsAtTheDepthLimit) {
  const std::size_t levels = 100'000;
  EXPECT_THAT(parse_error(std::string(levels, '[') + std::string(levels, ']')),
              HasSubstr("nested deeper than 32 levels"));
  std::string mappings;
  for (int i = 0; i < 10'000; ++i) mappings += "{a: ";
  mappings += "x" + std::string(10'000, '}');
  EXPECT_THAT(parse_error(mappings), HasSubstr("nested deeper than 32 levels"));
  std::string block;
  for (int i = 0; i < 5'000; ++i) block += "- ";
  EXPECT_THAT(parse_error(block + "x\n"), HasSubstr("nested deeper than 32 levels"));
  std::string indented;
  for (int i = 0; i < 100; ++i)
    indented += std::string(static_cast<std::size_t>(i), ' ') + "k" + std::to_string(i) + ":\n";
  EXPECT_THAT(parse_error(indented), HasSubstr("nested deeper than 32 levels"));
  EXPECT_THAT(parse_error(std::string(levels, '['), DocumentFormat::json),
              HasSubstr("nested deeper than 32 levels"));
}

TEST(HostileDocument, AliasBombsStopAtTheNodeLimit) {
  std::string bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char name = 'b'; name <= 'j'; ++name) {
    const char previous = static_cast<char>(name - 1);
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + previous;
    bomb += "]\n";
  }
  EXPECT_THAT(parse_error(bomb), HasSubstr("more than 100000 values (aliases count expanded)"));

  const std::string long_text = "a: &a \"" + std::string(400'000, 'x') + "\"\nb: [*a, *a, *a]\n";
  EXPECT_THAT(parse_error(long_text), HasSubstr("expands to more than 1048576 bytes of text"));
}

TEST(HostileDocument, TooManyValuesAreRefused) {
  std::string many = "version: \"1\"\nfeatures: [";
  for (int i = 0; i < 2'000; ++i) many += "1, ";
  many += "1]\n";
  EXPECT_THAT(parse_error(many, DocumentFormat::yaml, DocumentLimits{1 << 20, 1'000, 32}),
              HasSubstr("more than 1000 values"));
}

TEST(HostileDocument, TextThatIsNotUtf8OrHasControlCharactersIsRefused) {
  EXPECT_EQ(parse_error("version: \"1\"\nfeatures: \"\xff\xfe\"\n"),
            "not a registry document: not UTF-8 text (line 2)");
  EXPECT_EQ(parse_error("version: \"1\xC0\xAF\"\n"), "not a registry document: not UTF-8 text (line 1)")
      << "an overlong encoding of '/'";
  EXPECT_EQ(parse_error(std::string("version: 1\n\nfeat\0ures: []\n", 25)),
            "not a registry document: control character 0 in the text (line 3)");
  EXPECT_EQ(parse_error("{\"version\": \"\xed\xa0\x80\"}", DocumentFormat::json),
            "not a registry document: not UTF-8 text (line 1)");
  const LoadResult with_bom = load_yaml("\xEF\xBB\xBF" + std::string(kValidYaml));
  EXPECT_TRUE(with_bom.valid()) << all_text(with_bom.problems);
}

TEST(HostileDocument, SyntaxErrorsNameTheirLine) {
  EXPECT_THAT(parse_error("version: \"1\"\nfeatures: [a, b\nother: 1\n"), HasSubstr("YAML: "));
  EXPECT_EQ(parse_error("version: \"1\"\nfeatures:\n  - name: a\n  bad\n"),
            "not a registry document: YAML: end of map not found (line 4)");
  EXPECT_THAT(parse_error("{\"version\": \"1\",\n \"features\": [,]}", DocumentFormat::json),
              HasSubstr("JSON: parse error at line 2"));
  EXPECT_EQ(parse_error(""), "not a registry document: empty document");
  EXPECT_EQ(parse_error("# only a comment\n"), "not a registry document: empty document");
  EXPECT_THAT(parse_error("", DocumentFormat::json), HasSubstr("JSON: "));
}

TEST(HostileDocument, OneDocumentWithUniqueStringKeys) {
  EXPECT_EQ(parse_error("version: \"1\"\n---\nversion: \"2\"\n"),
            "not a registry document: a second YAML document; a registry is one document (line 2)");
  EXPECT_EQ(parse_error("version: \"1\"\nfeatures: []\nversion: \"2\"\n"),
            "not a registry document: duplicate key 'version' (line 3)");
  EXPECT_EQ(parse_error("{\"version\": \"1\", \"version\": \"2\"}", DocumentFormat::json),
            "not a registry document: duplicate key 'version'");
  EXPECT_THAT(parse_error("? [a, b]\n: c\n"),
              HasSubstr("a mapping key must be a string, not a list (line 1)"));
  EXPECT_THAT(parse_error("~: c\n"), HasSubstr("a mapping key must be a string, not null"));
  EXPECT_THAT(parse_error("a: &k key\n*k : c\n"), HasSubstr("a mapping key must be a string, not an alias"));
  EXPECT_THAT(parse_error("a: *nothing\n"), HasSubstr("YAML: "));
}

TEST(HostileDocument, WrongTypesAreValidationErrorsNotCrashes) {
  for (const std::string_view value : {"[1, 2]", "{a: b}", "~", "\"text\"", "12", "-1e999", "&x [*x]"}) {
    const std::string yaml =
        "version: " + std::string(value) + "\nfeatures:\n  - name: " + std::string(value) +
        "\n    lookback_window: " + std::string(value) + "\n    lookahead_forbidden: " + std::string(value) +
        "\n    max_lookback_days: " + std::string(value) + "\n    input_sources: " + std::string(value) +
        "\n    normalization: " + std::string(value) + "\n    missing: " + std::string(value) + "\n";
    const LoadResult result = load_yaml(yaml);
    EXPECT_FALSE(result.valid()) << value;
    EXPECT_THAT(result.problems.errors, Not(IsEmpty())) << value;
  }
}

TEST(HostileDocument, AnchorsAndAliasesWorkWithinTheLimits) {
  const LoadResult result = load_yaml(R"(version: "1"
features:
  - name: vwap_3s
    lookback_window: 3s
    lookahead_forbidden: true
    normalization: &unit {type: z_score, mean: 0, std: 1}
  - name: vwap_15s
    lookback_window: 15s
    lookahead_forbidden: true
    normalization: *unit
)");
  ASSERT_TRUE(result.valid()) << all_text(result.problems);
  EXPECT_EQ(result.registry->features[1].normalization.kind, Normalization::Kind::z_score);
  EXPECT_EQ(result.registry->features[1].normalization, result.registry->features[0].normalization);
}

TEST(HostileDocument, AJsonBodyMeetsTheSameRulesAsTheYamlFile) {
  const LoadResult json = load_text(R"({"version": "1.1.0", "features": [
    {"name": "vwap_30s", "input_sources": ["trades"], "lookback_window": "30s", "lookahead_forbidden": true,
     "normalization": {"type": "z_score", "mean": 0.0, "std": 1.0},
     "missing": {"policy": "forward_fill", "max_age": "5s"}},
    {"name": "depth_imbalance_top20", "input_sources": ["orderbook"], "lookahead_forbidden": true}]})",
                                    DocumentFormat::json, RegistryLimits{});
  const LoadResult yaml = load_yaml(kValidYaml);
  ASSERT_TRUE(json.valid()) << all_text(json.problems);
  ASSERT_TRUE(yaml.valid()) << all_text(yaml.problems);
  EXPECT_EQ(*json.registry, *yaml.registry);

  const LoadResult strings = load_text(R"({"version": "1", "features": [{"name": "mid_price",
    "lookahead_forbidden": "true", "normalization": {"type": "z_score", "mean": "0", "std": 1}}]})",
                                       DocumentFormat::json, RegistryLimits{});
  EXPECT_THAT(about(strings.problems.errors, "mid_price", "lookahead_forbidden"),
              ElementsAre(HasSubstr("expected true or false, got a string 'true'")));
  EXPECT_THAT(about(strings.problems.errors, "mid_price", "normalization.mean"),
              ElementsAre(HasSubstr("expected a finite number, got a string '0'")));
  EXPECT_THAT(parse_error("[1] [2]", DocumentFormat::json), HasSubstr("JSON: "));
}

// Mutations of a valid file (bytes flipped, cut, repeated) end in a registry or in errors.
TEST(HostileDocument, MutatedFilesNeverCrash) {
  std::mt19937 random(20261127);
  const std::string base(kValidYaml);
  for (int round = 0; round < 3'000; ++round) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = random() % text.size();
      switch (random() % 4) {
        case 0:
          text[pos] = static_cast<char>(random() % 256);
          break;
        case 1:
          text.resize(pos);
          break;
        case 2:
          text.insert(pos, text.substr(pos, random() % 40));
          break;
        default:
          text.insert(pos, 1, "[]{}:-&*!|>'\"#,?\n "[random() % 19]);
          break;
      }
      if (text.empty()) text = "x";
    }
    for (const DocumentFormat format : {DocumentFormat::yaml, DocumentFormat::json}) {
      const LoadResult result = load_text(text, format, RegistryLimits{});
      EXPECT_NE(result.valid(), !result.problems.errors.empty()) << text;
    }
  }
}

}  // namespace
}  // namespace fsvc::registry::test
