#include "adapters/simulator/random_source.hpp"

#include <array>

#include "core/types/splitmix64.hpp"

namespace fsvc::sim {

namespace {

constexpr double kTwoPowMinus53 = 1.0 / 9007199254740992.0;

}  // namespace

RandomSource::RandomSource(std::uint64_t seed, std::uint64_t stream)
    : engine_(splitmix64(splitmix64(seed) ^ splitmix64(~stream))) {}

double RandomSource::uniform() {
  return static_cast<double>(engine_() >> 11) * kTwoPowMinus53;
}

std::int64_t RandomSource::integer(std::int64_t low, std::int64_t high) {
  const auto span = static_cast<std::uint64_t>(high - low) + 1;
  return low + static_cast<std::int64_t>(engine_() % span);
}

double RandomSource::normal() {
  double sum = 0;
  for (int i = 0; i < 12; ++i) sum += uniform();
  return sum - 6.0;
}

std::string RandomSource::uuid() {
  constexpr std::string_view kHex = "0123456789abcdef";
  std::uint64_t high = engine_();
  std::uint64_t low = engine_();
  high = (high & ~0xF000ULL) | 0x4000ULL;                // version 4
  low = (low & ~(0xC000ULL << 48)) | (0x8000ULL << 48);  // RFC 4122 variant
  std::array<unsigned, 16> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[static_cast<std::size_t>(i)] = static_cast<unsigned>((high >> (56 - 8 * i)) & 0xFF);
    bytes[static_cast<std::size_t>(8 + i)] = static_cast<unsigned>((low >> (56 - 8 * i)) & 0xFF);
  }
  std::string text;
  text.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kHex[bytes[i] >> 4]);
    text.push_back(kHex[bytes[i] & 0x0F]);
  }
  return text;
}

}  // namespace fsvc::sim
