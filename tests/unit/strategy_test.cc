// Search strategies: PubMed and Ovid lines -> refdex query text (both
// dialects, every construct, errors with line and position), and the
// wildcard semantics the translations rely on.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "query_compiler.h"
#include "query_expand.h"
#include "query_words.h"
#include "schema.h"
#include "strategy_parser.h"

using refdex::strategy::parse_strategy;
using refdex::strategy::StrategyError;

namespace {

// The query of the last line of `text`.
std::string last_query(const std::string& text) { return parse_strategy(text).back().query; }

// Two earlier lines every table case may refer to.
const std::string kPubMedContext = "#1 integrated care[tiab]\n#2 wistow[au]\n";
const std::string kOvidContext = "1. integrated care.ti,ab.\n2. wistow g.au.\n";

struct Case {
    const char* line;
    const char* query;
};

void check_table(const std::string& context, const std::vector<Case>& cases) {
    for (const auto& c : cases) {
        INFO("line: " << c.line);
        CHECK(last_query(context + c.line + "\n") == c.query);
    }
}

}  // namespace

TEST_CASE("strategy: PubMed lines", "[strategy]") {
    check_table(kPubMedContext, {
        {"#3 #1 AND #2", "(integrated care[tiab]) AND (wistow[au])"},
        {"#3 #1 and #2", "(integrated care[tiab]) AND (wistow[au])"},
        {"#3 (#1 OR #2) NOT review[pt]", "((integrated care[tiab]) OR (wistow[au])) NOT review[pt]"},
        {"#3 Search: care[ti]", " care[ti]"},
        {"#3 integrat*[tiab] OR wom?n[ti]", "integrat*[tiab] OR wom?n[ti]"},
        // ~N allows N words between (NLM's "hip pain"[tiab:~2] finds "pain in right hip"):
        // a window of N+1; ~0 is adjacent in either order.
        {"#3 \"integrated care\"[tiab:~2]", "(integrated NEAR/3 care)[tiab]"},
        {"#3 \"integrated care\"[tiab:~0]", "(integrated NEAR/1 care)[tiab]"},
        // PubMed reads operators left to right; a group of one operator is left as typed.
        {"#3 a[tiab] OR b[tiab] AND c[tiab]", "(a[tiab] OR b[tiab]) AND c[tiab]"},
        {"#3 a OR b NOT c OR d", "((a OR b) NOT c) OR d"},
        {"#3 x AND (a OR b AND \"c or d\"[ti]) AND #1", "x AND ((a OR b) AND \"c or d\"[ti]) AND (integrated care[tiab])"},
        {"#3 a OR b OR c", "a OR b OR c"},
        // The Cochrane Library's (CENTRAL's) forms in #N lines.
        {"#3 (captopril OR enalapril):ti,ab,kw", "(captopril OR enalapril)[tw]"},
        {"#3 hypertens*:ti,ab NOT rat:ti", "hypertens*[tiab] NOT rat[ti]"},
        {"#3 (blood NEXT pressure):ti,ab", "(blood ADJ/1 pressure)[tiab]"},
        {"#3 MeSH descriptor: [Hypertension] explode all trees", "keyword:\"Hypertension\""},
        {"#3 MeSH descriptor: [Hypertension] this term only", "heading:\"Hypertension\""},
        {"#3 {or #1-#2}", "((integrated care[tiab]) OR (wistow[au]))"},
        {"#3 {and #1, #2} NOT x:ti", "((integrated care[tiab]) AND (wistow[au])) NOT x[ti]"},
        {"#3 {OR #1-#2} {and #1,#2}", "((integrated care[tiab]) OR (wistow[au])) ((integrated care[tiab]) AND (wistow[au]))"},
        {"#3 a NEAR/3 b OR c", "a NEAR/3 b OR c"},
        // In a Library line operators are any case and a bare NEAR is within six words;
        // elsewhere "next" is a word.
        {"#3 (blood next pressure):ti,ab", "(blood ADJ/1 pressure)[tiab]"},
        {"#3 (blood near/2 pressure OR bp NEAR heart):ti,ab", "(blood NEAR/2 pressure OR bp NEAR/6 heart)[tiab]"},
        {"#3 next generation[tiab]", "next generation[tiab]"},
        {"#3\tcaptopril:ti,ab,kw\t5321", "captopril[tw]"},  // a row of the Library's tab-separated export
        // [mh] on a heading with a subheading: that heading and subheading exactly.
        {"#3 Veterans/psychology[mh]", "Veterans/psychology[mh:noexp]"},
        {"#3 \"Stress Disorders, Post-Traumatic/psychology\"[mh]", "\"Stress Disorders, Post-Traumatic/psychology\"[mh:noexp]"},
        // Side by side, two terms are ANDed, also left to right; a tag's run of words stays a phrase.
        {"#3 a[tiab] OR b[tiab] c[tiab]", "(a[tiab] OR b[tiab]) AND c[tiab]"},
        {"#3 a OR b c", "(a OR b) AND c"},
        {"#3 x y[tiab] OR w g[au]", "x y[tiab] OR w g[au]"},
        {"#3 (a OR b) c[ti] NOT d", "((a OR b) AND c[ti]) NOT d"},
        // A no-break space pasted from a web page is a space.
        {"#3 a[tiab]\u00a0OR\u00a0b[tiab]\u00a0c[tiab]", "(a[tiab]  OR  b[tiab]) AND c[tiab]"},
        {"#3 Delivery of Health Care, Integrated[Mesh]", "Delivery of Health Care, Integrated[mh]"},
        {"#3 2015/01/01:2020/12/31[dp]", "2015:2020[dp]"},
        {"#3 2015:2020[dp] AND english[la]", "2015:2020[dp] AND english[la]"},
        {"#3 #1 AND (\"2015\"[dp] : \"2020/12/31\"[Date - Publication])", "(integrated care[tiab]) AND (2015:2020[dp])"},
        {"3. #1 AND #2", "(integrated care[tiab]) AND (wistow[au])"},  // Ovid numbering, PubMed body
    });
}

