// --simulate and --prioritise through the real binaries, on a small
// labelled RIS written here (so the test needs nothing outside the repo).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace refdex::test;
using nlohmann::json;

namespace {

// Ten drug trials (records 1-10), ten bird papers (11-20), and record 21
// with nothing indexable, which refdex-index rejects.
std::string labelled_ris() {
    const char* drugs[] = {"enalapril", "captopril", "lisinopril", "ramipril", "quinapril"};
    const char* birds[] = {"storks", "swallows", "swifts", "cranes", "geese"};
    std::ostringstream ris;
    for (int i = 1; i <= 20; ++i) {
        bool trial = i <= 10;
        const char* word = trial ? drugs[i % 5] : birds[i % 5];
        ris << "TY  - JOUR\nID  - " << i << "\nTI  - "
            << (trial ? "Randomised trial of " : "Migration of ") << word << (trial ? " in hypertension" : " over the Alps") << " [r" << i << "]\nAB  - "
            << (trial ? "Blood pressure fell with the ACE inhibitor " : "Flocks were counted in spring; the birds called ")
            << word << (trial ? " in patients with hypertension." : " nested in villages.") << "\nER  - \n\n";
    }
    ris << "TY  - JOUR\nID  - 21\nPY  - 2020\nER  - \n\n";
    return ris.str();
}

struct Review {
    TempDir dir;
    std::string db = dir / "db";
    Review() {
        write_file(dir / "refs.ris", labelled_ris());
        run_command(shell_quote(REFDEX_INDEX_BIN) + " --db " + shell_quote(db) + " " + shell_quote(dir / "refs.ris"));
    }
    CommandResult query(const std::string& args) const {
        return run_command(shell_quote(REFDEX_QUERY_BIN) + " --db " + shell_quote(db) + " " + args);
    }
    std::string labels(const std::string& name, int last_labelled) const {
        std::string csv = "record_id,label_included\n";
        for (int i = 1; i <= 21; ++i)
            csv += std::to_string(i) + "," + (i <= last_labelled || i > 10 ? (i <= 10 ? "1" : "0") : "") + "\n";
        write_file(dir / name, csv);
        return dir / name;
    }
};

// A trial or a bird paper, numbered n, with the id `id` and n (T3, C3):
// built in the stream, not by "T" + std::to_string(n), on which GCC 12
// warns falsely (-Wrestrict). Records of one n and kind are duplicates.
// `pmid` (0: none) is written as AN, of DB PubMed.
void write_record(std::ostringstream& out, const std::string& id, int n, bool trial, long pmid = 0) {
    out << "TY  - JOUR\nID  - " << id << n;
    if (pmid) out << "\nDB  - PubMed\nAN  - " << pmid;
    out << "\nTI  - "
        << (trial ? "Randomised trial of enalapril in hypertension, part " : "Migration of storks over the Alps, flock ")
        << n << "\nAU  - " << (trial ? "Lee, K." : "Berg, M.") << n << "\nPY  - 2019\nAB  - "
        << (trial ? "Blood pressure fell in patients with hypertension." : "Flocks were counted in spring.")
        << "\nER  - \n\n";
}

// refs.ris: trials T1-T6 and birds B1-B6; copies.ris: C3 and C5, copies of
// T3 and T5 (indexed after them: T3 names the cluster). Indexed into dir/db.
void index_with_copies(const TempDir& dir) {
    std::ostringstream ris, copies;
    for (int n = 1; n <= 6; ++n) write_record(ris, "T", n, true);
    for (int n = 1; n <= 6; ++n) write_record(ris, "B", n, false);
    write_record(copies, "C", 3, true);
    write_record(copies, "C", 5, true);
    write_file(dir / "refs.ris", ris.str());
    write_file(dir / "copies.ris", copies.str());
    REQUIRE(run_command(shell_quote(REFDEX_INDEX_BIN) + " -q --db " + shell_quote(dir / "db") + " " +
                        shell_quote(dir / "refs.ris") + " " + shell_quote(dir / "copies.ris"))
                .exit_code == 0);
}

}  // namespace

