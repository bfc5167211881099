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

struct QueryWord {
    std::string word;        // folded index word (without prefix), or a truncation stem
    bool truncated = false;  // typed with a trailing '*': expand against the index
    std::size_t offset = 0;  // byte offset in the query of the chunk it came from
};

// A truncation stem must have at least this many characters.
inline constexpr std::size_t kMinStemChars = 2;

// Free-text words of `text` (which starts at byte `offset` of the query).
// A '*' at the end of a white-space separated chunk truncates that chunk's
// last word. Throws QueryError for '*' inside a word or a too-short stem.
std::vector<QueryWord> text_words(std::string_view text, std::size_t offset);

// The same for author name words ("o'brien" -> o, brien, as indexed).
std::vector<QueryWord> name_words(std::string_view text, std::size_t offset);

// Words of a person's name in index order, whatever style it was typed in:
// "pacho a", "Pacho, A.", "A. Pacho", "Ana M. Pacho" -> pacho a / pacho ana m.
// Read by parse_author(); a last word of one or two letters is taken as
// initials even in lower case ("wistow g"). Text with '*' is not reordered.
std::vector<QueryWord> author_phrase_words(std::string_view text, std::size_t offset);

}  // namespace refdex::query
