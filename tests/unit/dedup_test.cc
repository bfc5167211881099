// Duplicate detection: title normalisation, each rule and veto, clustering
// with not-duplicate decisions, and the pass over a real glass index.
#include <catch2/catch.hpp>

#include <algorithm>

#include "dedup_cluster.h"
#include "dedup_keys.h"
#include "dedup_decisions.h"
#include "dedup_pass.h"
#include "dedup_rules.h"
#include "document_builder.h"
#include "index_writer.h"
#include "schema.h"
#include "test_support.h"

using namespace refdex;

namespace {

DedupFields fields(const std::string& title, int year, const std::string& author = "", const std::string& doi = "") {
    DedupFields f;
    f.id = title + std::to_string(year) + author + doi;
    f.title = normalise_title(title);
    f.year = year;
    f.author = author;
    f.doi = doi;
    return f;
}

std::string rule(const DedupFields& a, const DedupFields& b) { return rule_name(match_rule(a, b)); }

// A work and a notice answering it (title_notice() read from its title) in
// one journal volume: the work on pages "from-to", the notice on one page.
struct WorkAndNotice {
    DedupFields work, notice;
    WorkAndNotice(const std::string& title, const std::string& notice_title, int year, const std::string& journal,
                  const std::string& volume, const std::string& pages, const std::string& notice_page)
        : work(fields(title, year)), notice(fields(notice_title, year)) {
        notice.notice = title_notice(notice_title);
        work.journal = notice.journal = normalise_journal(journal);
        work.volume = notice.volume = volume;
        const std::size_t dash = pages.find('-');
        work.page = pages.substr(0, dash);
        if (dash != std::string::npos) work.end_page = pages.substr(dash + 1);
        notice.page = notice_page;
    }
};

}  // namespace

TEST_CASE("normalised titles ignore case, accents, punctuation, markers and spelling", "[dedup]") {
    const std::string base = normalise_title("Efficacy of batroxobin for vascular cognitive impairment");
    CHECK(base == "efficacyofbatroxobinforvascularcognitiveimpairment");
    CHECK(normalise_title("EFFICACY of Batroxobin — for vascular cognitive impairment.") == base);
    CHECK(normalise_title("Efficacy of batroxobin for vascular cognitive impairment. [Chinese]") == base);
    CHECK(normalise_title("Efficacy of batroxobin for vascular cognitive impairment. [Review] [33 refs]") == base);
    CHECK(normalise_title("[Efficacy of batroxobin for vascular cognitive impairment]") == base);
    // A translated title bracketed whole behind a quote is the title, cut
    // off or not, never a marker to drop (it used to leave nothing).
    CHECK(normalise_title("\"[Efficacy of batroxobin for vascular cognitive impairment") == base);
    CHECK(normalise_title("\"[Efficacy of batroxobin for vascular cognitive impairment].") == base);
    CHECK(normalise_title("Efficacy of batroxobin for vascular cognitive impairment.[Erratum appears in") == base);
    // Ovid nests a note in the marker, and may cut a second marker off.
    CHECK(normalise_title("Efficacy of batroxobin for vascular cognitive impairment.[Erratum appears in J X. 2009;"
                          "9(9):2205 Note: Smith, P [added]].[Erratum") == base);
    CHECK(normalise_title("Efficacy of batroxobin [EVB] for vascular cognitive impairment") != base);
    CHECK(normalise_title("Hæmolytic uraemic syndrome") == normalise_title("Hemolytic uremic syndrome"));
    CHECK(normalise_title("TNF-α in sepsis") == normalise_title("TNF-alpha in sepsis"));
    CHECK(normalise_title("Cats & dogs") == normalise_title("Cats and dogs"));
    CHECK(normalise_title("Ünïcode") == "unicode");
    CHECK(normalise_title("") == "");
}

TEST_CASE("volumes and pages compare by their first number", "[dedup]") {
    CHECK(normalise_number("221-8") == "221");
    CHECK(normalise_number("0221") == "221");
    CHECK(normalise_number("59 (1 Supplement 1)") == "59");
    CHECK(normalise_number("Drug Discovery. 9") == "9");
    CHECK(normalise_number("S353") == "s353");
    CHECK(normalise_number("e494") == "e494");
    // A volume written with its issue is the volume: the digits apart are
    // two numbers, not "581".
    CHECK(normalise_number("58 (1)") == "58");
    CHECK(normalise_number("58(1)") == "58");
    CHECK(normalise_number("58 1") == "58");
    CHECK(normalise_number("58 (Suppl 1)") == "58");
    CHECK(normalise_number("58 (1-2)") == "58");
    CHECK(normalise_number("581") == "581");
    CHECK(normalise_number(" 58 ") == "58");
}

TEST_CASE("field values survive the value-slot encoding", "[dedup]") {
    DedupFields f = fields("A title", 2019, "smith", "10.1/x");
    f.initial = "j";
    f.journal = "nat rev nephrol";
    f.volume = "7";
    f.page = "23";
    f.pmid = "123";
    f.end_page = "30";
    f.venue = "j";
    f.notice = "e";
    f.review = "cd006828";
    f.retraction = "x";
    const DedupFields g = decode_dedup(encode_dedup(f));
    CHECK(encode_dedup(g) == encode_dedup(f));
    CHECK(g.end_page == "30");
    CHECK(g.venue == "j");
    CHECK(g.notice == "e");
    CHECK(g.review == "cd006828");
    CHECK(g.retraction == "x");
    CHECK(decode_dedup("garbage").id.empty());
    // An index written before end pages and venues were kept still reads.
    std::string old_value = "1";
    for (const char* part : {"id", "title", "smith", "j", "journal", "7", "23", "", "", "2019"})
        old_value.append(1, '\x1f').append(part);
    const DedupFields v1 = decode_dedup(old_value);
    CHECK(v1.id == "id");
    CHECK(v1.page == "23");
    CHECK(v1.end_page.empty());
    CHECK(v1.year == 2019);
    // Format 5, from before a record kept all its journal names: its one
    // name reads as a list of one, and it still joins.
    std::string v5_value = "5";
    for (const char* part : {"id", "title", "smith", "j", "nat rev nephrol", "7", "23", "", "", "30", "j", "", "", "",
                             "2019"})
        v5_value.append(1, '\x1f').append(part);
    const DedupFields v5 = decode_dedup(v5_value);
    CHECK(v5.journal == "nat rev nephrol");
    CHECK(v5.numbers.empty());
    CHECK(journals_compatible(v5.journal, "nature reviews nephrology|nat rev nephrol"));
    // Format 6, from before retraction notices were told apart: read as none.
    std::string v6_value = "6";
    for (const char* part : {"id", "retractiontitle", "smith", "j", "nat rev nephrol", "7", "23", "", "", "30", "j", "",
                             "", "1", "2019"})
        v6_value.append(1, '\x1f').append(part);
    const DedupFields v6 = decode_dedup(v6_value);
    CHECK(v6.id == "id");
    CHECK(v6.numbers == "1");
    CHECK(v6.retraction.empty());
    CHECK(v6.year == 2019);
    CHECK(encode_dedup(f).substr(0, 2) == "8\x1f");
}

