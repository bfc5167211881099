// refdex-query --strategy end to end on the demo corpus (data/, 402
// records): the same search written in PubMed and Ovid style gives the same
// hits on every line; the JSON contract; line/position errors; and the
// export round trip (export RIS, index it again, same number of records).
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "test_support.h"

using refdex::test::read_file;
using refdex::test::repo_data;
using refdex::test::run_command;
using refdex::test::shell_quote;
using refdex::test::TempDir;
using refdex::test::write_file;
using Json = nlohmann::json;

namespace {

const std::string kPubMed =
    "#1 integrated care[tiab]\n"
    "#2 wistow g[au]\n"
    "#3 #1 AND #2\n"
    "#4 depress*[tiab] OR wom?n[tiab]\n"
    "#5 #3 OR #4\n"
    "#6 #5 AND 2015:2020[dp]\n"
    "#7 \"integrated care\"[tiab:~2]\n"
    "#8 #6 AND english[la]\n"
    "#9 #8 OR #4 OR #7\n";

const std::string kOvid =
    "Search Strategy:\n"
    "--------------------\n"
    "1. integrated care.ti,ab.\n"
    "2. wistow g.au.\n"
    "3. 1 and 2\n"
    "4. (depress$ or wom#n).ti,ab.\n"
    "5. or/3-4\n"
    "6. limit 5 to yr=\"2015-2020\"\n"
    "7. (integrated adj3 care).ti,ab.\n"
    "8. limit 6 to english language\n"
    "9. 8 or 4 or 7\n";

// The same search as Embase.com's history exports it.
const std::string kEmbase =
    "No.\tQuery\tResults\tDate\n"
    "#1\t'integrated care':ti,ab\t2\t23 Nov 2026\n"
    "#2\t'wistow g':au\n"
    "#3\t#1 AND #2\n"
    "#4\t(depress* OR wom?n):ti,ab\n"
    "#5\t#3 OR #4\n"
    "#6\t#5 AND [2015-2020]/py\n"
    "#7\t(integrated NEAR/3 care):ti,ab\n"
    "#8\t#6 AND [english]/lim\n"
    "#9\t#8 OR #4 OR #7\n";

struct Corpus {
    TempDir dir;
    std::string db = dir / "db";
    Corpus() {
        const auto r = run_command(std::string(REFDEX_INDEX_BIN) + " --quiet --db " + shell_quote(db) + " " +
                                   shell_quote(repo_data("")));
        REQUIRE(r.exit_code == 0);
    }
    refdex::test::CommandResult query(const std::string& args) const {
        return run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(db) + " " + args);
    }
    Json strategy(const std::string& text, const std::string& extra = "") const {
        const std::string file = dir / "strategy.txt";
        write_file(file, text);
        const auto r = query("--strategy " + shell_quote(file) + " --format json " + extra);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return Json::parse(r.out);
    }
};

}  // namespace

TEST_CASE("strategy e2e: PubMed and Ovid versions of one search agree line by line", "[strategy]") {
    Corpus corpus;
    const Json pubmed = corpus.strategy(kPubMed), ovid = corpus.strategy(kOvid), embase = corpus.strategy(kEmbase);
    REQUIRE(pubmed["lines"].size() == 9);
    REQUIRE(ovid["lines"].size() == 9);
    REQUIRE(embase["lines"].size() == 9);
    for (std::size_t i = 0; i < 9; ++i) {
        INFO("line " << i + 1 << ": " << pubmed["lines"][i]["query"] << " / " << ovid["lines"][i]["query"] << " / "
                     << embase["lines"][i]["query"]);
        CHECK(pubmed["lines"][i]["hits"] == ovid["lines"][i]["hits"]);
        CHECK(pubmed["lines"][i]["hits_deduplicated"] == ovid["lines"][i]["hits_deduplicated"]);
        CHECK(pubmed["lines"][i]["hits"] == embase["lines"][i]["hits"]);
        CHECK(pubmed["lines"][i]["hits_deduplicated"] == embase["lines"][i]["hits_deduplicated"]);
    }
    CHECK(corpus.strategy(kEmbase, "--explain")["lines"][5]["dialect"] == "Embase.com");
    // The seeds are the only integrated-care papers by Wistow.
    CHECK(pubmed["lines"][0]["hits"] == 2);
    CHECK(pubmed["lines"][2]["hits"] == 2);
    CHECK(pubmed["lines"][3]["hits"].get<int>() > 100);
    CHECK(pubmed["lines"][5]["hits"].get<int>() < pubmed["lines"][4]["hits"].get<int>());
    CHECK(ovid["lines"][2]["query"] == "(tiab:\"integrated care\") AND (author:\"wistow g\")");
}

