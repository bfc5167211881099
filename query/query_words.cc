#include "query_words.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include <xapian.h>

#include "normalise.h"
#include "query_compiler.h"

namespace refdex::query {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t utf8_chars(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// Words of folded text in position order, as TermGenerator indexes them.
// A scratch Document is the one way to get TermGenerator's exact word
// splitting (hyphens, apostrophes, "c++", "3.5mg") without re-implementing it.
std::vector<std::string> generator_words(const std::string& folded) {
    Xapian::TermGenerator generator;
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(folded);
    std::vector<std::pair<Xapian::termpos, std::string>> positioned;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) positioned.emplace_back(*p, *t);
    std::sort(positioned.begin(), positioned.end());
    std::vector<std::string> words;
    for (auto& [pos, word] : positioned) words.push_back(std::move(word));
    return words;
}

// The indexer's own splitting (schema), so query and index cannot drift.
std::vector<std::string> split_name(const std::string& folded) { return refdex::name_words(folded); }

using Splitter = std::vector<std::string> (*)(const std::string&);

// While a chunk is split into words, each wildcard stands in as a letter
// that fold() and TermGenerator keep inside a word (small capitals
// U+1D00..U+1D02, which never survive folding of real text), so "wom?n"
// stays one word and the splitting is exactly the indexer's.
constexpr std::string_view kMarks[] = {"\xE1\xB4\x80", "\xE1\xB4\x81", "\xE1\xB4\x82"};  // * ? $

// Folds the literal parts of `chunk` and marks its wildcards.
std::string fold_marked(std::string_view chunk) {
    std::string out;
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= chunk.size(); ++i) {
        const std::size_t w = i < chunk.size() ? kWildcards.find(chunk[i]) : std::string_view::npos;
        if (i < chunk.size() && w == std::string_view::npos) continue;
        out += fold(chunk.substr(begin, i - begin));
        if (i < chunk.size()) out += kMarks[w];
        begin = i + 1;
    }
    return out;
}

// Marks back to wildcard characters; false if `word` had none.
bool unmark(std::string& word) {
    bool any = false;
    for (std::size_t w = 0; w < kWildcards.size(); ++w)
        for (auto at = word.find(kMarks[w]); at != std::string::npos; at = word.find(kMarks[w], at)) {
            word.replace(at, kMarks[w].size(), 1, kWildcards[w]);
            any = true;
        }
    return any;
}

// A word with wildcards: a stem if they are only trailing '*' (expanded by
// the fast prefix scan), else a pattern. Checks the literal prefix.
QueryWord wildcard_word(const std::string& typed, std::size_t at) {
    const std::size_t first = typed.find_first_of(kWildcards);
    QueryWord w{typed.substr(0, first), true, at, {}};
    const bool stem = typed.find_first_not_of('*', first) == std::string::npos;
    if (!stem) w.pattern = typed;
    if (stem && utf8_chars(w.word) < kMinStemChars)
        throw QueryError(at, "A truncated word needs at least " + std::to_string(kMinStemChars) +
                                 " letters before '*'.");
    if (utf8_chars(w.word) < kMinPatternPrefixChars)
        throw QueryError(at, "'" + typed + "' starts with a wildcard; put at least one letter before it "
                                           "(the index is searched from the letters before the first * ? or $).");
    return w;
}

// Splits `text` into chunks at white space; each chunk is folded and split
// by `split`, and words holding wildcards become stems or patterns.
std::vector<QueryWord> chunk_words(std::string_view text, std::size_t offset, Splitter split) {
    std::vector<QueryWord> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        const std::size_t begin = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        if (begin == i) break;
        const std::string_view chunk = text.substr(begin, i - begin);
        const std::size_t at = offset + begin;
        const std::size_t first = out.size();
        for (auto& typed : split(fold_marked(chunk))) {
            if (!unmark(typed)) {
                // Punctuation alone (":" between two dates, "&", "/") is no
                // word: kept, it would be a required term nothing has.
                if (has_letter_or_digit(typed)) out.push_back({std::move(typed), false, at, {}});
                continue;
            }
            // "care.*": the splitter cut the '*' off its word; it still
            // truncates that word, as it always has.
            if (typed.find_first_not_of('*') == std::string::npos && out.size() > first && !out.back().truncated)
                typed = out.back().word + typed, out.pop_back();
            out.push_back(wildcard_word(typed, at));
        }
    }
    return out;
}

}  // namespace

std::vector<QueryWord> text_words(std::string_view text, std::size_t offset) {
    return chunk_words(text, offset, &generator_words);
}

std::vector<QueryWord> name_words(std::string_view text, std::size_t offset) {
    return chunk_words(text, offset, &split_name);
}

// "ruggenenti p$" / "ruggenenti p*": Ovid and PubMed users truncate an
// initial to catch full given names. An initial already matches them (a
// given name is indexed by its first word and its initial), so a wildcard
// right after a lone letter is dropped rather than refused as too short.
std::string drop_truncated_initials(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t begin = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        std::string_view chunk = text.substr(begin, i - begin);
        const bool initial = chunk.size() >= 2 && std::isalpha(static_cast<unsigned char>(chunk[0])) &&
                             chunk.find_first_not_of(kWildcards, 1) == std::string_view::npos;
        out.append(initial ? chunk.substr(0, 1) : chunk);
        while (i < text.size() && is_space(text[i])) out += text[i++];
    }
    return out;
}

std::vector<QueryWord> author_phrase_words(std::string_view typed, std::size_t offset) {
    const std::string text = drop_truncated_initials(typed);
    if (text.find_first_of(kWildcards) != std::string_view::npos) return name_words(text, offset);
    const AuthorName name = parse_author(text);
    if (name.surname.empty()) return name_words(text, offset);
    std::vector<QueryWord> out;
    for (auto& w : split_name(name.surname)) out.push_back({std::move(w), false, offset, {}});
    // As indexed: one position per given-name part, its first word.
    for (const auto& part : name.given) {
        auto words = split_name(part);
        if (!words.empty()) out.push_back({std::move(words.front()), false, offset, {}});
    }
    return out;
}

}  // namespace refdex::query
