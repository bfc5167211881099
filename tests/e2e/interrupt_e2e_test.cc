// SIGINT or SIGTERM during a long ingest: what was read is committed, the
// run says it was interrupted, writes its report (with "interrupted": true)
// and exits 3, and the index holds exactly what the report says was added,
// passes xapian-check, and the same command afterwards completes it.
#include <cstdio>

#include <catch2/catch.hpp>

#include "hostile_support.h"

using namespace refdex;
using namespace refdex::e2e;

namespace {

void check_interrupt(const std::string& signal_name) {
    test::TempDir dir;
    const std::size_t records = scaled(15000, 3000);
    const std::string input = dir / "many.ris";
    write_synthetic_ris(input, records);
    const std::string db = dir / "db";
    const std::string report = dir / "report.json";
    const std::string command = q(REFDEX_INDEX_BIN) + " --db " + q(db) + " --report " + q(report) + " " + q(input);
    // Interrupt after a second; a very fast machine may finish first, which
    // is also a correct outcome (exit 0) and is checked the same way.
    auto r = test::run_command(command + " & pid=$!; sleep 1; kill -" + signal_name + " $pid; wait $pid");
    INFO("SIG" << signal_name << ": exit " << r.exit_code << "\n" << r.err);
    REQUIRE((r.exit_code == 3 || r.exit_code == 0));
    const auto written = nlohmann::json::parse(test::read_file(report));
    const auto totals = written["totals"];
    CHECK(totals["records"].get<std::size_t>() == totals["added"].get<std::size_t>());
    CHECK(count(db, "*", "--all-duplicates") == totals["added"].get<std::size_t>());
    require_xapian_check(db);
    if (r.exit_code == 3) {
        CHECK(r.err.find("interrupted") != std::string::npos);
        CHECK(written["interrupted"] == true);
        CHECK(totals["records"].get<std::size_t>() < records);
    }
    // The same command again picks up where the interrupted run stopped.
    auto again = test::run_command(command);
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(count(db, "*", "--all-duplicates") == records);
    CHECK(id_census(db).ids_not_unique == 0);
}

}  // namespace

TEST_CASE("SIGINT commits what is done, writes the report and exits 3 with a message", "[e2e][indexer][signal]") {
    check_interrupt("INT");
}

TEST_CASE("SIGTERM commits what is done, writes the report and exits 3 with a message", "[e2e][indexer][signal]") {
    check_interrupt("TERM");
}

TEST_CASE("SIGINT while standard input stays open stops the run at once", "[e2e][indexer][signal]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    const std::string fifo = dir / "pipe";
    // The writer keeps the pipe open for 20 s after one record; the indexer
    // must stop on SIGINT, not when the input ends. Prints "EXIT SECONDS".
    auto r = test::run_command(
        "mkfifo " + q(fifo) + "; (printf 'TY  - JOUR\\nTI  - Record read from a pipe\\nAU  - Pipe, P.\\nER  - \\n\\n'; "
        "exec sleep 20) > " + q(fifo) + " & w=$!; start=$(date +%s); " + q(REFDEX_INDEX_BIN) + " --db " + q(db) +
        " - < " + q(fifo) + " & i=$!; sleep 1; kill -INT $i; wait $i; code=$?; "
        "echo \"$code $(( $(date +%s) - start ))\"; kill $w 2>/dev/null; wait $w 2>/dev/null; true");
    INFO(r.out << r.err);
    int code = -1, seconds = -1;
    REQUIRE(std::sscanf(r.out.c_str(), "%d %d", &code, &seconds) == 2);
    CHECK(code == 3);
    CHECK(seconds < 10);
    CHECK(r.err.find("interrupted") != std::string::npos);
    CHECK(count(db, "title:pipe", "--all-duplicates") == 1);
}