TEST_CASE("strategy: Ovid lines", "[strategy]") {
    check_table(kOvidContext, {
        {"3. (integrated adj3 care).ti,ab.", "tiab:(integrated NEAR/3 care)"},
        {"3. integrated adj care", "integrated ADJ/1 care"},
        // A phrase or a hyphenated word beside adj: adj is one longer phrase; beside
        // adjN the phrase is an operand of refdex's chain.
        {"3. (blood pressure adj control).ti.", "title:(\"blood pressure control\")"},
        {"3. (blood pressure adj3 control$).ti.", "title:(\"blood pressure\" NEAR/3 control*)"},
        {"3. (5-HT adj2 receptor$).ti.", "title:(\"5 HT\" NEAR/2 receptor*)"},
        // Ovid reads a chain left to right: words joined by plain adj are a phrase
        // within reach of the rest (the Cochrane Embase RCT filter, line 21).
        {"3. (random$ adj sampl$ adj7 (survey$ or \"cross section$\")).ti,ab.",
         "tiab:(((\"random* sampl*\" NEAR/7 survey*) OR (\"random* sampl*\" NEAR/7 \"cross section*\")))"},
        {"3. (case adj control adj3 nested).ti.", "title:(\"case control\" NEAR/3 nested)"},
        {"3. (nested adj3 case adj control).ti.", "title:(nested NEAR/3 \"case control\")"},
        {"3. (a adj2 blood pressure adj3 b).ti.", "title:(a NEAR/2 \"blood pressure\" NEAR/3 b)"},
        {"3. ((integrated or coordinated) adj2 care).tw.",
         "tiab:(((integrated NEAR/2 care) OR (coordinated NEAR/2 care)))"},
        {"3. exp Delivery of Health Care, Integrated/", "keyword:\"Delivery of Health Care, Integrated\""},
        // Unexploded, a heading is that heading exactly (heading:); exploded, a
        // keyword phrase lets headings that contain it stand in for narrower ones.
        {"3. Integrated care/", "heading:\"Integrated care\""},
        {"3. *Depression/", "major:\"Depression\""},  // Ovid's star: a major topic
        {"3. Resilience (Psychological)/", "heading:\"Resilience (Psychological)\""},
        {"3. exp Resilience (Psychological)/ or care.ti.", "keyword:\"Resilience (Psychological)\" OR title:care"},
        {"#3 depression[mh:noexp]", "depression[mh:noexp]"},
        {"#3 depression[mesh:noexp]", "depression[mh:noexp]"},
        {"#3 depression[mesh]", "depression[mh]"},
        {"3. or/1-2", "(tiab:\"integrated care\") OR (author:\"wistow g\")"},
        {"3. and/1,2", "(tiab:\"integrated care\") AND (author:\"wistow g\")"},
        {"3. 1 and 2", "(tiab:\"integrated care\") AND (author:\"wistow g\")"},
        {"3. 1 or 2", "(tiab:\"integrated care\") OR (author:\"wistow g\")"},
        {"3. 1 not 2", "(tiab:\"integrated care\") NOT (author:\"wistow g\")"},
        {"3 1 and (2 or care.tw.)", "(tiab:\"integrated care\") AND ((author:\"wistow g\") OR tiab:care)"},
        {"3. limit 1 to yr=\"2015-2020\"", "(tiab:\"integrated care\") AND year:2015..2020"},
        {"3. limit 1 to yr=\"2015 - Current\"", "(tiab:\"integrated care\") AND year:2015.."},
        {"3. limit 1 to english language", "(tiab:\"integrated care\") AND lang:en"},
        {"3. limit 1 to (english or french or german)", "(tiab:\"integrated care\") AND (lang:en OR lang:fr OR lang:de)"},
        {"3. limit 1 to (english language or french language)", "(tiab:\"integrated care\") AND (lang:en OR lang:fr)"},
        {"3. limit 1 to (english language and yr=\"2019\")", "(tiab:\"integrated care\") AND lang:en AND year:2019"},
        {"3. remove duplicates from 1", "(tiab:\"integrated care\")"},
        // Text words are never authors: .tw. is title and abstract, .mp. adds keywords.
        {"3. care.tw.", "tiab:care"},
        {"3. care.mp. [mp=title, abstract, heading words]", "text:care"},
        {"3. care.ti,tw,au.", "(tiab:care OR author:care)"},
        {"3. care.mp,ti.", "text:care"},
        {"3. integrat$.ti.", "title:integrat*"},
        {"3. wom#n.ab.", "abstract:wom?n"},
        {"3. colo?r.ti.", "title:colo$r"},
        {"3. behavio$1r.ti.", "title:behavio$r"},
        {"3. integrat$ care.ti.", "title:\"integrat* care\""},
        {"3. wistow g.au.", "author:\"wistow g\""},
        {"3. care.kw.", "keyword:care"},
        {"3. care.kf.", "keyword:care"},
        {"3. care.sh.", "keyword:care"},
        {"3. care.hw.", "keyword:care"},
        {"3. health policy.jn.", "journal:\"health policy\""},
        {"3. health.jx.", "journal:health"},
        {"3. health.jw.", "journal:health"},
        {"3. 2019.yr.", "year:2019"},
        {"3. 2015-2020.yr.", "year:2015..2020"},
        {"3. english.lg.", "lang:en"},
        {"3. review.pt.", "type:review"},
        {"3. journal article.pt.", "type:\"journal article\""},
        {"3. care.ti,kw.", "(title:care OR keyword:care)"},
        {"3. care.ab,ti,kf.", "(tiab:care OR keyword:care)"},
        {"3. \"integrated care\".ti.", "title:\"integrated care\""},
        {"3. exp Depression/ (12345)", "keyword:\"Depression\""},
        {"3\tcare.ti.\t12,345\tAdvanced\tDisplay Results", "title:care"},  // copied from Ovid's web history
        {"3. care.af.", "care"},  // all fields: the unqualified search
        {"3. limit 1 to yr=\u201c2015\u20132020\u201d", "(tiab:\"integrated care\") AND year:2015..2020"},  // as Word types it
    });
}

