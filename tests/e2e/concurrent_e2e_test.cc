// Queries while refdex-index writes to the same index: every query must
// succeed (the search reopens on DatabaseModifiedError) and counts must
// only grow as batches are committed; the screening modes read labels,
// records and features from one revision. A second refdex-index started during
// the ingest is refused (exit 1, "locked") and leaves the index intact.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "hostile_support.h"

using namespace refdex;
using namespace refdex::e2e;

TEST_CASE("queries succeed while refdex-index is writing", "[e2e][query][concurrent]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    build_index(db, {test::repo_data("")});
    const std::size_t base = count(db, "*", "--all-duplicates");
    const std::size_t records = scaled(20000, 3000);
    const std::string input = dir / "more.ris";
    write_synthetic_ris(input, records, "concurrent");
    // The writer commits as often as it may (--batch 50: once a second)
    // while the loop below queries.
    const std::string writer = q(REFDEX_INDEX_BIN) + " --quiet --batch 50 --db " + q(db) + " " + q(input);
    const std::string query = q(REFDEX_QUERY_BIN) + " --db " + q(db) + " --count --all-duplicates 'title:concurrent'";
    const std::string everything = q(REFDEX_QUERY_BIN) + " --db " + q(db) + " --count --all-duplicates '*'";
    // Screening labels for the first records of data/, alternately included
    // and excluded: the screening modes then rank (or replay) the whole
    // growing index, which takes several commits' time.
    std::string labels_csv = "record_id,label_included\n";
    int labelled = 0;
    const nlohmann::json first = query_json(db, "--all-duplicates --limit 40 '*'");
    for (const auto& hit : first["hits"])
        labels_csv += hit["id"].get<std::string>() + "," + (labelled++ % 2 == 0 ? "1" : "0") + "\n";
    REQUIRE(labelled >= 10);
    const std::string labels = dir / "labels.csv";
    test::write_file(labels, labels_csv);
    // A strategy whose last line is exported: counts and export from one revision.
    const std::string strategy = dir / "strategy.txt";
    test::write_file(strategy, "#1 care\n#2 title:concurrent\n#3 #1 OR #2\n");
    // Heavier reads that take several commits' time on a busy machine.
    const std::string heavy = q(REFDEX_QUERY_BIN) + " --db " + q(db) +
                              " --format json --facet year --facet author --limit 50 care >/dev/null && " +
                              q(REFDEX_QUERY_BIN) + " --db " + q(db) + " --stats >/dev/null && " + q(REFDEX_QUERY_BIN) +
                              " --db " + q(db) + " --duplicates --format json >/dev/null && " + q(REFDEX_QUERY_BIN) +
                              " --db " + q(db) + " --prioritise " + q(labels) + " --limit 20 >/dev/null && " +
                              q(REFDEX_QUERY_BIN) + " --db " + q(db) + " --simulate " + q(labels) + " >/dev/null && " +
                              q(REFDEX_QUERY_BIN) + " --db " + q(db) + " --strategy " + q(strategy) + " --export " +
                              q(dir / "export.ris") + " --format ris >/dev/null";
    // Both a selective query and the whole index: counts never go backwards,
    // and the loop records how many distinct counts it saw (so the test knows
    // it really queried during the ingest).
    auto r = test::run_command(writer + " & pid=$!; failures=0; last=0; lastall=0; monotonic=1; changes=0; "
                               "for i in $(seq 40); do n=$(" + query + ") || failures=$((failures+1)); "
                               "a=$(" + everything + ") || failures=$((failures+1)); "
                               "{ " + heavy + "; } || failures=$((failures+1)); "
                               "[ \"${n:-0}\" -ge \"$last\" ] || monotonic=0; [ \"${a:-0}\" -ge \"$lastall\" ] || monotonic=0; "
                               "[ \"${n:-0}\" -ne \"$last\" ] && changes=$((changes+1)); "
                               "last=${n:-0}; lastall=${a:-0}; done; "
                               "wait $pid; echo \"writer=$? failures=$failures monotonic=$monotonic changes=$changes\"");
    INFO(r.out << r.err);
    CHECK(r.out.find("writer=0") != std::string::npos);
    CHECK(r.out.find("failures=0") != std::string::npos);
    CHECK(r.out.find("monotonic=1") != std::string::npos);
    const std::size_t at = r.out.find("changes=");
    REQUIRE(at != std::string::npos);
    if (std::stoul(r.out.substr(at + 8)) < 2) WARN("the ingest ended before the queries saw it grow");
    // Afterwards every generated record is there, once.
    CHECK(count(db, "title:concurrent", "--all-duplicates") == records);
    CHECK(count(db, "*", "--all-duplicates") == base + records);
    CHECK(id_census(db).ids_not_unique == 0);
    require_xapian_check(db);
}

TEST_CASE("a second refdex-index during an ingest: exit 1 'locked', the index intact", "[e2e][indexer][concurrent][lock]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    const std::size_t records = scaled(10000, 3000);
    const std::string input = dir / "first.ris";
    write_synthetic_ris(input, records, "first");
    const std::string other = dir / "second.ris";
    write_synthetic_ris(other, 50, "second");
    // The second writer starts once the first has created the index and is
    // committing batches.
    auto r = test::run_command(q(REFDEX_INDEX_BIN) + " --quiet --batch 200 --db " + q(db) + " " + q(input) +
                               " & pid=$!; while [ ! -f " + q(db + "/iamglass") + " ]; do sleep 0.05; done; sleep 0.3; " +
                               q(REFDEX_INDEX_BIN) + " --db " + q(db) + " " + q(other) +
                               "; echo \"second=$?\"; wait $pid; echo \"first=$?\"");
    INFO(r.out << r.err);
    REQUIRE(r.out.find("first=0") != std::string::npos);
    // If the first writer was already done (a very fast machine), the second
    // simply succeeded; otherwise it was refused with a clear message.
    const bool refused = r.out.find("second=1") != std::string::npos;
    if (refused) {
        CHECK(r.err.find("locked by another refdex-index") != std::string::npos);
        CHECK(r.err.find(db) != std::string::npos);
        CHECK(count(db, "title:second", "--all-duplicates") == 0);
    } else {
        WARN("the first refdex-index finished before the second started; lock not exercised");
        CHECK(r.out.find("second=0") != std::string::npos);
    }
    require_xapian_check(db);
    CHECK(count(db, "title:first", "--all-duplicates") == records);
    CHECK(id_census(db).ids_not_unique == 0);
}
