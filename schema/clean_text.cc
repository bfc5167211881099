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

// Decodes an entity starting at s[i] == '&'; returns the bytes consumed, or
// 0 if this '&' does not start a known entity (it is then kept as it is).
std::size_t decode_entity(std::string_view s, std::size_t i, std::string& out) {
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
        append_utf8(out, cp);
        return semi - i + 1;
    }
    for (const auto& e : kEntities) {
        if (body == e.name) {
            append_utf8(out, e.code_point);
            return semi - i + 1;
        }
    }
    return 0;
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
// space or a control character, nor the lead byte of U+2028/U+2029 or U+00A0.
bool is_plain(unsigned char c) {
    return c >= 0x20 && c != 0x7F && c != '<' && c != '&' && c != ' ' && c != 0xE2 && c != 0xC2;
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
        if (s[i] == '&') {
            std::string sink;
            if (decode_entity(s, i, sink) > 0) return true;
        }
    }
    return false;
}

std::string clean_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    auto put_space = [&] { pending_space = !out.empty(); };
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t consumed = 0;
        std::string piece;
        if (c == '<' && (consumed = tag_length(s, i)) > 0) {
            // Block-level tags separate words; inline ones (<i>, <sup>) do not.
            std::string_view tag = s.substr(i, consumed);
            if (tag.find("br") != std::string_view::npos || tag.find("p>") != std::string_view::npos ||
                tag.find("div") != std::string_view::npos || tag.find("li") != std::string_view::npos)
                put_space();
            i += consumed;
            continue;
        }
        if (c == '&' && (consumed = decode_entity(s, i, piece)) > 0) {
            i += consumed;
        } else if (is_plain(c)) {
            // Most text is a run of plain bytes: copied whole, not byte by byte.
            std::size_t end = i + 1;
            while (end < s.size() && is_plain(static_cast<unsigned char>(s[end]))) ++end;
            if (pending_space) out += ' ';
            pending_space = false;
            out.append(s.substr(i, end - i));
            i = end;
            continue;
        } else if (c < 0x20 || c == 0x7F) {
            put_space();
            ++i;
            continue;
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
            put_space();  // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
            i += 3;
            continue;
        } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            put_space();  // no-break space
            i += 2;
            continue;
        } else {
            piece.assign(1, static_cast<char>(c));
            ++i;
        }
        if (piece == " " || piece == "\t") {
            put_space();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += piece;
    }
    if (is_placeholder(out)) out.clear();
    return out;
}

}  // namespace refdex
