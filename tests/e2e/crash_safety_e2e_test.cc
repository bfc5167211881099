// SIGKILL at several points of a large ingest, then the same command again:
// the index must open, pass xapian-check, hold exactly the records of a clean
// run, none of them twice, and cluster duplicates exactly as a clean run does.
// Glass keeps the last committed revision, and replace_document on the Q id
// term makes the re-run add only what the killed run had not committed. A
// bulk build (the default for a new index) swaps its result in at the end:
// killed before, the index is as it was.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hostile_support.h"

using namespace refdex;
using namespace refdex::e2e;

namespace {

// --duplicates as (cluster id, sorted member ids), sorted: comparable
// between two indexes built from the same input.
std::vector<std::pair<std::string, std::vector<std::string>>> duplicate_listing(const std::string& db) {
    const nlohmann::json j = query_json(db, "--duplicates");
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto& cluster : j["clusters"]) {
        std::vector<std::string> members;
        for (const auto& r : cluster["records"]) members.push_back(r["id"].get<std::string>() + "/" + r["rule"].get<std::string>());
        std::sort(members.begin(), members.end());
        out.emplace_back(cluster["id"].get<std::string>(), members);
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("SIGKILL at several points of an ingest, then a re-run: same index as a clean run",
          "[e2e][indexer][signal][crash]") {
    test::TempDir dir;
    const std::size_t records = scaled(12000, 2000);
    const std::string input = dir / "large.ris";
    write_synthetic_ris(input, records);
    // A new index is built in parts swapped in at the end (a kill leaves it
    // empty); --incremental writes in place, committing every batch.
    const std::string mode = GENERATE(as<std::string>{}, "", "--incremental ");
    INFO("mode: " << (mode.empty() ? "bulk build" : mode));
    const std::string index_cmd = q(REFDEX_INDEX_BIN) + " --quiet --batch 300 " + mode + "--db ";

    const std::string clean = dir / "clean";
    auto c = test::run_command(index_cmd + q(clean) + " " + q(input));
    INFO(c.err);
    REQUIRE(c.exit_code == 0);
    const IdCensus expected = id_census(clean);
    REQUIRE(expected.documents == records);
    const auto expected_clusters = duplicate_listing(clean);
    REQUIRE(!expected_clusters.empty());

    // Kill points in seconds, growing so that some land mid-batch, some in a
    // commit and (on a fast machine) some in the clustering pass; each run
    // continues from what the previous ones committed.
    const std::string db = dir / "killed";
    std::size_t kills = 0;
    std::string landed;  // documents on disk after each kill, for the log
    for (const char* delay : {"0.05", "0.2", "0.5", "1", "1.5", "2"}) {
        auto k = test::run_command(index_cmd + q(db) + " " + q(input) + " & pid=$!; sleep " + delay +
                                   "; kill -KILL $pid 2>/dev/null; wait $pid");
        INFO("kill after " << delay << " s: exit " << k.exit_code << "\n" << k.err);
        // 137 = killed as intended; 0 = finished first (nothing left to do).
        REQUIRE((k.exit_code == 137 || k.exit_code == 0));
        if (k.exit_code == 137) ++kills;
        // Whatever the moment, what is on disk is a consistent revision
        // (unless the kill came before the very first commit).
        if (test::run_command("test -f " + q(db + "/iamglass")).exit_code == 0) {
            require_xapian_check(db);
            const IdCensus now = id_census(db);
            CHECK(now.ids_not_unique == 0);
            CHECK(now.documents <= records);
            CHECK(count(db, "*", "--all-duplicates") == now.documents);
            landed += std::string(" ") + delay + "s:" + std::to_string(now.documents);
        }
    }
    // Once more, killed as soon as the last full batch is visible: the kill
    // then lands in the clustering pass or the final commit.
    {
        const std::size_t last_batch = records - records % 300;
        const std::string counter = q(REFDEX_QUERY_BIN) + " --db " + q(db) + " --count --all-duplicates '*' 2>/dev/null";
        auto k = test::run_command(index_cmd + q(db) + " " + q(input) + " & pid=$!; while kill -0 $pid 2>/dev/null; do "
                                   "n=$(" + counter + "); [ \"${n:-0}\" -ge " + std::to_string(last_batch) +
                                   " ] && break; sleep 0.01; done; kill -KILL $pid 2>/dev/null; wait $pid");
        INFO("kill after the last batch: exit " << k.exit_code << "\n" << k.err);
        REQUIRE((k.exit_code == 137 || k.exit_code == 0));
        require_xapian_check(db);
        CHECK(id_census(db).ids_not_unique == 0);
        landed += " last-batch:" + std::to_string(id_census(db).documents) + (k.exit_code == 137 ? "(killed)" : "(finished)");
    }
    WARN("kills: " << kills << "; documents on disk after each (of " << records << "):" << landed);
    CHECK(kills >= 2);  // otherwise the test proved nothing about recovery

    auto r = test::run_command(index_cmd + q(db) + " " + q(input));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    require_xapian_check(db);
    const IdCensus after = id_census(db);
    CHECK(after.documents == expected.documents);
    CHECK(after.id_terms == expected.id_terms);
    CHECK(after.ids_not_unique == 0);
    CHECK(duplicate_listing(db) == expected_clusters);
    CHECK(count(db, "title:synthetic", "--all-duplicates") == count(clean, "title:synthetic", "--all-duplicates"));
}

TEST_CASE("killed while Xapian created the index: its empty leftovers are replaced, anything else is kept",
          "[e2e][indexer][crash]") {
    test::TempDir dir;
    const std::string input = dir / "one.ris";
    test::write_file(input, "TY  - JOUR\nTI  - Aspirin after stroke\nPY  - 2020\nER  - \n");
    // What a kill between Xapian's creating the tables and writing the
    // revision file leaves behind: Xapian itself would refuse this folder.
    const std::string interrupted = dir / "interrupted";
    REQUIRE(test::run_command("mkdir " + q(interrupted) + " && cd " + q(interrupted) +
                              " && touch flintlock postlist.glass termlist.glass").exit_code == 0);
    auto r = test::run_command(q(REFDEX_INDEX_BIN) + " --quiet --db " + q(interrupted) + " " + q(input));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(count(interrupted, "aspirin") == 1);

    // Killed a little later, while Xapian wrote its first revision file
    // (v.tmp, renamed to iamglass once written): the same.
    const std::string unrenamed = dir / "unrenamed";
    REQUIRE(test::run_command("mkdir " + q(unrenamed) + " && cd " + q(unrenamed) +
                              " && touch flintlock postlist.glass termlist.glass && printf revision > v.tmp")
                .exit_code == 0);
    r = test::run_command(q(REFDEX_INDEX_BIN) + " --quiet --db " + q(unrenamed) + " " + q(input));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(count(unrenamed, "aspirin") == 1);

    // Tables with data but no revision file are not an interrupted creation:
    // nothing is removed, and the error names the folder.
    const std::string damaged = dir / "damaged";
    REQUIRE(test::run_command("mkdir " + q(damaged) + " && cd " + q(damaged) +
                              " && touch flintlock termlist.glass && printf data > postlist.glass").exit_code == 0);
    r = test::run_command(q(REFDEX_INDEX_BIN) + " --quiet --db " + q(damaged) + " " + q(input));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(damaged) != std::string::npos);
    CHECK(test::run_command("test -s " + q(damaged + "/postlist.glass")).exit_code == 0);
}
