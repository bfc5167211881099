// QueryCompiler against a real glass database of hand-made records indexed
// with the production layout (prefixes from schema.h, fold() then
// TermGenerator without stemming, author names positioned per author).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <xapian.h>

#include "normalise.h"
#include "query_compiler.h"
#include "schema.h"
#include "test_support.h"

using refdex::CompiledQuery;
using refdex::QueryCompiler;
using refdex::QueryError;
using refdex::QueryOptions;
namespace schema = refdex::schema;

namespace {

struct TestRecord {
    std::string label;  // stored as document data; what the tests compare
    std::string title, abstract, journal;
    std::vector<std::string> authors, keywords;
    int year = 0;       // 0: none
    std::string type = "JOUR", language = "en", doi, pmid, record_id, source = "test.ris", id;
};

constexpr Xapian::termpos kGap = 100;

// Same splitting as the indexer's author names (space . , - ' ( )).
std::vector<std::string> split_name(const std::string& folded) {
    std::vector<std::string> words(1);
    for (char c : folded) {
        if (std::string_view(" .,-'()").find(c) == std::string_view::npos) words.back() += c;
        else if (!words.back().empty()) words.emplace_back();
    }
    if (words.back().empty()) words.pop_back();
    return words;
}

// Surname words, then per given-name part its initial, with a full given
// name at the same position as its initial; 100 positions between authors.
void index_authors(Xapian::Document& doc, const std::vector<std::string>& authors) {
    Xapian::termpos pos = 1;
    for (const auto& author : authors) {
        const auto name = refdex::parse_author(author);
        for (const auto& w : split_name(name.surname))
            doc.add_posting(schema::make_term(schema::kAuthorText, w), pos++);
        for (const auto& part : name.given) {
            const auto words = split_name(part);
            if (words.empty()) continue;
            doc.add_posting(schema::make_term(schema::kAuthorText, words[0].substr(0, 1)), pos);
            if (words[0].size() > 1) doc.add_posting(schema::make_term(schema::kAuthorText, words[0]), pos);
            ++pos;
        }
        doc.add_boolean_term(schema::make_term(schema::kAuthorKey, name.key()));
        pos += kGap;
    }
}

void add_boolean(Xapian::Document& doc, const char* prefix, const std::string& value) {
    if (!value.empty()) doc.add_boolean_term(schema::make_term(prefix, value));
}

Xapian::Document make_document(const TestRecord& r) {
    Xapian::Document doc;
    Xapian::TermGenerator gen;
    gen.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    gen.set_document(doc);
    gen.index_text(refdex::fold(r.title), 1, schema::kTitleText);
    gen.increase_termpos(kGap);
    gen.index_text(refdex::fold(r.abstract), 1, schema::kAbstractText);
    gen.increase_termpos(kGap);
    gen.index_text(refdex::fold(r.journal), 1, schema::kJournalText);
    for (const auto& k : r.keywords) {
        gen.increase_termpos(kGap);
        gen.index_text(refdex::fold(k), 1, schema::kKeywordText);
        add_boolean(doc, schema::kKeyword, refdex::fold(k));
    }
    index_authors(doc, r.authors);
    if (r.year) {
        add_boolean(doc, schema::kYear, std::to_string(r.year));
        doc.add_value(schema::kSlotYear, Xapian::sortable_serialise(r.year));
    }
    add_boolean(doc, schema::kId, r.id);
    add_boolean(doc, schema::kType, refdex::fold(refdex::normalise_type(r.type)));
    add_boolean(doc, schema::kLanguage, refdex::normalise_language(r.language));
    add_boolean(doc, schema::kJournal, refdex::fold(r.journal));
    add_boolean(doc, schema::kDoi, refdex::normalise_doi(r.doi));
    add_boolean(doc, schema::kPmid, r.pmid);
    add_boolean(doc, schema::kRecordId, refdex::fold(r.record_id));
    add_boolean(doc, schema::kSource, refdex::fold(r.source));
    doc.set_data(r.label);
    return doc;
}

TestRecord record(std::string label, std::string title, std::string abstract, std::string journal,
                  std::vector<std::string> authors, std::vector<std::string> keywords, int year) {
    TestRecord r;
    r.label = std::move(label);
    r.title = std::move(title);
    r.abstract = std::move(abstract);
    r.journal = std::move(journal);
    r.authors = std::move(authors);
    r.keywords = std::move(keywords);
    r.year = year;
    return r;
}

std::vector<TestRecord> records() {
    std::vector<TestRecord> rs(7);
    rs[0] = record("care15", "Integrated care for older people", "We study integrated health services.",
             "J Health Serv Res Policy", {"Müller, Hans", "Pacho, Ana M."}, {"Integrated Care", "Ageing"}, 2015);
    rs[0].doi = "https://doi.org/10.1016/S0140-6736(20)30183-5";
    rs[0].pmid = "1111";
    rs[0].record_id = "REC-1";
    rs[0].source = "Export A.ris";
    rs[0].id = "00000000000000a1";
    rs[1] = record("hosp16", "Care integration in hospitals", "Hospital care is rarely integrated with social care.",
             "BMJ", {"Wistow, G."}, {"Hospitals"}, 2016);
    rs[1].doi = "10.1136/bmj.b1234";
    rs[1].pmid = "2222";
    rs[2] = record("self17", "Self-management of chronic disease", "Support for self management in primary care.",
             "J Health Serv Res Policy", {"Smith, John", "Wistow, Gerald"},
             {"Chronic Disease", "Emotions/px [psychology]", "Nifedipine/ad [drug administration]"},
             2017);  // Ovid's form of a subheading; the second is Embase's (Emtree's "ad" is not MeSH's)
    rs[3] = record("policy19", "Health policy and integrative medicine", "Policy documents on Parkinson's tremor were reviewed.",
             "Health Policy", {"O'Brien, K."}, {"health policy", "O'Brien's rule"}, 2019);
    rs[3].language = "German";
    rs[4] = record("cancer21", "Cancer screening outcomes", "Screening for cancer reduces mortality in older people.",
             "Lancet", {"MÜLLER, K."}, {"Cancer"}, 2021);
    rs[4].type = "BOOK";
    rs[5] = record("outcomes20", "Outcomes of hospital care", "Care outcomes were integrated into hospital planning.",
             "BMJ", {"Gerald Smith"}, {"Outcome Assessment/*methods"}, 2020);
    rs[6] = record("noyear", "Untitled integrated notes", "", "", {}, {}, 0);
    return rs;
}

// A glass database of records() in a temporary directory.
class Fixture {
public:
    Fixture() {
        Xapian::WritableDatabase db(dir_ / "db", Xapian::DB_CREATE_OR_OVERWRITE);
        for (const auto& r : records()) db.add_document(make_document(r));
        db.commit();
        db.close();
        db_ = Xapian::Database(dir_ / "db");
    }

