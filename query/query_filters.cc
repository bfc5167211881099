#include "query_filters.h"

#include <cctype>
#include <optional>

#include "normalise.h"
#include "query_compiler.h"
#include "schema.h"

namespace refdex::query {

namespace {

using Xapian::Query;

std::string trim(const std::string& s) {
    const auto begin = s.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    return s.substr(begin, s.find_last_not_of(" \t\r\n") + 1 - begin);
}

bool all_digits(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

[[noreturn]] void bad_year(const Node& leaf, const std::string& why) {
    throw QueryError(leaf.text_offset, "Bad year '" + leaf.text + "': " + why +
                                           " (use 2019, 2015..2020, ..2010, 2015.. or 2015:2020[dp]).");
}

// One side of a range: "" (open) or a year of up to four digits.
std::optional<int> year_bound(const Node& leaf, const std::string& side) {
    if (side.empty()) return std::nullopt;
    if (!all_digits(side) || side.size() > 4) bad_year(leaf, "'" + side + "' is not a year");
    return std::stoi(side);
}

FilterQuery year_range(const Node& leaf, const std::string& lo_text, const std::string& hi_text) {
    const auto lo = year_bound(leaf, lo_text), hi = year_bound(leaf, hi_text);
    const auto slot = schema::kSlotYear;
    const std::string lo_label = lo ? std::to_string(*lo) : "", hi_label = hi ? std::to_string(*hi) : "";
    const std::string label = "year: " + lo_label + ".." + hi_label;
    if (lo && hi) {
        if (*lo > *hi) bad_year(leaf, "the first year is after the last");
        return {Query(Query::OP_VALUE_RANGE, slot, Xapian::sortable_serialise(*lo), Xapian::sortable_serialise(*hi)),
                label};
    }
    if (lo) return {Query(Query::OP_VALUE_GE, slot, Xapian::sortable_serialise(*lo)), label};
    if (hi) return {Query(Query::OP_VALUE_LE, slot, Xapian::sortable_serialise(*hi)), label};
    bad_year(leaf, "a range needs at least one year");
}

// year:2019 is the boolean term; ranges use the sortable value slot.
FilterQuery year_query(const Node& leaf) {
    const std::string value = trim(leaf.text);
    for (const std::string sep : {"..", ":"}) {
        const auto at = value.find(sep);
        if (at != std::string::npos) return year_range(leaf, value.substr(0, at), value.substr(at + sep.size()));
    }
    const auto year = year_bound(leaf, value);
    if (!year) bad_year(leaf, "no year given");
    return {Query(schema::make_term(schema::kYear, std::to_string(*year))), "year: " + std::to_string(*year)};
}

bool is_refdex_id(const std::string& s) {
    if (s.size() != 16) return false;
    for (char c : s)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

std::string lower_ascii(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// id: is either refdex's own record id (Q, 16 hex digits) or the export's
// record id (XID); accept both rather than make users say which.
FilterQuery id_query(const std::string& value) {
    Query exported(schema::make_term(schema::kRecordId, fold(value)));
    if (!is_refdex_id(value)) return {exported, "id: " + value + " (export record id)"};
    Query own(schema::make_term(schema::kId, lower_ascii(value)));
    return {Query(Query::OP_OR, own, exported), "id: " + value + " (refdex id or export record id)"};
}

FilterQuery term_filter(const char* prefix, const std::string& value, std::string_view label) {
    return {Query(schema::make_term(prefix, value)), std::string(label) + ": " + value};
}

FilterQuery unweighted_filter(Field field, const Node& leaf) {
    const std::string value = trim(leaf.text);
    if (value.empty()) throw QueryError(leaf.text_offset, std::string(field_label(field)) + ": needs a value.");
    if (value.back() == '*' && field != Field::Doi)
        throw QueryError(leaf.text_offset, "Truncation (*) only works in text fields, not in " +
                                               std::string(field_label(field)) + ":.");
    switch (field) {
        case Field::Year: return year_query(leaf);
        case Field::Type: return term_filter(schema::kType, fold(normalise_type(value)), "type");
        case Field::Language: return term_filter(schema::kLanguage, normalise_language(value), "lang");
        case Field::Source: {
            // The index keeps the file's name only (moving a folder changes
            // nothing), while the output shows the path as indexed: a path
            // searches its file name.
            const std::string name = value.substr(value.find_last_of('/') == std::string::npos ? 0 : value.find_last_of('/') + 1);
            if (name.empty())
                throw QueryError(leaf.text_offset, "source: '" + value + "' ends in '/': give a file name, as in source:file.ris.");
            return term_filter(schema::kSource, fold(name), "source");
        }
        case Field::Id: return id_query(value);
        case Field::Pmid:
            if (!all_digits(value))
                throw QueryError(leaf.text_offset, "pmid: '" + value + "' is not a PubMed id (digits only).");
            return term_filter(schema::kPmid, value, "pmid");
        case Field::Doi: {
            const std::string doi = normalise_doi(value);
            if (doi.empty())
                throw QueryError(leaf.text_offset, "doi: '" + value + "' is not a DOI (expected 10.xxxx/...).");
            return term_filter(schema::kDoi, doi, "doi");
        }
        default:
            throw QueryError(leaf.offset, "Internal error: " + std::string(field_label(field)) + " is a text field.");
    }
}

}  // namespace

Xapian::Query weightless(const Xapian::Query& q) { return Query(Query::OP_SCALE_WEIGHT, q, 0.0); }

FilterQuery filter_query(Field field, const Node& leaf) {
    FilterQuery f = unweighted_filter(field, leaf);
    f.query = weightless(f.query);
    return f;
}

}  // namespace refdex::query
