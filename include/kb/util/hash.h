#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kb::util {

// FNV-1a, 64 bits: stable across runs, builds and platforms, unlike std::hash, so it may
// be stored (index keys, cursors) and compared with tables computed elsewhere.
constexpr std::uint64_t fnv1a64(std::string_view bytes,
                                std::uint64_t hash = 14695981039346656037ULL) noexcept {
    for (const char b : bytes) {
        hash = (hash ^ static_cast<unsigned char>(b)) * 1099511628211ULL;
    }
    return hash;
}

// `value` as 16 lower-case hex digits.
std::string hex16(std::uint64_t value);

}  // namespace kb::util