    const Xapian::Database& db() const { return db_; }

    // Labels of the matching records, sorted, space-separated.
    std::string matches(const std::string& query, QueryOptions options = {}) const {
        QueryCompiler compiler(db_, options);
        Xapian::Enquire enquire(db_);
        enquire.set_query(compiler.compile(query).query);
        const Xapian::MSet mset = enquire.get_mset(0, 100);
        std::vector<std::string> labels;
        for (auto it = mset.begin(); it != mset.end(); ++it) labels.push_back(it.get_document().get_data());
        std::sort(labels.begin(), labels.end());
        std::string out;
        for (const auto& l : labels) out += (out.empty() ? "" : " ") + l;
        return out;
    }

private:
    refdex::test::TempDir dir_;
    Xapian::Database db_;
};

const Fixture& fixture() {
    static const Fixture f;
    return f;
}

struct MatchCase {
    const char* query;
    const char* expected;
};

void check_matches(const std::vector<MatchCase>& cases) {
    for (const auto& c : cases) {
        INFO("query: " << c.query);
        CHECK(fixture().matches(c.query) == c.expected);
    }
}

const char* kAll = "cancer21 care15 hosp16 noyear outcomes20 policy19 self17";

}  // namespace

TEST_CASE("query: words, boolean operators and parentheses", "[query]") {
    check_matches({
        {"care", "care15 hosp16 outcomes20 self17"},
        {"CARE", "care15 hosp16 outcomes20 self17"},
        {"integrated care", "care15 hosp16 outcomes20"},
        {"integrated AND care", "care15 hosp16 outcomes20"},
        // A word and its possessive are one search, whichever is typed.
        {"parkinson", "policy19"},
        {"parkinson's", "policy19"},
        {"abstract:\"parkinson tremor\"", "policy19"},
        {"Parkinson’s", "policy19"},
        {"chronic's", "self17"},  // typed as a possessive, the word is found too
        {"parkinso?", "policy19"},  // wildcards find possessives as well
        {"parkinson$", "policy19"},
        // Punctuation alone is no word (PubMed's "2000"[dp] : "2005"[dp] leaves a colon).
        {"integrated care :", "care15 hosp16 outcomes20"},
        {"cancer\u00a0OR\u2009policy", "cancer21 policy19"},  // no-break and thin spaces separate words
        {"cancer & screening / outcomes +", "cancer21"},
        {"cancer OR hospitals", "cancer21 hosp16"},
        {"care NOT hospital", "care15 self17"},
        {"care AND NOT hospital", "care15 self17"},
        {"care -hospital", "care15 self17"},
        {"NOT care", "cancer21 noyear policy19"},
        {"-care", "cancer21 noyear policy19"},
        {"(cancer OR policy) AND health", "policy19"},
        {"cancer OR policy health", "cancer21 policy19"},  // OR binds loosest
        {"care NOT hospital OR cancer", "cancer21 care15 self17"},
        {"care AND (hospital OR primary)", "hosp16 outcomes20 self17"},
        {"muller", "cancer21 care15"},                      // authors are in the default field
        {"and", "policy19"},                                 // lower-case operators are words
        {"&", ""},                                           // nothing searchable
    });
}

