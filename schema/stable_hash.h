// A hash that never changes between runs, builds or machines (unlike
// std::hash): record ids and long-term suffixes are stored in indexes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace refdex {

// 64-bit FNV-1a, continuing from `seed` so several pieces can be chained.
inline constexpr std::uint64_t kHashSeed = 1469598103934665603ULL;
std::uint64_t stable_hash(std::string_view data, std::uint64_t seed = kHashSeed);

// 16 lower-case hex digits of stable_hash(data).
std::string hash_hex(std::string_view data);
std::string to_hex(std::uint64_t value);

}  // namespace refdex
