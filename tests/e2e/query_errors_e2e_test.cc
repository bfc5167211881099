// refdex-query end to end: malformed queries, missing or foreign indexes,
// --stats, "did you mean", usage errors and duplicate collapsing.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "e2e_support.h"
#include "schema.h"

using namespace refdex::e2e;
using refdex::test::TempDir;
using refdex::test::write_file;
using Json = nlohmann::json;

namespace {

bool contains(const std::string& s, const std::string& what) { return s.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("malformed queries: exit 2, one line on stderr with the position, nothing on stdout",
          "[e2e][query][errors]") {
    for (const std::string bad : {"(integrated care", "a AND", "foo:bar", "year:20x", "depression NEAR/x anxiety",
                                  "\"unclosed phrase"}) {
        INFO(bad);
        for (const std::string format : {"text", "json"}) {
            CommandResult r = run_query(seeds_index(), "--format " + format + " " + q(bad));
            CHECK(r.exit_code == 2);
            CHECK(r.out.empty());
            CHECK(contains(r.err, "position"));
            CHECK(lines(r.err).size() == 1);
        }
    }
}

TEST_CASE("a bad --filter is shown in its own text, not in the query's", "[e2e][query][errors]") {
    CommandResult r = run_query(seeds_index(), "--filter year:2010 --filter bogus:1 depression");
    CHECK(r.exit_code == 2);
    CHECK(lines(r.err).size() == 1);
    CHECK(contains(r.err, "in --filter 'bogus:1'"));
    CHECK(contains(r.err, "(in \" >>bogus:1\")"));
    CHECK_FALSE(contains(r.err, "depression"));
}

TEST_CASE("a missing index: exit 1 with a message naming it", "[e2e][query][errors]") {
    TempDir dir;
    const std::string missing = dir / "no-index-here";
    CommandResult r = run_query(missing, q("care"));
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(contains(r.err, missing));
    CHECK_FALSE(std::filesystem::exists(missing));  // a reader never creates one
}

TEST_CASE("a directory that is not a refdex index: exit 1", "[e2e][query][errors]") {
    TempDir dir;
    SECTION("empty directory") {
        std::filesystem::create_directories(dir / "empty");
        CommandResult r = run_query(dir / "empty", q("care"));
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK(contains(r.err, "not a refdex index"));
    }
    SECTION("directory with a random file") {
        std::filesystem::create_directories(dir / "junk");
        write_file(dir / "junk" + std::string("/notes.txt"), "nothing to see\n");
        CommandResult r = run_query(dir / "junk", q("care"));
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK_FALSE(r.err.empty());
    }
    SECTION("a Xapian database without a refdex schema version") {
        {
            Xapian::WritableDatabase foreign(dir / "foreign", Xapian::DB_CREATE_OR_OPEN);
            Xapian::Document doc;
            doc.add_term("hello");
            foreign.add_document(doc);
            foreign.commit();
        }
        CommandResult r = run_query(dir / "foreign", q("hello"));
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK_FALSE(r.err.empty());
    }
}

TEST_CASE("usage errors: exit 2", "[e2e][query][errors]") {
    CHECK(refdex::test::run_command(q(REFDEX_QUERY_BIN) + " care").exit_code == 2);  // no --db
    CHECK(run_query(seeds_index(), "--format xml care").exit_code == 2);
    CHECK(run_query(seeds_index(), "--sort title care").exit_code == 2);
    CHECK(run_query(seeds_index(), "--no-such-option care").exit_code == 2);
}

TEST_CASE("stats (--stats) prints documents and the schema version", "[e2e][query][stats]") {
    const std::string& db = data_index();
    const std::size_t docs = count(db, "*", "--all-duplicates");
    CommandResult text = run_query(db, "--stats");
    REQUIRE(text.exit_code == 0);
    CHECK(contains(text.out, "documents:"));
    CHECK(contains(text.out, std::to_string(docs)));
    CHECK(contains(text.out, "schema version"));
    Json j = query_json(db, "--stats");
    CHECK(j["documents"] == docs);
    CHECK(j["schema_version"] == std::to_string(refdex::schema::kVersion));
}

TEST_CASE("did you mean: a misspelt query that finds nothing gets a suggestion", "[e2e][query][spelling]") {
    const std::string& db = data_index();
    for (const std::string typo : {"integratd", "depresion"}) {
        INFO(typo);
        REQUIRE(count(db, typo) == 0);
        Json j = query_json(db, q(typo));
        CHECK(j["total"] == 0);
        REQUIRE(j.contains("suggestion"));
        const std::string suggestion = j["suggestion"].get<std::string>();
        CHECK_FALSE(suggestion.empty());
        CHECK(suggestion != typo);
        CHECK(count(db, suggestion) > 0);  // the suggestion itself finds something
        CommandResult text = run_query(db, q(typo));
        CHECK(text.exit_code == 0);
        CHECK(contains(text.out + text.err, "Did you mean"));
        CHECK(contains(text.out + text.err, suggestion));
    }
    // A query that matches has no suggestion.
    CHECK_FALSE(query_json(db, q("depression")).contains("suggestion"));
}

TEST_CASE("duplicates collapse: the same seed under two file names", "[e2e][query][duplicates]") {
    TempDir dir;
    const std::string seed = seed_files().at(0);
    std::filesystem::create_directories(dir / "in");
    std::filesystem::copy_file(seed, dir / "in" + std::string("/a.txt"));
    std::filesystem::copy_file(seed, dir / "in" + std::string("/b.txt"));
    const std::string db = dir / "db";
    build_index(db, {dir / "in"});

    CHECK(count(db, "*", "--all-duplicates") == 2);
    CHECK(count(db, "*") == 1);
    Json collapsed = query_json(db, q("*"));
    CHECK(collapsed["total"] == 1);
    REQUIRE(collapsed["hits"].size() == 1);
    CHECK(collapsed["hits"][0]["duplicates"] == 1);
    Json all = query_json(db, "--all-duplicates " + q("*"));
    REQUIRE(all["hits"].size() == 2);
    CHECK(all["hits"][0]["id"] != all["hits"][1]["id"]);
    std::set<std::string> files;
    for (const Json& h : all["hits"]) files.insert(std::filesystem::path(h["source"]["file"].get<std::string>()).filename());
    CHECK(files == std::set<std::string>{"a.txt", "b.txt"});
    // Same through a fielded query.
    CHECK(count(db, "author:wistow") == 1);
    CHECK(count(db, "author:wistow", "--all-duplicates") == 2);
}

TEST_CASE("a query swallowed by the highlight options is said on stderr; after -- it is searched",
          "[e2e][query][errors]") {
    CommandResult swallowed = run_query(seeds_index(), "--count --highlight-exclude rat mice decades");
    REQUIRE(swallowed.exit_code == 0);
    CHECK(contains(swallowed.err, "put -- before the query"));
    CommandResult searched = run_query(seeds_index(), "--count --highlight-exclude rat mice -- decades");
    REQUIRE(searched.exit_code == 0);
    CHECK(searched.err.empty());
    CHECK(std::stoul(searched.out) < std::stoul(swallowed.out));
}

TEST_CASE("query error positions count characters, not bytes", "[e2e][query][errors]") {
    // "müller AND": AND is the 8th character (the 9th byte); the marker is before it.
    CommandResult r = run_query(seeds_index(), q("müller AND"));
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "query error at position 8:"));
    CHECK(contains(r.err, "(in \"müller  >>AND\")"));
    // The same in a --filter's own text.
    CommandResult f = run_query(seeds_index(), "--filter " + q("title:müller AND") + " care");
    CHECK(f.exit_code == 2);
    CHECK(contains(f.err, "query error at position 14:"));
    // The 20 characters after the marker are whole characters.
    CommandResult l = run_query(seeds_index(), q("(é" + std::string(30, 'e') + "ééééé"));
    CHECK(l.exit_code == 2);
    CHECK(contains(l.err, "position 1:"));
    CHECK(contains(l.err, ">>(é" + std::string(18, 'e') + "…\")"));
}

