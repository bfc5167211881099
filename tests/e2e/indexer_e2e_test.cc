// refdex-index end to end: the seeds, the --report contract, re-ingest,
// exit codes, --dry-run, standard input, the single-writer lock, and format
// detection for MEDLINE and WoS.
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "e2e_support.h"

using namespace refdex::e2e;
using refdex::test::read_file;
using refdex::test::repo_data;
using refdex::test::TempDir;
using refdex::test::test_data;
using refdex::test::write_file;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* const kCountKeys[] = {"records", "added", "unchanged", "duplicates", "rejected", "repairs"};

// Checks the documented shape of a --report document and the accounting
// identity records = added + unchanged + rejected for every file and the
// totals, and that the totals are the sums of the files.
void check_report(const Json& report) {
    REQUIRE(report.is_object());
    REQUIRE(report.contains("files"));
    REQUIRE(report["files"].is_array());
    REQUIRE(report.contains("totals"));
    const Json& totals = report["totals"];
    for (const char* key : kCountKeys) {
        INFO("totals." << key);
        REQUIRE(totals.contains(key));
        REQUIRE(totals[key].is_number_unsigned());
    }
    CHECK(totals["records"] == totals["added"].get<std::size_t>() + totals["unchanged"].get<std::size_t>() +
                                   totals["rejected"].get<std::size_t>());
    std::map<std::string, std::size_t> sums;
    for (const Json& f : report["files"]) {
        INFO("file entry " << f.dump());
        REQUIRE(f["path"].is_string());
        REQUIRE(f["format"].is_string());
        REQUIRE(f["encoding"].is_string());
        REQUIRE(f["same_name_as"].is_string());
        for (const char* key : kCountKeys) {
            REQUIRE(f.contains(key));
            REQUIRE(f[key].is_number_unsigned());
            sums[key] += f[key].get<std::size_t>();
        }
        CHECK(f["records"] == f["added"].get<std::size_t>() + f["unchanged"].get<std::size_t>() +
                                  f["rejected"].get<std::size_t>());
        REQUIRE(f["problems"].is_array());
        for (const Json& p : f["problems"]) {
            REQUIRE(p["line"].is_number_unsigned());
            REQUIRE(p["severity"].is_string());
            CHECK((p["severity"] == "error" || p["severity"] == "warning" || p["severity"] == "info"));
            REQUIRE(p["message"].is_string());
            CHECK(!p["message"].get<std::string>().empty());
        }
    }
    for (const char* key : kCountKeys) {
        INFO("totals." << key << " vs sum over files");
        CHECK(totals[key].get<std::size_t>() == sums[key]);
    }
}

