// A POST /model/evaluate body: a valid one read whole, an invalid one refused with every problem.
#include "adapters/json/evaluation_request_json.hpp"

#include <gtest/gtest.h>

namespace fsvc::json {
namespace {

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const std::string& p : problems) out += p + "\n";
  return out;
}

TEST(EvaluationRequestJson, AFullRequestIsRead) {
  const ParsedEvaluation parsed = parse_evaluation_request_body(
      R"({"dataset_id": "d-1", "split": "validation", "fold": 3, "model_version": "m-7",
          "metrics_to_compute": ["mse", "r2"],
          "predictions": [{"timestamp": "2026-01-05T00:10:01Z", "prediction": 0.25},
                          {"timestamp": "2026-01-05T00:10:02+00:00", "prediction": -1}]})");
  ASSERT_TRUE(parsed.request.has_value()) << joined(parsed.problems);
  const dataset::EvaluationRequest& r = *parsed.request;
  EXPECT_EQ(r.dataset_id, "d-1");
  EXPECT_EQ(r.split, dataset::SplitName::validation);
  EXPECT_EQ(r.fold, 3);
  EXPECT_EQ(r.model_version, "m-7");
  EXPECT_EQ(r.metrics, (std::vector<std::string>{"mse", "r2"}));
  ASSERT_TRUE(r.predictions.has_value());
  ASSERT_EQ(r.predictions->size(), 2u);
  EXPECT_EQ(r.predictions->at(0).timestamp, *parse_iso8601("2026-01-05T00:10:01Z"));
  EXPECT_EQ(r.predictions->at(0).value, 0.25);
  EXPECT_EQ(r.predictions->at(1).timestamp, *parse_iso8601("2026-01-05T00:10:02Z"));
}

TEST(EvaluationRequestJson, PredictionsAndMetricsAreOptional) {
  const ParsedEvaluation parsed =
      parse_evaluation_request_body(R"({"dataset_id": "d-1", "split": "test", "model_version": "m"})");
  ASSERT_TRUE(parsed.request.has_value()) << joined(parsed.problems);
  EXPECT_EQ(parsed.request->split, dataset::SplitName::test);
  EXPECT_FALSE(parsed.request->predictions.has_value());
  EXPECT_TRUE(parsed.request->metrics.empty());
  EXPECT_FALSE(parsed.request->fold.has_value());
}

TEST(EvaluationRequestJson, EveryProblemIsListed) {
  const ParsedEvaluation parsed = parse_evaluation_request_body(
      R"({"split": "train", "fold": -2, "model_version": 7, "metrics_to_compute": "mse", "colour": 1,
          "predictions": [{"timestamp": "yesterday", "prediction": 1},
                          {"timestamp": "2026-01-05T00:10:01Z", "prediction": "up", "p": 2},
                          {"timestamp": "2026-01-05T00:10:03Z", "prediction": 1},
                          {"timestamp": "2026-01-05T00:10:03Z", "prediction": 2}, 5]})");
  ASSERT_FALSE(parsed.request.has_value());
  const std::string all = joined(parsed.problems);
  for (const char* expected :
       {"unknown field 'colour'", "dataset_id is required", "split must be validation or test",
        "fold must be", "model_version must be a string", "metrics_to_compute must be an array",
        "predictions[0].timestamp", "predictions[1].prediction must be a finite number",
        "predictions[1]: unknown field 'p'",
        "predictions[3]: timestamp 2026-01-05T00:10:03.000000Z is predicted twice",
        "predictions[4] must be an object"}) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << " missing from:\n" << all;
  }
}

TEST(EvaluationRequestJson, ManyBadPredictionsAreCountedNotEachNamed) {
  std::string body = R"({"dataset_id": "d", "split": "test", "model_version": "m", "predictions": [)";
  for (int i = 0; i < 1000; ++i) body += std::string(i ? "," : "") + "{}";
  const ParsedEvaluation parsed = parse_evaluation_request_body(body + "]}");
  ASSERT_FALSE(parsed.request.has_value());
  EXPECT_LE(parsed.problems.size(), 11u);
  EXPECT_NE(parsed.problems.back().find("1990 more"), std::string::npos) << parsed.problems.back();
}

TEST(EvaluationRequestJson, NotAnObjectIsOneProblem) {
  for (const char* body : {"", "[1]", "{\"dataset_id\": ", "\"text\""}) {
    const ParsedEvaluation parsed = parse_evaluation_request_body(body);
    EXPECT_FALSE(parsed.request.has_value()) << body;
    EXPECT_EQ(parsed.problems.size(), 1u) << body;
  }
}

}  // namespace
}  // namespace fsvc::json
