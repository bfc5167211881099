#include "snippet.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <tuple>

#include "normalise.h"
#include "query_expand.h"
#include "query_fields.h"
#include "query_words.h"
#include "search.h"

namespace refdex {

namespace {

struct Span {
    std::size_t begin, end;
};

bool is_word_byte(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

std::vector<Span> words_of(std::string_view text) {
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

}  // namespace

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
    // Near the end of the text the window would be short: start it earlier
    // rather than cut away words (and their highlights) that fit.
    if (begin > 0 && text.size() - begin < length) {
        if (text.size() <= length) begin = 0;
        else
            for (const auto& s : spans)
                if (text.size() - s.begin <= length) {
                    begin = std::min(begin, s.begin);
                    break;
                }
    }
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

// ---- Reading --highlight-include / --highlight-exclude values ----------------

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_wildcard(char c) { return query::kWildcards.find(c) != std::string_view::npos; }

bool has_wildcard(std::string_view word) { return word.find_first_of(query::kWildcards) != std::string_view::npos; }

// A typed term keeps its wildcards inside its words: "randomi?ed" is one word.
bool is_term_byte(char c) { return is_word_byte(static_cast<unsigned char>(c)) || is_wildcard(c); }

// One term of an option value as typed: a word, or a phrase in double quotes.
struct Chunk {
    std::string text;       // the quotes taken out
    std::string typed;      // as in the value, for messages
    bool unclosed = false;  // a quote still open at the end of the value
};

// White space outside double quotes separates chunks.
std::vector<Chunk> split_chunks(std::string_view value) {
    std::vector<Chunk> out;
    std::size_t i = 0;
    while (i < value.size()) {
        while (i < value.size() && is_space(value[i])) ++i;
        if (i == value.size()) break;
        const std::size_t begin = i;
        Chunk chunk;
        bool quoted = false;
        for (; i < value.size() && (quoted || !is_space(value[i])); ++i) {
            if (value[i] == '"') quoted = !quoted;
            else chunk.text += value[i];
        }
        chunk.typed = value.substr(begin, i - begin);
        chunk.unclosed = quoted;
        out.push_back(std::move(chunk));
    }
    return out;
}

// "title:rats" -> "rats". Only a field the query language knows, so that
// "1:2" stays a phrase of two numbers.
bool drop_field_name(std::string& text) {
    const std::size_t colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || !query::field_by_name(std::string_view(text).substr(0, colon)))
        return false;
    text.erase(0, colon + 1);
    return true;
}

// "rats[ti]" -> "rats": PubMed's tag, whatever the tag (a highlight has no field).
bool drop_bracket_tag(std::string& text) {
    const std::size_t open = text.rfind('[');
    if (text.empty() || text.back() != ']' || open == std::string::npos) return false;
    text.erase(open);
    return true;
}

// "rats.ti,ab." -> "rats": Ovid's field suffix. Its codes have two letters,
// which keeps "e.g." whole.
bool drop_ovid_suffix(std::string& text) {
    if (text.size() < 5 || text.back() != '.') return false;
    const std::size_t dot = text.rfind('.', text.size() - 2);
    if (dot == std::string::npos || dot == 0) return false;
    const std::string_view codes = std::string_view(text).substr(dot + 1, text.size() - dot - 2);
    for (std::size_t at = 0; at < codes.size(); at += 3) {
        const bool letters = at + 1 < codes.size() && std::isalpha(static_cast<unsigned char>(codes[at])) &&
                             std::isalpha(static_cast<unsigned char>(codes[at + 1]));
        if (!letters || (at + 2 < codes.size() && codes[at + 2] != ',')) return false;
    }
    text.erase(dot);
    return true;
}

bool drop_field_syntax(std::string& text) {
    const bool name = drop_field_name(text);
    const bool tag = drop_bracket_tag(text);
    const bool suffix = drop_ovid_suffix(text);
    return name || tag || suffix;
}

// The words of a term, split where text is split (so "rat-randomised" gives
// the two words the text has); `trimmed` tells whether punctuation before
// the first or after the last word was dropped.
std::vector<std::string> typed_words(std::string_view text, bool& trimmed) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t gap = i;
        while (i < text.size() && !is_term_byte(text[i])) ++i;
        const bool at_edge = words.empty() || i == text.size();
        const std::string_view between = text.substr(gap, i - gap);
        if (at_edge && std::any_of(between.begin(), between.end(), [](char c) { return !is_space(c); })) trimmed = true;
        const std::size_t start = i;
        while (i < text.size() && is_term_byte(text[i])) ++i;
        if (i > start) words.emplace_back(text.substr(start, i - start));
    }
    return words;
}