TEST_CASE("query: match all", "[query]") {
    check_matches({{"*", kAll}, {"", kAll}, {"   ", kAll}, {"* NOT care", "cancer21 noyear policy19"}});
    QueryCompiler compiler(fixture().db());
    CHECK(compiler.compile("*").query.get_description() == Xapian::Query(Xapian::Query::MatchAll).get_description());
}

TEST_CASE("query: phrases and hyphenated words", "[query]") {
    check_matches({
        {"\"integrated care\"", "care15"},
        {"\"care integrated\"", ""},
        {"\"older people\"", "cancer21 care15"},
        {"self-management", "self17"},        // TermGenerator splits it; searched as a phrase
        {"\"self management\"", "self17"},
        {"\"integrat* care\"", "care15"},     // truncation inside a phrase
    });
}

TEST_CASE("query: typographic double quotes make phrases", "[query]") {
    // Pasted from Word or a web page; as words ANDed "care integrated" would
    // match hosp16 and outcomes20.
    check_matches({
        {"\u201cintegrated care\u201d", "care15"},
        {"\u201ccare integrated\u201d", ""},
        {"\u201ecare integrated\u201c", ""},
        {"\u00abcare integrated\u00bb", ""},
        {"\u00bbcare integrated\u00ab", ""},
        {"\u00ab integrated care \u00bb", "care15"},
        {"title:\u201ccare integration\u201d", "hosp16"},
        {"\u201cintegrated care\u201d AND older", "care15"},
        {"hospital\u201cintegrated care\u201d", ""},  // the quote ends the word: hospital AND "integrated care"
    });
    QueryCompiler compiler(fixture().db());
    // The phrase's text starts after the 3-byte quote: errors inside it point there.
    try {
        compiler.compile("heading:\u201cVeterans/qq\u201d");
        FAIL("expected a QueryError");
    } catch (const QueryError& e) {
        CHECK(e.offset() == 19);
    }
    try {
        compiler.compile("care \u201cintegrated");
        FAIL("expected a QueryError");
    } catch (const QueryError& e) {
        CHECK(e.offset() == 5);
        CHECK_THAT(e.what(), Catch::Contains("Unbalanced quote"));
    }
}

