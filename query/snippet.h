// An excerpt of a text around the words a query matched, with each match
// wrapped in kMarkStart/kMarkEnd. Our own rather than MSet::snippet because
// refdex indexes only prefixed terms (see README "Why no unprefixed copy").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace refdex {

// `words` and `prefixes` are folded (refdex::fold); a text word matches if
// its folded form equals a word or starts with a prefix. The excerpt is at
// most about `length` bytes, cut at word boundaries, with "…" where cut.
std::string make_snippet(const std::string& text, const std::vector<std::string>& words,
                         const std::vector<std::string>& prefixes, std::size_t length);

// Screening highlights (--highlight-include/--highlight-exclude): folded
// whole words and truncation stems. A term "randomi*" is a stem; a term
// with spaces gives one entry per word.
struct HighlightWords {
    std::vector<std::string> words, prefixes;
    bool empty() const { return words.empty() && prefixes.empty(); }
};
HighlightWords highlight_words(const std::vector<std::string>& terms);

// A piece of displayed text and how to show it: a query match (between
// kMarkStart/kMarkEnd in a snippet), a sign of inclusion or of exclusion.
enum class Mark { None, Query, Include, Exclude };
struct MarkedText {
    std::string text;
    Mark mark = Mark::None;
};
// Splits `text` (a title, or a snippet carrying query markers, which are
// removed) into pieces, marking each word that matches `include` or
// `exclude`. A word in both lists counts as an inclusion sign; a screening
// mark wins over a query mark on the same word.
std::vector<MarkedText> mark_highlights(std::string_view text, const HighlightWords& include,
                                        const HighlightWords& exclude);

}  // namespace refdex