Json read_report(const std::string& path) {
    Json j = Json::parse(read_file(path), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    check_report(j);
    return j;
}

std::size_t documents(const std::string& db) {
    CommandResult r = run_query(db, "--stats --format json");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    Json j = Json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    REQUIRE(j["documents"].is_number_unsigned());
    return j["documents"].get<std::size_t>();
}

// Records in a RIS file counted the naive way: lines opening with a TY tag
// (two-space or one-space delimiter, after an optional UTF-8 BOM).
std::size_t count_ty_lines(const std::string& path) {
    std::size_t n = 0;
    for (std::string line : lines(read_file(path))) {
        if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (line.rfind("TY  - ", 0) == 0 || line.rfind("TY - ", 0) == 0) ++n;
    }
    return n;
}

// Records in data/ counted from the files themselves.
std::size_t data_records_by_grep() {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(REFDEX_REPO_DATA)) {
        const std::string ext = e.path().extension().string();
        if (ext == ".ris" || ext == ".txt") n += count_ty_lines(e.path().string());
    }
    return n;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("seeds: both indexed, one record added each, exit 0", "[e2e][index]") {
    const auto seeds = seed_files();
    REQUIRE(seeds.size() == 2);
    TempDir dir;
    std::string args = "--db " + q(dir / "db") + " --report " + q(dir / "report.json");
    for (const auto& s : seeds) args.append(" ").append(q(s));
    CommandResult r = run_index(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    Json report = read_report(dir / "report.json");
    REQUIRE(report["files"].size() == seeds.size());
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        const Json& f = report["files"][i];
        CHECK(f["path"] == seeds[i]);
        CHECK(f["format"] == "ris");
        CHECK(f["records"] == count_ty_lines(seeds[i]));
        CHECK(f["records"] == 1);
        CHECK(f["added"] == 1);
        CHECK(f["rejected"] == 0);
    }
    CHECK(report["totals"]["added"] == 2);
    CHECK(documents(dir / "db") == 2);
}

TEST_CASE("report JSON on data/: schema and counts agree with the input", "[e2e][index]") {
    TempDir dir;
    CommandResult r = run_index("--quiet --db " + q(dir / "db") + " --report " + q(dir / "r.json") + " " +
                                q(REFDEX_REPO_DATA));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    Json report = read_report(dir / "r.json");
    const std::size_t expected = data_records_by_grep();
    REQUIRE(expected > 0);
    CHECK(report["totals"]["records"] == expected);
    CHECK(report["totals"]["added"] == expected);
    CHECK(report["totals"]["rejected"] == 0);
    CHECK(documents(dir / "db") == expected);
    for (const Json& f : report["files"]) CHECK(f["records"] == count_ty_lines(f["path"]));
}

TEST_CASE("re-ingest is idempotent: added 0, unchanged = records, same document count", "[e2e][index]") {
    TempDir dir;
    const std::string db = dir / "db";
    const std::string base = "--quiet --db " + q(db) + " " + q(REFDEX_REPO_DATA) + " --report ";
    CommandResult first = run_index(base + q(dir / "1.json"));
    REQUIRE(first.exit_code == 0);
    Json r1 = read_report(dir / "1.json");
    const std::size_t docs1 = documents(db);
    CHECK(docs1 == r1["totals"]["added"].get<std::size_t>());

    CommandResult second = run_index(base + q(dir / "2.json"));
    INFO(second.err);
    REQUIRE(second.exit_code == 0);
    Json r2 = read_report(dir / "2.json");
    CHECK(r2["totals"]["added"] == 0);
    CHECK(r2["totals"]["records"] == r1["totals"]["records"]);
    CHECK(r2["totals"]["unchanged"] == r2["totals"]["records"]);
    for (const Json& f : r2["files"]) {
        CHECK(f["added"] == 0);
        CHECK(f["unchanged"] == f["records"]);
    }
    CHECK(documents(db) == docs1);
}

TEST_CASE("two different exports of one file name are named in a warning; a moved file is not", "[e2e][index]") {
    // Records carry their file's name (so moving a folder changes nothing),
    // so PRISMA would count two different scopus.ris files as one source.
    TempDir dir;
    const std::string db = dir / "db";
    fs::create_directories(dir / "a");
    fs::create_directories(dir / "b");
    fs::copy_file(test_data("asysd__scopus.ris"), dir / "a/scopus.ris");
    auto ingest = [&](const std::string& input, const std::string& report) {
        const CommandResult r = run_index("--db " + q(db) + " " + q(input) + " --report " + q(dir / report));
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return std::make_pair(read_report(dir / report)["files"][0]["same_name_as"].get<std::string>(), r.err);
    };
    const auto first = ingest(dir / "a/scopus.ris", "1.json");
    CHECK(first.first.empty());
    CHECK(first.second.find("warning") == std::string::npos);
    // The same file by another spelling of its path is no other file.
    CHECK(ingest(dir / "a/../a/scopus.ris", "2.json").first.empty());

    fs::copy_file(test_data("asreview__embase.ris"), dir / "b/scopus.ris");
    const auto second = ingest(dir / "b/scopus.ris", "3.json");
    REQUIRE_FALSE(second.first.empty());
    CHECK(fs::equivalent(second.first, dir / "a/scopus.ris"));  // either spelling the index noted
    CHECK_THAT(second.second, Catch::Matchers::Contains("b/scopus.ris: warning: " + second.first +
                                                        " has the same file name"));
    CHECK_THAT(second.second, Catch::Matchers::Contains("records_by_source counts both as one source"));

    fs::remove(dir / "b/scopus.ris");
    fs::rename(dir / "a", dir / "c");
    const auto moved = ingest(dir / "c/scopus.ris", "4.json");
    CHECK(moved.first.empty());
    CHECK(read_report(dir / "4.json")["totals"]["unchanged"] == 10);
}

TEST_CASE("exit 1 when the index cannot be created, naming the path", "[e2e][index][exit]") {
    TempDir dir;
    write_file(dir / "plain", "not a directory\n");
    const std::string db = (dir.path() / "plain" / "db").string();
    CommandResult r = run_index("--db " + q(db) + " " + q(seed_files().at(0)));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, db));
}