TEST_CASE("query: fields and aliases", "[query]") {
    check_matches({
        {"title:care", "care15 hosp16 outcomes20"},
        {"ti:care", "care15 hosp16 outcomes20"},
        {"TI:care", "care15 hosp16 outcomes20"},
        {"abstract:care", "hosp16 outcomes20 self17"},
        {"ab:care", "hosp16 outcomes20 self17"},
        {"title:\"integrated care\"", "care15"},
        {"title:(care OR cancer)", "cancer21 care15 hosp16 outcomes20"},
        {"title:(care NOT hospital)", "care15 hosp16"},  // hosp16 title says "hospitals"
        {"tiab:integrated", "care15 hosp16 noyear outcomes20"},
        {"keyword:ageing", "care15"},
        {"kw:\"integrated care\"", "care15"},
        {"keyword:care", "care15"},
        {"journal:\"J Health Serv Res Policy\"", "care15 self17"},
        {"jo:health", "care15 policy19 self17"},
        {"journal:bmj", "hosp16 outcomes20"},
        {"title:care abstract:hospital", "hosp16 outcomes20"},
    });
}

TEST_CASE("query: PubMed tags", "[query]") {
    check_matches({
        {"care[ti]", "care15 hosp16 outcomes20"},
        {"care[Title]", "care15 hosp16 outcomes20"},
        {"care[ab]", "hosp16 outcomes20 self17"},
        {"integrated care[tiab]", "care15"},  // the run of words before a tag is a phrase
        {"integrated care[Title/Abstract]", "care15"},
        {"\"integrated care\"[tiab]", "care15"},
        {"ageing[mh]", "care15"},
        {"ageing[ot]", "care15"},
        {"hospitals[kw]", "hosp16"},
        // One heading exactly, with or without its subheadings; never a longer heading.
        {"heading:\"Outcome Assessment\"", "outcomes20"},
        {"outcome assessment[mh:noexp]", "outcomes20"},
        {"heading:outcome", ""},
        {"heading:ageing", "care15"},
        {"heading:\"chronic\"", ""},
        {"\"outcome assessment/methods\"[mh:noexp]", "outcomes20"},  // a subheading: the forms that list it
        {"heading:\"outcome assessment/economics\"", ""},
        {"heading:\"outcome assessment/mt\"", "outcomes20"},  // MeSH's abbreviation of "methods"
        {"heading:\"emotions/psychology\"", "self17"},       // Ovid writes "Emotions/px [psychology]"
        // A floating subheading: any heading with it, written out or abbreviated.
        {"subheading:methods", "outcomes20"},
        {"methods[sh]", "outcomes20"},
        {"subheading:mt OR subheading:px", "outcomes20 self17"},
        {"psychology[Subheading]", "self17"},
        {"subheading:economics", ""},
        {"subheading:ad", "self17"},                         // Emtree's ad, in Ovid's form
        {"subheading:\"drug administration\"", "self17"},
        {"heading:\"nifedipine/ad\"", "self17"},
        {"heading:\"o’brien’s rule\"", "policy19"},  // either apostrophe finds the other
        {"health policy[ta]", "policy19"},
        {"bmj[ta]", "hosp16 outcomes20"},
        {"wistow[au]", "hosp16 self17"},
        {"wistow g[au]", "hosp16 self17"},
        {"cancer OR wistow g[au]", "cancer21 hosp16 self17"},
        {"(care OR cancer)[ti]", "cancer21 care15 hosp16 outcomes20"},
        {"2019[dp]", "policy19"},
        {"2015:2016[dp]", "care15 hosp16"},
        {"german[la]", "policy19"},
        {"book[pt]", "cancer21"},
        {"2222[pmid]", "hosp16"},
        {"care[tw]", "care15 hosp16 outcomes20 self17"},
        // Text words are title, abstract and keywords, never author names.
        {"ageing[tw]", "care15"},
        {"wistow[tw]", ""},
        {"text:wistow", ""},
        {"wistow[all]", "hosp16 self17"},
        {"2015:2016[Date - Publication]", "care15 hosp16"},
    });
}