TEST_CASE("strategy: numbering, dialects, input and notes", "[strategy]") {
    const auto lines = parse_strategy(
        "\xEF\xBB\xBF" "Database: Ovid MEDLINE(R)\r\nSearch Strategy:\r\n-----------\r\n"
        "1     exp Integrated care/\r\n\r\n#2 care[ti]\r\n***********\r\n");
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].number == 1);
    CHECK(lines[0].file_line == 4);
    CHECK(lines[0].dialect == refdex::strategy::Dialect::Ovid);
    CHECK(lines[0].input == "1     exp Integrated care/");
    REQUIRE(lines[0].notes.size() == 1);
    CHECK(lines[0].notes[0].find("no thesaurus") != std::string::npos);
    CHECK(lines[0].notes[0].find("exploded heading") != std::string::npos);
    CHECK(lines[1].dialect == refdex::strategy::Dialect::PubMed);
    CHECK(lines[1].file_line == 6);
}

TEST_CASE("strategy: errors name the file line and the position", "[strategy]") {
    struct ErrorCase {
        const char* text;
        std::size_t line, position;
        const char* message_part;
    };
    const std::vector<ErrorCase> cases{
        {"1. care.ti.\n2. 1 and care.xx.\n", 2, 15, "unknown Ovid field suffix .xx."},
        {"#1 care[ti]\n#2 #1 AND #3\n#3 x\n", 2, 11, "line 3 comes later (file line 3)"},
        {"#1 care[ti]\n#2 #1 AND #7\n", 2, 11, "there is no line 7"},
        {"#1 #1 AND care\n", 1, 4, "refers to itself"},
        {"1. care\n2. 7 or 1\n", 2, 4, "there is no line 7"},
        {"1. care\n3. or/1-2\n", 2, 7, "there is no line 2"},
        {"1. care\n2. limit 1 to humans\n", 2, 15, "limit to humans is not supported"},
        {"1. care\n2. limit 1 to abstracts\n", 2, 15, "does not mark which records have an abstract"},
        {"1. care\n2. limit 1 to (english or humans)\n", 2, 16, "limit to english or humans is not supported"},
        {"#1 placebo[tiab] AND hasabstract\n", 1, 22, "hasabstract is not supported"},
        {"care[ti]\n", 1, 1, "starts with its number"},
        {"1. care\n1. cure\n", 2, 1, "used twice"},
        {"1. care\n2.\n", 2, 1, "no search after its number"},
        {"1. care and\n", 1, 9, "'and' needs a term after it"},
        {"1. (care or cure\n", 1, 4, "never closed"},
        {"1. Depression/th/dt\n", 1, 14, "one subheading per heading line"},
        {"1. HIV/AIDS.tw.\n", 1, 12, "a heading with a subheading takes no field suffix"},
        {"#1 veteran*:ti,ab,kw in Trials\n", 1, 22, "Cochrane Library limits ('in Trials') are not supported"},
        {"#1 veteran*:tw\n", 1, 12, "the field list :tw has no refdex equivalent"},
        {"#1 care[ti]\n#2 {or #1 AND x\n", 2, 4, "'{' has no closing '}'"},
        {"#1 care[ti]\n#2 x AND {not #1}\n", 2, 10, "is not a combination of lines"},
        {"#1 care[ti]\n#2 {or #4}\n", 2, 8, "there is no line 4"},
        {"1. (care or 1).ti.\n", 1, 13, "cannot apply to a line number"},
        {"1. care.ti,yr.\n", 1, 8, "mixes yr, lg, pt or fs"},
        {"", 0, 1, "no numbered lines"},
    };
    for (const auto& c : cases) {
        INFO("strategy: " << c.text);
        try {
            parse_strategy(c.text);
            FAIL("expected a StrategyError");
        } catch (const StrategyError& e) {
            CHECK(e.file_line() == c.line);
            CHECK(e.position() == c.position);
            CHECK_THAT(e.what(), Catch::Matchers::Contains(c.message_part));
        }
    }
}

