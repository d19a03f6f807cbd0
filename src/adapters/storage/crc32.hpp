#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace fsvc::storage {

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, Boost's crc_32_type): WAL blocks and
// raw-store file checksums.
std::uint32_t crc32(std::string_view bytes);
// The CRC-32 of a whole file, read in blocks (throws naming the file when it cannot be read).
std::uint32_t file_crc32(const std::filesystem::path& file);

}  // namespace fsvc::storage
