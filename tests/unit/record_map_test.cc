// map_record(): tags of every format to canonical fields.
#include <catch2/catch.hpp>

#include "record.h"

using namespace refdex;

namespace {
RawRecord ris(std::initializer_list<std::pair<const char*, const char*>> tags, InputFormat format = InputFormat::Ris) {
    RawRecord raw;
    raw.format = format;
    raw.source_file = "test.ris";
    std::uint64_t line = 1;
    for (const auto& [tag, value] : tags) raw.fields.push_back({tag, value, line++});
    return raw;
}
}  // namespace

TEST_CASE("title, journal and abstract take the first tag present, in priority order", "[map]") {
    Record r = map_record(ris({{"TY", "JOUR"}, {"T1", "Old style"}, {"JF", "Full Journal"}, {"T2", "Secondary"},
                               {"N2", "Abstract text."}, {"AB", "Abstract text."}}));
    CHECK(r.title == "Old style");
    CHECK(r.journal == "Secondary");
    CHECK(r.abstract == "Abstract text.");  // AB and N2 equal: not doubled
    Record both = map_record(ris({{"TI", "T"}, {"AB", "First part."}, {"N2", "Other text."}}));
    CHECK(both.abstract == "First part. Other text.");
}

TEST_CASE("year comes from PY/Y1/DA, never from Y2 (the access date)", "[map]") {
    CHECK(map_record(ris({{"TI", "x"}, {"Y2", "2020/01/01"}, {"Y1", "1990/2/27"}})).year == 1990);
    CHECK_FALSE(map_record(ris({{"TI", "x"}, {"Y2", "2020/01/01"}})).year.has_value());
    CHECK(map_record(ris({{"TI", "x"}, {"DA", "2019///"}})).year == 2019);
    Record r = map_record(ris({{"TI", "x"}, {"PY", "2019"}, {"DA", "2019/06/12"}}));
    CHECK(r.year == 2019);
    CHECK(r.date == "2019/06/12");
}

TEST_CASE("DOI from DO, else from M3/UR/N1, PMID from AN only for PubMed records", "[map]") {
    CHECK(map_record(ris({{"TI", "x"}, {"DO", "https://doi.org/10.1000/ABC"}})).doi == "10.1000/abc");
    CHECK(map_record(ris({{"TI", "x"}, {"M3", "doi: 10.1000/xyz"}})).doi == "10.1000/xyz");
    CHECK(map_record(ris({{"TI", "x"}, {"UR", "https://doi.org/10.1000/u"}})).doi == "10.1000/u");
    CHECK(map_record(ris({{"TI", "x"}, {"UR", "http://example.org/10.1000/no"}})).doi.empty());
    CHECK(map_record(ris({{"TI", "x"}, {"AN", "40682524"}, {"DP", "NLM"}})).pmid == "40682524");
    CHECK(map_record(ris({{"TI", "x"}, {"AN", "12345"}, {"DB", "Embase"}})).pmid.empty());
    // C7 is Scopus's and Web of Science's article number: a PMID only in a
    // PubMed record, or "120" would join another export's PMID 120.
    CHECK(map_record(ris({{"TI", "x"}, {"C7", "120"}, {"DB", "Scopus"}})).pmid.empty());
    CHECK(map_record(ris({{"TI", "x"}, {"C7", "1175856"}})).pmid.empty());
    CHECK(map_record(ris({{"TI", "x"}, {"C7", "40682524"}, {"DB", "PubMed"}})).pmid == "40682524");
    CHECK(map_record(ris({{"TI", "x"}, {"UR", "https://pubmed.ncbi.nlm.nih.gov/22752652/"}})).pmid == "22752652");
    CHECK(map_record(ris({{"TI", "x"}, {"UR", "PM:123456"}})).pmid == "123456");
}