TEST_CASE("strategy: Embase.com lines", "[strategy]") {
    check_table(kPubMedContext, {
        // Emtree terms: exploded as Ovid's exp X/, /de and /mj the heading exactly.
        {"#3 'heart failure'/exp", "keyword:\"heart failure\""},
        {"#3 'heart failure'/exp/mj OR aspirin/exp", "keyword:\"heart failure\" OR keyword:\"aspirin\""},
        {"#3 'crohn's disease'/de", "heading:\"crohn's disease\""},
        {"#3 'placebo'/mj", "major:\"placebo\""},
        // As Word and journals print them: typographic quotes (an apostrophe inside a word stays).
        {"#3 \u2018heart failure\u2019/exp OR \u2018crohn\u2019s disease\u2019:ti", "keyword:\"heart failure\" OR \"crohn\u2019s disease\"[ti]"},
        // :tt (original title) is the title; NEXT/1 beside NEAR/n is left to the query language.
        {"#3 (random*:ti,ab,tt)", "(random*[tiab])"},
        {"#3 (random* NEXT/1 sampl* NEAR/8 survey*):ti,ab", "(random* ADJ/1 sampl* NEAR/8 survey*)[tiab]"},
        {"#3. 'placebo'/de", "heading:\"placebo\""},
        // 'phrases', field lists (de is refdex's keywords), NEAR/n and NEXT/n.
        {"#3 'heart failure':ti,ab,kw OR 'cardiac failure':ab", "\"heart failure\"[tw] OR \"cardiac failure\"[ab]"},
        {"#3 (heart NEXT/2 fail*):de,ab,ti", "(heart ADJ/2 fail*)[tw]"},
        {"#3 (doubl* near/1 blind*):ti", "(doubl* NEAR/1 blind*)[ti]"},
        // Limits.
        {"#3 #1 AND [english]/lim AND [2015-2020]/py", "(integrated care[tiab]) AND lang:en AND year:2015..2020"},
        {"#3 #1 AND ([conference abstract]/it OR [review]/it)",
         "(integrated care[tiab]) AND (type:\"conference abstract\" OR type:\"review\")"},
        // Operators left to right, as in PubMed.
        {"#3 'a b' OR 'c d' AND 'e f'", "(\"a b\" OR \"c d\") AND \"e f\""},
    });
    CHECK(parse_strategy(kPubMedContext + "#3 'heart failure'/exp\n").back().dialect == refdex::strategy::Dialect::Embase);
    CHECK(parse_strategy(kPubMedContext + "#3 heart failure[tiab]\n").back().dialect == refdex::strategy::Dialect::PubMed);
    // A chain of different distances says it is one window.
    const auto chained = parse_strategy("1. (random$ adj7 survey$ adj1 adults).ti.\n");
    REQUIRE(chained.back().notes.size() == 1);
    CHECK_THAT(chained.back().notes[0], Catch::Contains("one window"));
    // A history copied newest first runs oldest first.
    const auto newest_first = parse_strategy("#2\t#1 AND 'x':ti\t3\n#1\t'heart failure'/de\t5\n");
    REQUIRE(newest_first.size() == 2);
    CHECK(newest_first.back().number == 2);
    CHECK(newest_first.back().query == "(heading:\"heart failure\") AND \"x\"[ti]");
    // Embase.com's history export: its header row and columns are skipped.
    CHECK(last_query("No.\tQuery\tResults\tDate\n#1\t'heart failure'/de\t1,234\t23 Nov 2026\n") ==
          "heading:\"heart failure\"");
    const std::vector<std::pair<const char*, const char*>> refused{
        {"#3 #1 AND [humans]/lim\n", "[humans]/lim is not supported"},
        {"#3 #1 AND [embase]/lim NOT [medline]/lim\n", "does not record which database"},
        {"#3 'heart failure'/dm_dt\n", "the Emtree suffix /dm_dt is not supported"},
        {"#3 'heart failure':ti AND (heart NEAR fail*):ab\n", "NEAR needs its distance"},
        {"#3 'heart failure':ti,zz\n", "not a field list refdex knows"},
        {"#3 #1 AND [article]/it\n", "[article]/it is not supported"},
    };
    for (const auto& [line, message] : refused) {
        INFO(line);
        CHECK_THROWS_WITH(parse_strategy(kPubMedContext + line), Catch::Contains(message));
    }
}