TEST_CASE("end pages: abbreviated ranges expanded, one-page ranges dropped", "[dedup]") {
    CHECK(normalise_end_page("221", "8") == "228");
    CHECK(normalise_end_page("1324", "1327") == "1327");
    CHECK(normalise_end_page("99", "103") == "103");
    CHECK(normalise_end_page("1746", "1746") == "");
    CHECK(normalise_end_page("S33", "38") == "38");
    CHECK(normalise_end_page("12", "") == "");
}

TEST_CASE("blocking keys: exact title, title stem, volume and page", "[dedup]") {
    DedupFields f = fields("A fairly long title about randomized trials in stroke patients", 2019);
    f.volume = "7";
    f.page = "23";
    const auto keys = blocking_keys(f);
    REQUIRE(keys.size() == 4);
    CHECK(keys[0] == "t" + f.title);
    CHECK(keys[1] == "s" + f.title.substr(0, 40));
    CHECK(keys[2] == "e" + f.title.substr(f.title.size() - 40));
    CHECK(keys[3] == "p7/23");
    // A slip near the start of the title still shares the tail's key.
    const auto slipped = blocking_keys(fields("A fairly lung title about randomized trials in stroke patients", 2019));
    CHECK(std::find(slipped.begin(), slipped.end(), keys[2]) != slipped.end());
    CHECK(std::find(slipped.begin(), slipped.end(), keys[1]) == slipped.end());
}

TEST_CASE("DOI and PMID rules, vetoed by clearly different titles", "[dedup]") {
    CHECK(rule(fields("One title", 2019, "", "10.1/x"), fields("ONE TITLE", 2003, "", "10.1/x")) == "doi");
    DedupFields a = fields("One title", 2019), b = fields("One title.", 2019);
    a.pmid = b.pmid = "42";
    CHECK(rule(a, b) == "pmid");
    // A supplement's DOI shared by unrelated abstracts.
    CHECK(rule(fields("Liraglutide protects against atherosclerosis in mice", 2016, "", "10.1/supp"),
               fields("Vascular GLP-1 receptor expression is decreased in diabetes", 2016, "", "10.1/supp")) == "");
}

TEST_CASE("title rules need year within one and a second field", "[dedup]") {
    const std::string t = "Efficacy of batroxobin for vascular cognitive impairment";
    CHECK(rule(fields(t, 2010, "zhai"), fields(t + ".", 2011, "zhai")) == "title+year+author");
    CHECK(rule(fields(t, 2010, "zhai"), fields(t, 2012, "zhai")) == "");  // two years apart
    CHECK(rule(fields(t, 2010, "zhai"), fields(t, 0, "zhai")) == "");     // year unknown
    CHECK(rule(fields(t, 2010, "zhai"), fields(t, 2010, "yue")) == "");   // another first author, nothing else
    DedupFields a = fields(t, 2010, "zhai"), b = fields(t, 2010, "zhai");
    a.initial = "q";
    b.initial = "x";
    CHECK(rule(a, b) == "");  // Zhai Q. and Zhai X. are two people

    DedupFields j1 = fields(t, 2010), j2 = fields(t, 2010);
    j1.journal = normalise_journal("Nat Rev Nephrol");
    j2.journal = normalise_journal("Nature Reviews Nephrology");
    j1.volume = j2.volume = "7";
    CHECK(rule(j1, j2) == "title+year+journal+volume");

    DedupFields p1 = fields(t, 2010), p2 = fields(t, 2011);
    p1.page = p2.page = normalise_number("73-76");
    CHECK(rule(p1, p2) == "title+year+pages");
}

TEST_CASE("the DOI veto and the place veto stop title rules", "[dedup]") {
    const std::string t = "Efficacy of batroxobin for vascular cognitive impairment";
    CHECK(rule(fields(t, 2010, "zhai", "10.1/a"), fields(t, 2010, "zhai", "10.1/b")) == "");
    CHECK(rule(fields(t, 2010, "zhai", "10.1/a"), fields(t, 2010, "zhai")) == "title+year+author");
    DedupFields a = fields(t, 2010, "zhai"), b = fields(t, 2011, "zhai");
    a.volume = "55";
    b.volume = "56";  // the abstract and, a year later, the article
    CHECK(rule(a, b) == "");
}

TEST_CASE("a meeting paper and a later journal article of one title stay apart", "[dedup]") {
    const std::string t = "Cultural universality versus particularity in CMC";
    DedupFields talk = fields(t, 2003, "hermeking"), paper = fields(t, 2004, "hermeking");
    talk.venue.assign(1, 'm');  // assign(): GCC 12 warns falsely (-Wrestrict) on = "m" here
    paper.venue.assign(1, 'j');
    CHECK(rule(talk, paper) == "");
    talk.year = 2004;  // the same year is not vetoed
    CHECK(rule(talk, paper) == "title+year+author");
}

TEST_CASE("same journal volume, author and year join despite another first page", "[dedup]") {
    const std::string t = "Neurological involvement in a child with atypical hemolytic uremic syndrome";
    DedupFields a = fields(t, 2010, "koehl"), b = fields(t, 2010, "koehl");
    a.journal = b.journal = normalise_journal("Pediatric Nephrology");
    a.volume = b.volume = "25";
    a.page = "1875";
    b.page = "2539";
    CHECK(rule(a, b) == "title+year+journal+volume");
    b.year = 2011;  // a year apart, another page: the abstract and the article
    CHECK(rule(a, b) == "");
    b.year = 2010;
    b.author = "loirat";
    CHECK(rule(a, b) == "");
}

TEST_CASE("translated titles join on author, year, journal, volume and page range", "[dedup]") {
    DedupFields original = fields("Antibiotic prophylaxis in pulmonary surgery. A controlled double-blind study", 1994,
                                  "train");
    DedupFields translated = fields("[Comparison of amoxicillin and cefamandole in pulmonary surgery]", 1994, "train");
    original.journal = normalise_journal("Ann Fr Anesth Reanim");
    translated.journal = normalise_journal("Annales Francaises d Anesthesie et de Reanimation");
    original.volume = translated.volume = "13";
    original.page = translated.page = "280";
    original.end_page = translated.end_page = normalise_end_page("280", "284");
    CHECK(rule(original, translated) == "author+year+journal+volume+pages");
    // Two abstracts on one page of a meeting supplement have no page range.
    original.end_page = translated.end_page = "";
    CHECK(rule(original, translated) == "");
    original.end_page = translated.end_page = "284";
    translated.year = 1995;
    CHECK(rule(original, translated) == "");
}

