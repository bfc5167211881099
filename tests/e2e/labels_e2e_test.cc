// Labels files the audit found read wrongly, through the real refdex-query:
// a stray or unclosed quote, a directory given as the file, and Excel's
// UTF-16 "Unicode text" export.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace refdex::test;
using nlohmann::json;

namespace {

// Forty records: 1-20 hypertension trials, 21-40 bird papers, so a model
// separates them from one label of each.
std::string two_topic_ris() {
    std::ostringstream ris;
    for (int i = 1; i <= 40; ++i) {
        const bool trial = i <= 20;
        ris << "TY  - JOUR\nID  - " << i << "\nTI  - "
            << (trial ? "Randomised trial of enalapril in hypertension" : "Migration of storks over the Alps") << " [r" << i
            << "]\nAB  - "
            << (trial ? "Blood pressure fell with the ACE inhibitor in patients." : "Flocks were counted in spring.")
            << "\nER  - \n\n";
    }
    return ris.str();
}

struct Review {
    TempDir dir;
    std::string db = dir / "db";
    Review() {
        write_file(dir / "refs.ris", two_topic_ris());
        REQUIRE(run_command(shell_quote(REFDEX_INDEX_BIN) + " --db " + shell_quote(db) + " " + shell_quote(dir / "refs.ris"))
                    .exit_code == 0);
    }
    CommandResult query(const std::string& args) const {
        return run_command(shell_quote(REFDEX_QUERY_BIN) + " --db " + shell_quote(db) + " " + args);
    }
    // Records 1-40 labelled (trials 1, the rest 0) with the rows in
    // `replaced` written as given; record i is on line i + 1.
    std::string labels(const std::string& name, const std::map<int, std::string>& replaced) const {
        std::string csv = "record_id,label_included\n";
        for (int i = 1; i <= 40; ++i) {
            auto it = replaced.find(i);
            csv += it != replaced.end() ? it->second : std::to_string(i) + "," + (i <= 20 ? "1" : "0");
            csv += "\n";
        }
        write_file(dir / name, csv);
        return dir / name;
    }
};

}  // namespace

TEST_CASE("refdex-query: a stray or unclosed quote in the labels file is an error naming its line", "[e2e][labels]") {
    Review review;
    // Quotes on lines 11 and 31 once made rows 11-31 one record id, and the
    // simulation ran on the rest.
    const std::string stray = review.labels("stray.csv", {{10, "\"10,1"}, {30, "30\",0"}});
    CommandResult s = review.query("--simulate " + shell_quote(stray) + " --format json");
    CHECK(s.exit_code == 2);
    CHECK(s.out.empty());
    CHECK_THAT(s.err, Catch::Contains("refdex-query: " + stray + ":11: a quote opened on this line is not closed"));

    // Once a warning about too few columns, and no labels.
    const std::string unclosed = review.labels("unclosed.csv", {{1, "\"1,1"}});
    CommandResult p = review.query("--prioritise " + shell_quote(unclosed) + " --format ids");
    CHECK(p.exit_code == 2);
    CHECK(p.out.empty());
    CHECK_THAT(p.err, Catch::Contains("refdex-query: " + unclosed +
                                      ":2: a quote opened on this line is not closed before the end of the file"));
}

TEST_CASE("refdex-query: a directory given as the labels file is named, exit 2", "[e2e][labels]") {
    Review review;
    const std::string folder = review.dir / "labels.d";
    std::filesystem::create_directory(folder);
    for (const std::string mode : {"--simulate ", "--prioritise "}) {
        CAPTURE(mode);
        CommandResult r = review.query(mode + shell_quote(folder));
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("refdex-query: " + folder + ": cannot read the labels file: Is a directory"));
    }
}

TEST_CASE("refdex-query: a UTF-16 labels file (Excel's Unicode text) is read like UTF-8", "[e2e][labels]") {
    Review review;
    // UTF-16 LE with a BOM, tab-separated, CRLF: two trials included, two birds excluded.
    const std::string text = "record_id\tlabel_included\r\n1\t1\r\n2\t1\r\n21\t0\r\n22\t0\r\n";
    std::string utf16 = "\xFF\xFE";
    for (char c : text) utf16.append(1, c).append(1, '\0');
    write_file(review.dir / "unicode.txt", utf16);
    CommandResult r = review.query("--prioritise " + shell_quote(review.dir / "unicode.txt") + " --format json --limit 5");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("36 unlabelled records ranked by 4 labels (2 included, 2 excluded)"));
    json j = json::parse(r.out);
    REQUIRE(j["hits"].size() == 5);
    for (const auto& hit : j["hits"]) CHECK_THAT(hit["title"].get<std::string>(), Catch::Contains("enalapril"));
}