TEST_CASE("strategy: every bad line is named, but not the lines that combine it", "[strategy]") {
    const std::string text = "1. care.ti.\n2. care.xx.\n3. 2 and 1\n4. or/1,3\n5. (a adj3 (b and c)).ti.\nx. cure\n";
    try {
        parse_strategy(text);
        FAIL("expected a StrategyError");
    } catch (const StrategyError& e) {
        REQUIRE(e.problems().size() == 3);
        CHECK(e.file_line() == 2);  // the first problem is the error's own
        CHECK(e.problems()[1].file_line == 5);
        CHECK(e.problems()[2].file_line == 6);
    }
    const auto parsed = refdex::strategy::read_strategy(text);
    REQUIRE(parsed.lines.size() == 5);
    std::vector<bool> usable;
    for (const auto& line : parsed.lines) usable.push_back(line.usable);
    CHECK(usable == std::vector<bool>{true, false, false, false, false});
    CHECK(parsed.lines[3].refs == std::vector<unsigned>{1, 3});
}

TEST_CASE("strategy: query offsets map back into the line as typed", "[strategy]") {
    const auto lines = parse_strategy("#1 care[ti]\n#2 #1 AND foo:bar\n3. (x adj3 care).ti.\n");
    // "(care[ti]) AND foo:bar": foo starts at byte 15 of the query, at
    // character 11 of "#2 #1 AND foo:bar".
    CHECK(lines[1].query.substr(15, 3) == "foo");
    CHECK(lines[1].input_position(15) == 11);
    CHECK(lines[1].input_position(16) == 12);
    CHECK(lines[2].input_position(lines[2].query.find("care")) == 12);
}

