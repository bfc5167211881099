// MEDLINE fields through the real tools: an abbreviated page range, the
// journal abbreviation, a group author, editors in two forms and a
// translated title are indexed and exported to RIS as one would cite them,
// and a RIS copy giving only the abbreviation is its duplicate; a title
// with line breaks hidden in entities stays one line.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "e2e_support.h"

using namespace refdex::e2e;
using refdex::test::TempDir;
using refdex::test::write_file;

namespace {

// Modelled on PMID 8692918 (PNAS 1996;93(14):6913-7) and the CN, FED/ED
// and TT records of the shared corpus.
constexpr const char* kMedline =
    "PMID- 8692918\n"
    "OWN - NLM\n"
    "VI  - 93\n"
    "IP  - 14\n"
    "DP  - 1996 Jul 9\n"
    "TI  - The structure of bovine F1-ATPase complexed with the antibiotic inhibitor\n"
    "      aurovertin B.\n"
    "PG  - 6913-7\n"
    "FAU - van Raaij, M J\n"
    "AU  - van Raaij MJ\n"
    "FAU - Abrahams, J P\n"
    "AU  - Abrahams JP\n"
    "CN  - Pelvic Floor Disorders Network\n"
    "FED - Riegert-Johnson, Douglas L\n"
    "ED  - Riegert-Johnson DL\n"
    "LA  - eng\n"
    "PT  - Journal Article\n"
    "PT  - Review\n"
    "TA  - Proc Natl Acad Sci U S A\n"
    "JT  - Proceedings of the National Academy of Sciences of the United States of America\n"
    "TT  - Die Struktur der bovinen F1-ATPase mit dem Hemmstoff Aurovertin B.\n"
    "\n"
    "PMID- 2\n"
    "DP  - 2001\n"
    "TI  - A second article\n"
    "PG  - 24-8\n"
    "FAU - Smith, John\n"
    "AU  - Smith J\n"
    "JT  - Journal of Things\n";

// What refdex-query --format ris prints for `query`, as lines.
std::vector<std::string> ris_lines(const std::string& db, const std::string& query) {
    const CommandResult r = run_query(db, "--format ris " + q(query));
    REQUIRE(r.exit_code == 0);
    return lines(r.out);
}

std::size_t occurrences(const std::vector<std::string>& haystack, const std::string& line) {
    return static_cast<std::size_t>(std::count(haystack.begin(), haystack.end(), line));
}

struct MedlineIndex {
    TempDir dir;
    std::string db = dir / "db";
    MedlineIndex() {
        const std::string input = dir / "pubmed.nbib";
        write_file(input, kMedline);
        build_index(db, {input});
    }
};

}  // namespace

TEST_CASE("MEDLINE PG 6913-7 is exported as pages 6913 to 6917", "[e2e][medline]") {
    MedlineIndex index;
    const auto first = ris_lines(index.db, "pmid:8692918");
    CHECK(occurrences(first, "SP  - 6913") == 1);
    CHECK(occurrences(first, "EP  - 6917") == 1);
    const auto second = ris_lines(index.db, "pmid:2");
    CHECK(occurrences(second, "SP  - 24") == 1);
    CHECK(occurrences(second, "EP  - 28") == 1);
}

TEST_CASE("MEDLINE CN is a searchable author, exported and faceted whole", "[e2e][medline]") {
    MedlineIndex index;
    CHECK(count(index.db, "au:\"Pelvic Floor Disorders Network\"") == 1);
    const auto ris = ris_lines(index.db, "pmid:8692918");
    CHECK(occurrences(ris, "AU  - Pelvic Floor Disorders Network") == 1);
    const auto json = query_json(index.db, "--facet author " + q("pmid:8692918"));
    std::vector<std::string> authors;
    for (const auto& value : json.at("facets").at("author")) authors.push_back(value.at("value").get<std::string>());
    CHECK(std::count(authors.begin(), authors.end(), "Pelvic Floor Disorders Network") == 1);
    CHECK(std::count(authors.begin(), authors.end(), "Network P") == 0);
}

TEST_CASE("MEDLINE editors are exported once, in their full form", "[e2e][medline]") {
    MedlineIndex index;
    const auto ris = ris_lines(index.db, "pmid:8692918");
    CHECK(occurrences(ris, "A2  - Riegert-Johnson, Douglas L") == 1);
    CHECK(occurrences(ris, "A2  - Riegert-Johnson DL") == 0);
}

