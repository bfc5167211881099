// Compiles the refdex query language into a Xapian::Query.
//
// The language (documented in README.md):
//   words                  all must match (default operator AND)
//   "a phrase"             words in order, adjacent
//   a OR b, a AND b, a NOT b, ( ... )
//   a NEAR/n b             within n words, any order;  a ADJ/n b: within n, in order
//   integrat*              right truncation, expanded against the index
//   wom?n colo$r beh*r     wildcards anywhere in a word: * any characters,
//                          ? exactly one, $ one or none (query_words.h)
//   field:term, field:"phrase", field:(sub query)
//     author: au:  title: ti:  abstract: ab:  keyword: kw:  tiab:
//     journal: jo:  year: (year:2019, year:2015..2020, year:..2010, year:2015..)
//     type:  lang:  doi:  pmid:  id:  source:
//   PubMed tags after a term, phrase or group: wistow[au] "integrated care"[tiab]
//     [au] [ti] [ab] [tiab] [ot] [kw] [mh] [ta] [dp] [la] [pt]
//   * or an empty query matches every record.
// Unqualified words search title, abstract, keywords and authors, with
// per-field weights (title and keywords count more than abstract).
// All text goes through refdex::fold(), exactly as at index time.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

namespace refdex {

// A query the compiler cannot understand. `offset` is the 0-based byte
// offset in the query text of the problem; what() is one readable sentence.
class QueryError : public std::runtime_error {
public:
    // `text`: what `offset` counts in, when not the main query (a --filter).
    QueryError(std::size_t offset, const std::string& message, std::string text = {})
        : std::runtime_error(message), offset_(offset), text_(std::move(text)) {}
    std::size_t offset() const { return offset_; }
    const std::string& text() const { return text_; }

private:
    std::size_t offset_;
    std::string text_;
};

struct QueryOptions {
    double title_weight = 2.0;     // multiplier for matches in the title
    double keyword_weight = 1.5;   // ... in keywords
    double abstract_weight = 1.0;  // ... in the abstract
    double author_weight = 1.0;    // ... in author names (unqualified words)
    // A truncated or wildcard word expanding to more index terms than this
    // is an error ("integ* matches more than N terms; make the stem longer").
    std::size_t wildcard_limit = 1000;
};

struct CompiledQuery {
    Xapian::Query query;
    // How the query was understood, one line per clause, for --explain.
    std::vector<std::string> explanation;
    // Folded words and truncation stems the user searched for free text
    // (no field restriction to boolean fields): used to highlight snippets.
    std::vector<std::string> highlight_words;
    std::vector<std::string> highlight_prefixes;  // stems of truncated words
    // Plain words of the query (unqualified, or in title, abstract, tiab or
    // text), for "did you mean" when nothing is found.
    std::vector<std::string> plain_words;
    // Clauses that match nothing for a reason the user likely did not mean
    // (a subheading the heading never has in the index), said on stderr.
    std::vector<std::string> warnings;
};

class QueryCompiler {
public:
    // `db` is used to expand truncated words; it must outlive the compiler.
    QueryCompiler(const Xapian::Database& db, QueryOptions options = {});

    // Throws QueryError for malformed input (never a Xapian exception).
    CompiledQuery compile(std::string_view text) const;

private:
    const Xapian::Database& db_;
    QueryOptions options_;
};

}  // namespace refdex
