// MEDLINE fields that the audit found lost or garbled on the way from the
// reader to the canonical record: abbreviated page ranges (PG), the journal
// abbreviation (TA), group authors (CN), translated titles (TT), editors in
// two forms (FED, ED); and line breaks hidden in entities (any format).
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "line_source.h"
#include "medline_reader.h"
#include "normalise.h"
#include "record.h"

using namespace refdex;

namespace {

using Strings = std::vector<std::string>;

// The records of a MEDLINE text, read by the real reader and mapped.
std::vector<Record> read_medline(const std::string& text) {
    std::istringstream in(text);
    Diagnostics diagnostics;
    LineSource lines(in, diagnostics);
    MedlineReader reader(lines, diagnostics, "test.nbib");
    std::vector<Record> records;
    RawRecord raw;
    while (reader.next(raw)) records.push_back(map_record(raw));
    return records;
}

Record one_medline(const std::string& text) {
    const auto records = read_medline(text);
    REQUIRE(records.size() == 1);
    return records.front();
}

Record one_ris(std::initializer_list<std::pair<const char*, const char*>> tags) {
    RawRecord raw;
    raw.format = InputFormat::Ris;
    raw.source_file = "test.ris";
    std::uint64_t line = 1;
    for (const auto& [tag, value] : tags) raw.fields.push_back({tag, value, line++});
    return map_record(raw);
}

}  // namespace

TEST_CASE("an abbreviated last page takes the first page's leading digits", "[medline][pages]") {
    struct Row { const char* start; const char* end; const char* expected; };
    const Row rows[] = {
        {"6913", "7", "6917"},   {"24", "8", "28"},        {"123", "45", "145"},
        {"S12", "5", "S15"},     {"e1234", "8", "e1238"},  {"1131", "1138", "1138"},
        {"99", "101", "101"},    {"6913", "2", "2"},       {"iii", "v", "v"},
        {"12a", "5", "5"},       {"S12", "S15", "S15"},    {"12", "", ""},
    };
    for (const auto& r : rows) {
        INFO(r.start << "-" << r.end);
        CHECK(full_end_page(r.start, r.end) == r.expected);
    }
}

TEST_CASE("MEDLINE PG gives the first range's pages in full", "[medline][pages]") {
    struct Row { const char* pg; const char* start; const char* end; };
    const Row rows[] = {
        {"6913-7", "6913", "6917"},  {"24-8", "24", "28"},        {"1131-1138", "1131", "1138"},
        {"S12-5", "S12", "S15"},     {"12-5, 18-20", "12", "15"}, {"e1234", "e1234", ""},
        {"iii-iv", "iii", "iv"},     {"CD001234", "CD001234", ""},
    };
    for (const auto& r : rows) {
        INFO(r.pg);
        const Record m = one_medline(std::string("PMID- 1\nTI  - t\nPG  - ") + r.pg + "\n");
        CHECK(m.start_page == r.start);
        CHECK(m.end_page == r.end);
    }
    // The RIS copy of the same article with EP cut short reads the same.
    const Record ris = one_ris({{"TY", "JOUR"}, {"TI", "t"}, {"SP", "6913"}, {"EP", "7"}});
    CHECK(ris.end_page == "6917");
}

TEST_CASE("A page range split by a typeset dash reads as one split by '-'", "[medline][pages]") {
    // En dash, em dash, hyphen U+2010, minus sign U+2212: all seen in exports
    // that copy pages from the typeset article.
    for (const char* dash : {"\u2013", "\u2014", "\u2010", "\u2212"}) {
        INFO(dash);
        const std::string pages = std::string("1355") + dash + "1356";
        const Record sp = one_ris({{"TY", "JOUR"}, {"TI", "t"}, {"SP", pages.c_str()}});
        CHECK(sp.start_page == "1355");
        CHECK(sp.end_page == "1356");
        const Record pg = one_medline(std::string("PMID- 1\nTI  - t\nPG  - 6913") + dash + "7\n");
        CHECK(pg.start_page == "6913");
        CHECK(pg.end_page == "6917");
    }
    // Other three-byte characters starting 0xE2 are not dashes.
    const Record bullet = one_ris({{"TY", "JOUR"}, {"TI", "t"}, {"SP", "12\u2022"}});
    CHECK(bullet.end_page.empty());
}