TEST_CASE("MEDLINE TT and TA are searched, TI stays the title", "[e2e][medline]") {
    MedlineIndex index;
    CHECK(count(index.db, "ti:hemmstoff") == 1);
    CHECK(count(index.db, "hemmstoff") == 1);
    CHECK(count(index.db, "ti:\"bovinen F1-ATPase\"") == 1);
    // No phrase runs from the title into the translated title.
    CHECK(count(index.db, "ti:\"aurovertin B die struktur\"") == 0);
    CHECK(count(index.db, "jo:\"Proc Natl Acad Sci U S A\"") == 1);
    CHECK(count(index.db, "journal:\"Proceedings of the National Academy of Sciences\"") == 1);
    const auto json = query_json(index.db, q("ti:hemmstoff"));
    REQUIRE(json.at("hits").size() == 1);
    CHECK(json.at("hits").at(0).at("title") ==
          "The structure of bovine F1-ATPase complexed with the antibiotic inhibitor aurovertin B.");
}

TEST_CASE("MEDLINE PT survives a RIS export and its indexing, as M3", "[e2e][medline]") {
    MedlineIndex index;
    CHECK(count(index.db, "type:review") == 1);
    const auto ris = ris_lines(index.db, "pmid:8692918");
    CHECK(occurrences(ris, "M3  - Review") == 1);
    const CommandResult exported = run_query(index.db, "--format ris -n 100 " + q("*"));
    REQUIRE(exported.exit_code == 0);
    const std::string copy = index.dir / "copy.ris";
    write_file(copy, exported.out);
    const std::string again = index.dir / "again";
    build_index(again, {copy});
    CHECK(count(again, "*") == 2);
    CHECK(count(again, "type:review") == 1);
    CHECK(count(again, "review[pt]") == 1);
    CHECK(count(again, "\"journal article\"[pt]") == count(index.db, "\"journal article\"[pt]"));
}

TEST_CASE("a RIS copy naming the journal by its abbreviation joins the MEDLINE record", "[e2e][medline][dedup]") {
    TempDir dir;
    const std::string nbib = dir / "pubmed.nbib";
    const std::string ris = dir / "embase.ris";
    write_file(nbib, kMedline);
    // The original-language title: only the place and the first author say
    // it is the same article, and the journal only by PubMed's TA.
    write_file(ris,
               "TY  - JOUR\nTI  - Die Struktur der bovinen F1-ATPase mit Aurovertin B\nAU  - van Raaij, M. J.\n"
               "PY  - 1996\nT2  - Proc Natl Acad Sci U S A\nVL  - 93\nSP  - 6913\nEP  - 6917\nER  - \n");
    const std::string db = dir / "db";
    build_index(db, {nbib, ris});
    CHECK(count(db, "au:raaij", "--all-duplicates") == 2);
    CHECK(count(db, "au:raaij") == 1);
}

TEST_CASE("line breaks written as entities in a RIS title become spaces", "[e2e][medline]") {
    TempDir dir;
    const std::string input = dir / "hostile.ris";
    write_file(input,
               "TY  - JOUR\nID  - T1\nTI  - Line one&#10;line two &#13;&#10; three\nAU  - Doe, Jane\n"
               "PY  - 2020\nT2  - Journal&#10;of Things\nER  - \n\n"
               "TY  - JOUR\nID  - T2\nTI  - Tab\there and NEL\xC2\x85there and LS\xE2\x80\xA8there\nAU  - Doe, Jane\n"
               "PY  - 2020\nER  - \n");
    const std::string db = dir / "db";
    build_index(db, {input});
    const auto json = query_json(db, "-n 10 --sort year " + q("doe"));
    REQUIRE(json.at("hits").size() == 2);
    std::vector<std::string> titles;
    for (const auto& hit : json.at("hits")) titles.push_back(hit.at("title").get<std::string>());
    std::sort(titles.begin(), titles.end());
    CHECK(titles == std::vector<std::string>{"Line one line two three", "Tab here and NEL there and LS there"});
    CHECK(json.at("hits").at(0).at("journal").get<std::string>().find('\n') == std::string::npos);
    // Text output: the title is one line of its own.
    const CommandResult text = run_query(db, "--format text --color never " + q("id:T1"));
    REQUIRE(text.exit_code == 0);
    const auto out = lines(text.out);
    CHECK(std::count_if(out.begin(), out.end(), [](const std::string& l) {
              return l.find("Line one line two three") != std::string::npos;
          }) == 1);
    CHECK(std::none_of(out.begin(), out.end(), [](const std::string& l) { return l.rfind("line two", 0) == 0; }));
}
