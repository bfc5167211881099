// Duplicate clusters through the real tools: refdex-index finds them (and
// takes --not-duplicate decisions), refdex-query --duplicates lists them.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "test_support.h"

using namespace refdex::test;

namespace {

// A1/A2: same work, title differs in case and punctuation, year off by one,
// same first author. B1/B2: same title and author but two DOIs (a veto).
// C1/C2: the same DOI written two ways.
constexpr const char* kRis =
    "TY  - JOUR\nID  - A1\nTI  - Aspirin after minor stroke: a randomised trial\nAU  - Smith, John\nPY  - 2019\n"
    "T2  - Stroke\nER  - \n\n"
    "TY  - JOUR\nID  - B1\nTI  - Statins in the elderly\nAU  - Jones, K.\nPY  - 2018\nDO  - 10.1000/one\nER  - \n\n"
    "TY  - JOUR\nID  - C1\nTI  - Exercise therapy for back pain\nAU  - Brown, A.\nPY  - 2017\nDO  - 10.1000/three\n"
    "ER  - \n\n"
    "TY  - JOUR\nID  - A2\nTI  - ASPIRIN AFTER MINOR STROKE - A RANDOMISED TRIAL.\nAU  - Smith, J.\nPY  - 2020\n"
    "ER  - \n\n"
    "TY  - JOUR\nID  - B2\nTI  - Statins in the elderly\nAU  - Jones, K.\nPY  - 2018\nDO  - 10.1000/two\nER  - \n\n"
    "TY  - JOUR\nID  - C2\nTI  - Exercise therapy for back pain.\nAU  - Brown, A.\nPY  - 2017\n"
    "DO  - https://doi.org/10.1000/THREE\nER  - \n";

CommandResult index(const TempDir& dir, const std::string& extra = "") {
    return run_command(std::string(REFDEX_INDEX_BIN) + " -q --db " + shell_quote(dir / "db") + " --report " +
                       shell_quote(dir / "report.json") + " " + extra);
}

CommandResult duplicates(const TempDir& dir, const std::string& format) {
    return run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") + " --duplicates --format " +
                       format);
}

// "record_id:rule" of each record, cluster by cluster.
std::vector<std::vector<std::string>> summary(const std::string& json_text) {
    std::vector<std::vector<std::string>> out;
    const nlohmann::json parsed = nlohmann::json::parse(json_text);
    for (const auto& c : parsed.at("clusters")) {
        auto& rows = out.emplace_back();
        for (const auto& r : c.at("records")) rows.push_back(r.at("record_id").get<std::string>() + ":" + r.at("rule").get<std::string>());
        CHECK(c.at("id") == c.at("records").at(0).at("id"));  // a cluster is named after its first record
    }
    return out;
}

using Clusters = std::vector<std::vector<std::string>>;

// Every document's terms and values, in docid order: equal snapshots mean
// no document was rewritten differently (nor added or removed).
std::string snapshot(const std::string& db_path) {
    Xapian::Database db(db_path);
    std::string out = std::to_string(db.get_lastdocid()) + "\n";
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        Xapian::Document doc = db.get_document(*it);
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out += *t + " ";
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v) out += std::to_string(v.get_valueno()) + "=" + *v + " ";
        out += "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("duplicates: rules, DOI veto, JSON/CSV/text listings", "[e2e][dedup]") {
    TempDir dir;
    write_file(dir / "dups.ris", kRis);
    CommandResult r = index(dir, shell_quote(dir / "dups.ris"));
    REQUIRE(r.exit_code == 0);
    auto report = nlohmann::json::parse(read_file(dir / "report.json"));
    CHECK(report["totals"]["added"] == 6);
    CHECK(report["totals"]["duplicates"] == 4);

    CommandResult json = duplicates(dir, "json");
    REQUIRE(json.exit_code == 0);
    CHECK(summary(json.out) == Clusters{{"A1:", "A2:title+year+author"}, {"C1:", "C2:doi"}});
    auto first = nlohmann::json::parse(json.out)["clusters"][0]["records"][1];
    CHECK(first["title"] == "ASPIRIN AFTER MINOR STROKE - A RANDOMISED TRIAL.");
    CHECK(first["source"]["file"] == dir / "dups.ris");
    CHECK(first["source"]["line"] == 25);

    CommandResult csv = duplicates(dir, "csv");
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.rfind("cluster_id,id,record_id,title,rule,source_file,source_line\r\n", 0) == 0);
    CHECK(csv.out.find(",C2,Exercise therapy for back pain.,doi,") != std::string::npos);

    CommandResult text = duplicates(dir, "text");
    CHECK(text.out.find("2 duplicate cluster(s), 4 record(s)") != std::string::npos);
    CHECK(duplicates(dir, "ris").exit_code == 2);
}

TEST_CASE("re-indexing unchanged input changes nothing", "[e2e][dedup]") {
    TempDir dir;
    write_file(dir / "dups.ris", kRis);
    REQUIRE(index(dir, shell_quote(dir / "dups.ris")).exit_code == 0);
    const std::string before = duplicates(dir, "json").out;
    const std::string documents = snapshot(dir / "db");
    REQUIRE(index(dir, shell_quote(dir / "dups.ris")).exit_code == 0);
    auto report = nlohmann::json::parse(read_file(dir / "report.json"));
    CHECK(report["totals"]["unchanged"] == 6);
    CHECK(report["totals"]["duplicates"] == 4);  // still in clusters, though nothing was added
    CHECK(duplicates(dir, "json").out == before);
    CHECK(snapshot(dir / "db") == documents);
}

