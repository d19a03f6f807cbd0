// The metrics of POST /model/evaluate (datasets.md §5) against values worked out by hand.
#include "core/dataset/evaluation_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace fsvc::dataset {
namespace {

TEST(EvaluationMetrics, RegressionErrorsAndR2) {
  MetricsAccumulator m(TargetKind::regression);
  m.add(1.0, 1.5);  // errors 0.5, 0, -1
  m.add(2.0, 2.0);
  m.add(3.0, 2.0);
  const RegressionMetrics r = m.regression();
  EXPECT_EQ(m.count(), 3u);
  EXPECT_DOUBLE_EQ(r.mse, 1.25 / 3);
  EXPECT_DOUBLE_EQ(r.mae, 0.5);
  EXPECT_DOUBLE_EQ(r.rmse, std::sqrt(1.25 / 3));
  ASSERT_TRUE(r.r2.has_value());
  EXPECT_DOUBLE_EQ(*r.r2, 1.0 - 1.25 / 2.0);  // the targets' squared deviations sum to 2
  EXPECT_EQ(r.directional_accuracy, 1.0);
}

TEST(EvaluationMetrics, DirectionalAccuracyCountsOnlyTargetsThatMoved) {
  MetricsAccumulator m(TargetKind::risk_adjusted);
  m.add(0.01, 0.02);   // same direction
  m.add(-0.02, 0.01);  // opposite
  m.add(0.0, 0.5);     // no move: not counted
  m.add(0.03, -0.01);  // opposite
  ASSERT_TRUE(m.regression().directional_accuracy.has_value());
  EXPECT_DOUBLE_EQ(*m.regression().directional_accuracy, 1.0 / 3);
}

TEST(EvaluationMetrics, R2AndDirectionAreUndefinedForConstantTargets) {
  MetricsAccumulator m(TargetKind::regression);
  m.add(0.0, 0.1);
  m.add(0.0, -0.1);
  EXPECT_FALSE(m.regression().r2.has_value());
  EXPECT_FALSE(m.regression().directional_accuracy.has_value());
  EXPECT_DOUBLE_EQ(m.regression().mse, 0.01);
}

TEST(EvaluationMetrics, ClassificationPerClassAndConfusionMatrix) {
  MetricsAccumulator m(TargetKind::classification);
  m.add(1, 1);
  m.add(1, 0);
  m.add(0, 0);
  m.add(-1, -1);
  m.add(0, 1);
  const ClassificationMetrics c = m.classification();
  EXPECT_DOUBLE_EQ(c.accuracy, 0.6);
  // kClasses: -1, 0, 1; confusion[actual][predicted].
  EXPECT_EQ(c.confusion[2][2], 1u);
  EXPECT_EQ(c.confusion[2][1], 1u);
  EXPECT_EQ(c.confusion[1][1], 1u);
  EXPECT_EQ(c.confusion[1][2], 1u);
  EXPECT_EQ(c.confusion[0][0], 1u);
  EXPECT_EQ(c.confusion[0][1] + c.confusion[0][2] + c.confusion[1][0] + c.confusion[2][0], 0u);
  for (const std::size_t k : {1u, 2u}) {
    EXPECT_EQ(c.per_class[k].precision, 0.5) << kClasses[k];
    EXPECT_EQ(c.per_class[k].recall, 0.5) << kClasses[k];
    EXPECT_EQ(c.per_class[k].f1, 0.5) << kClasses[k];
  }
  EXPECT_EQ(c.per_class[0].precision, 1.0);
  EXPECT_EQ(c.per_class[0].f1, 1.0);
}

TEST(EvaluationMetrics, AClassNeverPredictedHasNoPrecisionAndOneNeverSeenNoRecall) {
  MetricsAccumulator m(TargetKind::classification);
  m.add(1, 0);
  const ClassificationMetrics c = m.classification();
  EXPECT_FALSE(c.per_class[2].precision.has_value());  // 1 was never predicted
  EXPECT_EQ(c.per_class[2].recall, 0.0);
  EXPECT_FALSE(c.per_class[1].recall.has_value());  // 0 never occurred
  EXPECT_EQ(c.per_class[1].precision, 0.0);
  EXPECT_FALSE(c.per_class[0].f1.has_value());
  EXPECT_DOUBLE_EQ(c.accuracy, 0.0);
}

TEST(EvaluationMetrics, MetricNamesFollowTheTargetKind) {
  EXPECT_TRUE(unknown_metrics(TargetKind::regression, {"mse", "r2", "directional_accuracy"}).empty());
  EXPECT_TRUE(unknown_metrics(TargetKind::classification, {"f1", "confusion_matrix"}).empty());
  const auto problems = unknown_metrics(TargetKind::classification, {"mse", "accuracy", "auc"});
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("'mse'"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("'auc'"), std::string::npos) << problems[1];
  EXPECT_EQ(metric_names(TargetKind::risk_adjusted), metric_names(TargetKind::regression));
  EXPECT_EQ(class_index(-1), 0u);
  EXPECT_FALSE(class_index(0.5).has_value());
}

}  // namespace
}  // namespace fsvc::dataset
