// --highlight-include / --highlight-exclude through the real refdex-query, on
// a small RIS written here: wildcards, phrases and field syntax in the
// words, the precedence between the lists, and JSON ranges that stay
// unambiguous when a record holds "++" and "--" itself.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace refdex::test;
using nlohmann::json;

namespace {

constexpr const char* kRecords =
    "TY  - JOUR\nID  - 1\nTI  - Rats & mice: a randomised trial\n"
    "AB  - We randomly assigned rats. Literal ++plus++ and --minus-- in a rat-randomised trial.\nER  - \n\n"
    "TY  - JOUR\nID  - 2\nTI  - Randomized trial of Müller's method\n"
    "AB  - Patients were assigned randomly to the trial arms.\nER  - \n\n";

struct Library {
    TempDir dir;
    std::string db = dir / "db";
    Library() {
        write_file(dir / "refs.ris", kRecords);
        CommandResult built = run_command(shell_quote(REFDEX_INDEX_BIN) + " --db " + shell_quote(db) + " " +
                                          shell_quote(dir / "refs.ris"));
        REQUIRE(built.exit_code == 0);
    }
    CommandResult query(const std::string& args) const {
        return run_command(shell_quote(REFDEX_QUERY_BIN) + " --db " + shell_quote(db) + " " + args);
    }
    // Hits by record id ("1", "2") of a JSON search for `args`. Search for
// "assigned", early in both abstracts, so the snippets are whole.
    json hits(const std::string& args) const {
        CommandResult r = query("--format json " + args);
        REQUIRE(r.exit_code == 0);
        const json result = json::parse(r.out);
        json by_id = json::object();
        for (const auto& h : result["hits"]) by_id[h["record_id"].get<std::string>()] = h;
        return by_id;
    }
};

// The code points [begin, end) of UTF-8 `s`, as a JSON reader would cut them.
std::string code_points(const std::string& s, std::size_t begin, std::size_t end) {
    std::string out;
    std::size_t leads = 0;  // code points started so far, the current one included
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++leads;
        if (leads > begin && leads <= end) out += c;
    }
    return out;
}

// "include:randomised exclude:rats": each range of hit["highlights"][part]
// read back from the plain text.
std::string ranges_read_back(const json& hit, const std::string& part) {
    const std::string plain = hit[part == "title" ? "title" : "snippet_text"];
    std::string out;
    for (const auto& r : hit["highlights"][part])
        // Appended piecewise: GCC 12 warns falsely on the + chain.
        out.append(out.empty() ? "" : " ").append(r[2].get<std::string>()).append(":").append(
            code_points(plain, r[0].get<std::size_t>(), r[1].get<std::size_t>()));
    return out;
}

}  // namespace

TEST_CASE("refdex-query highlights wildcards, phrases and field-tagged words", "[e2e][highlight]") {
    Library lib;
    json hits = lib.hits("--highlight-include 'randomi?ed' '\"randomly assigned\"' 'müll*' --highlight-exclude "
                         "'rats[ti]' 'title:mice' -- assigned");
    REQUIRE(hits.size() == 2);
    CHECK(hits["1"]["title_highlighted"] == "--Rats-- & --mice--: a ++randomised++ trial");
    CHECK(hits["2"]["title_highlighted"] == "++Randomized++ trial of ++Müller++'s method");
    CHECK_THAT(hits["1"]["snippet"].get<std::string>(), Catch::Contains("We ++randomly assigned++ --rats--."));
    // "assigned randomly" is not the phrase
    CHECK_THAT(hits["2"]["snippet"].get<std::string>(), Catch::Contains("were **assigned** randomly to"));

    CommandResult text = lib.query("--color never --highlight-include '*domised' --highlight-exclude 'random$' -- assigned");
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("Rats & mice: a [+randomised+] trial"));
    CHECK_THAT(text.out, Catch::Contains("in a rat-[+randomised+] trial"));
    CHECK(text.out.find("[-") == std::string::npos);  // $ is one character or none: not "randomly"
}

TEST_CASE("refdex-query JSON highlight ranges read back the marked words", "[e2e][highlight]") {
    Library lib;
    json hit = lib.hits("--highlight-include 'random*' plus müller --highlight-exclude randomised minus rat -- "
                        "assigned")["1"];
    // The legacy strings cannot tell the record's "++plus++" from markup ...
    CHECK_THAT(hit["snippet"].get<std::string>(), Catch::Contains("++++plus++++ and ----minus----"));
    // ... the ranges can, and an exact word beats the include pattern.
    CHECK(ranges_read_back(hit, "title") == "exclude:randomised");
    CHECK(ranges_read_back(hit, "snippet") ==
          "include:randomly query:assigned include:plus exclude:minus exclude:rat exclude:randomised");
    CHECK_THAT(hit["snippet_text"].get<std::string>(), Catch::Contains("Literal ++plus++ and --minus-- in a rat-randomised trial."));

    json muller = lib.hits("--highlight-include müller --highlight-exclude MULLER -- assigned")["2"];
    CHECK(ranges_read_back(muller, "title") == "include:Müller");
}

TEST_CASE("refdex-query reports highlight words that cannot match, and conflicts", "[e2e][highlight]") {
    Library lib;
    CommandResult empty = lib.query("--highlight-include '' -- trial");
    CHECK(empty.exit_code == 2);
    CHECK_THAT(empty.err, Catch::Contains("refdex-query: --highlight-include '': no word to highlight"));
    CommandResult star = lib.query("--highlight-exclude '*' -- trial");
    CHECK(star.exit_code == 2);
    CHECK_THAT(star.err, Catch::Contains("'*' has only wildcards"));

    CommandResult warned = lib.query("--highlight-include trial '(rats' --highlight-exclude trial -- trial");
    CHECK(warned.exit_code == 0);
    CHECK_THAT(warned.err, Catch::Contains("refdex-query: warning: --highlight-include '(rats' is read as 'rats'"));
    CHECK_THAT(warned.err, Catch::Contains("refdex-query: warning: 'trial' is in both --highlight-include and "
                                           "--highlight-exclude; it is marked as a sign of inclusion"));
}

TEST_CASE("refdex-query CSV gains the highlighted title and snippet at the end, only with highlights", "[e2e][highlight]") {
    Library lib;
    CommandResult plain = lib.query("--format csv assigned");
    REQUIRE(plain.exit_code == 0);
    const std::string header = plain.out.substr(0, plain.out.find("\r\n"));
    CHECK(header.size() > 0);
    CHECK(header.find("highlighted") == std::string::npos);

    CommandResult marked = lib.query("--format csv --highlight-include 'randomi?ed' --highlight-exclude rats -- assigned");
    REQUIRE(marked.exit_code == 0);
    CHECK(marked.out.rfind(header + ",title_highlighted,snippet_highlighted\r\n", 0) == 0);
    CHECK_THAT(marked.out, Catch::Contains(",--Rats-- & mice: a ++randomised++ trial,"));
    CHECK_THAT(marked.out, Catch::Contains("We randomly **assigned** --rats--."));
}
