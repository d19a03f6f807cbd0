#pragma once

// Internal to the gateway decoder: finding the end of a JSON string's text sixteen bytes at a time.

#include <bit>
#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fsvc::gateway::detail {

// Whether the fast paths take `c` inside a string: printable ASCII but the quote and the backslash.
// An escape, a control character or any non-ASCII byte (whose UTF-8 the generic path validates) ends
// the fast path's string there.
constexpr bool is_plain(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x20 && u <= 0x7e && c != '"' && c != '\\';
}

// The first byte in [p, end) that is not JSON whitespace. Most calls meet no space at all, and one
// comparison tells that (every whitespace byte is at most ' ').
inline const char* skip_json_space(const char* p, const char* end) {
  while (p != end && static_cast<unsigned char>(*p) <= ' ' &&
         (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) {
    ++p;
  }
  return p;
}

// The first byte in [p, end) that is not plain (`end` when there is none). Ids, trace ids, times and
// decimals are most of a book line's text outside its level lists, and a byte-at-a-time loop spent
// ~6 instructions on each of them; SSE2 (every x86-64 has it) classifies 16 at once.
inline const char* skip_plain(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i del = _mm_set1_epi8(0x7f);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed: a byte of 0x80 and above is negative, so "below the space" also catches non-ASCII.
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(bytes, space), _mm_cmpeq_epi8(bytes, del)),
                     _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(stop));
    if (mask != 0) return p + std::countr_zero(mask);
    p += 16;
  }
#endif
  while (p != end && is_plain(*p)) ++p;
  return p;
}

}  // namespace fsvc::gateway::detail
