// fold(), clean_text(), parse_author() and the single-value normalisers:
// the functions documents and queries must agree on.
#include <catch2/catch.hpp>

#include "normalise.h"

using namespace refdex;

TEST_CASE("fold: case, diacritics, ligatures and compatibility forms meet in one form", "[normalise]") {
    struct Row { const char* input; const char* expected; };
    const Row rows[] = {
        {"Müller", "muller"}, {"MÜLLER", "muller"}, {"Muller", "muller"}, {"Mu\xCC\x88ller", "muller"},  // combining diaeresis
        {"Straße", "strasse"}, {"\xEF\xAC\x81nding", "finding"},  // U+FB01 ligature
        {"ＡＢＣ１２", "abc12"},  // full-width
        {"Øresund Łódź", "oresund lodz"}, {"Æther", "aether"}, {"café CRÈME", "cafe creme"},
        {"Ελληνικά", "ελληνικα"}, {"Дом", "дом"}, {"中文", "中文"}, {"plain ascii 123", "plain ascii 123"},
    };
    for (const auto& r : rows) {
        INFO(r.input);
        CHECK(fold(r.input) == r.expected);
    }
}

TEST_CASE("clean_text drops markup and placeholders, keeps real text", "[normalise]") {
    struct Row { const char* input; const char* expected; };
    const Row rows[] = {
        {"<i>In vivo</i> study", "In vivo study"},
        {"p < 0.05 and <5 years", "p < 0.05 and <5 years"},
        {"Tom &amp; Jerry &#233;t&#xE9;", "Tom & Jerry été"},
        {"line\xE2\x80\xA8separator", "line separator"},  // U+2028
        {"  many\t\tspaces  ", "many spaces"},
        {"NA", ""}, {"[No abstract available]", ""}, {"N/A", ""},
        {"<p>One</p><p>Two</p>", "One Two"},
        {"NASA", "NASA"},
    };
    for (const auto& r : rows) {
        INFO(r.input);
        CHECK(clean_text(r.input) == r.expected);
    }
    CHECK(has_markup("<b>x</b>"));
    CHECK_FALSE(has_markup("x < y"));
}

TEST_CASE("an author's typographic apostrophe is the straight one", "[normalise]") {
    CHECK(parse_author("D\xE2\x80\x99" "Agostino, Ralph").key() == parse_author("D'Agostino, Ralph").key());
    CHECK(parse_author("O\xE2\x80\x99Rourke, B.A.").display() == parse_author("O'Rourke BA").display());
    CHECK(parse_author("O`Brien J").key() == "o'brien j");
    CHECK(name_words("o\xE2\x80\x99rourke") == std::vector<std::string>{"o", "rourke"});
}

TEST_CASE("parse_author gives one key whatever the export's style", "[normalise]") {
    struct Row { const char* input; const char* key; const char* display; };
    const Row rows[] = {
        {"Pacho, A.", "pacho a", "Pacho A"},   {"A. Pacho", "pacho a", "Pacho A"},
        {"PACHO A", "pacho a", "Pacho A"},     {"Pacho, Ana M.", "pacho a", "Pacho A"},
        {"M. A. Durand", "durand m", "Durand M"}, {"Durand MA", "durand m", "Durand M"},
        {"Müller, Jürgen", "muller j", "Muller J"}, {"MULLER J", "muller j", "Muller J"},
        {"M. Al-Haboubi", "al-haboubi m", "Al-Haboubi M"},
        {"van der Berg, J.", "van der berg j", "Van Der Berg J"},
        // Given names first: the particles belong to the surname, one given name stays.
        {"T Le Chevalier", "le chevalier t", "Le Chevalier T"}, {"Le Chevalier, Thierry", "le chevalier t", "Le Chevalier T"},
        {"Hugo van der Berg", "van der berg h", "Van Der Berg H"}, {"Ana De Souza", "de souza a", "De Souza A"},
        {"Van Morrison", "morrison v", "Morrison V"},
        {"Smith, John, Jr.", "smith j", "Smith J"},
        {"WHO", "who", "Who"},
        // Initials spaced out after the surname are all initials.
        {"Smith J M", "smith j", "Smith J"}, {"SMITH J. M.", "smith j", "Smith J"},
        {"De La Cruz M A", "de la cruz m", "De La Cruz M"}, {"smith j m", "smith j", "Smith J"},
        {"NG J M", "ng j", "Ng J"}, {"A B", "a b", "A B"},
    };
    for (const auto& r : rows) {
        INFO(r.input);
        AuthorName name = parse_author(r.input);
        CHECK(name.key() == r.key);
        CHECK(name.display() == r.display);
    }
    AuthorName full = parse_author("Pacho, Ana M.");
    CHECK(full.given == std::vector<std::string>{"ana", "m"});
    CHECK(parse_author("Durand MA").given == std::vector<std::string>{"m", "a"});
    CHECK(parse_author("Smith J M").given == std::vector<std::string>{"j", "m"});
    CHECK(parse_author("smith j m").given == std::vector<std::string>{"j", "m"});
}