// fold() on the letters of a typed word, its wildcards kept where they are.
std::string fold_keeping_wildcards(std::string_view word) {
    std::string out;
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= word.size(); ++i) {
        if (i < word.size() && !is_wildcard(word[i])) continue;
        out += fold(word.substr(begin, i - begin));
        if (i < word.size()) out += word[i];
        begin = i + 1;
    }
    return out;
}

// 'rats', or "randomly assigned" for a phrase: how a term was read.
std::string describe(const HighlightTerm& term) {
    std::string words;
    for (const auto& w : term.words) words += (words.empty() ? "" : " ") + w;
    return term.words.size() > 1 ? '"' + words + '"' : "'" + words + "'";
}

std::string quoted(std::string_view option, std::string_view typed) {
    return std::string(option) + " '" + std::string(typed) + "'";
}

// One chunk as a term, or nullopt with an error; `warning` is set when the
// term is not what was typed.
std::optional<HighlightTerm> read_chunk(const Chunk& chunk, std::string_view option, std::string& error,
                                        std::string& warning) {
    std::string text = chunk.text;
    const bool field = drop_field_syntax(text);
    bool trimmed = false;
    HighlightTerm term{{}, chunk.typed};
    for (const auto& word : typed_words(text, trimmed)) {
        if (word.find_first_not_of(query::kWildcards) == std::string::npos) {
            error = quoted(option, chunk.typed) + ": '" + word +
                    "' has only wildcards and would mark any word; give it a letter or digit";
            return std::nullopt;
        }
        std::string folded = fold_keeping_wildcards(word);
        if (!folded.empty()) term.words.push_back(std::move(folded));
    }
    if (term.words.empty()) {
        error = quoted(option, chunk.typed) + ": no word to highlight";
        return std::nullopt;
    }
    const char* why = chunk.unclosed ? "its quote is not closed"
                      : field        ? "highlights mark titles and snippets whatever the field"
                      : trimmed      ? "punctuation around words is not highlighted"
                                     : nullptr;
    if (why) warning = quoted(option, chunk.typed) + " is read as " + describe(term) + ": " + why;
    return term;
}

// A one-word term also goes to the lists make_snippet reads.
void add_term(HighlightWords& out, HighlightTerm term) {
    const std::string& word = term.words.front();
    const std::size_t first_wildcard = word.find_first_of(query::kWildcards);
    if (term.words.size() == 1 && first_wildcard == std::string::npos) out.words.push_back(word);
    else if (term.words.size() == 1 && word.find_first_not_of('*', first_wildcard) == std::string::npos)
        out.prefixes.push_back(word.substr(0, first_wildcard));
    out.terms.push_back(std::move(term));
}

// `problems` may be null: highlight_words() only wants the terms.
HighlightWords read_values(const std::vector<std::string>& values, std::string_view option,
                           HighlightProblems* problems) {
    HighlightWords out;
    for (const auto& value : values) {
        const std::vector<Chunk> chunks = split_chunks(value);
        if (chunks.empty() && problems) problems->errors.push_back(quoted(option, value) + ": no word to highlight");
        for (const Chunk& chunk : chunks) {
            std::string error, warning;
            std::optional<HighlightTerm> term = read_chunk(chunk, option, error, warning);
            if (problems && !error.empty()) problems->errors.push_back(error);
            if (problems && !warning.empty()) problems->warnings.push_back(warning);
            if (term) add_term(out, std::move(*term));
        }
    }
    return out;
}

