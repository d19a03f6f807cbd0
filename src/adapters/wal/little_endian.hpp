#pragma once

#include <cstddef>

namespace fsvc::wal {

// The write-ahead log is little-endian on any host. Byte by byte rather than memcpy; compilers
// turn these loops into single loads and stores.
template <class U>
void store_le(char* out, U value) {
  for (std::size_t i = 0; i < sizeof(U); ++i) out[i] = static_cast<char>(value >> (8 * i));
}

template <class U>
U load_le(const char* in) {
  U value = 0;
  for (std::size_t i = 0; i < sizeof(U); ++i)
    value |= static_cast<U>(static_cast<unsigned char>(in[i])) << (8 * i);
  return value;
}

}  // namespace fsvc::wal