TEST_CASE("refdex-query --simulate --format json: the contract, and same seed gives the same curve", "[e2e][screening]") {
    Review review;
    std::string labels = review.labels("all.csv", 10);
    CommandResult a = review.query("--simulate " + shell_quote(labels) + " --seed 5 --format json");
    REQUIRE(a.exit_code == 0);
    json j = json::parse(a.out);
    std::set<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.insert(it.key());
    CHECK(keys == std::set<std::string>{"records", "included", "wss95", "wss100", "rrf10", "curve"});
    // Record 21 was rejected at ingest: left out of N and said so.
    CHECK(j["records"] == 20);
    CHECK(j["included"] == 10);
    CHECK_THAT(a.err, Catch::Contains("1 labelled records (0 included) are not in the index"));
    CHECK_THAT(a.err, Catch::Contains("all.csv:22: record '21' is not in the index"));
    REQUIRE(j["curve"].size() == 21);
    CHECK(j["curve"][0] == json::array({0, 0}));
    CHECK(j["curve"][20] == json::array({20, 10}));
    CHECK(j["wss95"].get<double>() > 0.3);  // the two topics share no words
    CHECK(j["rrf10"].is_number());

    CommandResult b = review.query("--simulate " + shell_quote(labels) + " --seed 5 --format json");
    CHECK(json::parse(b.out)["curve"] == j["curve"]);
}

TEST_CASE("refdex-query --simulate --plot writes an SVG, text output names the measures", "[e2e][screening]") {
    Review review;
    std::string labels = review.labels("all.csv", 10);
    CommandResult r = review.query("--simulate " + shell_quote(labels) + " --plot " + shell_quote(review.dir / "c.svg"));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("WSS@95") && Catch::Contains("RRF@10") && Catch::Contains("random order"));
    std::string svg = read_file(review.dir / "c.svg");
    CHECK(svg.rfind("<svg", 0) == 0);
    CHECK(svg.find("<polyline") != std::string::npos);
}

TEST_CASE("refdex-query --simulate refuses labels without an inclusion, and bad files", "[e2e][screening]") {
    Review review;
    write_file(review.dir / "none.csv", "id,label\n11,0\n12,0\n");
    CHECK(review.query("--simulate " + shell_quote(review.dir / "none.csv")).exit_code == 2);
    write_file(review.dir / "bad.csv", "title,decision\n");
    CommandResult bad = review.query("--simulate " + shell_quote(review.dir / "bad.csv"));
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("bad.csv:1:"));
}

TEST_CASE("refdex-query --simulate and --prioritise refuse a bad or conflicting label, naming file and line", "[e2e][screening]") {
    Review review;
    // An error, not a "refdex-query: warning:" with the row left unlabelled.
    write_file(review.dir / "vals.csv", "record_id,label_included\n1,1\n11,0\n12,yes\n13,0\n");
    for (const std::string mode : {"--simulate ", "--prioritise "}) {
        CAPTURE(mode);
        CommandResult r = review.query(mode + shell_quote(review.dir / "vals.csv") + " --format json");
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("refdex-query: " + (review.dir / "vals.csv") + ":4: label must be 1, 0 or empty, not 'yes'"));
        CHECK(r.out.empty());
    }
    write_file(review.dir / "twice.csv", "record_id,label_included\n1,1\n11,0\n2,1\n1,0\n");
    CommandResult twice = review.query("--simulate " + shell_quote(review.dir / "twice.csv"));
    CHECK(twice.exit_code == 2);
    CHECK_THAT(twice.err, Catch::Contains("refdex-query: " + (review.dir / "twice.csv") + ":5: record '1' is labelled 0 here but 1 on line 2"));
}