TEST_CASE("MEDLINE TA is kept as the journal's other name beside JT", "[medline][journal]") {
    const Record m = one_medline(
        "PMID- 8755512\nTI  - t\nTA  - Proc Natl Acad Sci U S A\n"
        "JT  - Proceedings of the National Academy of Sciences of the United States of America\n");
    CHECK(m.journal == "Proceedings of the National Academy of Sciences of the United States of America");
    CHECK(m.journal_alternates == Strings{"Proc Natl Acad Sci U S A"});
    // The same abbreviation is not kept twice ("Gene" for both).
    CHECK(one_medline("PMID- 1\nTI  - t\nTA  - Gene\nJT  - Gene\n").journal_alternates.empty());
    // RIS JO/J2 beside T2, the same way.
    const Record r = one_ris({{"TI", "t"}, {"T2", "Journal of Things"}, {"J2", "J Things"}, {"JO", "J. Things"}});
    CHECK(r.journal == "Journal of Things");
    CHECK(r.journal_alternates == Strings{"J. Things", "J Things"});
}

TEST_CASE("MEDLINE CN is an author in byline order, keyed and shown whole", "[medline][authors]") {
    const Record m = one_medline(
        "PMID- 1\nTI  - t\nFAU - Brubaker, Linda\nAU  - Brubaker L\nCN  - Pelvic Floor Disorders Network\n"
        "FAU - Nolen, Tracy L\nAU  - Nolen TL\n");
    CHECK(m.authors == Strings{"Brubaker, Linda", "Pelvic Floor Disorders Network", "Nolen, Tracy L"});
    // A record with only a group author has an author too.
    CHECK(one_medline("PMID- 2\nTI  - t\nCN  - Health ABC Study\n").authors == Strings{"Health ABC Study"});

    const AuthorName group = parse_author("Pelvic Floor Disorders Network");
    CHECK(group.key() == "pelvic floor disorders network");
    CHECK(group.display() == "Pelvic Floor Disorders Network");
    // Surname and given parts as for any name of that style: author terms
    // and author queries, both read through parse_author, still meet.
    CHECK(group.surname == "network");
    CHECK(group.given == Strings{"pelvic", "floor", "disorders"});
    for (const char* name : {"MERIT-HF Study Group", "Health ABC study", "EORTC-Breast Cancer Group",
                             "Canadian Co-infection Cohort Study", "Writing Group for the WHI"})
        CHECK(parse_author(name).display() == name);
    // People keep their key.
    CHECK(parse_author("Hugo van der Berg").key() == "van der berg h");  // particles join the surname
    CHECK(parse_author("Smith JA").display() == "Smith J");
    // A person whose surname is a group word stays a person, in either order.
    CHECK(parse_author("Panel A").group.empty());
    CHECK(parse_author("Team JM").key() == "team j");
    CHECK(parse_author("A. Panel").key() == "panel a");
    CHECK(parse_author("J.M. Study").key() == "study j");
    CHECK(parse_author("Panel, A").key() == "panel a");
    // Spaced or dotted initials, before or after the surname, however many.
    for (const char* name : {"J. M. Team", "J M Team", "J.M. Team", "Team J M", "Team J. M.", "Team JM", "Team, J. M."}) {
        CAPTURE(name);
        const AuthorName person = parse_author(name);
        CHECK(person.group.empty());
        CHECK(person.key() == "team j");
        CHECK(person.display() == "Team J");
        CHECK(person.surname == "team");
        CHECK(person.given == Strings{"j", "m"});
    }
    CHECK(parse_author("Panel A B").key() == "panel a");
    CHECK(parse_author("A. B. Panel").key() == "panel a");
    // Two words with an acronym, not initials, are still a group.
    for (const char* name : {"ESC Panel", "WHO Study Group", "ACCORD Group", "Study Group", "JM Team", "ESC Panel A",
                             "J. Study Group", "Team J Smith"})
        CHECK(parse_author(name).group == name);
}

