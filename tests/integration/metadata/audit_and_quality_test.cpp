#include "metadata_fixture.hpp"

namespace fsvc::test {
namespace {

template <typename Backend>
class AuditAndQualityTest : public MetadataFixture<Backend> {};
TYPED_TEST_SUITE(AuditAndQualityTest, MetadataBackends, BackendNames);

TYPED_TEST(AuditAndQualityTest, AuditTrailListsNewestFirstAndByVersion) {
  RegistryAuditEntry entry;
  entry.action = "activate";
  entry.actor = "alice";
  entry.reason = "new windows";
  entry.version_before = "1.0.0";
  entry.version_after = "1.1.0";
  entry.details = R"({"breaking_changes": ["removed y"]})";
  const RegistryAuditEntry first = this->store().append_registry_audit(entry);
  EXPECT_GT(first.id, 0);
  EXPECT_EQ(first.at, kSomeTime);
  EXPECT_EQ(first.details, R"({"breaking_changes":["removed y"]})");

  this->clock_.set(kSomeTime + 7);
  const RegistryAuditEntry second =
      this->store().append_registry_audit({.action = "create", .actor = "bob", .version_after = "1.2.0"});
  EXPECT_GT(second.id, first.id);
  EXPECT_EQ(second.at, kSomeTime + 7);
  EXPECT_FALSE(second.reason);

  EXPECT_EQ(this->store().list_registry_audit({}), (std::vector{second, first}));
  EXPECT_EQ(this->store().list_registry_audit({.version = "1.0.0"}), (std::vector{first}));
  EXPECT_EQ(this->store().list_registry_audit({.version = "1.2.0"}), (std::vector{second}));
  EXPECT_EQ(this->store().list_registry_audit({.limit = 1}), (std::vector{second}));
  EXPECT_THROW(this->store().append_registry_audit({.action = "x", .actor = std::string(101, 'a')}),
               MetadataError);
}

QualityReportRecord report(const std::string& symbol, Timestamp start, Timestamp end) {
  QualityReportRecord q;
  q.symbol = symbol;
  q.period_start = start;
  q.period_end = end;
  q.missing_rate = 0.012345;
  q.anomaly_rate = 1.0;
  q.sequence_gaps = 3;
  q.desynchronization_events = 1;
  q.anomaly_details = R"({"crossed_book": 2})";
  q.sequence_gap_details = R"([{"expected": 10, "received": 12}])";
  q.recommendations = {
      "BTCUSDT book desynchronized 1 times in 1 h, after sequence gaps: check ws-gateway reconnects"};
  return q;
}

TYPED_TEST(AuditAndQualityTest, QualityReportsRoundTripWithRatesAtFourDecimals) {
  const QualityReportRecord stored =
      this->store().insert_quality_report(report("BTCUSDT", kSomeTime, kSomeTime + kMicrosPerHour));
  EXPECT_EQ(stored.id.size(), 36u);
  EXPECT_EQ(stored.created_at, kSomeTime);
  EXPECT_DOUBLE_EQ(stored.missing_rate, 0.0123);
  EXPECT_DOUBLE_EQ(stored.anomaly_rate, 1.0);
  EXPECT_EQ(stored.anomaly_details, R"({"crossed_book":2})");
  EXPECT_EQ(stored.recommendations, report("", 0, 0).recommendations);
  EXPECT_EQ(this->store().list_quality_reports({}), std::vector{stored});
}

TYPED_TEST(AuditAndQualityTest, QualityReportsFilterBySymbolAndOverlappingPeriod) {
  const Timestamp h = kMicrosPerHour;
  const auto a = this->store().insert_quality_report(report("BTCUSDT", kSomeTime, kSomeTime + h));
  this->clock_.set(kSomeTime + 1);
  const auto b = this->store().insert_quality_report(report("BTCUSDT", kSomeTime + h, kSomeTime + 2 * h));
  this->clock_.set(kSomeTime + 2);
  const auto c = this->store().insert_quality_report(report("ETHUSDT", kSomeTime, kSomeTime + h));

  EXPECT_EQ(this->store().list_quality_reports({}), (std::vector{c, b, a}));
  EXPECT_EQ(this->store().list_quality_reports({.symbol = "BTCUSDT"}), (std::vector{b, a}));
  // Half-open periods: [T, T+h) does not overlap [T+h, T+2h).
  EXPECT_EQ(this->store().list_quality_reports({.symbol = "BTCUSDT", .from = kSomeTime + h}),
            (std::vector{b}));
  EXPECT_EQ(this->store().list_quality_reports({.symbol = "BTCUSDT", .to = kSomeTime + h}), (std::vector{a}));
  EXPECT_EQ(this->store().list_quality_reports({.limit = 1}), (std::vector{c}));
}

TYPED_TEST(AuditAndQualityTest, QualityReportsTheSchemaForbidsAreRefused) {
  auto bad = report("BTCUSDT", kSomeTime, kSomeTime);
  EXPECT_THROW(this->store().insert_quality_report(bad), MetadataError);
  bad = report("BTCUSDT", kSomeTime, kSomeTime + 1);
  bad.missing_rate = 1.5;
  EXPECT_THROW(this->store().insert_quality_report(bad), MetadataError);
  bad = report("BTCUSDT", kSomeTime, kSomeTime + 1);
  bad.sequence_gaps = -1;
  EXPECT_THROW(this->store().insert_quality_report(bad), MetadataError);
  EXPECT_TRUE(this->store().list_quality_reports({}).empty());
}

}  // namespace
}  // namespace fsvc::test
