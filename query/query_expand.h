// Truncation and wildcards, expanded by refdex itself against the index's
// term list (rather than by QueryParser), so the limit error can name the
// field and --explain can list what a stem matched. Xapian 1.4 only expands
// right truncation, so words with wildcards inside ("wom?n") are matched
// here: the terms starting with the literal part before the first wildcard
// are scanned and each is tested against the whole pattern.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace refdex::query {

// Index words (without `prefix`) of the terms starting with prefix + stem, in
// term order. Throws QueryError at `offset` when there are more than `limit`:
// "integ* matches more than 1000 terms in title; make the stem longer".
std::vector<std::string> expand_stem(const Xapian::Database& db, const std::string& prefix,
                                     const std::string& stem, std::size_t limit,
                                     std::string_view field_label, std::size_t offset);

// Index words (without `prefix`) matching `pattern` (wildcards as in
// query_words.h), in term order. Throws QueryError at `offset` when there are
// more than `limit`. The pattern's literal prefix must not be empty.
std::vector<std::string> expand_pattern(const Xapian::Database& db, const std::string& prefix,
                                        const std::string& pattern, std::size_t limit,
                                        std::string_view field_label, std::size_t offset);

// The whole-keyword terms (schema::kKeyword) that carry the subject heading
// `folded`, in term order: the heading itself, marked major ("*x"), or with
// a subheading ("x/drug therapy", "*x/*drug therapy"), as MEDLINE and the
// RIS exports built from it write MeSH. Never narrower headings. With a
// subheading ("x/psychology"), only the forms that list it.
std::vector<std::string> heading_terms(const Xapian::Database& db, const std::string& folded);

// The keyword terms (schema::kKeyword) of headings that carry the
// subheading `folded` ("drug therapy", or its abbreviation "dt"), whatever
// the heading: MEDLINE's floating subheading (Ovid .fs., PubMed [sh]).
std::vector<std::string> subheading_terms(const Xapian::Database& db, const std::string& folded);

// A MeSH subheading's name from its two-letter abbreviation ("dt" -> "drug
// therapy"), folded; `folded` itself when it is not one; "" for two letters
// that abbreviate no subheading.
std::string subheading_name(const std::string& folded);

// A subheading's name as MeSH writes it: "prevention and control" (PubMed's
// search details) is "prevention & control".
std::string ampersand_form(std::string_view name);

// Whether `word` matches `pattern`, character by character (UTF-8 code
// points): '*' any run, '?' exactly one, '$' one or none.
bool wildcard_match(std::string_view pattern, std::string_view word);

// The part of `pattern` before its first wildcard.
std::string_view literal_prefix(std::string_view pattern);

// One query for all the expansions: OP_SYNONYM (scores like one term), or
// OP_OR inside OP_PHRASE/OP_NEAR, which in Xapian 1.4 accept only terms and
// OR-of-terms subqueries. No expansions: Query::MatchNothing.
Xapian::Query expansion_query(const std::string& prefix, const std::vector<std::string>& words, bool positional);

}  // namespace refdex::query