TEST_CASE("nearly equal titles join only with the same volume and first page", "[dedup]") {
    DedupFields a = fields("Unilateral neglect in stroke: a comparative study of two scales", 2010);
    DedupFields b = fields("Unilateral neglect in stroke: a comparative study of two scale", 2010);
    CHECK(rule(a, b) == "");
    a.volume = b.volume = "12";
    a.page = b.page = "100";
    CHECK(rule(a, b) == "title~+year+volume+pages");
    // A letter and its reply share title, volume and page, not the author.
    a.author = "edey";
    b.author = "esmon";
    CHECK(rule(a, b) == "");
    CHECK(title_similarity("abcdefghijabcdefghijabcdefghij", "abcdefghijabcdefghijabcdefghijxyz") == 1.0);
    CHECK(title_similarity("abc", "xyz") == 0.0);
}

TEST_CASE("journal abbreviations are compatible with the full name", "[dedup]") {
    CHECK(journals_compatible(normalise_journal("JPEN. Journal of parenteral and enteral nutrition"),
                              normalise_journal("Jpen: Journal of Parenteral & Enteral Nutrition")));
    CHECK(journals_compatible("nat rev nephrol", "nature reviews nephrology"));
    CHECK(journals_compatible("pediatric nephrology", "pediatr nephrol"));
    CHECK(journals_compatible("pediatr nephrol", "pediatric nephrology"));
    CHECK_FALSE(journals_compatible("stroke", "cancer"));
}

TEST_CASE("a record's journal names: any of one compatible with any of the other", "[dedup][medline]") {
    const std::string pnas = "proceedings national academy sciences united states america|proc natl acad sci u s a";
    CHECK(journals_compatible(pnas, "proc natl acad sci u s a"));
    CHECK(journals_compatible("proc natl acad sci u s a", pnas));
    CHECK(journals_compatible(pnas, "proceedings national academy sciences"));
    CHECK(journals_compatible("j biol chem|journal biological chemistry", "stroke|j biol chem"));
    CHECK_FALSE(journals_compatible(pnas, "stroke|cancer"));
    CHECK_FALSE(journals_compatible("|", "|"));
    // The full name alone does not abbreviate to NLM's abbreviation ("natl").
    CHECK_FALSE(journals_compatible("proceedings national academy sciences united states america",
                                    "proc natl acad sci u s a"));
}

TEST_CASE("a MEDLINE record (JT and TA) and a RIS copy giving only the abbreviation join", "[dedup][medline]") {
    auto record = [](InputFormat format, std::initializer_list<std::pair<const char*, const char*>> tags) {
        RawRecord raw;
        raw.format = format;
        raw.source_file = format == InputFormat::Medline ? "m.nbib" : "r.ris";
        std::uint64_t line = 1;
        for (const auto& [tag, value] : tags) raw.fields.push_back({tag, value, line++});
        return map_record(raw);
    };
    const Record medline = record(InputFormat::Medline,
        {{"PMID", "8692918"}, {"DP", "1996 Jul 9"}, {"TI", "The structure of bovine F1-ATPase complexed with aurovertin B."},
         {"PG", "6913-7"}, {"FAU", "van Raaij, M J"}, {"AU", "van Raaij MJ"}, {"VI", "93"},
         {"TA", "Proc Natl Acad Sci U S A"},
         {"JT", "Proceedings of the National Academy of Sciences of the United States of America"}});
    // The copy gives the original-language title, so only the place and
    // the first author can join them.
    const Record ris = record(InputFormat::Ris,
        {{"TY", "JOUR"}, {"TI", "Die Struktur der bovinen F1-ATPase mit Aurovertin B"}, {"AU", "van Raaij, M. J."},
         {"PY", "1996"}, {"T2", "Proc Natl Acad Sci U S A"}, {"VL", "93"}, {"SP", "6913"}, {"EP", "6917"}});
    const DedupFields m = dedup_fields(medline, "m");
    CHECK(m.journal == "proceedings national academy sciences united states america|proc natl acad sci u s a");
    CHECK(m.end_page == "6917");
    CHECK(rule(m, dedup_fields(ris, "r")) == "author+year+journal+volume+pages");
    // Stored and read back, the names stay a list.
    CHECK(decode_dedup(encode_dedup(m)).journal == m.journal);
    CHECK(rule(decode_dedup(encode_dedup(m)), dedup_fields(ris, "r")) == "author+year+journal+volume+pages");
    // A name given twice (RIS JO and J2 alike once normalised) is kept once.
    const Record twice = record(InputFormat::Ris, {{"TI", "t"}, {"T2", "J Biol Chem"}, {"JO", "J. Biol. Chem."},
                                                   {"J2", "The Journal of Biological Chemistry"}});
    CHECK(journal_names(twice) == "j biol chem|journal biological chemistry");
}

TEST_CASE("clusters: strongest rules first, a DOI conflict or a not-duplicate decision splits", "[dedup]") {
    std::vector<DedupFields> nodes = {fields("x", 1, "", "10.1/a"), fields("x", 1), fields("x", 1, "", "10.1/b")};
    // 0~1 and 1~2 by title: a chain that would join two DOIs. The first
    // accepted edge wins; the other is refused.
    auto out = build_clusters(nodes, {{1, 2, 2}, {0, 1, 2}}, {});
    CHECK(out[0].root == 0);
    CHECK(out[1].root == 0);
    CHECK(out[1].rule == 2);
    CHECK(out[2].root == 2);
    CHECK(out[2].rule == kNoRule);

    std::vector<DedupFields> plain = {fields("x", 1), fields("x", 1), fields("x", 1)};
    auto joined = build_clusters(plain, {{0, 1, 2}, {1, 2, 0}, {0, 2, 4}}, {});
    CHECK(joined[2].root == 0);
    CHECK(joined[2].rule == 0);  // joined through 1 by the DOI rule, not by pages
    auto apart = build_clusters(plain, {{0, 1, 2}, {1, 2, 2}, {0, 2, 2}}, {{0, 2}});
    CHECK(apart[0].root == 0);
    CHECK(apart[1].root == 0);
    CHECK(apart[2].root == 2);
}

