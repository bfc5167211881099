// --replace and --replaces never delete another export's records: records
// carry only their file's name, so two exports of one name are told apart by
// the index's noted input paths, and a doubt refuses the removal. Also: one
// file noted under several spellings counts once in PRISMA, and an
// interrupted --replace says why it removed nothing.
#include <algorithm>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "e2e_support.h"

using namespace refdex::e2e;
using refdex::test::read_file;
using refdex::test::TempDir;
using refdex::test::write_file;

namespace {

std::string record(const std::string& id, const std::string& title, const std::string& extra = "") {
    return "TY  - JOUR\nID  - " + id + "\nTI  - " + title + "\nAU  - Lee, A.\nPY  - 2020\n" + extra + "ER  - \n\n";
}

const std::string kYoga = record("1", "Yoga for chronic low back pain");
const std::string kNets = record("2", "Insecticide-treated nets for malaria");

nlohmann::json first_file(const std::string& report) {
    return nlohmann::json::parse(read_file(report))["files"][0];
}

}  // namespace

TEST_CASE("refdex-index --replace refuses when another export of the same name (in any letter case) is indexed",
          "[e2e][indexer][replace]") {
    TempDir dir;
    std::filesystem::create_directories(dir / "x");
    std::filesystem::create_directories(dir / "y");
    write_file(dir / "x/Search.ris", kYoga);
    write_file(dir / "y/search.ris", kNets);
    const std::string db = q(dir / "db");
    REQUIRE(run_index("-q --db " + db + " " + q(dir / "x/Search.ris")).exit_code == 0);
    CommandResult r = run_index("--db " + db + " --report " + q(dir / "r.json") + " --replace " + q(dir / "y/search.ris"));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("--replace removed nothing for this file"));
    CHECK(first_file(dir / "r.json")["not_replaced_because"] != "");
    CHECK(count(dir / "db", "yoga") == 1);

    // --replaces NAME when two files of NAME were indexed: exit 2, nothing read.
    std::filesystem::create_directories(dir / "z");
    write_file(dir / "z/search.ris", kNets);
    write_file(dir / "search-2026.ris", record("3", "Yoga again"));
    REQUIRE(run_index("-q --db " + db + " " + q(dir / "z/search.ris")).exit_code == 0);
    CommandResult both = run_index("--db " + db + " --replaces search.ris " + q(dir / "search-2026.ris"));
    CHECK(both.exit_code == 2);
    CHECK_THAT(both.err, Catch::Contains("files named search.ris were indexed"));
    CHECK(count(dir / "db", "yoga") == 1);
    CHECK(count(dir / "db", "again") == 0);
}

TEST_CASE("refdex-index --replace of an export whose folder moved removes its earlier version", "[e2e][indexer][replace]") {
    TempDir dir;
    std::filesystem::create_directories(dir / "old");
    write_file(dir / "old/f.ris", kYoga + kNets);
    const std::string db = q(dir / "db");
    REQUIRE(run_index("-q --db " + db + " " + q(dir / "old/f.ris")).exit_code == 0);
    std::filesystem::rename(dir / "old", dir / "new");
    write_file(dir / "new/f.ris", kYoga);  // the nets record dropped in the update
    CommandResult r = run_index("--db " + db + " --report " + q(dir / "r.json") + " --replace " + q(dir / "new/f.ris"));
    REQUIRE(r.exit_code == 0);
    CHECK(first_file(dir / "r.json")["earlier_versions_removed"] == 1);
    CHECK(count(dir / "db", "*", "--all-duplicates") == 1);
    // The old path left the index's inputs.
    const nlohmann::json stats = query_json(dir / "db", "--stats");
    REQUIRE(stats["inputs"].size() == 1);
    CHECK(std::filesystem::path(stats["inputs"].items().begin().key()).parent_path().filename() == "new");
}