constexpr std::string_view kIncludeOption = "--highlight-include";
constexpr std::string_view kExcludeOption = "--highlight-exclude";

// A term in both lists is marked as an inclusion sign (the tie rule), which
// is rarely what was meant: say so once per term.
void report_conflicts(const HighlightWords& include, const HighlightWords& exclude, std::vector<std::string>& warnings) {
    std::set<std::vector<std::string>> reported;
    for (const auto& in : include.terms)
        for (const auto& ex : exclude.terms) {
            if (in.words != ex.words || !reported.insert(in.words).second) continue;
            const std::string both =
                in.typed == ex.typed ? "'" + in.typed + "' is in both " + std::string(kIncludeOption) + " and " +
                                           std::string(kExcludeOption)
                                     : quoted(kIncludeOption, in.typed) + " and " + quoted(kExcludeOption, ex.typed) +
                                           " are the same term (case, accents and fields are ignored)";
            warnings.push_back(both + "; it is marked as a sign of inclusion");
        }
}

// ---- Marking a text ------------------------------------------------------------

struct FoldedWord {
    Span span;
    std::string folded;
};

std::vector<FoldedWord> folded_words(std::string_view text) {
    std::vector<FoldedWord> out;
    std::string buffer;
    for (const Span& s : words_of(text)) out.push_back({s, fold_word(text.substr(s.begin, s.end - s.begin), buffer)});
    return out;
}

// `pattern` is a folded term word, with or without wildcards. The literal
// prefix turns most words away before the pattern is matched in full.
bool word_matches(const std::string& pattern, const std::string& folded) {
    if (!has_wildcard(pattern)) return pattern == folded;
    const std::string_view literal = query::literal_prefix(pattern);
    return folded.compare(0, literal.size(), literal) == 0 && query::wildcard_match(pattern, folded);
}

bool term_matches_at(const HighlightTerm& term, const std::vector<FoldedWord>& words, std::size_t at) {
    if (at + term.words.size() > words.size()) return false;
    for (std::size_t k = 0; k < term.words.size(); ++k)
        if (!word_matches(term.words[k], words[at + k].folded)) return false;
    return true;
}

// How specific a term is, compared as a tuple, larger first: its number of
// words, whether it has no wildcards, its literal characters (code points).
using Specificity = std::tuple<std::size_t, bool, std::size_t>;

Specificity specificity(const HighlightTerm& term) {
    bool exact = true;
    std::size_t literal = 0;
    for (const auto& word : term.words) {
        exact = exact && !has_wildcard(word);
        literal += static_cast<std::size_t>(std::count_if(word.begin(), word.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80 && !is_wildcard(c);
        }));
    }
    return {term.words.size(), exact, literal};
}

// A place where a term matches: words [first, first + count).
struct Candidate {
    std::size_t first, count;
    Mark mark;
    Specificity rank;
};

void add_candidates(std::vector<Candidate>& out, const std::vector<FoldedWord>& words, const HighlightWords& list,
                    Mark mark) {
    for (const auto& term : list.terms) {
        const Specificity rank = specificity(term);
        for (std::size_t at = 0; at < words.size(); ++at)
            if (term_matches_at(term, words, at)) out.push_back({at, term.words.size(), mark, rank});
    }
}