TEST_CASE("a pasted title with a colon, a bare DOI and a doi.org link are searched", "[e2e][query]") {
    const std::string& db = data_index();
    CommandResult r = run_query(db, "--count " + q("Beta blockers: a review"));
    CHECK(r.exit_code == 0);
    CHECK_FALSE(contains(r.err, "Unknown field"));
    // A record's DOI as the output shows it finds that record, bare or as a link.
    const Json hits = query_json(db, "--limit 50 care")["hits"];
    std::string doi, id;
    for (const auto& h : hits)
        if (!h["doi"].get<std::string>().empty()) {
            doi = h["doi"];
            id = h["id"];
            break;
        }
    REQUIRE_FALSE(doi.empty());
    for (const std::string& query : {doi, "https://doi.org/" + doi, "doi:" + doi}) {
        INFO(query);
        const std::vector<std::string> found = ids(db, "--all-duplicates " + q(query));
        CHECK(std::find(found.begin(), found.end(), id) != found.end());
    }
    CHECK(run_query(db, q("foo:bar")).exit_code == 2);  // a field typo is still an error
}

TEST_CASE("negative or non-numeric --limit, -n, --offset and --facet-limit 0 are usage errors naming the option",
          "[e2e][query][errors]") {
    struct Case {
        const char* args;
        const char* option;
    };
    for (const Case c : {Case{"--limit -1", "--limit"}, Case{"-n -3", "--limit"}, Case{"--limit=-1", "--limit"},
                         Case{"--offset -5", "--offset"}, Case{"--offset=-5", "--offset"}, Case{"--limit ten", "--limit"},
                         Case{"--facet year --facet-limit 0", "--facet-limit"},
                         Case{"--facet-limit -2", "--facet-limit"}}) {
        INFO(c.args);
        CommandResult r = run_query(seeds_index(), std::string(c.args) + " care");
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(contains(r.err, c.option));
        CHECK_FALSE(contains(r.err, "18446744073709551615"));
    }
    CHECK(run_query(seeds_index(), "--limit 0 --offset 0 --facet-limit 1 --facet year care").exit_code == 0);
}

