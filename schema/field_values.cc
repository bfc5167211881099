// Canonical forms of single field values: DOI, year, language, type.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

#include "normalise.h"

namespace refdex {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

// Resolver URLs percent-encode the slash and friends.
std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// Where the DOI starts and ends in lower-case `s`; {0, 0} when none.
std::pair<std::size_t, std::size_t> locate_doi(const std::string& s) {
    // A DOI is "10.<registrant>/<suffix>"; the registrant is 4-9 digits
    // (possibly dotted sub-parts).
    for (std::size_t at = s.find("10."); at != std::string::npos; at = s.find("10.", at + 1)) {
        if (at > 0 && (is_digit(s[at - 1]) || s[at - 1] == '.')) continue;
        std::size_t i = at + 3;
        std::size_t digits = 0;
        while (i < s.size() && (is_digit(s[i]) || s[i] == '.')) { ++i; ++digits; }
        if (digits < 4 || i >= s.size() || s[i] != '/') continue;
        std::size_t end = i + 1;
        while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end])) && s[end] != '"' &&
               s[end] != '<' && s[end] != '>')
            ++end;
        std::string_view doi(s.data() + at, end - at);
        // Trailing punctuation belongs to the sentence, not the DOI, except a
        // ')' that closes a '(' inside it (10.1016/s0140-6736(20)30183-5).
        while (!doi.empty()) {
            char last = doi.back();
            if (last == '.' || last == ',' || last == ';' || last == ']' || last == '\'') {
                doi.remove_suffix(1);
            } else if (last == ')') {
                auto open = std::count(doi.begin(), doi.end(), '(');
                auto close = std::count(doi.begin(), doi.end(), ')');
                if (close > open) doi.remove_suffix(1); else break;
            } else {
                break;
            }
        }
        if (doi.size() > i + 1 - at) return {at, at + doi.size()};
    }
    return {0, 0};
}

// `text` percent-decoded when it holds a '%' (a DOI copied from a URL).
std::string decoded(std::string_view text) {
    return text.find('%') == std::string_view::npos ? std::string(text) : percent_decode(text);
}

}  // namespace

std::string normalise_doi(std::string_view text) {
    const std::string s = lower_ascii(decoded(text));
    const auto [begin, end] = locate_doi(s);
    return s.substr(begin, end - begin);
}

std::string doi_as_written(std::string_view text) {
    const std::string s = decoded(text);
    const auto [begin, end] = locate_doi(lower_ascii(s));
    return s.substr(begin, end - begin);
}

std::optional<int> parse_year(std::string_view text) {
    for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
        if (!is_digit(text[i]) || (i > 0 && is_digit(text[i - 1]))) continue;
        std::size_t j = i;
        while (j < text.size() && is_digit(text[j])) ++j;
        if (j - i != 4) { i = j; continue; }
        int year = std::stoi(std::string(text.substr(i, 4)));
        if (year >= 1000 && year <= 2999) return year;
        i = j;
    }
    return std::nullopt;
}

std::string normalise_language(std::string_view text) {
    struct Language { const char* code; const char* names[4]; };
    static const std::array<Language, 24> kLanguages{{
        {"en", {"english", "eng", "en", nullptr}},   {"fr", {"french", "fre", "fra", "francais"}},
        {"de", {"german", "ger", "deu", "deutsch"}}, {"es", {"spanish", "spa", "espanol", nullptr}},
        {"it", {"italian", "ita", nullptr, nullptr}}, {"pt", {"portuguese", "por", nullptr, nullptr}},
        {"nl", {"dutch", "dut", "nld", nullptr}},    {"zh", {"chinese", "chi", "zho", nullptr}},
        {"ja", {"japanese", "jpn", nullptr, nullptr}}, {"ru", {"russian", "rus", nullptr, nullptr}},
        {"ko", {"korean", "kor", nullptr, nullptr}}, {"pl", {"polish", "pol", nullptr, nullptr}},
        {"sv", {"swedish", "swe", nullptr, nullptr}}, {"da", {"danish", "dan", nullptr, nullptr}},
        {"no", {"norwegian", "nor", nullptr, nullptr}}, {"fi", {"finnish", "fin", nullptr, nullptr}},
        {"tr", {"turkish", "tur", nullptr, nullptr}}, {"ar", {"arabic", "ara", nullptr, nullptr}},
        {"he", {"hebrew", "heb", nullptr, nullptr}}, {"cs", {"czech", "cze", "ces", nullptr}},
        {"hu", {"hungarian", "hun", nullptr, nullptr}}, {"el", {"greek", "gre", "ell", nullptr}},
        {"fa", {"persian", "per", "fas", nullptr}},  {"la", {"latin", "lat", nullptr, nullptr}},
    }};
    std::string folded = fold(trim(text));
    if (folded.empty()) return {};
    for (const auto& language : kLanguages) {
        if (folded == language.code) return language.code;
        for (const char* name : language.names)
            if (name && folded == name) return language.code;
    }
    return folded;
}

std::string normalise_type(std::string_view text) {
    struct TypeName { const char* name; const char* code; };
    // Names other formats use for RIS types: MEDLINE PT values, WoS PT codes.
    static const std::array<TypeName, 15> kTypes{{
        {"journal article", "JOUR"}, {"j", "JOUR"}, {"article", "JOUR"},
        {"b", "BOOK"}, {"book", "BOOK"}, {"s", "SER"}, {"p", "PAT"}, {"patent", "PAT"},
        {"c", "CONF"}, {"conference paper", "CPAPER"}, {"book chapter", "CHAP"},
        {"thesis", "THES"}, {"report", "RPRT"}, {"preprint", "PREPRINT"}, {"dataset", "DATA"},
    }};
    std::string value = trim(text);
    std::string folded = fold(value);
    for (const auto& t : kTypes)
        if (folded == t.name) return t.code;
    std::string upper = value;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper;
}

}  // namespace refdex