TEST_CASE("re-indexing an updated export names the earlier versions it leaves in the index", "[e2e][dedup]") {
    TempDir dir;
    write_file(dir / "dups.ris", kRis);
    REQUIRE(index(dir, shell_quote(dir / "dups.ris")).exit_code == 0);
    CHECK(nlohmann::json::parse(read_file(dir / "report.json"))["files"][0]["earlier_versions"] == 0);
    // B2 is corrected, C2 dropped: the index keeps both old records.
    std::string updated = kRis;
    updated.replace(updated.find("Statins in the elderly\nAU  - Jones, K.\nPY  - 2018\nDO  - 10.1000/two"),
                    std::string("Statins in the elderly").size(), "Statins in older people");
    updated.erase(updated.find("\n\nTY  - JOUR\nID  - C2"));
    write_file(dir / "dups.ris", updated + "\n");
    CommandResult r = run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "db") + " --report " +
                                  shell_quote(dir / "report.json") + " " + shell_quote(dir / "dups.ris"));
    REQUIRE(r.exit_code == 0);
    const auto file = nlohmann::json::parse(read_file(dir / "report.json"))["files"][0];
    CHECK(file["added"] == 1);
    CHECK(file["unchanged"] == 4);
    CHECK(file["earlier_versions"] == 2);
    CHECK_THAT(r.err, Catch::Contains("dups.ris: warning: the index also holds 2 record(s) of an earlier version"));
}

namespace {

// dups.ris indexed, with A1 and A2 recorded as not duplicates.
void index_with_decision(const TempDir& dir) {
    write_file(dir / "dups.ris", kRis);
    REQUIRE(index(dir, shell_quote(dir / "dups.ris")).exit_code == 0);
    REQUIRE(index(dir, "--not-duplicate A1,A2").exit_code == 0);
}

// kRis as the export's next version: A1 gains an abstract (a new refdex
// id), C2 is dropped.
std::string updated_export() {
    std::string updated = kRis;
    const std::string a1 = "ID  - A1\n";
    updated.insert(updated.find(a1) + a1.size(), "AB  - Added when the export was updated.\n");
    updated.erase(updated.find("\n\nTY  - JOUR\nID  - C2"));
    return updated + "\n";
}

}  // namespace

TEST_CASE("refdex-index --replace swaps an export for its new version, keeping decisions", "[e2e][dedup]") {
    TempDir dir;
    index_with_decision(dir);
    write_file(dir / "dups.ris", updated_export());
    CommandResult r = run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "db") + " --report " +
                                  shell_quote(dir / "report.json") + " --replace " + shell_quote(dir / "dups.ris"));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("dups.ris: --replace removed 2 record(s) of an earlier version"));
    const auto file = nlohmann::json::parse(read_file(dir / "report.json"))["files"][0];
    CHECK(file["earlier_versions_removed"] == 2);
    CHECK(file["earlier_versions"] == 0);
    CHECK(Xapian::Database(dir / "db").get_doccount() == 5);
    // The decision names A1 by file and record id: its new version stays apart from A2.
    CHECK(summary(duplicates(dir, "json").out).empty());

    // A second file of the same name would lose its records too: refused.
    std::filesystem::create_directories(dir / "other");
    write_file(dir / "other/dups.ris", "TY  - JOUR\nID  - Z1\nTI  - Another export\nER  - \n");
    CommandResult same = run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "db") +
                                     " --replace " + shell_quote(dir / "other/dups.ris"));
    CHECK(same.exit_code == 0);
    CHECK_THAT(same.err, Catch::Contains("--replace removed nothing for this file: "));
    CHECK(Xapian::Database(dir / "db").get_doccount() == 6);
    CHECK(run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "db") + " --replace").exit_code == 2);
}

