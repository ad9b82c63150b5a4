#pragma once

// FNV-1a, 64 bits: the one hash of the program's texts (the spec hash, a tau file's content, a
// point's identity, a schema's fingerprint). Not cryptographic: it tells texts apart, it does not
// guard them.

#include <cstdint>
#include <string>
#include <string_view>

namespace hetsweep {

inline constexpr std::uint64_t fnv1a64_offset = 0xcbf29ce484222325ull;

// `h` continues an earlier hash, so several texts hash as their concatenation.
inline std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h = fnv1a64_offset) {
    for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ull;
    return h;
}

// As 16 lower-case hex digits.
inline std::string fnv1a64_hex(std::string_view bytes) {
    static const char* digits = "0123456789abcdef";
    std::uint64_t h = fnv1a64(bytes);
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4) out[std::size_t(i)] = digits[h & 0xF];
    return out;
}

}  // namespace hetsweep
