// The field lists drive the tests' comparisons and printers: a difference anywhere, the header
// included, is reported by the field's path, and every listed field is printed.
#include "core/event/event_fields.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/event_fields_testing.hpp"

namespace fsvc {
namespace {

using ::testing::HasSubstr;

TradeEvent some_trade() {
  TradeEvent t;
  EXPECT_TRUE(t.header.symbol.assign("BTCUSDT"));
  EXPECT_TRUE(t.header.event_id.assign("e-1"));
  t.header.ts_event = 1'000;
  t.price = 10'000'000'000'000;
  t.size = 1'000'000;
  EXPECT_TRUE(t.trade_id.assign("t-1"));
  return t;
}

TEST(EventFields, SameFieldsNamesEachDifferingFieldWithItsPath) {
  const TradeEvent a = some_trade();
  EXPECT_TRUE(test::same_fields(a, a));
  TradeEvent b = a;
  b.header.ts_event = 2'000;
  b.taker_side = Side::sell;
  const auto result = test::same_fields(a, b);
  ASSERT_FALSE(result);
  EXPECT_THAT(result.message(), HasSubstr("TradeEvent.header.ts_event: 1000 vs 2000"));
  EXPECT_THAT(result.message(), HasSubstr("TradeEvent.taker_side: buy vs sell"));
  EXPECT_THAT(result.message(), ::testing::Not(HasSubstr("TradeEvent.price")));
}

TEST(EventFields, SameFieldsSkipsOnlyTheIgnoredFields) {
  TickerUpdate a;
  TickerUpdate b = a;
  b.header.ts_init = 5;
  b.turnover_24h = 0.5;
  EXPECT_FALSE(test::same_fields(a, b, {"header.ts_init"}));
  EXPECT_TRUE(test::same_fields(a, b, {"header.ts_init", "turnover_24h"}));
}

TEST(EventFields, SameFieldsTellsInputKindsAndEventTypesApart) {
  const EngineInput trade = MarketEvent{some_trade()};
  EXPECT_FALSE(test::same_fields(trade, EngineInput(Tick{})));
  const auto result = test::same_fields(MarketEvent{some_trade()}, MarketEvent{FundingEvent{}});
  ASSERT_FALSE(result);
  EXPECT_THAT(result.message(), HasSubstr("event types differ"));
}

template <class T>
void expect_every_field_printed(const T& x) {
  const std::string printed = ::testing::PrintToString(x);
  EXPECT_THAT(printed, HasSubstr(std::string(FieldList<T>::type_name) + "{"));
  for_each_field<T>([&](const auto& field) {
    const char* after = field.kind == FieldKind::header ? "." : "=";  // header.symbol=...
    EXPECT_THAT(printed, HasSubstr(std::string(field.name) + after));
  });
}

TEST(EventFields, PrintsEveryListedFieldOfEveryType) {
  BookUpdate book;
  book.bids = {{1, 2}};
  expect_every_field_printed(book);
  EXPECT_THAT(::testing::PrintToString(book), HasSubstr("bids=[{1, 2}]"));
  expect_every_field_printed(some_trade());
  expect_every_field_printed(TickerUpdate{});
  expect_every_field_printed(KlineEvent{});
  expect_every_field_printed(FundingEvent{});
  expect_every_field_printed(Tick{});
  EXPECT_THAT(::testing::PrintToString(EngineInput(MarketEvent{some_trade()})),
              HasSubstr("trade_id=\"t-1\""));
}

}  // namespace
}  // namespace fsvc