TEST_CASE("strategy: Ovid truncation becomes refdex wildcards", "[strategy]") {
    using refdex::strategy::ovid_wildcards;
    CHECK(ovid_wildcards("integrat$") == "integrat*");
    CHECK(ovid_wildcards("behavio$1r") == "behavio$r");
    CHECK(ovid_wildcards("colo$2") == "colo$$");
    CHECK(ovid_wildcards("wom#n") == "wom?n");
    CHECK(ovid_wildcards("colo?r") == "colo$r");
    CHECK(ovid_wildcards("care*") == "care*");
    CHECK(ovid_wildcards("care") == "care");
}

TEST_CASE("wildcards: matching semantics", "[strategy][query]") {
    using refdex::query::wildcard_match;
    CHECK(wildcard_match("wom?n", "woman"));
    CHECK(wildcard_match("wom?n", "women"));
    CHECK_FALSE(wildcard_match("wom?n", "womn"));      // ? is exactly one
    CHECK_FALSE(wildcard_match("wom?n", "womaan"));
    CHECK(wildcard_match("colo$r", "color"));          // $ is one or none
    CHECK(wildcard_match("colo$r", "colour"));
    CHECK_FALSE(wildcard_match("colo$r", "colouur"));
    CHECK(wildcard_match("colo$$r", "colouur"));
    CHECK(wildcard_match("integrat*", "integrat"));    // * includes none
    CHECK(wildcard_match("integrat*", "integration"));
    CHECK(wildcard_match("beh*r", "behaviour"));
    CHECK_FALSE(wildcard_match("beh*r", "behaviours"));
    CHECK(wildcard_match("a*b*c", "aXXbYYbc"));
    CHECK(wildcard_match("na?ve", "na\xC3\xAFve"));    // one character, two bytes
    CHECK(refdex::query::literal_prefix("wom?n") == "wom");
    CHECK(refdex::query::literal_prefix("care") == "care");
}