// Each word goes to the most specific match covering it (inclusion first on
// a tie, then the earlier match); a phrase is marked whole or not at all.
std::vector<MarkedRange> screening_ranges(std::string_view plain, const HighlightWords& include,
                                          const HighlightWords& exclude) {
    const std::vector<FoldedWord> words = folded_words(plain);
    std::vector<Candidate> candidates;
    add_candidates(candidates, words, include, Mark::Include);
    add_candidates(candidates, words, exclude, Mark::Exclude);
    // Most specific first; on a tie inclusion (Include < Exclude), then text order.
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return std::tie(b.rank, a.mark, a.first) < std::tie(a.rank, b.mark, b.first);
    });
    std::vector<bool> taken(words.size(), false);
    std::vector<MarkedRange> ranges;
    for (const Candidate& c : candidates) {
        const auto first = taken.begin() + static_cast<std::ptrdiff_t>(c.first);
        const auto last = first + static_cast<std::ptrdiff_t>(c.count);
        if (std::find(first, last, true) != last) continue;
        std::fill(first, last, true);
        ranges.push_back({words[c.first].span.begin, words[c.first + c.count - 1].span.end, c.mark});
    }
    std::sort(ranges.begin(), ranges.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    return ranges;
}

// `snippet` without its query markers, and the ranges they enclosed. An
// unclosed marker runs to the end; a stray end marker is dropped.
HighlightedText strip_query_marks(std::string_view snippet) {
    constexpr std::size_t kNone = std::string::npos;
    HighlightedText out;
    std::size_t open = kNone;  // where the query match being read started
    auto close = [&] {
        if (open != kNone && open < out.plain.size()) out.ranges.push_back({open, out.plain.size(), Mark::Query});
        open = kNone;
    };
    for (char c : snippet) {
        if (c == kMarkStart[0]) open = open == kNone ? out.plain.size() : open;
        else if (c == kMarkEnd[0]) close();
        else out.plain += c;
    }
    close();
    return out;
}

// The query ranges less what the screening ranges cover, with them, in order.
std::vector<MarkedRange> overlay(const std::vector<MarkedRange>& query, const std::vector<MarkedRange>& screening) {
    std::vector<MarkedRange> out = screening;
    for (const MarkedRange& q : query) {
        std::size_t at = q.begin;
        for (const MarkedRange& s : screening) {
            if (s.end <= at || s.begin >= q.end) continue;
            if (s.begin > at) out.push_back({at, s.begin, Mark::Query});
            at = std::max(at, s.end);
        }
        if (at < q.end) out.push_back({at, q.end, Mark::Query});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    return out;
}

void append(std::vector<MarkedText>& out, std::string_view text, Mark mark) {
    if (text.empty()) return;
    if (!out.empty() && out.back().mark == mark) out.back().text.append(text);
    else out.push_back({std::string(text), mark});
}

}  // namespace

HighlightWords highlight_words(const std::vector<std::string>& values) {
    return read_values(values, {}, nullptr);  // no messages, so no option name
}

HighlightProblems check_highlights(const std::vector<std::string>& include, const std::vector<std::string>& exclude) {
    HighlightProblems problems;
    const HighlightWords in = read_values(include, kIncludeOption, &problems);
    const HighlightWords ex = read_values(exclude, kExcludeOption, &problems);
    report_conflicts(in, ex, problems.warnings);
    return problems;
}

HighlightedText highlight_title(std::string_view title, const HighlightWords& include, const HighlightWords& exclude) {
    return {std::string(title), screening_ranges(title, include, exclude)};
}

HighlightedText highlight_snippet(std::string_view snippet, const HighlightWords& include,
                                  const HighlightWords& exclude) {
    HighlightedText text = strip_query_marks(snippet);
    text.ranges = overlay(text.ranges, screening_ranges(text.plain, include, exclude));
    return text;
}

std::vector<MarkedText> marked_pieces(const HighlightedText& text) {
    const std::string_view plain = text.plain;
    std::vector<MarkedText> out;
    std::size_t at = 0;
    for (const MarkedRange& r : text.ranges) {
        append(out, plain.substr(at, r.begin - at), Mark::None);
        append(out, plain.substr(r.begin, r.end - r.begin), r.mark);
        at = r.end;
    }
    append(out, plain.substr(at), Mark::None);
    return out;
}

std::vector<MarkedText> mark_highlights(std::string_view text, const HighlightWords& include,
                                        const HighlightWords& exclude) {
    return marked_pieces(highlight_snippet(text, include, exclude));
}

}  // namespace refdex
