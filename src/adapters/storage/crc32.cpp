#include "adapters/storage/crc32.hpp"

#include <array>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace fsvc::storage {

namespace {

// Slicing-by-8: eight tables let the loop consume 8 bytes per step, which matters for whole files
// (a day of book deltas is read once more to verify it).
using CrcTables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr CrcTables make_crc_tables() {
  CrcTables tables{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    tables[0][i] = c;
  }
  for (std::size_t t = 1; t < tables.size(); ++t) {
    for (std::uint32_t i = 0; i < 256; ++i)
      tables[t][i] = (tables[t - 1][i] >> 8) ^ tables[0][tables[t - 1][i] & 0xFFU];
  }
  return tables;
}
constexpr CrcTables kTables = make_crc_tables();

std::uint32_t byte_at(const char* p, std::size_t i) {
  return static_cast<std::uint8_t>(p[i]);
}

}  // namespace

std::uint32_t crc32_update(std::uint32_t crc, std::string_view bytes) {
  std::uint32_t c = crc ^ 0xFFFFFFFFU;
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  for (; n >= 8; n -= 8, p += 8) {
    const std::uint32_t low =
        c ^ (byte_at(p, 0) | byte_at(p, 1) << 8 | byte_at(p, 2) << 16 | byte_at(p, 3) << 24);
    c = kTables[7][low & 0xFFU] ^ kTables[6][(low >> 8) & 0xFFU] ^ kTables[5][(low >> 16) & 0xFFU] ^
        kTables[4][low >> 24] ^ kTables[3][byte_at(p, 4)] ^ kTables[2][byte_at(p, 5)] ^
        kTables[1][byte_at(p, 6)] ^ kTables[0][byte_at(p, 7)];
  }
  for (; n > 0; --n, ++p) c = kTables[0][(c ^ byte_at(p, 0)) & 0xFFU] ^ (c >> 8);
  return c ^ 0xFFFFFFFFU;
}

std::uint32_t crc32(std::string_view bytes) {
  return crc32_update(0, bytes);
}

std::uint32_t file_crc32(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  std::vector<char> block(1 << 20);
  std::uint32_t crc = 0;
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    crc = crc32_update(crc, std::string_view(block.data(), static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) throw std::runtime_error("cannot read " + file.string());
  return crc;
}

}  // namespace fsvc::storage
