#include "query_expand.h"

#include "query_compiler.h"
#include "schema.h"

namespace refdex::query {

std::vector<std::string> expand_stem(const Xapian::Database& db, const std::string& prefix,
                                     const std::string& stem, std::size_t limit,
                                     std::string_view field_label, std::size_t offset) {
    const std::string start = schema::make_term(prefix, stem);
    std::vector<std::string> words;
    for (auto t = db.allterms_begin(start); t != db.allterms_end(start); ++t) {
        if (words.size() == limit)
            throw QueryError(offset, stem + "* matches more than " + std::to_string(limit) + " terms in " +
                                         std::string(field_label) + "; make the stem longer.");
        words.push_back((*t).substr(prefix.size()));
    }
    return words;
}

Xapian::Query expansion_query(const std::string& prefix, const std::vector<std::string>& words, bool positional) {
    if (words.empty()) return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> terms;
    terms.reserve(words.size());
    for (const auto& w : words) terms.emplace_back(prefix + w);
    const auto op = positional ? Xapian::Query::OP_OR : Xapian::Query::OP_SYNONYM;
    return Xapian::Query(op, terms.begin(), terms.end());
}

}  // namespace refdex::query
