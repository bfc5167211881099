// clean_text(): the display form of a field value. Exports carry HTML
// (Zotero notes, titles with <i>…</i>), entities, control characters and
// placeholders such as "AB  - NA" that must not be searched as words.
#include <array>
#include <cstdint>
#include <string>

#include "normalise.h"

namespace refdex {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x110000) {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

struct NamedEntity {
    const char* name;
    std::uint32_t code_point;
};
constexpr std::array<NamedEntity, 12> kEntities{{
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"rsquo", 0x2019},
    {"lsquo", 0x2018}, {"deg", 0x00B0},
}};

// The code point of the entity starting at s[i] == '&', and the bytes it
// takes; 0 if this '&' does not start a known entity (it is then kept as it is).
std::size_t decode_entity(std::string_view s, std::size_t i, std::uint32_t& code_point) {
    const std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10 || semi == i + 1) return 0;
    std::string_view body = s.substr(i + 1, semi - i - 1);
    if (body[0] == '#') {
        std::uint32_t cp = 0;
        bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty()) return 0;
        for (char c : digits) {
            int d = (c >= '0' && c <= '9') ? c - '0'
                    : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
            if (d < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
            if (cp > 0x10FFFF) return 0;
        }
        code_point = cp;
        return semi - i + 1;
    }
    for (const auto& e : kEntities) {
        if (body == e.name) {
            code_point = e.code_point;
            return semi - i + 1;
        }
    }
    return 0;
}

constexpr std::uint32_t kNotACodePoint = 0xFFFFFFFF;

// The code point of the UTF-8 sequence at s[i] and its length; a byte that
// starts no well-formed sequence is one byte of kNotACodePoint (kept as it
// is: fold() replaces it later).
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& code_point) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t length = lead < 0x80    ? 1
                               : lead >= 0xF8 ? 0
                               : lead >= 0xF0 ? 4
                               : lead >= 0xE0 ? 3
                               : lead >= 0xC0 ? 2
                                              : 0;
    code_point = kNotACodePoint;
    if (length == 0 || i + length > s.size()) return 1;
    std::uint32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(s[i + k]);
        if ((next & 0xC0) != 0x80) return 1;
        cp = (cp << 6) | (next & 0x3F);
    }
    code_point = cp;
    return length;
}

// Control characters (C0 and C1: tab, line feed, carriage return, NEL) and
// Unicode's space and line/paragraph separators. Each becomes one plain
// space, whether written as itself or as an entity such as "&#10;": a line
// break kept inside a value would split it across lines of any line-based
// output (RIS, CSV, text).
bool is_space_like(std::uint32_t cp) {
    return cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// A '<' starts a tag only when a letter, '/' or '!' follows and a '>' comes
// soon after: "p < 0.05" and "<5 years" stay as they are.
std::size_t tag_length(std::string_view s, std::size_t i) {
    if (i + 1 >= s.size()) return 0;
    char next = s[i + 1];
    bool starts_tag = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next == '/' || next == '!';
    if (!starts_tag) return 0;
    std::size_t close = s.find('>', i + 1);
    if (close == std::string_view::npos || close - i > 300) return 0;
    if (s.find('<', i + 1) < close) return 0;
    return close - i + 1;
}

// A byte clean_text() copies as it is: not the start of a tag, an entity, a
// space or a control character, nor a lead byte that may open a space-like
// code point (U+0080-U+00A0, U+1680, U+2000-U+205F, U+3000).
bool is_plain(unsigned char c) {
    return c > 0x20 && c != 0x7F && c != '<' && c != '&' && c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3;
}

// Block-level tags separate words; inline ones (<i>, <sup>) do not.
bool is_block_tag(std::string_view tag) {
    return tag.find("br") != std::string_view::npos || tag.find("p>") != std::string_view::npos ||
           tag.find("div") != std::string_view::npos || tag.find("li") != std::string_view::npos;
}

bool is_placeholder(const std::string& s) {
    static const char* const kPlaceholders[] = {
        "na", "n/a", "n.a.", "null", "none", "[no abstract available]", "no abstract available",
        "[not available]", "not available", "no abstract", "[no abstract]",
    };
    if (s.size() > 24) return false;
    std::string lower = fold(s);
    for (const char* p : kPlaceholders)
        if (lower == p) return true;
    return false;
}

}  // namespace

bool has_markup(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<' && tag_length(s, i) > 0) return true;
        std::uint32_t ignored;
        if (s[i] == '&' && decode_entity(s, i, ignored) > 0) return true;
    }
    return false;
}

std::string clean_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    auto put_space = [&] { pending_space = !out.empty(); };
    auto put_text = [&](std::string_view text) {
        if (pending_space) out += ' ';
        pending_space = false;
        out.append(text);
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (is_plain(c)) {
            // Most text is a run of plain bytes: copied whole, not byte by byte.
            std::size_t end = i + 1;
            while (end < s.size() && is_plain(static_cast<unsigned char>(s[end]))) ++end;
            put_text(s.substr(i, end - i));
            i = end;
            continue;
        }
        std::size_t consumed = c == '<' ? tag_length(s, i) : 0;
        if (consumed > 0) {
            if (is_block_tag(s.substr(i, consumed))) put_space();
            i += consumed;
            continue;
        }
        // Entities are decoded before white space is judged, so "&#10;" is
        // a space like a line feed written as itself.
        std::uint32_t code_point = kNotACodePoint;
        consumed = c == '&' ? decode_entity(s, i, code_point) : 0;
        const bool entity = consumed > 0;
        if (!entity) consumed = decode_utf8(s, i, code_point);
        if (is_space_like(code_point)) {
            put_space();
        } else if (entity) {
            std::string decoded;
            append_utf8(decoded, code_point);
            put_text(decoded);
        } else {
            put_text(s.substr(i, consumed));
        }
        i += consumed;
    }
    if (is_placeholder(out)) out.clear();
    return out;
}

}  // namespace refdex