TEST_CASE("query: authors in any name style, diacritics folded", "[query]") {
    check_matches({
        {"author:muller", "cancer21 care15"},
        {"author:Müller", "cancer21 care15"},
        {"author:MÜLLER", "cancer21 care15"},
        {"au:MULLER", "cancer21 care15"},
        {"author:wistow", "hosp16 self17"},
        {"author:\"wistow g\"", "hosp16 self17"},
        {"author:\"Wistow, G.\"", "hosp16 self17"},
        {"author:\"G. Wistow\"", "hosp16 self17"},
        {"author:\"Wistow, Gerald\"", "self17"},
        {"author:\"pacho a\"", "care15"},
        {"author:\"Pacho, A.\"", "care15"},
        {"author:\"A. Pacho\"", "care15"},
        {"author:\"Pacho, Ana M.\"", "care15"},
        {"author:\"Ana M. Pacho\"", "care15"},
        {"author:\"pacho am\"", "care15"},
        {"author:\"pacho b\"", ""},
        {"pacho a[au]", "care15"},
        {"author:\"muller h\"", "care15"},
        {"author:\"muller k\"", "cancer21"},
        {"author:o'brien", "policy19"},
        {"author:\"O'Brien K\"", "policy19"},
        {"author:\"smith g\"", "outcomes20"},
        {"author:\"smith j\"", "self17"},
        {"author:\"muller pacho\"", ""},   // two authors are never one phrase
        {"author:pach*", "care15"},
        // A truncated initial ("wistow g$.au." in Ovid) is the initial: it already
        // matches every given name it starts.
        {"author:\"wistow g*\"", "hosp16 self17"},
        {"wistow g*[au]", "hosp16 self17"},
    });
}

TEST_CASE("query: years, types, languages", "[query]") {
    check_matches({
        {"year:2019", "policy19"},
        {"year:2015..2016", "care15 hosp16"},
        {"year:2016..2016", "hosp16"},
        {"year:..2016", "care15 hosp16"},
        {"year:2020..", "cancer21 outcomes20"},
        {"year:2015:2016", "care15 hosp16"},
        {"year:(2015 OR 2021)", "cancer21 care15"},
        {"care year:2016..", "hosp16 outcomes20 self17"},
        {"care NOT year:2016", "care15 outcomes20 self17"},
        {"type:book", "cancer21"},
        {"type:BOOK", "cancer21"},
        {"type:jour", "care15 hosp16 noyear outcomes20 policy19 self17"},
        {"lang:de", "policy19"},
        {"lang:German", "policy19"},
        {"language:en NOT type:jour", "cancer21"},
    });
}

TEST_CASE("query: identifiers", "[query]") {
    check_matches({
        {"doi:10.1016/s0140-6736(20)30183-5", "care15"},
        {"doi:10.1016/S0140-6736(20)30183-5", "care15"},
        {"(doi:10.1016/S0140-6736(20)30183-5)", "care15"},
        {"doi:10.1136/bmj.b1234 OR doi:10.1016/s0140-6736(20)30183-5", "care15 hosp16"},
        {"doi:\"https://doi.org/10.1136/BMJ.b1234\"", "hosp16"},
        {"doi:https://doi.org/10.1136/bmj.b1234", "hosp16"},
        {"pmid:1111", "care15"},
        {"pmid:(1111 OR 2222)", "care15 hosp16"},
        {"id:00000000000000A1", "care15"},
        {"id:rec-1", "care15"},
        {"source:\"export a.ris\"", "care15"},
        {"source:test.ris", "cancer21 hosp16 noyear outcomes20 policy19 self17"},
    });
}