TEST_CASE("an index path whose parent folders are missing is created", "[e2e][index]") {
    TempDir dir;
    const std::string db = (dir.path() / "new folder" / "nested" / "db").string();
    CommandResult r = run_index("--quiet --db " + q(db) + " " + q(seed_files().at(0)));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(Xapian::Database(db).get_doccount() == 1);
}

TEST_CASE("exit 2 on usage errors", "[e2e][index][exit]") {
    TempDir dir;
    const std::string seed = q(seed_files().at(0));
    SECTION("no --db") {
        CommandResult r = run_index(seed);
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "--db"));
    }
    SECTION("unknown option") {
        CommandResult r = run_index("--db " + q(dir / "db") + " --no-such-option " + seed);
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "no-such-option"));
    }
    SECTION("bad --format") {
        CommandResult r = run_index("--db " + q(dir / "db") + " --format bibtex " + seed);
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "bibtex"));
    }
    SECTION("no input") {
        CommandResult r = run_index("--db " + q(dir / "db"));
        CHECK(r.exit_code == 2);
    }
    // A usage error must not have touched the index location.
    CHECK_FALSE(std::filesystem::exists(dir / "db"));
}

TEST_CASE("exit 3 when an input is missing, the others are still indexed", "[e2e][index][exit]") {
    TempDir dir;
    const auto seeds = seed_files();
    const std::string missing = dir / "no-such-file.ris";
    CommandResult r = run_index("--db " + q(dir / "db") + " --report " + q(dir / "r.json") + " " + q(seeds[0]) +
                                " " + q(missing) + " " + q(seeds[1]));
    CHECK(r.exit_code == 3);
    CHECK(contains(r.err, missing));
    Json report = read_report(dir / "r.json");
    std::size_t readable_records = 0;
    bool missing_listed = false;
    for (const Json& f : report["files"]) {
        if (f["path"] == missing) {
            missing_listed = true;
            CHECK(f["records"] == 0);
            REQUIRE_FALSE(f["problems"].empty());
            CHECK(f["problems"][0]["severity"] == "error");
        } else {
            readable_records += f["added"].get<std::size_t>();
        }
    }
    CHECK(missing_listed);
    CHECK(readable_records == count_ty_lines(seeds[0]) + count_ty_lines(seeds[1]));
    CHECK(documents(dir / "db") == readable_records);
}

TEST_CASE("exit 3 when a record is rejected, the report gives its line and severity error", "[e2e][index][exit]") {
    TempDir dir;
    const std::string ris = dir / "mixed.ris";
    // Line 6 opens a record with only TY and PY: nothing to index.
    write_file(ris,
               "TY  - JOUR\n"
               "TI  - Quokka burrowing behaviour on Rottnest Island\n"
               "PY  - 2019\n"
               "ER  - \n"
               "\n"
               "TY  - JOUR\n"
               "PY  - 2020\n"
               "ER  - \n");
    CommandResult r = run_index("--db " + q(dir / "db") + " --report " + q(dir / "r.json") + " " + q(ris));
    CHECK(r.exit_code == 3);
    Json report = read_report(dir / "r.json");
    REQUIRE(report["files"].size() == 1);
    const Json& f = report["files"][0];
    CHECK(f["records"] == 2);
    CHECK(f["added"] == 1);
    CHECK(f["rejected"] == 1);
    bool found = false;
    for (const Json& p : f["problems"])
        if (p["severity"] == "error" && p["line"] == 6) found = true;
    CHECK(found);
    CHECK(count(dir / "db", "*", "--all-duplicates") == 1);
    CHECK(count(dir / "db", "title:quokka") == 1);
}

