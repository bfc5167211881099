// Text normalisation shared by documents and queries. Whatever the indexer
// folds, the query tool folds with the very same functions, so that
// "Müller", "MULLER" and "muller" meet in one term.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace refdex {

// The search form of text: NFKC (ligatures, full-width forms), Unicode case
// folding (ß -> ss), diacritics removed (é -> e). Invalid UTF-8 bytes are
// replaced with U+FFFD. Thread-safe; ASCII input takes a fast path.
std::string fold(std::string_view utf8);

// Display form of a field value: HTML tags dropped, the common HTML entities
// decoded, then every control character (line breaks, tabs, NEL) and Unicode
// space or line/paragraph separator turned into a space, whether written as
// itself or as an entity ("&#10;"), runs of white space collapsed, ends
// trimmed: the result is always one line. Placeholders that mean "no value"
// ("NA", "N/A", "[No abstract available]") become "".
std::string clean_text(std::string_view utf8);

// Appends `code_point` (at most U+10FFFF; larger ones are dropped) to
// `out` as UTF-8.
void append_utf8(std::string& out, std::uint32_t code_point);

// True if clean_text() had to remove markup or entities from `utf8`.
bool has_markup(std::string_view utf8);

// One person's name whatever the export's style: "Pacho, A.", "A. Pacho",
// "PACHO A", "Pacho, Ana M." all give surname "pacho" and initials "a"/"am".
// A group author ("Pelvic Floor Disorders Network", "MERIT-HF Study Group":
// a name without a comma holding a word such as group, network, study,
// investigators) gets surname and given parts as any name of its style
// would, so author searches read it the same way, but key and display are
// its whole name.
struct AuthorName {
    std::string surname;                   // folded, e.g. "al-haboubi"
    std::vector<std::string> given;        // folded given-name parts, e.g. {"m", "a"} or {"ana"}
    std::string group;                     // a group's name as written (cleaned); "" for a person
    std::string key() const;               // "surname i": one key per person, e.g. "pacho a"; a group's folded name
    std::string display() const;           // "Pacho A" style for facets; a group's name as written
};
AuthorName parse_author(std::string_view name);

// A word that belongs to the surname after it when a name is written given
// names first ("Hugo van der Berg", "T Le Chevalier"): van, von, der, de,
// la, le, da, du, dos and the like, in any case.
bool is_surname_particle(std::string_view word);

// The words of `s` split at any of `separators`, empty words dropped.
std::vector<std::string> split_words(std::string_view s, std::string_view separators);

// Whether `s` holds a letter or a digit; any non-ASCII byte counts as one
// (letters of other scripts), so only ASCII punctuation and spaces are "no text".
bool has_letter_or_digit(std::string_view s);

// The words of a folded name as author terms are indexed and searched:
// split at spaces and at . , - ' ( ) so "al-haboubi" gives {al, haboubi}.
std::vector<std::string> name_words(std::string_view folded);

// DOI in canonical form (lower case, no "doi:" or resolver prefix, no
// trailing punctuation), or "" if `text` holds no DOI. Finds a DOI inside
// longer text such as a URL or a note.
std::string normalise_doi(std::string_view text);
// The same DOI with its case as `text` writes it ("10.1016/S0140-6736(20)30183-5"),
// for display and export: DOIs are case-insensitive, so only the normalised
// form is compared, but a reader expects what the export gave.
std::string doi_as_written(std::string_view text);

// The first plausible publication year (1000..2999) in a date value such as
// "2019///", "1990/2/27", "2023-10-24", "Jul 2015"; nullopt for "0000" etc.
std::optional<int> parse_year(std::string_view text);

// ISO 639-1 code for a language name or ISO 639-2 code ("English", "eng",
// "en" -> "en"); otherwise the folded input.
std::string normalise_language(std::string_view text);

// A page value split into first and last page, cleaned: "466-75" -> {466, 75};
// of a list of ranges ("12-5, 18-20") only the first counts; a value without
// a range ("e1234", "iii") is the first page alone. The last page is as
// written (see full_end_page).
struct PageRange {
    std::string first;
    std::string last;
};
PageRange split_page_range(std::string_view pages);

// The last page in full, its dropped leading digits taken from the first
// page (NLM style): "6913", "7" -> "6917"; "24", "8" -> "28"; "S12", "5" ->
// "S15"; "123", "45" -> "145". `end` is returned as written when it is not
// digits only, not shorter than the first page's number, when the first
// page is not letters-then-digits ("iii", "12a"), or when the result would
// come before the first page ("6913", "2": a slip, not an abbreviation).
std::string full_end_page(std::string_view start, std::string_view end);

// RIS reference type code for a type value from any format ("JOUR",
// "Journal Article", WoS "J") -> "JOUR"; upper-cased input when unknown.
std::string normalise_type(std::string_view text);

}  // namespace refdex
