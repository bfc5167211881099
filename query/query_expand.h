// Right truncation, expanded by refdex itself against the index's term list
// (rather than by QueryParser), so the limit error can name the field and
// --explain can list what a stem matched.
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

// One query for all the expansions: OP_SYNONYM (scores like one term), or
// OP_OR inside OP_PHRASE/OP_NEAR, which in Xapian 1.4 accept only terms and
// OR-of-terms subqueries. No expansions: Query::MatchNothing.
Xapian::Query expansion_query(const std::string& prefix, const std::vector<std::string>& words, bool positional);

}  // namespace refdex::query
