#include "adapters/storage/crc32.hpp"

#include <boost/crc.hpp>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace fsvc::storage {

std::uint32_t crc32(std::string_view bytes) {
  boost::crc_32_type crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

std::uint32_t file_crc32(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  std::vector<char> block(1 << 20);
  boost::crc_32_type crc;
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    crc.process_bytes(block.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw std::runtime_error("cannot read " + file.string());
  return crc.checksum();
}

}  // namespace fsvc::storage
