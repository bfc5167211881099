#include "schema.h"

#include "stable_hash.h"

namespace refdex::schema {

namespace {
// Length of the longest prefix of `s` not over `max` bytes that does not end
// inside a UTF-8 sequence.
std::size_t utf8_cut(std::string_view s, std::size_t max) {
    if (s.size() <= max) return s.size();
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return cut;
}
}  // namespace

std::string make_term(std::string_view prefix, std::string_view value) {
    std::string term;
    if (prefix.size() + value.size() <= kMaxTermBytes) {
        term.reserve(prefix.size() + value.size());
        term.append(prefix).append(value);
        return term;
    }
    std::string tail(1, '#');
    tail += hash_hex(value);
    const std::size_t room = kMaxTermBytes - prefix.size() - tail.size();
    term.append(prefix).append(value.substr(0, utf8_cut(value, room))).append(tail);
    return term;
}

}  // namespace refdex::schema