TEST_CASE("wildcards: query words and expansion against an index", "[strategy][query]") {
    const auto words = refdex::query::text_words("Wom?n integrat* health-care*", 0);
    REQUIRE(words.size() == 4);
    CHECK(words[0].word == "wom");
    CHECK(words[0].pattern == "wom?n");
    CHECK(words[1].word == "integrat");
    CHECK(words[1].truncated);
    CHECK(words[1].pattern.empty());  // plain right truncation: the fast prefix scan
    CHECK(words[2].word == "health");
    CHECK(words[3].word == "care");
    CHECK(words[3].truncated);

    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const char* text : {"woman", "women", "womb", "wombat", "colour", "color", "colouur"}) {
        Xapian::Document doc;
        doc.add_posting(refdex::schema::make_term(refdex::schema::kTitleText, text), 1);
        doc.set_data(text);
        db.add_document(doc);
    }
    db.commit();
    CHECK(refdex::query::expand_pattern(db, "S", "wom?n", 10, "title", 0) == std::vector<std::string>{"woman", "women"});
    CHECK(refdex::query::expand_pattern(db, "S", "colo$r", 10, "title", 0) == std::vector<std::string>{"color", "colour"});
    CHECK_THROWS_WITH(refdex::query::expand_pattern(db, "S", "wo*", 2, "title", 4),
                      "wo* matches more than 2 terms in title; make the part before the first wildcard longer.");

    refdex::QueryOptions options;
    const refdex::CompiledQuery q = refdex::QueryCompiler(db, options).compile("title:wom?n");
    CHECK(q.explanation.at(1) == "title: word \"wom?n\"");
    CHECK(q.explanation.at(2) == "wom?n -> 2 terms: woman, women");
    Xapian::Enquire enquire(db);
    enquire.set_query(q.query);
    CHECK(enquire.get_mset(0, 10).size() == 2);
    CHECK(refdex::QueryCompiler(db, options).compile("title:\"wom?n\" OR title:colo$r").explanation.size() == 5);
    try {
        refdex::QueryCompiler(db, options).compile("care ?omen");
        FAIL("expected a QueryError");
    } catch (const refdex::QueryError& e) {
        CHECK(e.offset() == 5);
        CHECK_THAT(e.what(), Catch::Matchers::Contains("starts with a wildcard"));
    }
}

TEST_CASE("strategy: a table copied from Ovid's web search history, header row included", "[strategy]") {
    const auto lines = parse_strategy("#\tSearches\tResults\tType\tActions\n"
                                      "1\tcare.ti.\t12,345\tAdvanced\tDisplay Results\n"
                                      "2\t1 and integrated.ti.\t678\tAdvanced\tDisplay Results\n");
    REQUIRE(lines.size() == 2);
    CHECK(lines[1].query == "(title:care) AND title:integrated");
    CHECK(lines[1].file_line == 3);
}