TEST_CASE("refdex-index --replaces swaps an export saved under a new name, keeping decisions", "[e2e][dedup]") {
    TempDir dir;
    index_with_decision(dir);
    // The search is re-run and saved under another name.
    write_file(dir / "dups-2026.ris", updated_export());
    const std::string db = " --db " + shell_quote(dir / "db");

    // A name the index does not hold, or more than one input: exit 2, nothing read.
    CommandResult typo = run_command(std::string(REFDEX_INDEX_BIN) + db + " --replaces dup.ris " +
                                     shell_quote(dir / "dups-2026.ris"));
    CHECK(typo.exit_code == 2);
    CHECK_THAT(typo.err, Catch::Contains("--replaces dup.ris: the index holds no record of that file name (it holds: dups.ris)"));
    CHECK(run_command(std::string(REFDEX_INDEX_BIN) + db + " --replaces dups.ris " + shell_quote(dir / "dups-2026.ris") +
                      " " + shell_quote(dir / "dups.ris"))
              .exit_code == 2);
    CHECK(Xapian::Database(dir / "db").get_doccount() == 6);

    CommandResult r = run_command(std::string(REFDEX_INDEX_BIN) + db + " --report " + shell_quote(dir / "report.json") +
                                  " --replaces " + shell_quote(dir / "dups.ris") + " " + shell_quote(dir / "dups-2026.ris"));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("dups-2026.ris: --replaces dups.ris removed 6 record(s) of the earlier export"));
    const auto file = nlohmann::json::parse(read_file(dir / "report.json"))["files"][0];
    CHECK(file["replaces"] == "dups.ris");
    CHECK(file["earlier_versions_removed"] == 6);
    CHECK(file["added"] == 5);
    CHECK(Xapian::Database(dir / "db").get_doccount() == 5);
    // The decision followed A1 and A2 to the new file name: they stay apart.
    CHECK(summary(duplicates(dir, "json").out).empty());
    // The old file is no longer among the index's inputs.
    const auto stats = nlohmann::json::parse(
        run_command(std::string(REFDEX_QUERY_BIN) + db + " --stats --format json").out);
    std::vector<std::string> inputs;
    for (const auto& [path, _] : stats["inputs"].items()) inputs.push_back(std::filesystem::path(path).filename().string());
    CHECK(inputs == std::vector<std::string>{"dups-2026.ris"});
    const auto decisions = nlohmann::json::parse(
        run_command(std::string(REFDEX_INDEX_BIN) + db + " --export-decisions -").out);
    REQUIRE(decisions["not_duplicates"].size() == 1);
    CHECK(decisions["not_duplicates"][0]["a"]["source"] == "dups-2026.ris");
    CHECK(decisions["not_duplicates"][0]["b"]["source"] == "dups-2026.ris");

    // Its own name again: a plain --replace, which keeps what it reads.
    CommandResult again = run_command(std::string(REFDEX_INDEX_BIN) + db + " --replaces dups-2026.ris " +
                                      shell_quote(dir / "dups-2026.ris"));
    CHECK(again.exit_code == 0);
    CHECK(Xapian::Database(dir / "db").get_doccount() == 5);
}

TEST_CASE("a MEDLINE record's own id is its PMID, and a PMID names a record in --not-duplicate", "[e2e][dedup]") {
    TempDir dir;
    write_file(dir / "pubmed.nbib",
               "PMID- 19179315\nOWN - NLM\nTI  - Eculizumab for congenital atypical hemolytic-uremic syndrome.\n"
               "AU  - Gruppo RA\nDP  - 2009 Jan 29\nTA  - N Engl J Med\nVI  - 360\nPG  - 544-6\n\n");
    write_file(dir / "embase.ris",
               "TY  - JOUR\nID  - 55\nTI  - Eculizumab for congenital atypical hemolytic-uremic syndrome\n"
               "AU  - Gruppo, R. A.\nPY  - 2009\nT2  - New England Journal of Medicine\nVL  - 360\nSP  - 544\n"
               "EP  - 546\nER  - \n");
    REQUIRE(index(dir, shell_quote(dir / "pubmed.nbib") + " " + shell_quote(dir / "embase.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) == Clusters{{"19179315:", "55:title+year+author"}});
    CommandResult r = index(dir, "--not-duplicate 19179315,55");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out).empty());
}

TEST_CASE("refdex-index --not-duplicate splits a cluster and survives re-indexing", "[e2e][dedup]") {
    TempDir dir;
    write_file(dir / "dups.ris", kRis);
    REQUIRE(index(dir, shell_quote(dir / "dups.ris")).exit_code == 0);
    // The export's own ids work when they name one record.
    CommandResult r = index(dir, "--not-duplicate A1,A2");
    REQUIRE(r.exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) == Clusters{{"C1:", "C2:doi"}});
    REQUIRE(index(dir, shell_quote(dir / "dups.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) == Clusters{{"C1:", "C2:doi"}});
    auto report = nlohmann::json::parse(read_file(dir / "report.json"));
    CHECK(report["totals"]["duplicates"] == 2);
    Xapian::Database db(dir / "db");
    CHECK(db.get_doccount() == 6);  // nothing is ever deleted

    CommandResult bad = index(dir, "--not-duplicate A1,nobody");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("no record has id 'nobody'") != std::string::npos);
    CHECK(index(dir, "--not-duplicate A1").exit_code == 2);
    // The same id twice is refused before the input is read: nothing indexed.
    write_file(dir / "more.ris", "TY  - JOUR\nID  - M1\nTI  - Another work entirely\nER  - \n");
    CommandResult twice = index(dir, "--not-duplicate A1,A1 " + shell_quote(dir / "more.ris"));
    CHECK(twice.exit_code == 2);
    CHECK_THAT(twice.err, Catch::Contains("names the same id twice"));
    CHECK(Xapian::Database(dir / "db").get_doccount() == 6);
}

TEST_CASE("a decision an update leaves naming nothing is said at once; upper-cased ids import", "[e2e][dedup]") {
    TempDir dir;
    index_with_decision(dir);
    // Upper-cased by a spreadsheet, imported into a rebuilt index: applied.
    CommandResult exported = index(dir, "--export-decisions -");
    REQUIRE(exported.exit_code == 0);
    auto decisions = nlohmann::json::parse(exported.out);
    for (const char* side : {"a", "b"}) {
        auto& id = decisions["not_duplicates"][0][side]["id"];
        std::string upper = id.get<std::string>();
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        id = upper;
    }
    write_file(dir / "upper.json", decisions.dump());
    CommandResult imported = run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "db2") +
                                         " --import-decisions " + shell_quote(dir / "upper.json") + " " +
                                         shell_quote(dir / "dups.ris"));
    CHECK(imported.exit_code == 0);
    CHECK_THAT(imported.err, !Catch::Contains("does not hold"));

    // The update renumbers A2 and rewords its title: nothing names it any
    // more, and the ingest says so (it used to be silent).
    std::string updated = kRis;
    updated.replace(updated.find("ID  - A2\nTI  - ASPIRIN AFTER MINOR STROKE - A RANDOMISED TRIAL."),
                    std::string("ID  - A2\nTI  - ASPIRIN AFTER MINOR STROKE - A RANDOMISED TRIAL.").size(),
                    "ID  - A9\nTI  - Aspirin or placebo after a minor stroke, randomised");
    write_file(dir / "dups.ris", updated);
    CommandResult r = run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "db") + " --replace " +
                                  shell_quote(dir / "dups.ris"));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("1 not-duplicate decision(s) name a record this index does not hold"));
    CHECK_THAT(r.err, Catch::Contains("A1,A2"));
}

