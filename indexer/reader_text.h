// Character and junk-line helpers shared by the RIS, MEDLINE and WoS
// readers. Inline: they sit on the per-line hot path.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "diagnostics.h"

namespace refdex::reader_text {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_tag_char(char c) { return is_upper(c) || (c >= '0' && c <= '9'); }

inline std::string_view trim_right(std::string_view s) {
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

inline std::string_view trim_left(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    return s;
}

// The most bytes one field value keeps. Real values stay far below (the
// longest abstracts are tens of KB); a value kept whole past this would be
// multiplied by the stored record, the document and its positions (a 50 MB
// one-line record peaked at 400 MB). Readers stop appending continuation
// text one byte past it, and ingest cuts it to the limit and reports the line.
inline constexpr std::size_t kMaxValueBytes = 1 << 20;

// Appends continuation `text` to a field value, separated by a space, but
// never beyond kMaxValueBytes + 1 bytes.
inline void append_continuation_text(std::string& value, std::string_view text) {
    if (value.size() > kMaxValueBytes) return;
    if (!value.empty()) value += ' ';
    value.append(text.substr(0, kMaxValueBytes + 1 - std::min(value.size(), kMaxValueBytes + 1)));
}

// Text outside any record (export headers, Ovid query lines, Embase links)
// is reported once per run of lines, not once per line.
class JunkRun {
public:
    void note(std::uint64_t line) {
        if (count_++ == 0) first_ = line;
    }
    void flush(Diagnostics& diagnostics) {
        if (count_ == 0) return;
        diagnostics.info(first_, "skipped " + std::to_string(count_) + " line(s) of text outside records");
        count_ = 0;
    }

private:
    std::uint64_t first_ = 0, count_ = 0;
};

}  // namespace refdex::reader_text