TEST_CASE("a record unchanged in a re-export points at its new file and line", "[e2e][indexer][replace]") {
    TempDir dir;
    std::filesystem::create_directories(dir / "jan");
    std::filesystem::create_directories(dir / "jun");
    write_file(dir / "jan/f.ris", kYoga + kNets);
    const std::string db = q(dir / "db");
    REQUIRE(run_index("-q --db " + db + " " + q(dir / "jan/f.ris")).exit_code == 0);
    // The June export puts a new record first: the two old ones move down.
    write_file(dir / "jun/f.ris", record("3", "Tai chi for balance in older people") + kYoga + kNets);
    REQUIRE(run_index("-q --db " + db + " --replace " + q(dir / "jun/f.ris")).exit_code == 0);
    const nlohmann::json all = query_json(dir / "db", "--all-duplicates --limit 10 '*'");
    REQUIRE(all["hits"].size() == 3);
    const std::string text = read_file(dir / "jun/f.ris");
    for (const auto& hit : all["hits"]) {
        INFO(hit.dump());
        CHECK(std::filesystem::path(hit["source"]["file"].get<std::string>()).parent_path().filename() == "jun");
        // The line the record starts at in the June file: its TY line, two before its ID line.
        const std::string id_line = "ID  - " + hit["record_id"].get<std::string>() + "\n";
        const std::size_t at = text.find(id_line);
        REQUIRE(at != std::string::npos);
        const auto line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
        CHECK(hit["source"]["line"].get<std::size_t>() == line);
    }
}

TEST_CASE("one file indexed under several spellings counts its rejected records once", "[e2e][indexer][replace]") {
    TempDir dir;
    write_file(dir / "f.ris", kYoga + "TY  - JOUR\nPY  - 2020\nER  - \n\n");
    write_file(dir / "s.txt", "#1 *\n");
    const std::string db = q(dir / "db");
    for (const std::string& spelling : {std::string("f.ris"), std::string("./f.ris"), dir / "f.ris"})
        CHECK(refdex::test::run_command("cd " + q(dir.path().string()) + " && " + q(REFDEX_INDEX_BIN) + " -q --db " + db + " " + q(spelling))
                  .exit_code == 3);
    const nlohmann::json strategy = query_json(dir / "db", "--strategy " + q(dir / "s.txt"));
    CHECK(strategy["prisma"]["records_rejected"] == 1);
}

TEST_CASE("an interrupted --replace says why it removed nothing", "[e2e][indexer][replace][signal]") {
    TempDir dir;
    const std::string db = q(dir / "db");
    write_file(dir / "pipe.ris.old", kYoga + kNets);
    REQUIRE(run_index("-q --db " + db + " " + q(dir / "pipe.ris.old")).exit_code == 0);
    // The new version is read from a named pipe the writer keeps open, so
    // the run is still reading when SIGINT comes.
    const std::string fifo = dir / "pipe.ris.old";
    std::filesystem::remove(fifo);
    CommandResult r = refdex::test::run_command(
        "mkfifo " + q(fifo) + "; (printf '" + "TY  - JOUR\\nID  - 1\\nTI  - Yoga for chronic low back pain\\nER  - \\n\\n" +
        "'; exec sleep 20) > " + q(fifo) + " & w=$!; " + q(REFDEX_INDEX_BIN) + " --db " + db + " --report " +
        q(dir / "r.json") + " --replace " + q(fifo) + " & i=$!; sleep 1; kill -INT $i; wait $i; code=$?; kill $w; "
        "wait $w 2>/dev/null; exit $code");
    INFO(r.err);
    REQUIRE(r.exit_code == 3);
    const nlohmann::json file = first_file(dir / "r.json");
    CHECK(file["not_replaced_because"].get<std::string>().find("interrupted") != std::string::npos);
    CHECK(file["earlier_versions_removed"] == 0);
    CHECK_THAT(r.err, !Catch::Contains("(--replace removes them)"));
    CHECK(count(dir / "db", "malaria") == 1);
}