TEST_CASE("keywords split on ',' and are kept once, authors in one value are split", "[map]") {
    Record r = map_record(ris({{"TI", "x"}, {"KW", "alpha; beta"}, {"KW", "Beta"}, {"KW", "gamma, delta"}}));
    CHECK(r.keywords == std::vector<std::string>{"alpha", "beta", "gamma, delta"});
    Record a = map_record(ris({{"TI", "x"}, {"AU", "R. L. Whistler and W. C. Lake"}, {"AU", "Smith, John"},
                              {"AU", "Department of Health and Social Care"}}));
    CHECK(a.authors == std::vector<std::string>{"R. L. Whistler", "W. C. Lake", "Smith, John",
                                                "Department of Health and Social Care"});
    // A name under both AU and A1 is one author; repeated under one tag, two people sharing it.
    Record twice = map_record(ris({{"TI", "x"}, {"AU", "Wang, J."}, {"AU", "Li, X."}, {"AU", "Wang, J."},
                                  {"A1", "Li, X."}}));
    CHECK(twice.authors == std::vector<std::string>{"Wang, J.", "Li, X.", "Wang, J."});
    // Full names without initials: a list from three names on.
    Record full = map_record(ris({{"TI", "x"}, {"AU", "Tianxiao Shen, Tao Lei, Regina Barzilay, Hugo van der Berg"}}));
    CHECK(full.authors == std::vector<std::string>{"Tianxiao Shen", "Tao Lei", "Regina Barzilay", "Hugo van der Berg"});
    // Two such parts may be one person with two surnames; an affiliation or
    // a suffix keeps the value whole.
    for (const char* whole : {"Garcia Marquez, Gabriel Jose", "Sagi Katz, Ayellet Tal",
                              "Department of Medicine, University of Leeds, Leeds United Kingdom",
                              "Garcia Marquez, Gabriel Jose, Jr", "Smith, John, Paul Jones"})
        CHECK(map_record(ris({{"TI", "x"}, {"AU", whole}})).authors == std::vector<std::string>{whole});
}

TEST_CASE("MEDLINE and WoS records map through their own tags", "[map]") {
    Record m = map_record(ris({{"PMID", "123"}, {"TI", "Med title"}, {"FAU", "Smith, John"}, {"AU", "Smith J"},
                               {"DP", "2015 Jul"}, {"LID", "10.1000/med [doi]"}, {"MH", "Humans"}, {"JT", "Journal"}},
                              InputFormat::Medline));
    CHECK(m.pmid == "123");
    CHECK(m.authors == std::vector<std::string>{"Smith, John"});
    CHECK(m.year == 2015);
    CHECK(m.doi == "10.1000/med");
    CHECK(m.keywords == std::vector<std::string>{"Humans"});
    CHECK(m.type == "JOUR");
    Record pt = map_record(ris({{"PMID", "1"}, {"TI", "t"}, {"PT", "Journal Article"}, {"PT", "Review"}}, InputFormat::Medline));
    CHECK(pt.publication_types == std::vector<std::string>{"Journal Article", "Review"});
    Record w = map_record(ris({{"PT", "J"}, {"AU", "Smith, J"}, {"AF", "Smith, John"}, {"TI", "WoS title"},
                               {"SO", "SOURCE"}, {"DE", "a; b"}, {"PY", "2001"}, {"DI", "10.1000/W"}, {"UT", "WOS:1"}},
                              InputFormat::Wos));
    CHECK(w.type == "JOUR");
    CHECK(w.authors == std::vector<std::string>{"Smith, John"});
    CHECK(w.keywords == std::vector<std::string>{"a", "b"});
    CHECK(w.doi == "10.1000/w");
    CHECK(w.record_id == "WOS:1");
}

TEST_CASE("unknown tags are kept, and a record without title, abstract or author is not searchable", "[map]") {
    Record r = map_record(ris({{"TY", "JOUR"}, {"ZZ", "custom"}, {"PY", "2000"}}));
    REQUIRE(r.unknown.size() == 1);
    CHECK(r.unknown[0].tag == "ZZ");
    CHECK_FALSE(r.searchable());
}
