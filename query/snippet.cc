#include "snippet.h"

#include <algorithm>

#include "normalise.h"
#include "search.h"

namespace refdex {

namespace {

struct Span {
    std::size_t begin, end;
};

bool is_word_byte(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

std::vector<Span> words_of(const std::string& text) {
    std::vector<Span> spans;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
        std::size_t start = i;
        while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
        if (i > start) spans.push_back({start, i});
    }
    return spans;
}

// fold(word), in `buffer`: most words are ASCII and need only lower case,
// without fold()'s allocations (a snippet folds every word of an abstract).
const std::string& fold_word(std::string_view word, std::string& buffer) {
    buffer.assign(word);
    for (char& c : buffer) {
        if (static_cast<unsigned char>(c) >= 0x80) return buffer = fold(word);
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return buffer;
}

bool matches(const std::string& folded, const std::vector<std::string>& words, const std::vector<std::string>& prefixes) {
    if (std::find(words.begin(), words.end(), folded) != words.end()) return true;
    for (const auto& p : prefixes)
        if (folded.compare(0, p.size(), p) == 0) return true;
    return false;
}

// Start of the window of `length` bytes holding the most matches.
std::size_t best_window(const std::vector<Span>& hits, std::size_t length) {
    std::size_t best_start = hits.empty() ? 0 : hits.front().begin, best_count = 0;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        std::size_t count = 0;
        for (std::size_t j = i; j < hits.size() && hits[j].end <= hits[i].begin + length; ++j) ++count;
        if (count > best_count) {
            best_count = count;
            best_start = hits[i].begin;
        }
    }
    return best_start;
}

void append(std::vector<MarkedText>& out, std::string_view text, Mark mark) {
    if (text.empty()) return;
    if (!out.empty() && out.back().mark == mark) out.back().text.append(text);
    else out.push_back({std::string(text), mark});
}

// One stretch of text in a single query state: its words checked against
// the screening lists, everything else passed through.
void mark_stretch(std::vector<MarkedText>& out, std::string_view text, Mark base, const HighlightWords& include,
                  const HighlightWords& exclude) {
    std::string buffer;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t start = i;
        while (i < text.size() && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
        append(out, text.substr(start, i - start), base);
        start = i;
        while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
        if (i == start) continue;
        std::string_view word = text.substr(start, i - start);
        const std::string& folded = fold_word(word, buffer);
        Mark mark = matches(folded, include.words, include.prefixes)   ? Mark::Include
                    : matches(folded, exclude.words, exclude.prefixes) ? Mark::Exclude
                                                                       : base;
        append(out, word, mark);
    }
}

}  // namespace

HighlightWords highlight_words(const std::vector<std::string>& terms) {
    HighlightWords out;
    for (const auto& term : terms) {
        std::string folded = fold(term);
        std::size_t i = 0;
        while (i < folded.size()) {
            while (i < folded.size() && folded[i] == ' ') ++i;
            std::size_t start = i;
            while (i < folded.size() && folded[i] != ' ') ++i;
            std::string word = folded.substr(start, i - start);
            bool prefix = !word.empty() && word.back() == '*';
            while (!word.empty() && word.back() == '*') word.pop_back();
            if (word.empty()) continue;  // a lone "*" would mark every word
            (prefix ? out.prefixes : out.words).push_back(word);
        }
    }
    return out;
}

std::vector<MarkedText> mark_highlights(std::string_view text, const HighlightWords& include,
                                        const HighlightWords& exclude) {
    std::vector<MarkedText> out;
    Mark base = Mark::None;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        bool marker = i < text.size() && (text[i] == kMarkStart[0] || text[i] == kMarkEnd[0]);
        if (!marker && i < text.size()) continue;
        mark_stretch(out, text.substr(start, i - start), base, include, exclude);
        if (marker) base = text[i] == kMarkStart[0] ? Mark::Query : Mark::None;
        start = i + 1;
    }
    return out;
}

std::string make_snippet(const std::string& text, const std::vector<std::string>& words,
                         const std::vector<std::string>& prefixes, std::size_t length) {
    std::vector<Span> spans = words_of(text);
    std::vector<Span> hits;
    std::string buffer;
    for (const auto& s : spans)
        if (matches(fold_word(std::string_view(text).substr(s.begin, s.end - s.begin), buffer), words, prefixes))
            hits.push_back(s);
    // Some context before the first match, starting at a word.
    std::size_t anchor = best_window(hits, length);
    std::size_t lead = std::min<std::size_t>(anchor, length / 5);
    std::size_t begin = 0, end = text.size();
    for (const auto& s : spans) {
        if (s.begin + lead >= anchor) { begin = s.begin; break; }
    }
    if (hits.empty()) begin = 0;
    for (const auto& s : spans) {
        if (s.end > begin + length) { end = s.end; break; }
    }
    if (end - begin > length + 40) {
        // A single huge "word" (URL, CJK run): cut on a UTF-8 boundary.
        end = begin + length;
        while (end > begin && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    }
    std::string out = begin > 0 ? "…" : "";
    std::size_t at = begin;
    for (const auto& h : hits) {
        if (h.begin < begin || h.end > end) continue;
        out.append(text, at, h.begin - at).append(kMarkStart).append(text, h.begin, h.end - h.begin).append(kMarkEnd);
        at = h.end;
    }
    out.append(text, at, end - at);
    if (end < text.size()) out += "…";
    return out;
}

}  // namespace refdex