TEST_CASE("strategy e2e: JSON contract and PRISMA counts", "[strategy]") {
    Corpus corpus;
    const Json doc = corpus.strategy(kPubMed);
    REQUIRE(doc.is_object());
    for (const auto& line : doc["lines"]) {
        REQUIRE(line.size() == 5);
        CHECK(line["number"].is_number_unsigned());
        CHECK(line["input"].is_string());
        CHECK(line["query"].is_string());
        CHECK(line["hits"].is_number_unsigned());
        CHECK(line["hits_deduplicated"].is_number_unsigned());
        CHECK(line["hits_deduplicated"].get<std::size_t>() <= line["hits"].get<std::size_t>());
    }
    CHECK(doc["lines"][0]["input"] == "#1 integrated care[tiab]");
    CHECK(doc["lines"][2]["query"] == "(integrated care[tiab]) AND (wistow g[au])");
    const Json& p = doc["prisma"];
    CHECK(p["records_identified"] == 402);
    std::size_t by_source = 0;
    for (const auto& [source, n] : p["records_by_source"].items()) by_source += n.get<std::size_t>();
    CHECK(by_source == 402);
    CHECK(p["records_by_source"]["asreview_baseline.ris"] == 100);
    CHECK(p["duplicates_removed"].get<std::size_t>() + p["unique_records"].get<std::size_t>() == 402);
    CHECK(p["notices_joined"].get<std::size_t>() <= p["duplicates_removed"].get<std::size_t>());
    REQUIRE(p["records_after_line"].size() == 9);
    CHECK(p["records_after_line"][8]["records"] == doc["lines"][8]["hits_deduplicated"]);
}

TEST_CASE("strategy e2e: text table, explain, and errors with line and position", "[strategy]") {
    Corpus corpus;
    const std::string file = corpus.dir / "s.txt";
    write_file(file, "1. exp Delivery of Health Care, Integrated/\n2. 1 or care.tw.\n");
    auto r = corpus.query("--strategy " + shell_quote(file) + " --explain");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("keyword:\"Delivery of Health Care, Integrated\"") != std::string::npos);
    CHECK(r.out.find("no thesaurus") != std::string::npos);
    CHECK(r.out.find("records identified: 402") != std::string::npos);
    // JSON carries the same explanation, line by line, when asked for.
    r = corpus.query("--strategy " + shell_quote(file) + " --explain --format json");
    REQUIRE(r.exit_code == 0);
    const Json explained = Json::parse(r.out)["lines"];
    CHECK(explained[0]["dialect"] == "Ovid");
    CHECK(explained[0]["notes"][0].get<std::string>().find("no thesaurus") != std::string::npos);
    CHECK(explained[1]["explanation"].size() > 0);
    CHECK(Json::parse(corpus.query("--strategy " + shell_quote(file) + " --format json").out)["lines"][0].count(
              "explanation") == 0);

    write_file(file, "1. care.ti.\n2. 1 and care.xx.\n");
    r = corpus.query("--strategy " + shell_quote(file));
    CHECK(r.exit_code == 2);
    CHECK(r.err == file + ":2: position 15: unknown Ovid field suffix .xx.\n");

    write_file(file, "#1 care[ti]\n#2 #1 AND foo:bar\n");
    r = corpus.query("--strategy " + shell_quote(file));
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(file + ":2: position 11: Unknown field 'foo:'", 0) == 0);

    write_file(file, "#1 care[ti]\n#2 #1 AND #3\n#3 cure\n");
    r = corpus.query("--strategy " + shell_quote(file));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(":2: position 11: line 3 comes later") != std::string::npos);

    // Every line to fix is named in one run, in file order, whether the line
    // cannot be translated (2, 5) or the query language rejects it (3);
    // line 4 combines line 2, so it is not named again.
    write_file(file, "1. care.ti.\n2. care.xx.\n#3 care[ad]\n4. 1 and 2\n5. limit 1 to humans\n6. 1 or care.ab.\n");
    r = corpus.query("--strategy " + shell_quote(file));
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    const auto named = refdex::e2e::lines(r.err);
    REQUIRE(named.size() == 3);
    CHECK(named[0].rfind(file + ":2: position 9: unknown Ovid field suffix .xx.", 0) == 0);
    CHECK(named[1].rfind(file + ":3: position 8: Unknown PubMed tag [ad]", 0) == 0);
    CHECK(named[2].rfind(file + ":5: position 15: limit to humans is not supported", 0) == 0);

    // An error about the whole file names no line or position.
    write_file(file, "");
    r = corpus.query("--strategy " + shell_quote(file));
    CHECK(r.exit_code == 2);
    CHECK(r.err == file + ": the strategy has no numbered lines.\n");
}