TEST_CASE("query: source: with a path searches its file name", "[query]") {
    check_matches({
        {"source:/work/exports/test.ris", "cancer21 hosp16 noyear outcomes20 policy19 self17"},
        {"source:\"/data/2024 searches/Export A.ris\"", "care15"},
        {"source:exports/test.ris", "cancer21 hosp16 noyear outcomes20 policy19 self17"},
    });
    QueryCompiler compiler(fixture().db());
    CHECK_THROWS_AS(compiler.compile("source:exports/"), QueryError);
}

TEST_CASE("query: a word ending in a colon is a word; a pasted DOI is a doi: search", "[query]") {
    check_matches({
        {"integrated care: older", "care15"},     // a pasted title: no "Unknown field 'care:'"
        {"(hospital care:)", "hosp16 outcomes20"},
        {"hospital care:", "hosp16 outcomes20"},
        {"10.1136/bmj.b1234", "hosp16"},
        {"10.1136/BMJ.B1234 OR older", "cancer21 care15 hosp16"},
        {"https://doi.org/10.1136/bmj.b1234", "hosp16"},
        {"http://dx.doi.org/10.1016/S0140-6736(20)30183-5", "care15"},
        {"(10.1016/S0140-6736(20)30183-5)", "care15"},
        {"-10.1136/bmj.b1234 hospital", "outcomes20"},
        {"10.1", ""},                              // no DOI: words as before
    });
    QueryCompiler compiler(fixture().db());
    CHECK(compiler.compile("10.1136/bmj.b1234").explanation.front().find("doi") != std::string::npos);
    CHECK_THROWS_AS(compiler.compile("foo:bar"), QueryError);  // a real field typo is still an error
    CHECK_THROWS_AS(compiler.compile("foo:(bar)"), QueryError);
    CHECK_THROWS_AS(compiler.compile("ftp://doi.org/10.1136/bmj.b1234"), QueryError);
}

TEST_CASE("query: truncation", "[query]") {
    check_matches({
        {"integrat*", "care15 hosp16 noyear outcomes20 policy19"},
        {"title:integrat*", "care15 hosp16 noyear policy19"},
        {"ti:integrat**", "care15 hosp16 noyear policy19"},
        {"hospital*", "hosp16 outcomes20"},
        {"zzz*", ""},
        {"integrat* NOT hospital*", "care15 noyear policy19"},
    });
}

TEST_CASE("query: truncation limit and explanation", "[query]") {
    QueryOptions options;
    options.wildcard_limit = 2;
    QueryCompiler compiler(fixture().db(), options);
    try {
        compiler.compile("care ti:integrat*");
        FAIL("expected a QueryError");
    } catch (const QueryError& e) {
        CHECK(e.offset() == 8);
        CHECK(std::string(e.what()) == "integrat* matches more than 2 terms in title; make the stem longer or raise --wildcard-limit.");
    }
    CHECK(fixture().matches("integrated*", options) == "care15 hosp16 noyear outcomes20");

    const CompiledQuery q = QueryCompiler(fixture().db()).compile("title:integrat*");
    CHECK(q.explanation.at(0) == "parsed: title:integrat*");
    CHECK(q.explanation.at(1) == "title: word \"integrat*\"");
    CHECK(q.explanation.at(2) == "integrat* -> 3 terms: integrated, integration, integrative");
}

