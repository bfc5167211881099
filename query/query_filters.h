// Leaves in the exact-value fields (year, type, lang, doi, pmid, id, source):
// normalised exactly as the indexer normalises them, turned into boolean
// terms or year ranges that filter without adding weight (ranking is BM25
// over the free text only).
#pragma once

#include <string>

#include <xapian.h>

#include "query_ast.h"

namespace refdex::query {

struct FilterQuery {
    Xapian::Query query;       // weightless
    std::string explanation;   // e.g. "year: 2015..2020"
};

// `field` is not a text field (see is_text_field()). Throws QueryError at the
// leaf's offset for values that cannot be right (a bad year, a non-DOI ...).
FilterQuery filter_query(Field field, const Node& leaf);

// Wraps `q` so that it matches but contributes no weight.
Xapian::Query weightless(const Xapian::Query& q);

}  // namespace refdex::query