TEST_CASE("strategy: lines as published in the Cochrane Handbook and Library, typography included", "[strategy]") {
    check_table(kPubMedContext, {
        // A space before the tag: one phrase, as PubMed reads it (not "blind" ANDed to the OR).
        {"#3 placebo [tiab] OR double blind [tiab]", "placebo [tiab] OR double blind [tiab]"},
        {"#3 drug therapy [mh] OR randomized controlled trial [pt]",
         "drug therapy [mh] OR randomized controlled trial [pt]"},
        {"#3 clinical trials as topic [mesh: noexp]", "clinical trials as topic [mh:noexp]"},
        // The Library's note after a line is no search.
        {"#3 (heart failure):ti,ab,kw (Word variations have been searched)", "(heart failure)[tw]"},
        // NEAR/n in lower case is the Library's, whatever else the line has.
        {"#3 ((cardi* or heart*) near/2 (failure* or insufficien*))",
         "((cardi* OR heart*) NEAR/2 (failure* OR insufficien*))"},
        {"#3 MeSH descriptor Heart Failure explode all trees", "keyword:\"Heart Failure\""},
        {"#3MeSH descriptor: [Heart Failure] this term only", "heading:\"Heart Failure\""},
        {"#3MeSH descriptor House Calls, this term only", "heading:\"House Calls\""},
        {"#3(\"titration clinic*\")", "(\"titration clinic*\")"},
    });
    // U+2010 (the Library's hyphen) and an en dash in a range are ASCII hyphens.
    const std::string ascii = last_query(kOvidContext + "3. (beta-blocker adj3 heart).tw.\n");
    check_table(kOvidContext, {
        {"3. (beta\xe2\x80\x90" "blocker adj3 heart).tw.", ascii.c_str()},
        {"3. or/1\xe2\x80\x93" "2", "(tiab:\"integrated care\") OR (author:\"wistow g\")"},
    });
    // Subheadings: floating (.fs., .xs., [sh]) and attached to a heading,
    // written out or abbreviated.
    check_table(kOvidContext, {
        {"3. drug therapy.fs.", "subheading:\"drug therapy\""},
        {"3. dt.fs.", "subheading:dt"},
        {"3. tu.xs.", "subheading:tu"},
        {"3. Depression/th", "heading:\"Depression/th\""},
        {"3. exp *Alzheimer Disease/drug therapy", "heading:\"Alzheimer Disease/drug therapy\""},
        {"3. 1 and dt.fs.", "(tiab:\"integrated care\") AND subheading:dt"},
        // Several subheadings, and the notes Ovid's search history prints after a line.
        {"3. *Hypertension/dt, pc", "(major:\"Hypertension/dt\" OR major:\"Hypertension/pc\")"},
        {"3. Hypertension/dt, pc", "(heading:\"Hypertension/dt\" OR heading:\"Hypertension/pc\")"},
        {"3. (random$ adj7 survey$ adj1 adults).ti.", "title:(random* NEAR/7 survey* NEAR/1 adults)"},
        {"3. limit 1 to yr=\"2015-2020\" [Limit not valid in Embase; records were retained]",
         "(tiab:\"integrated care\") AND year:2015..2020"},
        {"3. exp Heart Failure/dt [Drug Therapy]", "heading:\"Heart Failure/dt\""},
        {"3. *Hypertension/dt,*pc [Drug Therapy, Prevention and Control]",
         "(major:\"Hypertension/dt\" OR major:\"Hypertension/pc\")"},
        {"3. care.ti. [Limit not valid in Embase; records were retained]", "title:care"},
    });
    // A bracket that is not Ovid's note keeps the line PubMed (and its tag is checked).
    check_table(kOvidContext, {{"3. Heart Failure/dt [Therapy]", "Heart Failure/dt [Therapy]"}});
    check_table(kPubMedContext, {{"#3 drug therapy [sh]", "drug therapy [sh]"}});
    // A limit before the note is still found and refused.
    CHECK_THROWS_WITH(parse_strategy("#1 heart:ti in Trials (Word variations have been searched)\n"),
                      Catch::Contains("Cochrane Library limits ('in Trials') are not supported"));
}
