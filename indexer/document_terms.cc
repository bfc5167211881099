#include "document_terms.h"

#include <string_view>

#include "schema.h"

namespace refdex {

bool has_term(const Xapian::Document& doc, const std::string& term) {
    auto it = doc.termlist_begin();
    it.skip_to(term);
    return it != doc.termlist_end() && *it == term;
}

std::string refdex_id_of(const Xapian::Document& doc) {
    auto it = doc.termlist_begin();
    it.skip_to(schema::kId);
    if (it == doc.termlist_end()) return {};
    const std::string term = *it;
    const std::string_view prefix(schema::kId);
    return term.compare(0, prefix.size(), prefix) == 0 ? term.substr(prefix.size()) : std::string();
}

}  // namespace refdex