TEST_CASE("query: NEAR and ADJ", "[query]") {
    check_matches({
        {"people NEAR/100 we", ""},  // title's last word, abstract's first: 101 positions apart
        {"people NEAR/50 we NEAR/50 study", ""},
        {"integrated NEAR/2 care", "care15"},
        {"care NEAR/2 integrated", "care15"},
        {"care NEAR/3 integrated", "care15 hosp16 outcomes20"},
        {"care NEAR integrated", "care15"},            // bare NEAR: adjacent, any order
        {"integrated ADJ care", "care15"},
        {"care ADJ integrated", ""},                   // ADJ keeps the order
        {"care ADJ/3 integrated", "hosp16 outcomes20"},
        {"integrat* NEAR care", "care15 hosp16"},     // "care integration" in a title
        {"title:(care NEAR integrat*)", "care15 hosp16"},
        {"ti:care NEAR ti:integration", "hosp16"},
        {"(older NEAR/5 cancer)[ab]", "cancer21"},
        {"cancer NEAR/1 screening NEAR/5 outcomes", "cancer21"},
        {"author:pacho ADJ author:a", "care15"},
        {"author:muller NEAR/5 pacho", ""},           // authors are 100 positions apart
        {"author:muller NEAR/2 hans", "care15"},      // the chain takes the one field given
        {"title:((integrated OR nothing) ADJ care)", "care15"},
        // A phrase in the chain: the phrase, and its words in the window
        // widened by its extra word ("Integrated care for older people").
        {"title:(\"integrated care\" NEAR/2 older)", "care15"},
        {"title:(older NEAR/2 \"integrated care\")", "care15"},
        {"title:(\"integrated care\" ADJ/2 older)", "care15"},
        {"title:(older ADJ/2 \"integrated care\")", ""},     // ADJ keeps the order
        {"title:(\"integrated older\" NEAR/5 care)", ""},   // the phrase itself must be there
        {"title:(\"integrated care\" NEAR/1 people)", ""},  // "people" is 3 words past the phrase
        // ADJ/1 beside NEAR (Embase.com's NEXT/1 beside NEAR/n): the words it joins are a phrase.
        {"title:(integrated ADJ care NEAR/2 older)", "care15"},
        {"title:(older NEAR/2 integrated ADJ care)", "care15"},
        {"title:(integrated ADJ older NEAR/5 care)", ""},
    });
    // An OR group of words on a side: the chain for each choice of words, ORed.
    const std::string grouped = fixture().matches("(integrated OR older) NEAR/5 (care OR cancer)");
    CHECK(grouped == fixture().matches("(integrated NEAR/5 care) OR (integrated NEAR/5 cancer) OR "
                                       "(older NEAR/5 care) OR (older NEAR/5 cancer)"));
    CHECK(grouped.find("cancer21") != std::string::npos);
    CHECK(grouped.find("care15") != std::string::npos);
}

TEST_CASE("query: boolean filters add no weight", "[query]") {
    Xapian::Enquire enquire(fixture().db());
    enquire.set_query(QueryCompiler(fixture().db()).compile("year:2019").query);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    REQUIRE(mset.size() == 1);
    CHECK(mset.begin().get_weight() == 0.0);
}

TEST_CASE("query: explanation and highlight words", "[query]") {
    QueryCompiler compiler(fixture().db());
    const CompiledQuery q = compiler.compile(
        "Care \"integrated care\"[ti] title:hospital* year:2015..2020 doi:10.1136/bmj.b1234 NOT cancer");
    CHECK(q.explanation == std::vector<std::string>{
                               "parsed: ((Care AND title:\"integrated care\" AND title:hospital* AND year:2015..2020 "
                               "AND doi:10.1136/bmj.b1234) NOT cancer)",
                               "any field: word \"care\"",
                               "title: phrase \"integrated care\"",
                               "title: word \"hospital*\"",
                               "hospital* -> 2 terms: hospital, hospitals",
                               "year: 2015..2020",
                               "doi: 10.1136/bmj.b1234",
                               "NOT any field: word \"cancer\"",
                           });
    CHECK(q.highlight_words == std::vector<std::string>{"care", "integrated"});
    CHECK(q.highlight_prefixes == std::vector<std::string>{"hospital"});
    // Title words count for "did you mean" too (the suggestion keeps the field).
    CHECK(q.plain_words == std::vector<std::string>{"care", "integrated"});
}

