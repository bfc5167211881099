// Reading an indexed document's own terms, for the passes that walk the
// index after writing it (clustering, decisions, --replace).
#pragma once

#include <string>

#include <xapian.h>

namespace refdex {

// Whether `doc` carries `term`.
bool has_term(const Xapian::Document& doc, const std::string& term);

// The refdex id in `doc`'s schema::kId term; "" when it has none.
std::string refdex_id_of(const Xapian::Document& doc);

}  // namespace refdex