TEST_CASE("refdex-query --simulate reads a semicolon-separated labels file like the comma one", "[e2e][screening]") {
    Review review;
    std::string comma = read_file(review.labels("all.csv", 10));
    std::string semicolon = comma;
    std::replace(semicolon.begin(), semicolon.end(), ',', ';');
    write_file(review.dir / "all-semicolon.csv", semicolon);
    CommandResult a = review.query("--simulate " + shell_quote(review.dir / "all.csv") + " --format json");
    CommandResult b = review.query("--simulate " + shell_quote(review.dir / "all-semicolon.csv") + " --format json");
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    json ja = json::parse(a.out), jb = json::parse(b.out);
    CHECK(jb["included"] == 10);
    CHECK(jb["records"] == 20);
    CHECK(jb["curve"] == ja["curve"]);
}

TEST_CASE("refdex-query --prioritise ranks only unlabelled records, likely inclusions first", "[e2e][screening]") {
    Review review;
    // Trials 1-3 included, birds excluded except 18-20, trials 4-10 unlabelled.
    std::string csv = "record_id,label_included\n1,1\n2,1\n3,1\n";
    for (int i = 11; i <= 17; ++i) csv += std::to_string(i) + ",0\n";
    csv += "18,\n999,1\n";
    write_file(review.dir / "some.csv", csv);
    CommandResult r = review.query("--prioritise " + shell_quote(review.dir / "some.csv") + " --format json --limit 100");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("some.csv:13: record '999' is not in the index"));
    json j = json::parse(r.out);
    CHECK(j["total"] == 10);  // 7 trials + 3 birds
    std::vector<double> scores;
    std::set<std::string> shown;
    for (const auto& h : j["hits"]) {
        std::string title = h["title"];
        shown.insert(title.substr(title.find("[r")));
        scores.push_back(h["score"]);
    }
    CHECK(shown == std::set<std::string>{"[r4]", "[r5]", "[r6]", "[r7]", "[r8]", "[r9]", "[r10]", "[r18]", "[r19]", "[r20]"});
    // The first seven are the trials, then the birds.
    for (std::size_t i = 0; i < j["hits"].size(); ++i)
        CHECK((j["hits"][i]["title"].get<std::string>().find("trial") != std::string::npos) == (i < 7));
    CHECK(std::is_sorted(scores.rbegin(), scores.rend()));

    CommandResult hl = review.query("--prioritise " + shell_quote(review.dir / "some.csv") +
                                    " --limit 1 --color never --highlight-include 'hypertens*' --highlight-exclude birds");
    CHECK_THAT(hl.out, Catch::Contains("[+hypertension+]"));
}