TEST_CASE("dry run (--dry-run) writes nothing and still reports the counts", "[e2e][index]") {
    TempDir dir;
    const std::string db = dir / "db";
    CommandResult r = run_index("--dry-run --db " + q(db) + " --report " + q(dir / "r.json") + " " +
                                q(REFDEX_REPO_DATA));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(std::filesystem::exists(db));
    Json report = read_report(dir / "r.json");
    const std::size_t expected = data_records_by_grep();
    CHECK(report["totals"]["records"] == expected);
    CHECK(report["totals"]["added"] == expected);
}

TEST_CASE("standard input: cat file | refdex-index --db X -", "[e2e][index]") {
    TempDir dir;
    const std::string seed = seed_files().at(0);
    const std::string db = dir / "db";
    CommandResult r = refdex::test::run_command("cat " + q(seed) + " | " + q(REFDEX_INDEX_BIN) + " --db " + q(db) +
                                                " --report " + q(dir / "r.json") + " -");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    Json report = read_report(dir / "r.json");
    REQUIRE(report["files"].size() == 1);
    CHECK(report["files"][0]["path"] == "-");
    CHECK(report["files"][0]["added"] == 1);
    CHECK(documents(db) == 1);
    // The record that came in is the one in the file: find it by its DOI.
    const std::string text = read_file(seed);
    const auto at = text.find("DO - ");
    REQUIRE(at != std::string::npos);
    const std::string doi = text.substr(at + 5, text.find(' ', at + 5) - (at + 5));
    CHECK(count(db, "doi:" + doi) == 1);
}

TEST_CASE("a second writer: exit 1, 'locked by another refdex-index'", "[e2e][index][exit]") {
    TempDir dir;
    const std::string db = dir / "db";
    build_index(db, {seed_files().at(0)});
    {
        Xapian::WritableDatabase holder(db, Xapian::DB_OPEN);
        CommandResult r = run_index("--db " + q(db) + " " + q(seed_files().at(1)));
        CHECK(r.exit_code == 1);
        CHECK(contains(r.err, "locked by another refdex-index"));
        CHECK(contains(r.err, db));
    }
    // Once the lock is released the same command succeeds.
    CommandResult r = run_index("--quiet --db " + q(db) + " " + q(seed_files().at(1)));
    CHECK(r.exit_code == 0);
    CHECK(documents(db) == 2);
}

namespace {

// The first title in a MEDLINE or WoS tagged file: the text after the TI tag
// on its first line.
std::string first_title_line(const std::string& path) {
    for (const std::string& raw : lines(read_file(path))) {
        std::string line = raw;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (line.rfind("TI  - ", 0) == 0) return line.substr(6);  // MEDLINE
        if (line.rfind("TI ", 0) == 0) return line.substr(3);     // WoS
    }
    return {};
}

// The alphabetic words of at least five letters in `text`, lower-cased ASCII.
std::vector<std::string> long_words(const std::string& text) {
    std::vector<std::string> words;
    std::string w;
    for (char c : text + " ") {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            w += static_cast<char>(c | 0x20);
        } else {
            if (w.size() >= 5) words.push_back(w);
            w.clear();
        }
    }
    return words;
}