TEST_CASE("the pass clusters an index, records rules, and a second pass rewrites nothing", "[dedup][glass]") {
    test::TempDir dir;
    DocumentBuilder builder;
    IndexWriter writer(dir / "db", 100);
    auto write = [&](std::initializer_list<std::pair<const char*, const char*>> tags) {
        RawRecord raw;
        raw.source_file = "d.ris";
        for (const auto& [tag, value] : tags) raw.fields.push_back({tag, value, 1});
        BuiltDocument built = builder.build(raw, map_record(raw), record_id(raw, 0));
        const std::string id = built.id;
        writer.write(std::move(built));
        return id;
    };
    const std::string a = write({{"ID", "1"}, {"TI", "Aspirin for stroke"}, {"AU", "Smith, J."}, {"PY", "2019"}});
    const std::string b = write({{"ID", "2"}, {"TI", "ASPIRIN FOR STROKE."}, {"AU", "Smith, John"}, {"PY", "2020"}});
    const std::string c = write({{"ID", "3"}, {"TI", "Aspirin for stroke"}, {"AU", "Smith, J."}, {"PY", "2025"}});
    ClusterPassResult pass = writer.recluster();
    CHECK(pass.clusters == 1);
    REQUIRE(pass.clustered.count(b));
    CHECK(pass.clustered.at(b).cluster == a);
    CHECK(pass.clustered.at(b).rule == "title+year+author");
    CHECK(pass.clustered.at(a).rule == "");
    CHECK_FALSE(pass.clustered.count(c));
    CHECK(writer.recluster().rewritten == 0);

    CHECK(writer.add_not_duplicate("1", b));
    CHECK_FALSE(writer.add_not_duplicate(b, a));
    CHECK_THROWS_AS(writer.add_not_duplicate("no-such-id", a), NotDuplicateError);
    pass = writer.recluster();
    CHECK(pass.clusters == 0);
    CHECK(pass.rewritten == 2);  // b leaves; a keeps its id and empty rule but loses its member mark
    CHECK(writer.recluster().rewritten == 0);
}

TEST_CASE("notice markers: errata and replies are recognised and dropped from the title", "[dedup]") {
    const std::string t = "Eculizumab for atypical hemolytic-uremic syndrome";
    const std::string base = normalise_title(t);
    for (const char* notice : {"Erratum: Eculizumab for atypical hemolytic-uremic syndrome",
                               "Correction to: Eculizumab for atypical hemolytic-uremic syndrome",
                               "Erratum for \"Eculizumab for atypical hemolytic-uremic syndrome\"",
                               "Corrigendum to \"Eculizumab for atypical hemolytic-uremic syndrome\"",
                               "Eculizumab for atypical hemolytic-uremic syndrome: Erratum",
                               "\"Eculizumab for atypical hemolytic-uremic syndrome\": Correction",
                               "Eculizumab for Atypical Hemolytic-Uremic Syndrome (vol 360, pg 542, 2009)",
                               "Eculizumab for atypical hemolytic-uremic syndrome (New England Journal of Medicine "
                               "(2009) 360 (542-544))"}) {
        CAPTURE(notice);
        CHECK(normalise_title(notice) == base);
        CHECK(title_notice(notice) == "e");
    }
    for (const char* reply : {"Eculizumab for atypical hemolytic-uremic syndrome - Reply",
                              "Eculizumab for atypical hemolytic-uremic syndrome \xe2\x80\x93 reply",
                              "Reply: Eculizumab for atypical hemolytic-uremic syndrome",
                              "Eculizumab for atypical hemolytic-uremic syndrome (multiple letters) [1]"}) {
        CAPTURE(reply);
        CHECK(normalise_title(reply) == base);
        CHECK(title_notice(reply) == "r");
    }
    // The article itself, with MEDLINE's note that an erratum exists, and
    // titles that merely contain the words.
    CHECK(title_notice(t + ".[Erratum appears in N Engl J Med. 2009 Jun 4;360(23):2487]").empty());
    CHECK(title_notice("Correction of post-stroke cognitive impairments using computer programs").empty());
    // A hyphen inside a compound word is no separator.
    CHECK(title_notice("Display calibration by gamma-correction").empty());
    CHECK(normalise_title("Display calibration by gamma-correction") == normalise_title("Display calibration by gamma correction"));
    CHECK(title_notice("Eculizumab for atypical hemolytic-uremic syndrome -Reply") == "r");
    CHECK(title_notice("Response to radiofrequency ablation of pulmonary tumours").empty());
    CHECK(title_notice("Outcomes in children (aged 2-5 (1999) cohort)").empty());
    CHECK(title_notice("Outcomes of the Oslo cohort (Oslo (1999) 12 (3))") == "e");
    CHECK(normalise_title("Survival after stroke (vol 3)") != normalise_title("Survival after stroke"));
}

TEST_CASE("an erratum joins its article in the same journal despite its own pages and DOI", "[dedup]") {
    const std::string t = "Gain-of-function mutations in complement factor B are associated with aHUS";
    WorkAndNotice pair(t, "Erratum: " + t, 2007, "Pediatric Nephrology", "104", "240-245", "19");
    DedupFields& article = pair.work;
    DedupFields& erratum = pair.notice;
    article.author = "goicoecheade";
    article.doi = "10.1073/pnas.0603420103";
    erratum.author = "dejorge";
    erratum.doi = "10.1073/pnas.0708110104";
    erratum.journal = normalise_journal("Pediatr Nephrol");
    CHECK(rule(article, erratum) == "erratum+title+year+journal");
    erratum.year = 2008;  // the next year's volume
    CHECK(rule(article, erratum) == "erratum+title+year+journal");
    erratum.year = 2010;
    CHECK(rule(article, erratum) == "");
    erratum.year = 2007;
    erratum.journal = normalise_journal("Blood");
    CHECK(rule(article, erratum) == "");
    erratum.journal = article.journal;
    erratum.notice.clear();  // without the marker, its own DOI says it is another work
    CHECK(rule(article, erratum) == "");

    // The cluster keeps the article's DOI only and is named after the
    // article even when the erratum was indexed first.
    erratum.notice = "e";
    DedupFields copy = fields(t, 2007, "goicoecheade", "10.1073/pnas.0603420103");
    const int erratum_rule = static_cast<int>(
        std::find(kRuleNames.begin(), kRuleNames.end(), std::string_view(schema::kRuleErratum)) - kRuleNames.begin());
    REQUIRE(rule_name(erratum_rule) == std::string(schema::kRuleErratum));
    auto out = build_clusters({erratum, article, copy}, {{0, 1, erratum_rule}, {1, 2, 0}}, {});
    CHECK(out[0].root == 1);
    CHECK(out[1].root == 1);
    CHECK(out[1].rule == kNoRule);
    CHECK(out[2].root == 1);
    CHECK(out[0].rule == erratum_rule);
}

TEST_CASE("a reply joins the letter in the same journal and volume", "[dedup]") {
    const std::string t = "Atypical hemolytic uremic syndrome associated with group A streptococcus";
    WorkAndNotice pair(t, t + " - Reply", 2004, "Pediatric Nephrology", "19", "943", "945");
    DedupFields& letter = pair.work;
    DedupFields& reply = pair.notice;
    letter.author = "yildiz";
    reply.author = "shepherd";
    CHECK(rule(letter, reply) == "reply+title+year+journal+volume");
    reply.volume = "20";
    CHECK(rule(letter, reply) == "");
}