TEST_CASE("not-duplicate decisions outlive a rebuilt index and an updated export", "[e2e][dedup]") {
    TempDir dir;
    write_file(dir / "dups.ris", kRis);
    REQUIRE(index(dir, shell_quote(dir / "dups.ris")).exit_code == 0);
    REQUIRE(index(dir, "--not-duplicate A1,A2 --notices apart").exit_code == 0);
    CommandResult exported = index(dir, "--export-decisions " + shell_quote(dir / "decisions.json"));
    REQUIRE(exported.exit_code == 0);
    const auto decisions = nlohmann::json::parse(read_file(dir / "decisions.json"));
    CHECK(decisions.at("notices") == "apart");
    REQUIRE(decisions.at("not_duplicates").size() == 1);
    CHECK(decisions.at("not_duplicates")[0].at("a").at("source") == "dups.ris");

    // The export is updated (A2 gains an abstract, so a new refdex id) and
    // the index is built again from scratch.
    std::string updated = kRis;
    const std::string a2 = "ID  - A2\n";
    updated.insert(updated.find(a2) + a2.size(), "AB  - Added when the export was updated.\n");
    write_file(dir / "dups.ris", updated);
    std::filesystem::remove_all(dir / "db");
    REQUIRE(index(dir, shell_quote(dir / "dups.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) == Clusters{{"A1:", "A2:title+year+author"}, {"C1:", "C2:doi"}});

    std::filesystem::remove_all(dir / "db");
    CommandResult rebuilt =
        run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "db") + " --import-decisions " +
                    shell_quote(dir / "decisions.json") + " " + shell_quote(dir / "dups.ris"));
    REQUIRE(rebuilt.exit_code == 0);
    CHECK(rebuilt.err.find("1 not-duplicate pair(s) in") != std::string::npos);
    CHECK(rebuilt.err.find("notices: apart (recorded, from") != std::string::npos);
    CHECK(rebuilt.err.find("does not hold") == std::string::npos);
    CHECK(summary(duplicates(dir, "json").out) == Clusters{{"C1:", "C2:doi"}});
    CommandResult again = run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "db") +
                                      " --export-decisions -");
    REQUIRE(again.exit_code == 0);
    CHECK(nlohmann::json::parse(again.out).at("not_duplicates").size() == 1);

    // Into an index that does not hold the records yet: kept, and said so.
    CommandResult early = run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "empty") +
                                      " --import-decisions " + shell_quote(dir / "decisions.json"));
    CHECK(early.exit_code == 0);
    CHECK(early.err.find("1 not-duplicate decision(s) name a record this index does not hold") != std::string::npos);
    CHECK(early.err.find("A1,A2") != std::string::npos);

    write_file(dir / "broken.json", "{\"refdex_decisions\": 1, \"not_duplicates\": [");
    CommandResult broken = run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "db") +
                                       " --import-decisions " + shell_quote(dir / "broken.json"));
    CHECK(broken.exit_code == 2);
    CHECK(broken.err.find("broken.json: not a refdex decisions file") != std::string::npos);
    CommandResult missing = run_command(std::string(REFDEX_INDEX_BIN) + " --db " + shell_quote(dir / "db") +
                                        " --import-decisions " + shell_quote(dir / "nowhere.json"));
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("nowhere.json: cannot read") != std::string::npos);
    CHECK(run_command(std::string(REFDEX_INDEX_BIN) + " --dry-run --export-decisions x.json").exit_code == 2);
}