void check_detected_and_findable(const std::string& file, const std::string& format) {
    TempDir dir;
    const std::string db = dir / "db";
    CommandResult r = run_index("--quiet --db " + q(db) + " --report " + q(dir / "r.json") + " " + q(file));
    INFO(file << "\n" << r.err);
    REQUIRE(r.exit_code == 0);
    Json report = read_report(dir / "r.json");
    REQUIRE(report["files"].size() == 1);
    CHECK(report["files"][0]["format"] == format);
    CHECK(report["files"][0]["added"].get<std::size_t>() > 0);

    const std::vector<std::string> words = long_words(first_title_line(file));
    REQUIRE(words.size() >= 2);
    std::string query = "title:(";
    for (std::size_t i = 0; i < words.size() && i < 4; ++i) query += (i ? " " : "") + words[i];
    query += ")";
    Json j = query_json(db, q(query));
    INFO(query);
    REQUIRE(j["total"].get<std::size_t>() >= 1);
    // The first title line's words all occur in the hit's title.
    std::string title = j["hits"][0]["title"].get<std::string>();
    for (char& c : title)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    for (std::size_t i = 0; i < words.size() && i < 4; ++i) CHECK(contains(title, words[i]));
}

}  // namespace

TEST_CASE("formats: a MEDLINE .nbib file is detected and its records findable", "[e2e][index][format]") {
    check_detected_and_findable(test_data("zotero__01-two-records-1996.nbib"), "medline");
    check_detected_and_findable(test_data("synthesisr__PubMed_example.txt"), "medline");
}

TEST_CASE("formats: WoS files are detected and their records findable", "[e2e][index][format]") {
    check_detected_and_findable(test_data("metaknowledge__TwoPaper.isi"), "wos");
    // WoS saved with a .ris extension: detection must look at the content.
    check_detected_and_findable(test_data("rispy__example_wos.txt"), "wos");
}

TEST_CASE("refdex-index --compact leaves the same records in a smaller index", "[e2e][indexer][compact]") {
    TempDir dir;
    const std::string plain = dir / "plain", compacted = dir / "compacted";
    const std::string data = refdex::test::shell_quote(repo_data(""));
    REQUIRE(run_index("--quiet --db " + refdex::test::shell_quote(plain) + " " + data).exit_code == 0);
    REQUIRE(run_index("--quiet --compact --db " + refdex::test::shell_quote(compacted) + " " + data).exit_code == 0);
    auto size = [](const std::string& path) {
        std::uintmax_t total = 0;
        for (const auto& f : std::filesystem::recursive_directory_iterator(path))
            if (f.is_regular_file()) total += f.file_size();
        return total;
    };
    CHECK(size(compacted) < size(plain));
    CHECK_FALSE(std::filesystem::exists(compacted + ".compacting"));
    CHECK_FALSE(std::filesystem::exists(compacted + ".old"));
    CHECK(count(compacted, "*", "--all-duplicates") == count(plain, "*", "--all-duplicates"));
    CHECK(ids(compacted, "--limit 20 'integrated care'") == ids(plain, "--limit 20 'integrated care'"));
}

TEST_CASE("facet columns: every ingest rewrites them, and a stale or damaged file is ignored", "[e2e][index][facets]") {
    TempDir dir;
    const std::string db = dir / "db";
    const std::string columns = db + "/refdex.facets";
    build_index(db, {repo_data("asreview_baseline.ris")});
    REQUIRE(std::filesystem::exists(columns));
    const std::string first = read_file(columns);

    CommandResult more = run_index("-q --db " + q(db) + " " + q(repo_data("bannach-brown_2019_first300.ris")));
    INFO(more.err);
    REQUIRE(more.exit_code == 0);
    CHECK(read_file(columns) != first);
    const std::string args = "--limit 0 --facet year --facet author --facet journal --facet source --facet-limit 50 '*'";
    const Json fresh = query_json(db, args);
    REQUIRE(fresh["facets"].size() == 4);
    CHECK(fresh["facets"]["source"].size() == 2);  // both files' records
    CHECK(fresh["facets"]["year"].size() > 5);

    write_file(columns, first);  // columns of the revision before the second ingest
    CHECK(query_json(db, args)["facets"] == fresh["facets"]);
    write_file(columns, first.substr(0, first.size() / 3));
    CHECK(query_json(db, args)["facets"] == fresh["facets"]);
    std::filesystem::remove(columns);
    CHECK(query_json(db, args)["facets"] == fresh["facets"]);
}
