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

// Screening highlights (--highlight-include/--highlight-exclude). Each
// option value is read like a query's free text without operators:
//  - white space separates terms; a "quoted phrase" is one term, and so is
//    a word that punctuation splits ("rat-randomised"): a phrase is marked
//    only where its words stand one after the other, as a query phrase;
//  - wildcards stand anywhere in a word, as in queries (query_words.h):
//    * any run, ? exactly one character, $ one or none. A leading one is
//    fine here, since nothing is looked up in the index;
//  - field syntax (title:rats, rats[ti], rats.ti,ab.) and punctuation around
//    a word are dropped: highlights mark titles and snippets whatever the
//    field, so "(rats" and "rats[ti]" mark rats;
//  - words are folded (refdex::fold): case and diacritics never matter.
struct HighlightTerm {
    std::vector<std::string> words;  // folded, in text order; may hold wildcards
    std::string typed;               // as given, for messages
};
struct HighlightWords {
    std::vector<HighlightTerm> terms;
    // The one-word terms again, as make_snippet takes them: plain words and
    // right-truncation stems ("randomi*" -> "randomi"), so screening can
    // centre snippets on them. Patterns and phrases are only in `terms`.
    std::vector<std::string> words, prefixes;
    bool empty() const { return terms.empty(); }
};
// Terms that can never mark anything (see check_highlights) are left out.
HighlightWords highlight_words(const std::vector<std::string>& values);

// What refdex-query should say about its highlight options before it
// searches. errors (usage errors: exit 2): a value that can never mark
// anything — empty, punctuation only, or a wildcard without a letter or
// digit, which would mark every word. warnings: a value read otherwise than
// typed (field syntax or punctuation dropped, a quote left open), and a
// term given in both lists (after folding), reported once.
struct HighlightProblems {
    std::vector<std::string> errors, warnings;
};
HighlightProblems check_highlights(const std::vector<std::string>& include,
                                   const std::vector<std::string>& exclude);

// A piece of displayed text and how to show it: a query match (between
// kMarkStart/kMarkEnd in a snippet), a sign of inclusion or of exclusion.
enum class Mark { None, Query, Include, Exclude };
struct MarkedText {
    std::string text;
    Mark mark = Mark::None;
};

// Text without markers, and the byte ranges [begin, end) of it that are
// marked, in order and never overlapping.
struct MarkedRange {
    std::size_t begin = 0, end = 0;
    Mark mark = Mark::None;
};
struct HighlightedText {
    std::string plain;
    std::vector<MarkedRange> ranges;
};

// When terms of both lists match the same words, the more specific term
// marks them: a longer phrase over a shorter one (a word is a phrase of
// one), then a term without wildcards over a pattern ("randomised" beats
// "random*"), then more literal characters over fewer. A tie — above all
// the same term in both lists — goes to inclusion. A screening mark wins
// over a query mark on the same words.
//
// A title: nothing in it is read as a query marker.
HighlightedText highlight_title(std::string_view title, const HighlightWords& include,
                                const HighlightWords& exclude);
// A snippet: its query markers are taken out of `plain` and become Query ranges.
HighlightedText highlight_snippet(std::string_view snippet, const HighlightWords& include,
                                  const HighlightWords& exclude);
// The text cut into pieces at the ranges' edges, for rendering.
std::vector<MarkedText> marked_pieces(const HighlightedText& text);
// marked_pieces(highlight_snippet(...)).
std::vector<MarkedText> mark_highlights(std::string_view text, const HighlightWords& include,
                                        const HighlightWords& exclude);

}  // namespace refdex