TEST_CASE("MEDLINE TT is a translated title, not the title", "[medline][title]") {
    const Record m = one_medline(
        "PMID- 1\nTI  - Low sensitivity to thrombomodulin in cirrhosis.\n"
        "TT  - Faible sensibilite a l'action de la thrombomoduline chez le patient\n      cirrhotique.\n");
    CHECK(m.title == "Low sensitivity to thrombomodulin in cirrhosis.");
    CHECK(m.translated_titles == Strings{"Faible sensibilite a l'action de la thrombomoduline chez le patient cirrhotique."});
    // Without TI it is the title (and not also a translated title).
    const Record only = one_medline("PMID- 2\nTT  - Ubertragbarkeit auf den deutschen Kontext\n");
    CHECK(only.title == "Ubertragbarkeit auf den deutschen Kontext");
    CHECK(only.translated_titles.empty());
    // RIS TT the same way.
    CHECK(one_ris({{"TI", "English"}, {"TT", "Deutsch"}}).translated_titles == Strings{"Deutsch"});
    CHECK(one_ris({{"ST", "Short"}, {"TT", "Deutsch"}}).title == "Short");
}

TEST_CASE("MEDLINE editors come once, in their full form when given", "[medline][editors]") {
    const Record m = one_medline(
        "PMID- 1\nTI  - t\nFED - Riegert-Johnson, Douglas L\nED  - Riegert-Johnson DL\n"
        "FED - Boardman, Lisa A\nED  - Boardman LA\n");
    CHECK(m.editors == Strings{"Riegert-Johnson, Douglas L", "Boardman, Lisa A"});
    CHECK(one_medline("PMID- 2\nTI  - t\nED  - Boardman LA\n").editors == Strings{"Boardman LA"});
}

TEST_CASE("clean_text turns every line break and separator into one space, entities too", "[normalise]") {
    struct Row { const char* input; const char* expected; };
    const Row rows[] = {
        {"Line one&#10;line two &#13;&#10; three", "Line one line two three"},
        {"a&#x0A;b&#x0d;c&#9;d&#0;e", "a b c d e"},
        {"real\r\nbreak\nand\rmore", "real break and more"},
        {"NEL\xC2\x85here", "NEL here"},                 // U+0085, a C1 control
        {"&#133;&#x2028;&#8233;x", "x"},                 // the same as entities, at the start
        {"thin\xE2\x80\x89space\xE3\x80\x80wide", "thin space wide"},  // U+2009, U+3000
        {"caf\xC3\xA9 \xE2\x80\x94 \xE3\x81\x82", "caf\xC3\xA9 \xE2\x80\x94 \xE3\x81\x82"},  // é — あ kept
        {"&lt;5 &amp; &#233;", "<5 & \xC3\xA9"},
    };
    for (const auto& r : rows) {
        INFO(r.input);
        CHECK(clean_text(r.input) == r.expected);
    }
    // Titles, abstracts, authors and journals all go through it.
    const Record r = one_ris({{"TI", "Line one&#10;line two"}, {"AB", "A&#13;&#10;B"}, {"AU", "Doe,&#10;Jane"},
                              {"T2", "J&#10;Things"}});
    CHECK(r.title == "Line one line two");
    CHECK(r.abstract == "A B");
    CHECK(r.authors == Strings{"Doe, Jane"});
    CHECK(r.journal == "J Things");
}
