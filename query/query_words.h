// Splitting leaf text into index words, exactly as the indexer does, so that
// query terms meet document terms: free text goes through fold() and then
// Xapian::TermGenerator (no stemming); author names are split like
// indexer/document_builder.cc splits them (on space . , - ' ( )).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace refdex::query {

// Wildcards, anywhere in a word (the Web of Science convention, which is
// what Ovid and PubMed truncation translate into, see strategy_parser.h):
//   *  any number of characters, none included   integrat*  beh*r
//   ?  exactly one character                      wom?n
//   $  one character or none ($$: up to two)      colo$r  behavio$r
inline constexpr std::string_view kWildcards = "*?$";

struct QueryWord {
    std::string word;        // folded index word (without prefix), a truncation stem, or
                             // for a pattern its literal part before the first wildcard
    bool truncated = false;  // has wildcards: expand against the index
    std::size_t offset = 0;  // byte offset in the query of the chunk it came from
    // Empty for a plain word and for right truncation (stem*, the fast
    // case); otherwise the folded word with its wildcards, e.g. "wom?n".
    std::string pattern;
};

// A truncation stem must have at least this many characters ("i*" would
// match a good part of the index) ...
inline constexpr std::size_t kMinStemChars = 2;
// ... and a pattern at least this many before its first wildcard: the index
// is scanned from that literal prefix, so it cannot be empty, but "c?re"
// narrows itself enough by its later letters.
inline constexpr std::size_t kMinPatternPrefixChars = 1;

// Free-text words of `text` (which starts at byte `offset` of the query).
// Wildcards (kWildcards) may stand anywhere in a word; a word whose only
// wildcards are trailing '*' is a plain truncation stem. Throws QueryError
// for a too-short stem or literal prefix.
std::vector<QueryWord> text_words(std::string_view text, std::size_t offset);

// The same for author name words ("o'brien" -> o, brien, as indexed).
std::vector<QueryWord> name_words(std::string_view text, std::size_t offset);

// Words of a person's name in index order, whatever style it was typed in:
// "pacho a", "Pacho, A.", "A. Pacho", "Ana M. Pacho" -> pacho a / pacho ana m.
// Read by parse_author(); a last word of one or two letters is taken as
// initials even in lower case ("wistow g"). Text with wildcards is not reordered.
std::vector<QueryWord> author_phrase_words(std::string_view text, std::size_t offset);

}  // namespace refdex::query