TEST_CASE("refdex-query --prioritise leaves out copies of labelled records and names copies labelled both ways",
          "[e2e][screening]") {
    TempDir dir;
    index_with_copies(dir);
    // The reviewer screened C3 (the copy), not T3; T5 and C5 got opposite labels.
    write_file(dir / "labels.csv", "record_id,label_included\nT1,1\nC3,1\nT5,1\nC5,0\nB1,0\nB2,0\n");
    CommandResult r = run_command(shell_quote(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") + " --prioritise " +
                                  shell_quote(dir / "labels.csv") + " --format json --limit 100");
    REQUIRE(r.exit_code == 0);
    std::set<std::string> shown;
    const json result = json::parse(r.out);
    for (const auto& h : result["hits"]) shown.insert(h["record_id"].get<std::string>());
    CHECK(shown == std::set<std::string>{"T2", "T4", "T6", "B3", "B4", "B5", "B6"});
    CHECK_THAT(r.err, Catch::Contains("7 unlabelled records ranked by 6 labels (3 included, 3 excluded); "
                                      "1 left out as duplicates of labelled records"));
    CHECK_THAT(r.err, Catch::Contains("duplicates labelled both ways: T5 included, C5 excluded"));
    // Labelling the copy the cluster is named after (T3) leaves out C3, and says so alike.
    write_file(dir / "named.csv", "record_id,label_included\nT1,1\nT3,1\nB1,0\nB2,0\n");
    CommandResult named = run_command(shell_quote(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") +
                                      " --prioritise " + shell_quote(dir / "named.csv") + " --format json --limit 100");
    REQUIRE(named.exit_code == 0);
    const json named_result = json::parse(named.out);  // kept alive: the loop runs over one of its members
    for (const auto& h : named_result["hits"]) CHECK(h["record_id"] != "C3");
    CHECK_THAT(named.err, Catch::Contains("8 unlabelled records ranked by 4 labels (2 included, 2 excluded); "
                                          "1 left out as duplicates of labelled records"));

    CommandResult sorted = run_command(shell_quote(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") +
                                       " --prioritise " + shell_quote(dir / "labels.csv") + " --sort year");
    CHECK(sorted.exit_code == 2);
    CHECK_THAT(sorted.err, Catch::Contains("--sort does not apply to --prioritise"));
    // Two jobs in one run: refused, not the second one silently dropped.
    CommandResult both = run_command(shell_quote(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") +
                                     " --prioritise " + shell_quote(dir / "labels.csv") + " --simulate " +
                                     shell_quote(dir / "labels.csv"));
    CHECK(both.exit_code == 2);
    CHECK_THAT(both.err, Catch::Contains("--prioritise and --simulate are separate jobs"));
}

TEST_CASE("refdex-query --prioritise counts as left out only the copies the query matches", "[e2e][screening]") {
    TempDir dir;
    index_with_copies(dir);
    // C3 is labelled, not its copy T3; T5 is labelled, not its copy C5.
    write_file(dir / "labels.csv", "record_id,label_included\nT1,1\nC3,1\nT5,1\nB1,0\nB2,0\n");
    auto prioritise = [&](const std::string& query) {
        CommandResult r = run_command(shell_quote(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") +
                                      " --prioritise " + shell_quote(dir / "labels.csv") + " --format json --limit 100 " +
                                      shell_quote(query));
        REQUIRE(r.exit_code == 0);
        return r;
    };
    // refs.ris alone: T3 is left out (its labelled copy C3 is not matched);
    // C5, the copy of T5, is not matched, so it is not left out of anything.
    CommandResult refs = prioritise("source:refs.ris");
    CHECK(json::parse(refs.out)["total"] == 7);  // T2 T4 T6 B3-B6
    CHECK_THAT(refs.err, Catch::Contains("7 unlabelled records ranked by 5 labels (3 included, 2 excluded); "
                                         "1 left out as duplicates of labelled records"));
    // copies.ris alone: C3 is labelled, C5 left out for T5.
    CommandResult copies = prioritise("source:copies.ris");
    CHECK(json::parse(copies.out)["total"] == 0);
    CHECK_THAT(copies.err, Catch::Contains("0 unlabelled records ranked by 5 labels (3 included, 2 excluded); "
                                           "1 left out as duplicates of labelled records"));
    // Everything: T3 and C5.
    CHECK_THAT(prioritise("").err, Catch::Contains("; 2 left out as duplicates of labelled records"));
    // Only labelled records and records without a labelled copy match: nothing is left out.
    CommandResult none = prioritise("source:refs.ris NOT part");
    CHECK(json::parse(none.out)["total"] == 4);  // B3-B6
    CHECK_THAT(none.err, Catch::Contains("4 unlabelled records ranked by 5 labels (3 included, 2 excluded)\n"));
}

TEST_CASE("refdex-query --prioritise and --simulate count a label row once per work it names, not per copy",
          "[e2e][screening]") {
    TempDir dir;
    // Two exports of one search: x.ris and y.ris hold the same trials 1-4
    // and birds 1-4 (XT1 and YT1 ...), with the same PMIDs.
    std::ostringstream x, y;
    auto pmid = [](int n, bool trial) { return 9100000L + n + (trial ? 0 : 10); };
    for (int n = 1; n <= 4; ++n)
        for (bool trial : {true, false}) {
            write_record(x, trial ? "XT" : "XB", n, trial, pmid(n, trial));
            write_record(y, trial ? "YT" : "YB", n, trial, pmid(n, trial));
        }
    write_file(dir / "x.ris", x.str());
    write_file(dir / "y.ris", y.str());
    REQUIRE(run_command(shell_quote(REFDEX_INDEX_BIN) + " -q --db " + shell_quote(dir / "db") + " " +
                        shell_quote(dir / "x.ris") + " " + shell_quote(dir / "y.ris"))
                .exit_code == 0);
    auto query = [&](const std::string& args) {
        return run_command(shell_quote(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") + " " + args);
    };
    // Labelled by PMID, each row names both copies: one label each.
    std::ostringstream by_pmid;
    by_pmid << "record_id,label_included\n" << pmid(1, true) << ",1\n" << pmid(1, false) << ",0\n" << pmid(2, false) << ",0\n";
    write_file(dir / "pmid.csv", by_pmid.str());
    CommandResult r = query("--prioritise " + shell_quote(dir / "pmid.csv") + " --format json --limit 100");
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out)["total"] == 5);  // trials 2-4, birds 3-4
    CHECK_THAT(r.err, Catch::Contains("5 unlabelled records ranked by 3 labels (1 included, 2 excluded)\n"));

    // Rows naming two copies by their own ids are two decisions, as a data
    // set counts them; a copy labelled the other way is still named.
    std::ostringstream rows;
    rows << by_pmid.str() << "XT2,1\nYT2,1\n" << pmid(3, true) << ",1\nYT3,0\n";
    write_file(dir / "rows.csv", rows.str());
    r = query("--prioritise " + shell_quote(dir / "rows.csv") + " --format json --limit 100");
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out)["total"] == 3);  // trial 4, birds 3-4
    CHECK_THAT(r.err, Catch::Contains("3 unlabelled records ranked by 7 labels (4 included, 3 excluded)\n"));
    CHECK_THAT(r.err, Catch::Contains("duplicates labelled both ways: XT3 included, YT3 excluded"));

    // --simulate replays works too: every trial included, every bird excluded.
    std::ostringstream all;
    all << "record_id,label_included\n";
    for (int n = 1; n <= 4; ++n) all << pmid(n, true) << ",1\n" << pmid(n, false) << ",0\n";
    write_file(dir / "all.csv", all.str());
    for (const std::string q : {"", "source:y.ris"}) {
        CAPTURE(q);
        CommandResult sim = query("--simulate " + shell_quote(dir / "all.csv") + " --format json " + shell_quote(q));
        REQUIRE(sim.exit_code == 0);
        const json j = json::parse(sim.out);
        CHECK(j["records"] == 8);
        CHECK(j["included"] == 4);
        // y.ris alone: each row is replayed on its y.ris copy; the x.ris
        // copies are neither unlabelled nor labelled outside the query.
        CHECK(sim.err.find("have no label") == std::string::npos);
        CHECK(sim.err.find("not selected by the query") == std::string::npos);
    }
}

TEST_CASE("refdex-query --model picks the screening model; each ranks the trials first", "[e2e][screening]") {
    Review review;
    std::string csv = "record_id,label_included\n1,1\n2,1\n";
    for (int i = 11; i <= 16; ++i) csv += std::to_string(i) + ",0\n";
    write_file(review.dir / "few.csv", csv);
    for (const std::string model : {"nb", "svm", "ensemble", "lr"}) {
        CAPTURE(model);
        CommandResult r = review.query("--prioritise " + shell_quote(review.dir / "few.csv") + " --model " + model +
                                       " --format json --limit 100");
        REQUIRE(r.exit_code == 0);
        json j = json::parse(r.out);
        REQUIRE(j["hits"].size() == 12);  // 8 trials + 4 birds
        for (std::size_t i = 0; i < j["hits"].size(); ++i)
            CHECK((j["hits"][i]["title"].get<std::string>().find("trial") != std::string::npos) == (i < 8));
        CommandResult sim = review.query("--simulate " + shell_quote(review.labels("all.csv", 10)) + " --model " + model);
        REQUIRE(sim.exit_code == 0);
        CHECK_THAT(sim.out, Catch::Contains(model == "nb"    ? "(naive Bayes on"
                                            : model == "svm" ? "(linear SVM on"
                                            : model == "lr"  ? "(logistic regression on"
                                                             : "(naive Bayes + linear SVM on"));
    }
    CommandResult bad = review.query("--prioritise " + shell_quote(review.dir / "few.csv") + " --model forest");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("--model must be nb, svm, ensemble or lr"));
}

TEST_CASE("refdex-query --simulate: a bad --seed or --plot is a usage error, said before the replay", "[e2e][screening]") {
    Review review;
    const std::string labels = shell_quote(review.labels("all.csv", 10));
    // Boost would read -1 as 4294967295.
    CommandResult r = review.query("--simulate " + labels + " --seed=-1");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--seed must be a whole number from 0 to 4294967295, not '-1'"));
    CHECK(review.query("--simulate " + labels + " --seed 4294967295 --format json").exit_code == 0);
    r = review.query("--plot curve.svg care");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--plot draws --simulate's curve"));
    r = review.query("--simulate " + labels + " --plot ''");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--plot needs a file name"));
    r = review.query("--simulate " + labels + " --plot /nonexistent-dir/curve.svg");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("cannot write plot /nonexistent-dir/curve.svg: No such file or directory"));
    CHECK(r.out.empty());
}

TEST_CASE("refdex-query --prioritise: an id two exports both use labels the searched export's record, or is warned about",
          "[e2e][screening]") {
    TempDir dir;
    // a.ris numbers its trials 1-4 and birds 5-8; b.ris numbers other birds 1-4.
    std::ostringstream a, b;
    for (int n = 1; n <= 4; ++n) write_record(a, "", n, true);
    for (int n = 5; n <= 8; ++n) write_record(a, "", n, false);
    for (int n = 1; n <= 4; ++n) write_record(b, "", n, false);
    write_file(dir / "a.ris", a.str());
    write_file(dir / "b.ris", b.str());
    REQUIRE(run_command(shell_quote(REFDEX_INDEX_BIN) + " -q --db " + shell_quote(dir / "db") + " " +
                        shell_quote(dir / "a.ris") + " " + shell_quote(dir / "b.ris"))
                .exit_code == 0);
    write_file(dir / "labels.csv", "record_id,label_included\n1,1\n2,1\n5,0\n6,0\n");
    const std::string query = shell_quote(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") + " --prioritise " +
                              shell_quote(dir / "labels.csv") + " --format json --limit 100 ";
    // Searching everything, ids 1 and 2 name a trial of a.ris and a bird of b.ris: said.
    CommandResult r = run_command(query);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("2 row(s) name records of more than one work (line 2: '1' names 2 records in a.ris, b.ris)"));
    // Searching a.ris, they label its trials alone, and nothing is said.
    r = run_command(query + "source:a.ris");
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("more than one work") == std::string::npos);
    CHECK_THAT(r.err, Catch::Contains("4 unlabelled records ranked by 4 labels (2 included, 2 excluded)"));
    const json j = json::parse(r.out);
    REQUIRE(j["hits"].size() == 4);
    CHECK(j["hits"][0]["title"].get<std::string>().rfind("Randomised trial", 0) == 0);
    CHECK(j["hits"][1]["title"].get<std::string>().rfind("Randomised trial", 0) == 0);
}