TEST_CASE("strategy e2e: export round trip", "[strategy]") {
    Corpus corpus;
    const std::string ris = corpus.dir / "final.ris", csv = corpus.dir / "final.csv";
    const Json json = corpus.strategy(kOvid);  // also writes strategy.txt
    const std::string file = corpus.dir / "strategy.txt";
    // --format ris/csv is the export's format; the table still goes to stdout.
    auto r = corpus.query("--strategy " + shell_quote(file) + " --export " + shell_quote(ris) + " --format ris");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("PRISMA") != std::string::npos);
    const std::size_t expected = json["lines"].back()["hits_deduplicated"].get<std::size_t>();
    REQUIRE(expected > 100);

    TempDir again;
    const std::string db2 = again / "db";
    REQUIRE(run_command(std::string(REFDEX_INDEX_BIN) + " --quiet --db " + shell_quote(db2) + " " + shell_quote(ris))
                .exit_code == 0);
    r = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(db2) + " --count --all-duplicates '*'");
    REQUIRE(r.exit_code == 0);
    CHECK(std::stoul(r.out) == expected);

    r = corpus.query("--strategy " + shell_quote(file) + " --export " + shell_quote(csv) + " --format csv");
    REQUIRE(r.exit_code == 0);
    const std::string table = read_file(csv);
    CHECK(table.rfind("id,type,title,authors,year,journal,volume,issue,pages,doi,pmid,keywords,abstract,"
                      "source_file,source_line,duplicate_ids,record_id,duplicate_record_ids\r\n", 0) == 0);

    r = corpus.query("--strategy " + shell_quote(file) + " --export " + shell_quote(csv) + " --format jsonl");
    CHECK(r.exit_code == 2);

    // Without a strategy there is no final line to export: said, not ignored.
    const std::string stray = corpus.dir / "stray.ris";
    r = corpus.query("--export " + shell_quote(stray) + " --format ris care");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--export needs --strategy FILE"));
    CHECK_FALSE(std::filesystem::exists(stray));
    // A strategy lists no records to highlight.
    r = corpus.query("--strategy " + shell_quote(file) + " --highlight-include care");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("do not apply to --strategy"));
}

TEST_CASE("strategy e2e: duplicate_record_ids keeps an empty place for a merged record without an id", "[strategy]") {
    TempDir dir;
    const std::string record = "TY  - JOUR\nTI  - Exercise for depression in older adults\nAU  - Lee, S.\nPY  - 2019\n"
                               "DO  - 10.1000/jgp.2019.1\n";
    write_file(dir / "a.ris", record + "ER  - \n");
    write_file(dir / "b.ris", record + "ER  - \n");
    write_file(dir / "c.ris", record + "ID  - X1\nER  - \n");
    const std::string db = dir / "db";
    REQUIRE(run_command(std::string(REFDEX_INDEX_BIN) + " --quiet --db " + shell_quote(db) + " " +
                        shell_quote(dir / "a.ris") + " " + shell_quote(dir / "b.ris") + " " + shell_quote(dir / "c.ris"))
                .exit_code == 0);
    write_file(dir / "s.txt", "1. exercise.ti.\n");
    const std::string csv = dir / "out.csv";
    const auto r = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(db) + " --strategy " +
                               shell_quote(dir / "s.txt") + " --export " + shell_quote(csv) + " --format csv");
    REQUIRE(r.exit_code == 0);
    const std::string table = read_file(csv);
    // Two merged records, b (no id) then c (X1): the ids stay in their places.
    CHECK(table.find(",; X1\r\n") != std::string::npos);
}

