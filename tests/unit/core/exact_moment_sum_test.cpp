#include "core/window/exact_moment_sum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace fsvc {
namespace {

ExactMomentSum sum_of(const std::vector<double>& values) {
  ExactMomentSum s;
  for (const double v : values) s.add(v);
  return s;
}

// Compensated (Neumaier) sum in long double: far more accurate than the bound under test.
long double accurate_sum(const std::vector<long double>& terms) {
  long double sum = 0;
  long double compensation = 0;
  for (const long double x : terms) {
    const long double t = sum + x;
    compensation += std::fabs(sum) >= std::fabs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  return sum + compensation;
}

// Two passes in long double: the mean, then the squares about it.
long double reference_sd(const std::vector<double>& values) {
  const std::vector<long double> wide(values.begin(), values.end());
  const long double mean = accurate_sum(wide) / static_cast<long double>(values.size());
  std::vector<long double> squares;
  for (const long double v : wide) squares.push_back((v - mean) * (v - mean));
  return std::sqrt(accurate_sum(squares) / static_cast<long double>(values.size()));
}

// The documented bound: 2^-97 absolute (quantisation) plus 2^-52 relative (three roundings).
void expect_within_bound(const std::vector<double>& values, const std::string& what) {
  const std::optional<double> got = sum_of(values).population_standard_deviation();
  ASSERT_TRUE(got.has_value()) << what;
  const long double expected = reference_sd(values);
  const long double bound = std::ldexp(1.0L, -97) + std::ldexp(expected, -52);
  EXPECT_LE(std::fabs(static_cast<long double>(*got) - expected), bound)
      << what << ": got " << *got << ", reference " << static_cast<double>(expected) << ", n "
      << values.size();
}

std::vector<double> random_returns(std::mt19937_64& rng, std::size_t n, double mean, double scale) {
  std::normal_distribution<double> normal(mean, scale);
  std::vector<double> out(n);
  for (double& v : out) v = normal(rng);
  return out;
}

TEST(ExactMomentSum, AddAndRemoveInAnyOrderGiveTheSameState) {
  std::mt19937_64 rng(3);
  const std::vector<double> values = random_returns(rng, 500, 1e-5, 3e-4);
  const ExactMomentSum forward = sum_of(values);
  std::vector<double> shuffled = values;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  EXPECT_EQ(sum_of(shuffled), forward);

  // A window slid over extra values, removed oldest first, or newest first, or all at once.
  const std::vector<double> extra = random_returns(rng, 300, -2e-5, 1e-3);
  ExactMomentSum slid;
  for (const double v : extra) slid.add(v);
  for (const double v : values) slid.add(v);
  ExactMomentSum reversed = slid;
  for (const double v : extra) slid.remove(v);
  for (auto it = extra.rbegin(); it != extra.rend(); ++it) reversed.remove(*it);
  EXPECT_EQ(slid, forward);
  EXPECT_EQ(reversed, forward);
  EXPECT_EQ(sum_of(extra) + forward - sum_of(extra), forward);
  // Partial sums combined in another grouping.
  const std::vector<double> front(values.begin(), values.begin() + 123);
  const std::vector<double> back(values.begin() + 123, values.end());
  EXPECT_EQ(sum_of(back) + sum_of(front), forward);
  EXPECT_EQ(forward.population_standard_deviation(),
            (sum_of(front) + sum_of(back)).population_standard_deviation());
}

TEST(ExactMomentSum, FewerThanTwoValuesHaveNoDeviation) {
  ExactMomentSum s;
  EXPECT_FALSE(s.population_standard_deviation().has_value());
  s.add(0.25);
  EXPECT_FALSE(s.population_standard_deviation().has_value());
  s.add(-0.25);
  EXPECT_EQ(s.population_standard_deviation(), 0.25);
  s.remove(0.25);
  EXPECT_EQ(s.count(), 1);
  EXPECT_FALSE(s.population_standard_deviation().has_value());
}

TEST(ExactMomentSum, ConstantValuesGiveExactlyZero) {
  for (const double c : {0.0, 1e-15, -3.3e-5, 0.1, 1.0 / 3.0, -43.0, 43.5}) {
    for (const std::size_t n : {2u, 3u, 60u, 3600u}) {
      const std::vector<double> values(n, c);
      EXPECT_EQ(sum_of(values).population_standard_deviation(), 0.0) << c << " x " << n;
    }
  }
}

TEST(ExactMomentSum, OneNonzeroValueAmongZeros) {
  for (const double x : {1e-15, -2.5e-4, 0.01, -43.0}) {
    for (const std::size_t n : {2u, 7u, 300u, 86'400u}) {
      std::vector<double> values(n, 0.0);
      values[n / 2] = x;
      // mean x/n: sd = |x| sqrt(n - 1) / n.
      const long double exact =
          std::fabs(static_cast<long double>(x)) * std::sqrt(static_cast<long double>(n - 1)) / n;
      EXPECT_LE(std::fabs(*sum_of(values).population_standard_deviation() - exact),
                std::ldexp(1.0L, -97) + std::ldexp(exact, -52))
          << x << " among " << n;
    }
  }
}

TEST(ExactMomentSum, ExtremeMagnitudesStayExact) {
  // Alternating +-43 (beyond the largest log return of two int64 mids): sd is 43 exactly.
  std::vector<double> values;
  for (int i = 0; i < 86'400; ++i) values.push_back(i % 2 == 0 ? 43.0 : -43.0);
  EXPECT_EQ(sum_of(values).population_standard_deviation(), 43.0);
  // All of one sign, the largest sums of a day's window.
  std::vector<double> positive(86'400, 43.0);
  positive.back() = 42.0;
  expect_within_bound(positive, "86,400 values near 43");
  // Tiny values: quantisation (2^-97) dominates the error, still far below them.
  std::mt19937_64 rng(5);
  expect_within_bound(random_returns(rng, 300, 0, 1e-15), "values around 1e-15");
  expect_within_bound(random_returns(rng, 3600, 40, 3), "values around 40");
}

TEST(ExactMomentSum, ValuesOutsideTheRangeAreRefused) {
  EXPECT_THROW(ExactMomentSum::quantise(64.0), std::out_of_range);
  EXPECT_THROW(ExactMomentSum::quantise(-64.0), std::out_of_range);
  EXPECT_THROW(ExactMomentSum::quantise(std::numeric_limits<double>::quiet_NaN()), std::out_of_range);
  EXPECT_THROW(ExactMomentSum::quantise(std::numeric_limits<double>::infinity()), std::out_of_range);
  EXPECT_EQ(ExactMomentSum::quantise(std::ldexp(1.0, -96)), 1);
  EXPECT_EQ(ExactMomentSum::quantise(-std::ldexp(3.0, -97)), -2);  // half away from zero
  EXPECT_EQ(ExactMomentSum::quantise(std::ldexp(1.0, -98)), 0);
}

TEST(ExactMomentSum, RandomReturnsAgreeWithALongDoubleTwoPassReference) {
  std::mt19937_64 rng(17);
  for (int round = 0; round < 200; ++round) {
    const std::size_t n = 2 + rng() % 3600;
    const double scale = std::ldexp(1.0, -static_cast<int>(rng() % 40));  // 1 down to 1e-12
    const double mean = (static_cast<double>(rng() % 2001) - 1000) / 1000 * scale * 3;
    expect_within_bound(random_returns(rng, n, mean, scale), "round " + std::to_string(round));
  }
}

// The 1 s log returns of the mids of the real capture's expected vectors (../shared/data).
std::map<std::string, std::vector<double>> real_returns(const std::filesystem::path& file) {
  std::map<std::string, std::vector<double>> returns;
  std::map<std::string, double> previous;
  std::ifstream in(file);
  std::string line;
  const std::string symbol_key = "\"symbol\": \"";
  const std::string mid_key = "\"mid_price\": ";
  while (std::getline(in, line)) {
    const std::size_t s = line.find(symbol_key);
    const std::size_t m = line.find(mid_key);
    if (s == std::string::npos || m == std::string::npos) continue;
    const std::size_t from = s + symbol_key.size();
    const std::string symbol = line.substr(from, line.find('"', from) - from);
    const std::string mid_text = line.substr(m + mid_key.size(), 32);
    if (mid_text.starts_with("null")) {
      previous.erase(symbol);
      continue;
    }
    const double mid = std::stod(mid_text);
    if (const auto p = previous.find(symbol); p != previous.end())
      returns[symbol].push_back(std::log(mid / p->second));
    previous[symbol] = mid;
  }
  return returns;
}

TEST(ExactMomentSum, RealSampleReturnsAgreeWithALongDoubleTwoPassReference) {
  FS_REQUIRE_SHARED_DATA(file, "bybit_linear_4symbols.expected_vectors.jsonl");
  const auto returns = real_returns(file);
  ASSERT_EQ(returns.size(), 4u);
  for (const auto& [symbol, values] : returns) {
    ASSERT_GE(values.size(), 30u) << symbol;
    expect_within_bound(values, symbol);
    // Every window of 10 consecutive returns (sliding adds and removes, as the grid does).
    ExactMomentSum window;
    for (std::size_t i = 0; i < values.size(); ++i) {
      window.add(values[i]);
      if (i >= 10) window.remove(values[i - 10]);
      if (i >= 9) {
        const std::vector<double> slice(values.begin() + static_cast<std::ptrdiff_t>(i) - 9,
                                        values.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        ASSERT_EQ(window, sum_of(slice)) << symbol << " " << i;
        expect_within_bound(slice, symbol + " window ending " + std::to_string(i));
      }
    }
  }
}

}  // namespace
}  // namespace fsvc