TEST_CASE("a retraction notice joins nothing but copies of itself, not even through an erratum", "[dedup]") {
    const std::string t = "Effects of aerobic exercise on depressive symptoms in older adults";
    auto record = [](const std::string& title, int year, const std::string& volume, const std::string& pages) {
        Record r;
        r.type = "JOUR";
        r.title = title;
        r.authors = {"Lee, S."};
        r.journal = "J Geriatr Psychiatry";
        r.year = year;
        r.volume = volume;
        const std::size_t dash = pages.find('-');
        r.start_page = pages.substr(0, dash);
        if (dash != std::string::npos) r.end_page = pages.substr(dash + 1);
        return r;
    };
    // Marked by a separator, not by a compound word.
    CHECK(retraction_notice(record(t + " - Retraction", 2020, "14", "1")));
    CHECK_FALSE(retraction_notice(record("Platelet aggregation and clot-retraction in dogs", 2020, "14", "1")));
    CHECK_FALSE(retraction_notice(record("Scapular retraction", 2020, "14", "1")));
    Record article_record = record(t, 2019, "12", "100-110");
    article_record.doi = "10.1000/jgp.2019.1";
    const DedupFields article = dedup_fields(article_record, "a");
    const DedupFields erratum = dedup_fields(record("Erratum: " + t, 2020, "13", "5"), "e");
    const DedupFields retraction = dedup_fields(record("Retraction: " + t, 2020, "14", "1"), "x");
    REQUIRE(rule(article, erratum) == schema::kRuleErratum);
    CHECK(title_notice("Retraction: " + t).empty());  // not a notice: never joins by the notice rules
    for (const NoticePolicy policy : {NoticePolicy::join, NoticePolicy::apart}) {
        CHECK(match_rule(retraction, erratum, policy) == kNoRule);
        CHECK(match_rule(erratum, retraction, policy) == kNoRule);
        CHECK(match_rule(retraction, article, policy) == kNoRule);
    }
    // Not even in the article's own volume and pages, under its DOI.
    Record in_place = record("Retraction: " + t, 2019, "12", "100-110");
    in_place.doi = article_record.doi;
    CHECK(rule(article, dedup_fields(in_place, "x2")) == "");
    // Every way databases mark one is a retraction, and its copies join.
    for (const std::string& copy :
         {"Retraction note: " + t, "Retraction notice to \"" + t + "\" [J Geriatr Psychiatry 12 (2019) 100-110]",
          "Notice of retraction: " + t, t + ": Retraction", t + " (Retraction of vol 12, pg 100, 2019)"}) {
        CAPTURE(copy);
        const DedupFields f = dedup_fields(record(copy, 2020, "14", "1"), "x3");
        CHECK(f.title == article.title);
        CHECK(rule(f, retraction) != "");
        CHECK(rule(f, article) == "");
        CHECK(rule(f, erratum) == "");
    }
    // MEDLINE says so in PT, whatever the title.
    Record medline = record(t, 2020, "14", "1");
    medline.publication_types = {"Retraction of Publication", "Journal Article"};
    CHECK(rule(dedup_fields(medline, "m"), article) == "");
    CHECK(rule(dedup_fields(medline, "m"), retraction) != "");
    // The retracted article itself is the work: it still joins its copies.
    Record retracted = article_record;
    retracted.publication_types = {"Journal Article", "Retracted Publication"};
    CHECK(rule(dedup_fields(retracted, "r"), article) == "doi");
    // Marked in its title, it is still the work, and joins its unmarked copy
    // without a shared identifier.
    Record no_doi = record(t, 2019, "12", "100-110");
    for (const std::string& marked : {"RETRACTED: " + t, "Retracted article: " + t,
                                      t + " (Retracted article. See vol 14, pg 1, 2020)", t + " (Retracted Article)"}) {
        CAPTURE(marked);
        CHECK(normalise_title(marked) == normalise_title(t));
        CHECK_FALSE(retraction_notice(record(marked, 2019, "12", "100-110")));
        CHECK(rule(dedup_fields(record(marked, 2019, "12", "100-110"), "rm"), dedup_fields(no_doi, "a2")) != "");
    }
    // A title that only speaks of retracted things keeps its words.
    CHECK(normalise_title("Retracted papers in anaesthesia (2000-2020)") != normalise_title("papers in anaesthesia"));
    // Words that merely name a retraction do not make one.
    Record gingival = record("Retraction of the gingiva before impression taking", 2019, "12", "100-110");
    CHECK(rule(dedup_fields(gingival, "g1"), dedup_fields(gingival, "g2")) != "");
    CHECK(normalise_title("Gingival retraction: a review") != normalise_title("a review"));
}

TEST_CASE("an erratum and a reply are different notices: they join only through the work they answer", "[dedup]") {
    const std::string t = "Effects of aerobic exercise on depressive symptoms in older adults";
    WorkAndNotice erratum(t, "Erratum: " + t, 2020, "J Geriatr Psychiatry", "12", "100-110", "5");
    WorkAndNotice reply(t, t + " - Reply", 2019, "J Geriatr Psychiatry", "12", "100-110", "7");
    erratum.notice.author = "lee";
    erratum.notice.volume = "13";
    reply.notice.author = "kim";
    REQUIRE(erratum.notice.notice == "e");
    REQUIRE(reply.notice.notice == "r");
    for (const NoticePolicy policy : {NoticePolicy::join, NoticePolicy::apart}) {
        CHECK(match_rule(erratum.notice, reply.notice, policy) == kNoRule);
        CHECK(match_rule(reply.notice, erratum.notice, policy) == kNoRule);
        // Even in the same volume, and with one first author.
        DedupFields same_place = reply.notice;
        same_place.volume = "13";
        same_place.author = "lee";
        CHECK(match_rule(erratum.notice, same_place, policy) == kNoRule);
    }
    // Each still joins the work it answers (under join), so the three are
    // one cluster through it.
    CHECK(rule(erratum.work, erratum.notice) == schema::kRuleErratum);
    CHECK(rule(reply.work, reply.notice) == schema::kRuleReply);
    // Copies of one notice still join, kept apart or not.
    DedupFields copy = erratum.notice;
    copy.page.clear();
    CHECK(match_rule(erratum.notice, copy, NoticePolicy::apart) != kNoRule);
}

TEST_CASE("first pages agree with a journal's letter prefix or overlapping ranges", "[dedup]") {
    const std::string t = "Haemolytic uraemic syndrome";
    DedupFields a = fields(t, 2011, "kavanagh"), b = fields(t, 2010, "kavanagh");
    a.volume = b.volume = "118";
    a.page = normalise_number("c37");
    b.page = normalise_number("37");
    CHECK(rule(a, b) == "title+year+author");
    b.page = "38";
    CHECK(rule(a, b) == "");
    // Ranges that overlap are one article with a slip in the first page.
    a.page = "2141";
    a.end_page = "2147";
    b.page = "2142";
    b.end_page = "2147";
    CHECK(rule(a, b) == "title+year+author");
    b.page = "2148";
    b.end_page = "2150";
    CHECK(rule(a, b) == "");
    // A one-page item in the article's volume and journal, its author
    // written another way: an erratum without a marker.
    WorkAndNotice pair(t, t, 2009, "American Journal of Transplantation", "9", "1223-1229", "2205");
    DedupFields& article = pair.work;
    DedupFields& notice = pair.notice;
    article.author = "quintrec";
    notice.author = "lequintrec";
    CHECK(notice.notice.empty());
    CHECK(rule(article, notice) == "title+year+journal+volume");
    notice.end_page = "2210";
    CHECK(rule(article, notice) == "");
}

