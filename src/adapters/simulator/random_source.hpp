#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace fsvc::sim {

// Deterministic randomness for the simulator. std::mt19937_64 is specified bit for bit by the
// standard, but std:: distributions are not (libstdc++ and libc++ differ), so every derived value is
// computed here with plain IEEE arithmetic: the same seed gives the same stream on any platform.
class RandomSource {
 public:
  // `stream` separates independent sequences drawn from one seed (per symbol, faults, ids), so that
  // e.g. turning a fault on does not change the simulated market itself.
  RandomSource(std::uint64_t seed, std::uint64_t stream);

  std::uint64_t bits() { return engine_(); }
  // Uniform in [0, 1) with 53 random bits.
  double uniform();
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Uniform integer in [low, high].
  std::int64_t integer(std::int64_t low, std::int64_t high);
  bool chance(double probability) { return probability > 0 && uniform() < probability; }
  // Approximately standard normal (Irwin-Hall sum of 12 uniforms): no transcendental functions,
  // whose last bits vary between C libraries.
  double normal();
  // A random (version 4) UUID in its canonical text form.
  std::string uuid();

 private:
  std::mt19937_64 engine_;
};

}  // namespace fsvc::sim