TEST_CASE("an erratum joins its article, which names the cluster and is what the export keeps", "[e2e][dedup]") {
    TempDir dir;
    // The erratum comes first in the file and has a DOI of its own.
    write_file(dir / "errata.ris",
               "TY  - JOUR\nID  - E1\nTI  - Erratum: Aspirin after minor stroke: a randomised trial\n"
               "AU  - Smith, John\nPY  - 2020\nT2  - Stroke\nVL  - 51\nSP  - 990\nDO  - 10.1000/erratum\nER  - \n\n"
               "TY  - JOUR\nID  - A1\nTI  - Aspirin after minor stroke: a randomised trial\nAU  - Smith, John\n"
               "PY  - 2019\nT2  - Stroke\nVL  - 50\nSP  - 100\nEP  - 108\nDO  - 10.1000/article\n"
               "AB  - Aspirin halved early recurrence.\nER  - \n\n"
               "TY  - JOUR\nID  - B1\nTI  - Aspirin after minor stroke: a cohort\nAU  - Jones, K.\nPY  - 2019\n"
               "T2  - Stroke\nER  - \n");
    REQUIRE(index(dir, shell_quote(dir / "errata.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) == Clusters{{"A1:", "E1:erratum+title+year+journal"}});

    write_file(dir / "search.txt", "#1 aspirin\n");
    const std::string ris = dir / "set.ris";
    CommandResult r = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") + " --strategy " +
                                  shell_quote(dir / "search.txt") + " --export " + shell_quote(ris) + " --format ris");
    REQUIRE(r.exit_code == 0);
    const std::string exported = read_file(ris);
    CHECK(exported.find("ID  - A1") != std::string::npos);
    CHECK(exported.find("ID  - B1") != std::string::npos);
    CHECK(exported.find("ID  - E1") == std::string::npos);
    CHECK(exported.find("Erratum:") == std::string::npos);
    CHECK(exported.find("(ID E1)") != std::string::npos);  // the erratum is named in the kept record's note

    // A line that matches only the erratum still exports its article, and the
    // CSV carries both records' own ids.
    write_file(dir / "erratum-only.txt", "#1 erratum\n");
    const std::string csv = dir / "set.csv";
    r = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") + " --strategy " +
                    shell_quote(dir / "erratum-only.txt") + " --export " + shell_quote(ris) + " --format ris");
    REQUIRE(r.exit_code == 0);
    const std::string article = read_file(ris);
    CHECK(article.find("ID  - A1") != std::string::npos);
    CHECK(article.find("ID  - E1") == std::string::npos);
    CHECK(article.find("(ID E1)") != std::string::npos);
    r = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") + " --strategy " +
                    shell_quote(dir / "erratum-only.txt") + " --export " + shell_quote(csv) + " --format csv");
    REQUIRE(r.exit_code == 0);
    const std::string table = read_file(csv);
    const std::size_t row = table.find("\r\n") + 2;
    CHECK(table.find(",A1,E1\r\n", row) != std::string::npos);
    CHECK(table.find("Erratum:", row) == std::string::npos);

    // PRISMA: the erratum is among the duplicates removed, and counted apart.
    CommandResult json = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") +
                                     " --strategy " + shell_quote(dir / "search.txt") + " --format json");
    REQUIRE(json.exit_code == 0);
    const auto prisma = nlohmann::json::parse(json.out)["prisma"];
    CHECK(prisma["records_identified"] == 3);
    CHECK(prisma["duplicates_removed"] == 1);
    CHECK(prisma["notices_joined"] == 1);

    // A ranked search and the screening order show the article for the
    // cluster too, even when only the erratum matches; --all-duplicates
    // still lists the erratum itself.
    const std::string query = std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db");
    r = run_command(query + " --format ris erratum");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("ID  - A1") != std::string::npos);
    CHECK(r.out.find("Erratum:") == std::string::npos);
    r = run_command(query + " --all-duplicates --format ris erratum");
    CHECK(r.out.find("ID  - E1") != std::string::npos);
    write_file(dir / "labels.csv", "record_id,label\nB1,0\n");
    r = run_command(query + " --prioritise " + shell_quote(dir / "labels.csv") + " --format ris");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("ID  - A1") != std::string::npos);
    CHECK(r.out.find("Erratum:") == std::string::npos);
}