TEST_CASE("with notices kept apart no rule joins a notice with a work", "[dedup]") {
    const std::string t = "Eculizumab for atypical hemolytic-uremic syndrome";
    WorkAndNotice pair(t, t + " (vol 360, pg 542, 2009)", 2009, "New England Journal of Medicine", "360", "542-544",
                       "2487");
    DedupFields& article = pair.work;
    DedupFields& erratum = pair.notice;
    CHECK(match_rule(article, erratum, NoticePolicy::join) != kNoRule);
    CHECK(match_rule(article, erratum, NoticePolicy::apart) == kNoRule);
    // Two copies of the notice are still one record.
    DedupFields copy = erratum;
    copy.author.clear();
    CHECK(match_rule(erratum, copy, NoticePolicy::apart) != kNoRule);
    // An unmarked one-page notice stays apart too.
    DedupFields unmarked = fields(t, 2009, "philipp");
    unmarked.journal = article.journal;
    unmarked.volume = "360";
    unmarked.page = "2487";
    CHECK(match_rule(article, unmarked, NoticePolicy::join) != kNoRule);
    CHECK(match_rule(article, unmarked, NoticePolicy::apart) == kNoRule);
}

TEST_CASE("first authors agree across particles and suffixes run into the surname", "[dedup]") {
    const std::string t = "Visual scanning training for neglect after stroke";
    DedupFields a = fields(t, 2013, "vankessel"), b = fields(t, 2013, "kessel");
    a.initial = b.initial = "m";
    CHECK(rule(a, b) == "title+year+author");
    b.author = "lynchjr";
    a.author = "lynch";
    CHECK(rule(a, b) == "title+year+author");
    // The looser form needs the initials: without them, or with two, no.
    b.initial = "t";
    CHECK(rule(a, b) == "");
    a.initial = b.initial = "";
    CHECK(rule(a, b) == "");
    // Too short a surname to be found inside another by chance.
    a.author = "li";
    b.author = "lizhang";
    a.initial = b.initial = "x";
    CHECK(rule(a, b) == "");
}

TEST_CASE("a section heading before the title: same page range, first author written another way", "[dedup]") {
    DedupFields a = fields("Can liver-kidney transplantation cure aHUS?", 2009, "ilcheong");
    DedupFields b = fields("Thrombotic microangiopathy: can liver-kidney transplantation cure aHUS?", 2009, "cheong");
    a.initial = "h";
    b.initial = "i";
    a.volume = b.volume = "15";  // Nat Rev Nephrol 5:556-557, in a later volume here
    a.page = b.page = "556";
    a.end_page = b.end_page = "557";
    CHECK(title_similarity(a.title, b.title) == 1.0);
    CHECK(rule(a, b) == "title~+year+volume+pages");
    // Only the first page in common: the authors must not conflict.
    b.end_page = "";
    CHECK(rule(a, b) == "");
}

TEST_CASE("a record without a volume is not placed by its pages", "[dedup]") {
    const std::string t = "Management of peripancreatic fluid collections following partial pancreatectomy";
    DedupFields online = fields(t, 2013, "kwon"), print = fields(t, 2013, "kwon");
    online.page = normalise_number("01-Jun");  // the online-first "1-6", mangled by a spreadsheet
    CHECK(online.page == "1");
    print.volume = "27";
    print.page = "2422";
    CHECK(rule(online, print) == "title+year+author");
    // With a volume on both sides, another first page is another article.
    online.volume = "27";
    CHECK(rule(online, print) == "");
}

TEST_CASE("a volume without a digit, and a structured-abstract suffix, are ignored", "[dedup]") {
    Record thesis;
    thesis.title = "An intelligent rehabilitation system for cognitive rehabilitation";
    thesis.volume = "Ph.D.";
    thesis.start_page = "215 p";
    thesis.year = 2011;
    thesis.authors = {"Yip, Chi Bun"};
    Record abstracted = thesis;
    abstracted.volume = "73";
    abstracted.start_page = "1524";
    abstracted.year = 2012;
    const DedupFields a = dedup_fields(thesis, "a"), b = dedup_fields(abstracted, "b");
    CHECK(a.volume.empty());
    CHECK(rule(a, b) == "title+year+author");
    CHECK(normalise_title("Cost-effectiveness of cytology screening in Colombia (Structured abstract)") ==
          normalise_title("Cost-effectiveness of cytology screening in Colombia"));
    CHECK(normalise_title("Screening in Colombia (provisional abstract)") == normalise_title("Screening in Colombia"));
    CHECK(normalise_title("Screening in Colombia (a structured review)") != normalise_title("Screening in Colombia"));
}

TEST_CASE("without pages, a typing slip in the title joins in the same journal volume", "[dedup]") {
    DedupFields a = fields("Safety & efficacy of eculizamab in aHUS patients resistant to plasma therapy", 2011,
                           "legendre");
    DedupFields b = fields("Safety & Efficacy of Eculizumab in aHUS Patients Resistant to Plasma Therapy", 2010,
                           "legendre");
    a.journal = b.journal = normalise_journal("J Am Soc Nephrol");
    a.volume = b.volume = "21";
    CHECK(rule(a, b) == "title~+year+author+journal+volume");
    // Two trials a word apart are not a slip.
    DedupFields c = fields("Safety & efficacy of eculizumab in aHUS patients sensitive to plasma therapy", 2011,
                           "legendre");
    c.journal = a.journal;
    c.volume = "21";
    CHECK(rule(b, c) == "");
    // Nor is it without the volume, or with another first author.
    b.volume = "";
    CHECK(rule(a, b) == "");
    b.volume = "21";
    b.author = "babu";
    CHECK(rule(a, b) == "");
}

