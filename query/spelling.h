// "Did you mean": for a query that found nothing, the closest words the
// index does contain. Drawn from the title and abstract term lists, so it
// needs no spelling table (refdex keeps none; see README).
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace refdex {

// For each of `words` (folded) that is in no title or abstract, the most
// frequent indexed word within edit distance 1 (words up to 5 letters) or 2.
// Returns `query` with those words replaced, or "" when nothing changes.
std::string suggest_query(const Xapian::Database& db, const std::string& query,
                          const std::vector<std::string>& words);

// Levenshtein distance, capped: returns max + 1 as soon as it exceeds max.
std::size_t edit_distance(const std::string& a, const std::string& b, std::size_t max);

}  // namespace refdex