TEST_CASE("doi_as_written finds the same DOI as normalise_doi and keeps its case", "[normalise]") {
    for (const char* text : {"https://doi.org/10.1016/S0140-6736(20)30183-5.", "doi:10.1177/ABC.123",
                             "http://dx.doi.org/10.1007%2Fs11307-012-0572-0", "See DOI 10.1016/S0140-6736(20)30183-5.",
                             "(doi: 10.1000/XyZ)", "Journal Article", ""}) {
        INFO(text);
        const std::string shown = doi_as_written(text);
        CHECK(normalise_doi(shown) == normalise_doi(text));
        CHECK(shown.size() == normalise_doi(text).size());
    }
    CHECK(doi_as_written("https://doi.org/10.1016/S0140-6736(20)30183-5.") == "10.1016/S0140-6736(20)30183-5");
    CHECK(doi_as_written("(doi: 10.1000/XyZ)") == "10.1000/XyZ");
}

TEST_CASE("normalise_doi finds the DOI in any of its disguises", "[normalise]") {
    struct Row { const char* input; const char* expected; };
    const Row rows[] = {
        {"10.1177/13558196251349353", "10.1177/13558196251349353"},
        {"doi:10.1177/ABC.123", "10.1177/abc.123"},
        {"https://doi.org/10.1007/s11307-012-0572-0", "10.1007/s11307-012-0572-0"},
        {"http://dx.doi.org/10.1007%2Fs11307-012-0572-0", "10.1007/s11307-012-0572-0"},
        {"See DOI 10.1016/S0140-6736(20)30183-5.", "10.1016/s0140-6736(20)30183-5"},
        {"(doi: 10.1000/xyz)", "10.1000/xyz"},
        {"Journal Article", ""}, {"10.5/short", ""}, {"", ""},
    };
    for (const auto& r : rows) {
        INFO(r.input);
        CHECK(normalise_doi(r.input) == r.expected);
    }
}

TEST_CASE("parse_year reads the dates exports write", "[normalise]") {
    CHECK(parse_year("2019///") == 2019);
    CHECK(parse_year("1990/2/27") == 1990);
    CHECK(parse_year("2016/08/12/") == 2016);
    CHECK(parse_year("2023-10-24") == 2023);
    CHECK(parse_year("Jul 2015") == 2015);
    CHECK(parse_year("1984 - 1985") == 1984);
    CHECK(parse_year("10 15") == std::nullopt);
    CHECK(parse_year("0000") == std::nullopt);
    CHECK(parse_year("12345") == std::nullopt);
}

TEST_CASE("languages and types map to one code", "[normalise]") {
    CHECK(normalise_language("eng") == "en");
    CHECK(normalise_language("English") == "en");
    CHECK(normalise_language("EN") == "en");
    CHECK(normalise_language("Deutsch") == "de");
    CHECK(normalise_language("Klingon") == "klingon");
    CHECK(normalise_type("JOUR") == "JOUR");
    CHECK(normalise_type("Journal Article") == "JOUR");
    CHECK(normalise_type("J") == "JOUR");
    CHECK(normalise_type("chap") == "CHAP");
}