TEST_CASE("a bad --facet or field weight is a usage error naming the option, not a query error",
          "[e2e][query][errors]") {
    CommandResult facet = run_query(seeds_index(), "--facet bogus depression");
    CHECK(facet.exit_code == 2);
    CHECK(facet.out.empty());
    CHECK(contains(facet.err, "refdex-query: --facet: unknown facet 'bogus' (known: year, type, journal"));
    CHECK_FALSE(contains(facet.err, "query error"));
    for (const std::string bad : {"--title-weight -5", "--title-weight nan", "--title-weight 1e308",
                                  "--title-weight inf", "--keyword-weight 1001", "--abstract-weight -0.5"}) {
        INFO(bad);
        CommandResult r = run_query(seeds_index(), bad + " care");
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(contains(r.err, bad.substr(0, bad.find(' ')) + " must be a number from 0 to 1000"));
        CHECK_FALSE(contains(r.err, "query error"));
    }
    CHECK(run_query(seeds_index(), "--title-weight 0 --keyword-weight 1000 care").exit_code == 0);
}

TEST_CASE("source: accepts the path the output shows", "[e2e][query]") {
    const std::string& db = data_index();
    const Json hit = query_json(db, "--limit 1 care")["hits"].at(0);
    const std::string file = hit["source"]["file"];
    REQUIRE(file.find('/') != std::string::npos);
    const std::string name = file.substr(file.rfind('/') + 1);
    CHECK(count(db, "source:" + file) > 0);
    CHECK(count(db, "source:" + file) == count(db, "source:" + name));
    CHECK(count(db, "*", "--filter " + q("source:" + file)) == count(db, "source:" + name));
}

TEST_CASE("did you mean never offers the query as typed; a fielded typo keeps its field", "[e2e][query][spelling]") {
    const std::string& db = data_index();
    for (const std::string query : {"C++", "R&D", "c++ AND r&d"}) {
        INFO(query);
        CommandResult r = run_query(db, "--format json " + q(query));
        REQUIRE(r.exit_code == 0);
        const Json j = Json::parse(r.out);
        if (j.contains("suggestion")) CHECK(j["suggestion"].get<std::string>() != query);
        CHECK_FALSE(contains(run_query(db, q(query)).out, "Did you mean: " + query + "?"));
    }
    REQUIRE(count(db, "ti:depresion") == 0);
    const Json j = query_json(db, q("ti:depresion"));
    REQUIRE(j.contains("suggestion"));
    CHECK(j["suggestion"] == "ti:depression");
}
