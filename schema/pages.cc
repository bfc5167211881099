// Page ranges: "6913-7" (MEDLINE PG), "S12-5", "12-5, 18-20" -> first and
// last page in full.
#include <string>

#include "normalise.h"

namespace refdex {

namespace {

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool all_digits(std::string_view s) {
    for (char c : s)
        if (!is_ascii_digit(c)) return false;
    return !s.empty();
}

// "S12" -> prefix "S", number "12"; false unless the page is letters (maybe
// none) followed by digits only, as in "e1234" or "353".
bool split_page_number(std::string_view page, std::string_view& prefix, std::string_view& number) {
    std::size_t letters = 0;
    while (letters < page.size() && is_ascii_letter(page[letters])) ++letters;
    prefix = page.substr(0, letters);
    number = page.substr(letters);
    return all_digits(number);
}

// The dash between two pages: ASCII '-', or one that exports carry over from
// typeset text: hyphen, non-breaking hyphen, figure, en and em dash
// (U+2010..U+2014) and the minus sign (U+2212). Sets `width` to its bytes.
std::size_t find_page_dash(std::string_view s, std::size_t& width) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '-') { width = 1; return i; }
        if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2) {
            const auto second = static_cast<unsigned char>(s[i + 1]);
            const auto third = static_cast<unsigned char>(s[i + 2]);
            if ((second == 0x80 && third >= 0x90 && third <= 0x94) || (second == 0x88 && third == 0x92)) {
                width = 3;
                return i;
            }
        }
    }
    return std::string_view::npos;
}

}  // namespace

PageRange split_page_range(std::string_view pages) {
    // "12-5, 18-20": a list of ranges; the article starts in the first one.
    const std::string first_part = clean_text(pages.substr(0, pages.find_first_of(",;")));
    PageRange range;
    std::size_t dash_width = 0;
    const std::size_t dash = find_page_dash(first_part, dash_width);
    if (dash == std::string_view::npos || dash == 0) {
        range.first = first_part;
        return range;
    }
    range.first = clean_text(std::string_view(first_part).substr(0, dash));
    range.last = clean_text(std::string_view(first_part).substr(dash + dash_width));
    return range;
}

std::string full_end_page(std::string_view start, std::string_view end) {
    std::string_view prefix, number;
    if (!split_page_number(start, prefix, number) || !all_digits(end) || end.size() >= number.size())
        return std::string(end);
    // NLM style drops the leading digits the last page shares with the
    // first: "6913-7" is 6913-6917, "S12-5" is S12-S15.
    std::string digits(number.substr(0, number.size() - end.size()));
    digits += end;
    // A last page before the first ("6913-2") is a slip, not an abbreviation:
    // kept as written rather than guessed at.
    if (digits < number) return std::string(end);
    return std::string(prefix) + digits;
}

}  // namespace refdex