TEST_CASE("versions of one Cochrane review join on the review number, whatever their years", "[dedup]") {
    CHECK(cochrane_review_number("10.1002/14651858.cd006828.pub2", "") == "cd006828");
    CHECK(cochrane_review_number("10.1002/14651858.cd006828", "") == "cd006828");
    CHECK(cochrane_review_number("", "CD006828") == "cd006828");
    CHECK(cochrane_review_number("", " cd006273") == "cd006273");
    CHECK(cochrane_review_number("", "CD00682") == "");       // five digits: not a review number
    CHECK(cochrane_review_number("", "CD0068281") == "");     // seven
    CHECK(cochrane_review_number("10.1016/j.x.2019.cd006828", "1218") == "");
    CHECK(cochrane_review_number("", "1218") == "");

    // The 2008 review and its 2012 update as CDSR exports give them: the
    // number in the first page's place, the update with one author more.
    Record review;
    review.title = "Treatment for POEMS (polyneuropathy, organomegaly, endocrinopathy, M-protein, and skin changes) syndrome";
    review.authors = {"Kuwabara, Satoshi", "Dispenzieri, Angela"};
    review.journal = "Cochrane Database of Systematic Reviews";
    review.year = 2008;
    review.start_page = "CD006828";
    Record update = review;
    update.year = 2012;
    update.volume = "6";
    update.authors.push_back("Nakaseko, Chiaki");
    const DedupFields a = dedup_fields(review, "a"), b = dedup_fields(update, "b");
    CHECK(a.review == "cd006828");
    CHECK(rule(a, b) == "cochrane-review");
    const auto keys = blocking_keys(a);
    CHECK(std::find(keys.begin(), keys.end(), "ccd006828") != keys.end());

    // Retitled between versions, same first author: still one review.
    Record retitled = review;
    retitled.title = "Medically assisted hydration for adult palliative care patients";
    Record renamed = retitled;
    renamed.title = "Medically assisted hydration for palliative care patients";
    renamed.year = 2014;
    CHECK(rule(dedup_fields(retitled, "c"), dedup_fields(renamed, "d")) == "cochrane-review");
    // Another first author and another title: a number alone may be a slip.
    renamed.authors = {"Good, Phillip"};
    renamed.title = "Hydration at the end of life";
    CHECK(rule(dedup_fields(retitled, "c"), dedup_fields(renamed, "d")) == "");

    // The versions' DOIs differ only by ".pubN": compared without it they
    // no longer veto each other.
    review.doi = "10.1002/14651858.cd006828";
    update.doi = "10.1002/14651858.cd006828.pub2";
    const DedupFields c = dedup_fields(review, "a"), d = dedup_fields(update, "b");
    CHECK(c.doi == d.doi);
    CHECK(rule(c, d) == "doi");
    // Two review numbers are two reviews, even with one title and author.
    Record other = update;
    other.doi.clear();
    other.start_page = "CD001234";
    other.year = 2008;
    CHECK(rule(dedup_fields(review, "a"), dedup_fields(other, "e")) == "");
}

TEST_CASE("title numbers: words of digits, Roman numerals after a counting word, markers left out", "[dedup]") {
    CHECK(title_numbers("Outcomes in type 1 diabetes: Part II") == "1,2");
    CHECK(title_numbers("Outcomes in type I diabetes: part 2") == "1,2");
    CHECK(title_numbers("A phase-3 trial in 10,000 patients. [Review] [33 refs]") == "3,10000");
    CHECK(title_numbers("p16(INK4a) and 5-HT2A in HPV16") == "5");  // digits inside a word name a thing
    CHECK(title_numbers("I was there, vi and part iiii") == "");      // no counting word, no canonical numeral
    CHECK(title_numbers("Stage 04 cancer") == "4");
    // The value slot keeps them; an index written before they existed says "unknown".
    DedupFields f = fields("Part 2", 2001);
    f.numbers = "2";
    CHECK(decode_dedup(encode_dedup(f)).numbers == "2");
}

TEST_CASE("titles a letter apart that name other numbers are other works", "[dedup]") {
    auto numbered = [](const std::string& title) {
        DedupFields f = fields(title, 2012, "schuett");
        f.initial.assign(1, 's');  // assign(): GCC 12 warns falsely on = "s" here
        f.numbers = title_numbers(title);
        f.journal = normalise_journal("Diabetes Care");
        f.volume = "35";
        return f;
    };
    const std::string t = "Cardiovascular outcomes of intensive glucose lowering in adults with type ";
    CHECK(rule(numbered(t + "1 diabetes mellitus"), numbered(t + "2 diabetes mellitus")) == "");
    CHECK(rule(numbered(t + "1 diabetes mellitus"), numbered(t + "I diabetes mellitus")) ==
          "title~+year+author+journal+volume");
    CHECK(rule(numbered("Rehabilitation of neglect after stroke: Part 1"),
               numbered("Rehabilitation of neglect after stroke: Part 2")) == "");
    // As many numbers on both sides, or no veto: "HPV16/18" and "HPV 16/18" are one title.
    DedupFields a = numbered("Persistent infections as surrogate endpoints (non-HPV16/18) prophylactic vaccines");
    DedupFields b = numbered("Persistent infections as surrogate endpoints (non-HPV 16/18) prophylactic vaccine");
    a.page = b.page = "17";
    CHECK(rule(a, b) == "title~+year+volume+pages");
    // An index from before numbers were kept compares titles as it did.
    DedupFields old1 = numbered(t + "1 diabetes mellitus"), old2 = numbered(t + "2 diabetes mellitus");
    old1.numbers = old2.numbers = "?";
    CHECK(rule(old1, old2) == "title~+year+author+journal+volume");
}

TEST_CASE("a generic title joins only with the journal and the author or the place", "[dedup]") {
    auto record = [](const std::string& title, const std::string& author, const std::string& journal,
                     const std::string& volume, const std::string& page) {
        DedupFields f = fields(title, 2012, author);
        f.journal = normalise_journal(journal);
        f.volume = volume;
        f.page = page;
        return f;
    };
    // Different journals, different authors, same volume and page number.
    CHECK(rule(record("Introduction", "smith", "Stroke", "43", "1"), record("Introduction", "jones", "Neurology", "43", "1")) ==
          "");
    CHECK(rule(record("Introduction", "", "Stroke", "43", "1"), record("Introduction", "", "Neurology", "", "1")) == "");
    // Two letters called "Reply" in one volume by different authors.
    CHECK(rule(record("Reply", "smith", "N Engl J Med", "366", ""), record("Reply", "jones", "N Engl J Med", "366", "")) == "");
    // The same author's "In reply" in two journals.
    CHECK(rule(record("In reply", "smith", "Stroke", "", ""), record("In reply", "smith", "Neurology", "", "")) == "");
    // One editorial from two databases still joins.
    CHECK(rule(record("Editorial", "smith", "Stroke", "43", "1"), record("Editorial", "smith", "Stroke", "43", "1")) ==
          "title+year+author");
    CHECK(rule(record("Editorial", "", "Stroke", "43", "1"), record("Editorial", "smith", "Stroke", "43", "1")) ==
          "title+year+journal+volume");
}

