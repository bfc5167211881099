// The fields of the query language: the names users type before ':' and
// inside PubMed-style [tags], and what kind of index data each one searches.
// One table (query_fields.cc) drives lexing, parsing, error messages and
// --explain, so a new alias is one line there.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace refdex::query {

enum class Field {
    Any,       // unqualified: title, abstract, keywords and authors together
    Author,    // A (positional name words)
    Title,     // S
    Abstract,  // B
    Keyword,   // K
    TiAb,      // S or B
    Text,      // S, B or K: PubMed's text words, Ovid's .mp. (no authors)
    Heading,   // XKW: one whole subject heading, with or without subheadings (not exploded)
    Subheading,  // XKW: every heading with this subheading (MEDLINE's floating subheading)
    Major,     // XKW: one whole subject heading as a major topic (*X, X/*dt), PubMed's [majr]
    Journal,   // XJ words, or the whole name XJO
    Year,      // Y term / year value slot
    Type,      // XTYPE
    Language,  // L
    Doi,       // XDOI
    Pmid,      // XPMID
    Id,        // Q or XID
    Source,    // XSRC
};

// `name` as typed before ':' (any case): "author", "AU", "tiab" ...
std::optional<Field> field_by_name(std::string_view name);
// `tag` as typed inside [ ] (any case): "au", "Title/Abstract", "mh" ...
std::optional<Field> field_by_tag(std::string_view tag);
// A tag as field_by_tag compares it: lower case, without the spaces PubMed
// also ignores ("[ au ]", "[mesh: noexp]" are "au", "mesh:noexp").
std::string tag_key(std::string_view tag);

// "author, au, title, ti, ..." for "unknown field" messages.
std::string field_name_list();
// "[au], [ti], ..." for "unknown tag" messages.
std::string tag_list();

// Label used in explanations and messages: "title", "any field".
std::string_view field_label(Field field);

// True for fields indexed as positional words (phrases, NEAR, truncation and
// highlighting apply); false for exact boolean/value fields.
bool is_text_field(Field field);

// True for boolean fields whose value is read verbatim by the lexer (a DOI
// may contain ':' '/' '(' ...), up to white space or an unbalanced ')'.
bool takes_raw_value(Field field);

}  // namespace refdex::query
