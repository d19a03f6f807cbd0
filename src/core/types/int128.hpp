#pragma once

namespace fsvc {

// GCC/Clang's 128-bit integers (__extension__: -Wpedantic knows they are not ISO C++).
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

}  // namespace fsvc