TEST_CASE("an erratum joins the work it names, never by a title rule, and never bridges two works", "[dedup]") {
    const std::string t = "Effect of aspirin on the risk of first ischaemic stroke in ";
    WorkAndNotice women(t + "women", "Erratum: " + t + "women", 2012, "Stroke", "43", "200-210", "2000");
    WorkAndNotice men(t + "men", "Erratum: " + t + "men", 2012, "Stroke", "43", "100-110", "2000");
    for (DedupFields* f : {&women.work, &women.notice, &men.work}) f->author = "schuett";
    // Joined by the notice rule, so PRISMA counts it as a notice, not a duplicate.
    CHECK(rule(women.work, women.notice) == "erratum+title+year+journal");
    CHECK(distinct_works(men.work, women.work));
    CHECK_FALSE(distinct_works(men.work, women.notice));
    // The erratum is near both titles: it joins "women", and "men" stays out.
    const int erratum_rule = static_cast<int>(
        std::find(kRuleNames.begin(), kRuleNames.end(), std::string_view(schema::kRuleErratum)) - kRuleNames.begin());
    REQUIRE(rule(men.work, women.notice) == schema::kRuleErratum);
    auto out = build_clusters({men.work, women.work, women.notice}, {{0, 2, erratum_rule}, {1, 2, erratum_rule}}, {});
    CHECK(out[2].root == 1);
    CHECK(out[0].root == 0);
    // With identifiers, too: the exact title goes first, the other DOI keeps "men" out.
    men.work.doi = "10.1/men";
    women.work.doi = "10.1/women";
    out = build_clusters({men.work, women.work, women.notice}, {{0, 2, erratum_rule}, {1, 2, erratum_rule}}, {});
    CHECK(out[2].root == 1);
    CHECK(out[0].root == 0);
}

TEST_CASE("title marks: letters, numbered letters, acronyms and contrast words", "[dedup]") {
    CHECK(title_numbers("Hepatitis B in rural men: Part IIa") == ";b,sex=m,2a");
    CHECK(title_numbers("A trial of type A botulinum toxin in HBV carriers, stage 1b") == ";a,hbv,1b");
    CHECK(title_numbers("Women's health: a view of the use of X") == ";sex=f,x");  // "s", the article, words
    CHECK(title_numbers("Outcomes in males and in boys") == ";sex=m,sex=m");
    // An index from before marks were kept reads its numbers as they were.
    DedupFields f = fields("Part 2", 2001);
    f.numbers = "2;b";
    CHECK(decode_dedup(encode_dedup(f)).numbers == "2;b");
}

TEST_CASE("titles a word apart where that word names another thing are other works", "[dedup]") {
    auto marked = [](const std::string& title, const std::string& page = "") {
        DedupFields f = fields(title, 2021, "mensah");
        f.initial.assign(1, 'k');  // assign(): GCC 12 warns falsely on = "k" here
        f.numbers = title_numbers(title);
        f.journal = normalise_journal("BMC Infectious Diseases");
        f.volume = "21";
        f.page = page;
        return f;
    };
    const std::string t = "Prevalence of hypertension and associated risk factors among rural ";
    CHECK(rule(marked(t + "men in northern Ghana"), marked(t + "women in northern Ghana")) == "");
    CHECK(distinct_works(marked(t + "men in northern Ghana"), marked(t + "women in northern Ghana")));
    const std::string h = " virus infection among pregnant women attending antenatal clinics in Ghana";
    CHECK(rule(marked("Prevalence of hepatitis B" + h, "s45"), marked("Prevalence of hepatitis C" + h, "s45")) == "");
    CHECK(rule(marked("Prevalence of HBV" + h, "s45"), marked("Prevalence of HCV" + h, "s45")) == "");
    const std::string g = "Guidelines for the management of community-acquired pneumonia in adults: Part ";
    CHECK(rule(marked(g + "A"), marked(g + "B")) == "");
    const std::string v = "Safety and immunogenicity of a malaria vaccine candidate: a phase ";
    CHECK(rule(marked(v + "IIa trial in Ghanaian adults"), marked(v + "IIb trial in Ghanaian adults")) == "");
    CHECK(rule(marked(v + "1a trial in Ghanaian adults"), marked(v + "1b trial in Ghanaian adults")) == "");
    const std::string c = "Outcomes of kidney injury in critically ill patients: a prospective cohort study of ";
    CHECK(rule(marked(c + "acute disease", "7"), marked(c + "chronic disease", "7")) == "");
    // Still one work: the same mark written another way, a mark only one
    // side has, a typing slip elsewhere.
    CHECK(rule(marked(v + "IIa trial in Ghanaian adults"), marked(v + "2a trial in Ghanaian adults")) ==
          "title~+year+author+journal+volume");
    CHECK(rule(marked("Prevalence of hepatitis B" + h, "s45"), marked("Prevalence of hepatitis B (HBV)" + h, "s45")) ==
          "title~+year+volume+pages");
    CHECK(rule(marked(t + "men in northern Ghana", "7"), marked(t + "males in northern Ghana", "7")) ==
          "title~+year+volume+pages");
    CHECK(rule(marked(g + "A"), marked("Guidelines for the managment of community-acquired pneumonia in adults: Part A")) ==
          "title~+year+author+journal+volume");
    // An index from before marks were kept compares titles as it did.
    DedupFields old1 = marked(g + "A"), old2 = marked(g + "B");
    old1.numbers = old2.numbers = "";
    CHECK(rule(old1, old2) == "title~+year+author+journal+volume");
}

TEST_CASE("series titles (Correction, Obituary, Author index...) in other issues stay apart; short titles need a place", "[dedup]") {
    auto record = [](const std::string& title, const std::string& journal, const std::string& volume,
                     const std::string& page) {
        DedupFields f = fields(title, 2019, "brown");
        f.initial.assign(1, 'k');  // assign(): GCC 12 warns falsely on = "k" here
        f.journal = normalise_journal(journal);
        f.volume = volume;
        f.page = page;
        return f;
    };
    for (const char* title : {"Correction", "Erratum", "Corrigendum", "Obituary", "In memoriam", "Author index",
                              "Acknowledgement to reviewers", "Poster session", "Poster sessions"}) {
        INFO(title);
        CHECK(rule(record(title, "Nursing Times", "30", "1"), record(title, "Nursing Times", "30", "101")) == "");
        CHECK(rule(record(title, "Nursing Times", "30", "1"), record(title, "Nursing Times", "30", "1")) ==
              "title+year+author");
    }
    // One author's "Asthma" in two journals, no volume or pages: two works.
    CHECK(rule(record("Asthma", "BMJ", "", ""), record("Asthma", "Lancet", "", "")) == "");
    // In one journal, on one first page, or with no journal on one side, one work.
    CHECK(rule(record("Asthma", "BMJ", "", ""), record("Asthma", "BMJ (Clinical research ed.)", "", "")) ==
          "title+year+author");
    CHECK(rule(record("Asthma", "BMJ", "", "12"), record("Asthma", "Lancet", "", "12")) == "title+year+author");
    CHECK(rule(record("Asthma", "", "", ""), record("Asthma", "BMJ", "", "")) == "title+year+author");
    // A copy without a journal joins one of them, never both.
    CHECK(distinct_works(record("Asthma", "BMJ", "", ""), record("Asthma", "Lancet", "", "")));
    CHECK_FALSE(distinct_works(record("Asthma", "BMJ", "", ""), record("Asthma", "", "", "")));
    // A title of 25 letters and digits or more joins on the author as before.
    CHECK(rule(record("Asthma in primary care: an update", "BMJ", "", ""),
               record("Asthma in primary care: an update", "Lancet", "", "")) == "title+year+author");
}
