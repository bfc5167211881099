#include "stable_hash.h"

namespace refdex {

std::uint64_t stable_hash(std::string_view data, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string to_hex(std::uint64_t value) {
    static const char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = digits[value & 0xF];
        value >>= 4;
    }
    return out;
}

std::string hash_hex(std::string_view data) { return to_hex(stable_hash(data)); }

}  // namespace refdex