TEST_CASE("strategy e2e: files saved as windows-1252, UTF-16 or with old Mac line ends read as typed", "[strategy]") {
    Corpus corpus;
    const std::string file = corpus.dir / "s.txt";
    const Json utf8 = corpus.strategy("1. caf\xc3\xa9.ti.\n2. care.ti.\n3. 1 or 2\n");

    // Notepad's "ANSI": é is one byte. The line is decoded, said, and JSON stays valid.
    write_file(file, "1. caf\xe9.ti.\n2. care.ti.\n3. 1 or 2\n");
    auto r = corpus.query("--strategy " + shell_quote(file) + " --format json");
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find(file + ":1: warning: line is not valid UTF-8") != std::string::npos);
    const Json ansi = Json::parse(r.out);
    CHECK(ansi["lines"][0]["query"] == utf8["lines"][0]["query"]);
    CHECK(ansi["lines"][2]["hits"] == utf8["lines"][2]["hits"]);

    // Notepad's "Unicode" (UTF-16 LE with a BOM) and classic Mac CR line ends.
    std::string utf16 = "\xff\xfe";
    for (char ch : std::string("1. care.ti.\r\n2. 1 and integrated.ti.\r\n")) utf16.append({ch, '\0'});
    write_file(file, utf16);
    r = corpus.query("--strategy " + shell_quote(file) + " --format json");
    REQUIRE(r.exit_code == 0);
    CHECK(Json::parse(r.out)["lines"].size() == 2);
    write_file(file, "1. care.ti.\r2. 1 and integrated.ti.\r");
    r = corpus.query("--strategy " + shell_quote(file) + " --format json");
    REQUIRE(r.exit_code == 0);
    CHECK(Json::parse(r.out)["lines"][1]["query"] == "(title:care) AND title:integrated");
}

TEST_CASE("strategy e2e: PRISMA counts the records refdex-index rejected, by file", "[strategy]") {
    TempDir dir;
    const std::string input = dir / "search.ris";
    write_file(input, "TY  - JOUR\nTI  - Integrated care for older people\nPY  - 2019\nER  - \n\n"
                      "TY  - JOUR\nPY  - 2019\nUR  - http://example.org/only-a-link\nER  - \n");
    const std::string db = dir / "db";
    const auto indexed = run_command(std::string(REFDEX_INDEX_BIN) + " --quiet --db " + shell_quote(db) + " " +
                                     shell_quote(input));
    REQUIRE(indexed.exit_code == 3);  // a record was rejected
    write_file(dir / "s.txt", "#1 care\n");
    const auto r = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(db) + " --strategy " +
                               shell_quote(dir / "s.txt") + " --format json");
    REQUIRE(r.exit_code == 0);
    const Json prisma = Json::parse(r.out)["prisma"];
    CHECK(prisma["records_identified"] == 1);
    CHECK(prisma["records_rejected"] == 1);
    CHECK(prisma["rejected_by_source"] == Json{{"search.ris", 1}});

    // The record gives no language, so a language limit is said to lose it.
    write_file(dir / "s.txt", "#1 care\n#2 #1 AND english[la]\n");
    const auto limited = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(db) + " --strategy " +
                                     shell_quote(dir / "s.txt"));
    REQUIRE(limited.exit_code == 0);
    CHECK(limited.err.find(":2: note: line 2 limits to a language, but only 0 of 1 records give one") !=
          std::string::npos);
    CHECK(limited.err.find(":1: note") == std::string::npos);
}

TEST_CASE("strategy e2e: a subheading the heading never has in the index is named on stderr", "[strategy]") {
    // refdex has no list of MeSH qualifiers: a misspelt one would match
    // nothing without a word, so the subheadings the index holds are listed.
    TempDir dir;
    const std::string db = dir / "db";
    REQUIRE(run_command(std::string(REFDEX_INDEX_BIN) + " --quiet --db " + shell_quote(db) + " " +
                        shell_quote(refdex::test::test_data("zotero__01-two-records-1996.nbib")))
                .exit_code == 0);
    const std::string file = dir / "s.txt";
    write_file(file, "#1 \"Enzyme Inhibitors/metabolsm\"[mh]\n#2 #1 OR Aurovertins/chemistry[mh]\n");
    const auto r = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(db) + " --strategy " +
                               shell_quote(file) + " --format json");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const Json lines = Json::parse(r.out)["lines"];
    CHECK(lines[0]["hits"] == 0);
    CHECK(lines[1]["hits"] == 1);
    // Said once, on the line that has it, with what the index does hold.
    const std::string warning = file + ":1: warning: line 1: heading \"enzyme inhibitors\" has no subheading \"metabolsm\" "
                                       "in the index, so it matches nothing; its subheadings there: chemistry, metabolism";
    CHECK(r.err.find(warning) != std::string::npos);
    CHECK(r.err.find(":2: warning") == std::string::npos);
    // The right spelling is not warned about; refdex-query alone says it too.
    auto q = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(db) +
                         " --count 'heading:\"Enzyme Inhibitors/metabolism\"'");
    CHECK(q.out == "1\n");
    CHECK(q.err.empty());
    q = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(db) + " 'heading:\"Arginine/metabolism\"'");
    CHECK(q.err.find("refdex-query: warning: heading \"arginine\" has no subheading \"metabolism\" in the index, so it "
                     "matches nothing; it has no subheadings there") != std::string::npos);
}