TEST_CASE("refdex-index --notices apart keeps an erratum apart, from then on; join joins it again", "[e2e][dedup]") {
    TempDir dir;
    write_file(dir / "errata.ris",
               "TY  - JOUR\nID  - A1\nTI  - Aspirin after minor stroke: a randomised trial\nAU  - Smith, John\n"
               "PY  - 2019\nT2  - Stroke\nVL  - 50\nSP  - 100\nEP  - 108\nER  - \n\n"
               "TY  - JOUR\nID  - E1\nTI  - Erratum: Aspirin after minor stroke: a randomised trial\n"
               "AU  - Smith, John\nPY  - 2020\nT2  - Stroke\nVL  - 51\nSP  - 990\nER  - \n");
    const std::string input = shell_quote(dir / "errata.ris");
    REQUIRE(index(dir, input).exit_code == 0);
    const Clusters joined{{"A1:", "E1:erratum+title+year+journal"}};
    CHECK(summary(duplicates(dir, "json").out) == joined);

    CommandResult r = index(dir, "--notices apart");
    REQUIRE(r.exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out).empty());
    // A later ingest applies the recorded choice.
    write_file(dir / "more.ris", "TY  - JOUR\nID  - B1\nTI  - Statins in the elderly\nPY  - 2018\nER  - \n");
    REQUIRE(index(dir, shell_quote(dir / "more.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out).empty());

    REQUIRE(index(dir, "--notices join " + input).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) == joined);

    // Given with the first input, the choice already holds for the ingest
    // that creates the index (a bulk build) and for its report.
    TempDir fresh;
    REQUIRE(index(fresh, "--notices apart " + input).exit_code == 0);
    CHECK(summary(duplicates(fresh, "json").out).empty());
    CHECK(nlohmann::json::parse(read_file(fresh / "report.json"))["totals"]["duplicates"] == 0);

    CommandResult bad = index(dir, "--notices sometimes");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--notices must be join or apart") != std::string::npos);
    CommandResult no_db = run_command(std::string(REFDEX_INDEX_BIN) + " --dry-run --notices apart " + input);
    CHECK(no_db.exit_code == 2);
    CHECK(no_db.err.find("--notices needs --db") != std::string::npos);
}

TEST_CASE("a retraction notice stays apart from the article and its erratum; its copies join it", "[e2e][dedup]") {
    const std::string t = "Effects of aerobic exercise on depressive symptoms in older adults";
    auto ris = [&t](const std::string& id, const std::string& title, const std::string& year, const std::string& volume,
                    const std::string& page) {
        return "TY  - JOUR\nID  - " + id + "\nAU  - Lee, S.\nTI  - " + title + "\nT2  - J Geriatr Psychiatry\nPY  - " +
               year + "\nVL  - " + volume + "\nSP  - " + page + "\nER  - \n\n";
    };
    const std::string three = ris("A1", t, "2019", "12", "100-110") + ris("E1", "Erratum: " + t, "2020", "13", "5") +
                              ris("X1", "Retraction: " + t, "2020", "14", "1");
    for (const char* policy : {"join", "apart"}) {
        CAPTURE(policy);
        TempDir dir;
        write_file(dir / "f.ris", three);
        REQUIRE(index(dir, std::string("--notices ") + policy + " " + shell_quote(dir / "f.ris")).exit_code == 0);
        const Clusters expected =
            std::string(policy) == "join" ? Clusters{{"A1:", "E1:erratum+title+year+journal"}} : Clusters{};
        CHECK(summary(duplicates(dir, "json").out) == expected);
    }
    // A copy of the retraction from another database joins the retraction
    // alone, as a duplicate.
    TempDir dir;
    write_file(dir / "f.ris", three);
    write_file(dir / "wos.ris", ris("X2", t + " (Retraction of vol 12, pg 100, 2019)", "2020", "14", "1"));
    REQUIRE(index(dir, shell_quote(dir / "f.ris") + " " + shell_quote(dir / "wos.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) ==
          Clusters{{"A1:", "E1:erratum+title+year+journal"}, {"X1:", "X2:title+year+author"}});
}

TEST_CASE("an erratum and a reply to one article join only through the article", "[e2e][dedup]") {
    const std::string t = "Effects of aerobic exercise on depressive symptoms in older adults";
    const std::string notices = "TY  - JOUR\nID  - E1\nAU  - Lee, S.\nTI  - Erratum: " + t +
                                "\nT2  - J Geriatr Psychiatry\nPY  - 2020\nVL  - 13\nSP  - 5\nER  - \n\n"
                                "TY  - JOUR\nID  - R1\nAU  - Kim, H.\nTI  - " + t +
                                " - Reply\nT2  - J Geriatr Psychiatry\nPY  - 2019\nVL  - 12\nSP  - 7\nER  - \n\n";
    const std::string article = "TY  - JOUR\nID  - A1\nAU  - Lee, S.\nTI  - " + t +
                                "\nT2  - J Geriatr Psychiatry\nPY  - 2019\nVL  - 12\nSP  - 100-110\n"
                                "DO  - 10.1000/jgp.2019.1\nER  - \n";
    auto prisma = [](const TempDir& dir) {
        write_file(dir / "all.txt", "#1 *\n");
        CommandResult r = run_command(std::string(REFDEX_QUERY_BIN) + " --db " + shell_quote(dir / "db") +
                                      " --strategy " + shell_quote(dir / "all.txt") + " --format json");
        REQUIRE(r.exit_code == 0);
        return nlohmann::json::parse(r.out)["prisma"];
    };
    for (const char* policy : {"apart", "join"}) {
        CAPTURE(policy);
        TempDir dir;
        write_file(dir / "notices.ris", notices);
        REQUIRE(index(dir, std::string("--notices ") + policy + " " + shell_quote(dir / "notices.ris")).exit_code == 0);
        CHECK(summary(duplicates(dir, "json").out).empty());
        const auto counts = prisma(dir);
        CHECK(counts["duplicates_removed"] == 0);
        CHECK(counts["notices_joined"] == 0);
        CHECK(counts["unique_records"] == 2);
    }
    // With the article they both answer, join puts the three in its cluster.
    TempDir dir;
    write_file(dir / "all.ris", notices + article);
    REQUIRE(index(dir, shell_quote(dir / "all.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) ==
          Clusters{{"A1:", "E1:erratum+title+year+journal", "R1:reply+title+year+journal+volume"}});
    CHECK(prisma(dir)["notices_joined"] == 2);
}

TEST_CASE("the same work written differently: a slip at the title's start, online-first, a heading, a review's update", "[e2e][dedup]") {
    TempDir dir;
    // T1/T2: a slip in the second word and no pages; only the tail of the
    // title brings them together. O1/O2: online first (no volume, pages a
    // spreadsheet turned into a date) and in print. H1/H2: a section
    // heading before the title, the first author's name split another way.
    // X1: a different trial a word away from T1, which stays apart. C1/C2:
    // a Cochrane review and its retitled update, six years apart, the one
    // numbered in its pages' place, the other by its versioned DOI; only
    // the review number brings them together.
    write_file(dir / "forms.ris",
               "TY  - JOUR\nID  - T1\nTI  - Safety of eculizamab in aHUS patients resistant to plasma therapy\n"
               "AU  - Legendre, C. M.\nPY  - 2011\nT2  - J Am Soc Nephrol\nVL  - 21\nER  - \n\n"
               "TY  - JOUR\nID  - O1\nTI  - Management of peripancreatic fluid collections after pancreatectomy\n"
               "AU  - Kwon, Y. M.\nPY  - 2013\nT2  - Surgical Endoscopy\nSP  - 01\nEP  - Jun\nER  - \n\n"
               "TY  - JOUR\nID  - H1\nTI  - Can liver-kidney transplantation cure aHUS?\nAU  - Il Cheong, H.\n"
               "PY  - 2009\nT2  - Nature Reviews Nephrology\nVL  - 5\nSP  - 556\nEP  - 557\nER  - \n\n"
               "TY  - JOUR\nID  - T2\nTI  - Safety of Eculizumab in aHUS Patients Resistant to Plasma Therapy\n"
               "AU  - Legendre, CM\nPY  - 2010\nT2  - J Am Soc Nephrol\nVL  - 21\nER  - \n\n"
               "TY  - JOUR\nID  - O2\nTI  - Management of peripancreatic fluid collections after pancreatectomy\n"
               "AU  - Kwon, Y. M.\nPY  - 2013\nT2  - Surg Endosc\nVL  - 27\nSP  - 2422\nEP  - 2427\nER  - \n\n"
               "TY  - JOUR\nID  - H2\nTI  - Thrombotic microangiopathy: can liver-kidney transplantation cure aHUS?\n"
               "AU  - Cheong, H. I.\nPY  - 2009\nT2  - Nat Rev Nephrol\nVL  - 5\nSP  - 556\nEP  - 557\nER  - \n\n"
               "TY  - JOUR\nID  - X1\nTI  - Safety of eculizumab in aHUS patients sensitive to plasma therapy\n"
               "AU  - Legendre, C. M.\nPY  - 2011\nT2  - J Am Soc Nephrol\nVL  - 21\nER  - \n\n"
               "TY  - JOUR\nID  - C1\nTI  - Medically assisted hydration for adult palliative care patients\n"
               "AU  - Good, P.\nPY  - 2008\nT2  - Cochrane Database of Systematic Reviews\nSP  - CD006273\nER  - \n\n"
               "TY  - JOUR\nID  - C2\nTI  - Medically assisted hydration for palliative care patients\n"
               "AU  - Good, Phillip\nPY  - 2014\nT2  - Cochrane Database Syst Rev\n"
               "DO  - 10.1002/14651858.CD006273.pub3\nER  - \n");
    REQUIRE(index(dir, shell_quote(dir / "forms.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) == Clusters{{"T1:", "T2:title~+year+author+journal+volume"},
                                                           {"O1:", "O2:title+year+author"},
                                                           {"H1:", "H2:title~+year+volume+pages"},
                                                           {"C1:", "C2:cochrane-review"}});
}

TEST_CASE("look-alikes stay apart: other numbers, generic titles, an erratum near two works", "[e2e][dedup]") {
    TempDir dir;
    // D1/D2: type 1 against type 2 diabetes, one author, journal and
    // volume, no pages. E1/E2: "Editorial" by two authors in one volume.
    // M1/W1/WE: two articles a word apart in one volume and an erratum
    // whose title is near both; it joins W1, and M1 stays apart.
    const std::string common = "AU  - Schuett, S.\nPY  - 2012\nT2  - Stroke\nVL  - 43\n";
    write_file(dir / "alike.ris",
               "TY  - JOUR\nID  - D1\nTI  - Intensive glucose lowering in adults with type 1 diabetes mellitus\n" +
                   common + "ER  - \n\n"
                   "TY  - JOUR\nID  - D2\nTI  - Intensive glucose lowering in adults with type 2 diabetes mellitus\n" +
                   common + "ER  - \n\n"
                   "TY  - JOUR\nID  - E1\nTI  - Editorial\nAU  - Jones, K.\nPY  - 2012\nT2  - Stroke\nVL  - 43\n"
                   "SP  - 1\nER  - \n\n"
                   "TY  - JOUR\nID  - E2\nTI  - Editorial\nAU  - Brown, A.\nPY  - 2012\nT2  - Stroke\nVL  - 43\n"
                   "SP  - 1\nER  - \n\n"
                   "TY  - JOUR\nID  - M1\nTI  - Effect of aspirin on the risk of first ischaemic stroke in men\n" +
                   common + "SP  - 100\nEP  - 110\nER  - \n\n"
                   "TY  - JOUR\nID  - W1\nTI  - Effect of aspirin on the risk of first ischaemic stroke in women\n" +
                   common + "SP  - 200\nEP  - 210\nER  - \n\n"
                   "TY  - JOUR\nID  - WE\nTI  - Erratum: Effect of aspirin on the risk of first ischaemic stroke in women\n" +
                   common + "SP  - 2000\nER  - \n");
    REQUIRE(index(dir, shell_quote(dir / "alike.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) == Clusters{{"W1:", "WE:erratum+title+year+journal"}});
}

TEST_CASE("a volume written with its issue is the volume: copies join", "[e2e][dedup]") {
    TempDir dir;
    // The same abstract from Embase ("58 (1)", "58(1)", "58 1") and MEDLINE
    // ("58"); read as volume 581 it vetoed every rule.
    const std::string rest = "TI  - Glucagon-like peptide-1 attenuates post-resuscitation myocardial microcirculatory "
                             "dysfunction\nAU  - Beneze, A. N.\nPY  - 2010\nT2  - Journal of Investigative Medicine\n"
                             "IS  - 1\nSP  - 207\nEP  - 208\nER  - \n\n";
    write_file(dir / "issue.ris", "TY  - JOUR\nID  - E1\nVL  - 58 (1)\n" + rest + "TY  - JOUR\nID  - M1\nVL  - 58\n" +
                                      rest + "TY  - JOUR\nID  - E2\nVL  - 58(1)\n" + rest +
                                      "TY  - JOUR\nID  - E3\nVL  - 58 1\n" + rest);
    REQUIRE(index(dir, shell_quote(dir / "issue.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) ==
          Clusters{{"E1:", "M1:title+year+author", "E2:title+year+author", "E3:title+year+author"}});
}

TEST_CASE("look-alikes a word apart stay apart: men/women, hepatitis B/C, Part A/B, phase IIa/IIb", "[e2e][dedup]") {
    TempDir dir;
    // Each pair: one first author, journal and volume, no pages (or the
    // same one), titles 97% alike; only the word that differs tells them
    // apart. P1/P2 are one work, a slip apart, and still join.
    const std::string common = "AU  - Mensah, K\nAU  - Owusu, A\nPY  - 2021\nT2  - BMC Infectious Diseases\nVL  - 21\n";
    auto rec = [&common](const std::string& id, const std::string& title, const std::string& extra = "") {
        return "TY  - JOUR\nID  - " + id + "\nTI  - " + title + "\n" + common + extra + "ER  - \n\n";
    };
    const std::string r = "Prevalence of hypertension and associated risk factors among rural ";
    const std::string h = " virus infection among pregnant women attending antenatal clinics in Ghana";
    const std::string g = "Guidelines for the management of community-acquired pneumonia in adults: Part ";
    const std::string v = "Safety and immunogenicity of a malaria vaccine candidate: a phase ";
    write_file(dir / "alike.ris", rec("M1", r + "men in northern Ghana") + rec("W1", r + "women in northern Ghana") +
                                      rec("B1", "Prevalence of hepatitis B" + h, "SP  - S45\n") +
                                      rec("C1", "Prevalence of hepatitis C" + h, "SP  - S45\n") + rec("A1", g + "A") +
                                      rec("A2", g + "B") + rec("V1", v + "IIa trial in Ghanaian adults") +
                                      rec("V2", v + "IIb trial in Ghanaian adults") +
                                      rec("P1", "Seroprevalence of hepatitis E among male blood donors in Accra") +
                                      rec("P2", "Seroprevalence of hepatitis E among male blood donors in Acra"));
    REQUIRE(index(dir, shell_quote(dir / "alike.ris")).exit_code == 0);
    CHECK(summary(duplicates(dir, "json").out) == Clusters{{"P1:", "P2:title~+year+author+journal+volume"}});
}

TEST_CASE("series titles in two issues and one author's short title in two journals stay apart", "[e2e][dedup]") {
    TempDir dir;
    // C1/C2, O1/O2: "Correction" and "Obituary" in issues 1 and 2 of one
    // volume, by one author. A1/A2: one author's "Asthma" in the BMJ and
    // the Lancet, no volume or pages. E1/E2: one correction from two
    // databases, which joins.
    auto rec = [](const std::string& id, const std::string& title, const std::string& journal,
                  const std::string& place) {
        return "TY  - JOUR\nID  - " + id + "\nTI  - " + title + "\nAU  - Brown, K\nPY  - 2019\nT2  - " + journal + "\n" +
               place + "ER  - \n\n";
    };
    write_file(dir / "series.ris", rec("C1", "Correction", "Nursing Times", "VL  - 30\nIS  - 1\nSP  - 1\n") +
                                       rec("C2", "Correction", "Nursing Times", "VL  - 30\nIS  - 2\nSP  - 101\n") +
                                       rec("O1", "Obituary", "Nursing Times", "VL  - 30\nIS  - 1\nSP  - 5\n") +
                                       rec("O2", "Obituary", "Nursing Times", "VL  - 30\nIS  - 2\nSP  - 105\n") +
                                       rec("A1", "Asthma", "BMJ", "") + rec("A2", "Asthma", "Lancet", "") +
                                       "TY  - BOOK\nID  - B1\nTI  - Asthma\nAU  - Brown, K\nPY  - 2019\n"
                                       "PB  - Oxford University Press\nER  - \n\n" +
                                       rec("E1", "Erratum", "Nursing Times", "VL  - 31\nSP  - 7\n") +
                                       rec("E2", "Erratum", "Nursing Times", "VL  - 31\nSP  - 7\n"));
    REQUIRE(index(dir, shell_quote(dir / "series.ris")).exit_code == 0);
    // B1, a book without a journal, joins the first "Asthma" only.
    CHECK(summary(duplicates(dir, "json").out) ==
          Clusters{{"A1:", "B1:title+year+author"}, {"E1:", "E2:title+year+author"}});
}