TEST_CASE("query: errors name the problem and where it is", "[query]") {
    struct ErrorCase {
        const char* query;
        std::size_t offset;
        const char* message_part;
    };
    const std::vector<ErrorCase> cases{
        {"(care", 0, "Unbalanced parenthesis: the '(' here is never closed"},
        {"care (a OR b", 5, "never closed"},
        {"care)", 4, "this ')' has no matching '('"},
        {"care \"integrated", 5, "Unbalanced quote"},
        {"foo:bar", 0, "Unknown field 'foo:'; valid fields are author, au, title"},
        {"care AND", 5, "'AND' needs a term after it"},
        {"care OR", 5, "'OR' needs a term after it"},
        {"care AND OR x", 5, "'AND' needs a term after it"},
        {"OR care", 0, "'OR' needs a term before it"},
        {"NOT", 0, "'NOT' needs a term after it"},
        {"care NEAR", 5, "'NEAR' needs a term after it"},
        {"()", 0, "Empty parentheses"},
        {"title:", 0, "'title:' needs a word"},
        {"year:2020..2015", 5, "the first year is after the last"},
        {"year:abc", 5, "'abc' is not a year"},
        {"year:..", 5, "at least one year"},
        {"care NEAR/x integrated", 10, "Bad NEAR/n: 'x'"},
        {"care ADJ/0 integrated", 9, "Bad ADJ/n"},
        {"care NEAR/101 integrated", 10, "from 1 to 100"},  // would cross from one field into the next
        {"a NEAR/60 b NEAR/41 c", 12, "spans 101 words in all; at most 100"},
        {"a ADJ/100 b ADJ/1 c", 12, "spans 101 words"},
        {"care[xx]", 4, "Unknown PubMed tag [xx]"},
        {"[au]", 0, "must follow a term"},
        {"i*", 0, "at least 2 letters before '*'"},
        {"*nt", 0, "starts with a wildcard"},
        {"doi:notadoi", 4, "'notadoi' is not a DOI"},
        {"heading:\"Veterans/qq\"", 17, "/qq abbreviates no MeSH subheading"},
        {"subheading:qq", 11, "'qq' abbreviates no MeSH subheading"},
        {"pmid:12a", 5, "not a PubMed id"},
        {"type:jour*", 5, "Truncation (*) only works in text fields"},
        {"heading:stress*", 8, "Truncation (*) only works in text fields, not in heading:"},
        {"\"Emotions/psych*\"[mh:noexp]", 1, "Truncation (*) only works in text fields"},
        {"(a AND b) NEAR c", 1, "or an OR group of words on each side"},
        {"(a OR (b AND c)) NEAR d", 7, "or an OR group of words on each side"},
        {"ti:care NEAR au:x", 13, "same field"},
        {"ti:care NEAR x NEAR au:y", 20, "same field"},
        {"year:2019 NEAR x", 0, "only work in text fields"},
        {"care ADJ/2 x NEAR y", 5, "mix in one chain only as ADJ/1"},
    };
    QueryCompiler compiler(fixture().db());
    for (const auto& c : cases) {
        INFO("query: " << c.query);
        try {
            compiler.compile(c.query);
            FAIL("expected a QueryError");
        } catch (const QueryError& e) {
            CHECK(e.offset() == c.offset);
            CHECK_THAT(e.what(), Catch::Contains(c.message_part));
        }
    }
}

TEST_CASE("query: Xapian errors become QueryError", "[query]") {
    Xapian::Database db(fixture().db());
    db.close();
    QueryCompiler compiler(db);
    CHECK_THROWS_AS(compiler.compile("integrat*"), QueryError);
}
