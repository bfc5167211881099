// SIGINT during a long ingest: what was read is committed, the run says it
// was interrupted and exits 3, and the index holds exactly what the report
// says was added.
#include <catch2/catch.hpp>

#include <fstream>

#include "e2e_support.h"

using namespace refdex;
using namespace refdex::e2e;

TEST_CASE("SIGINT commits what is done and exits 3 with a message", "[e2e][indexer][signal]") {
    test::TempDir dir;
    const std::string input = dir / "many.ris";
    {
        std::ofstream out(input);
        for (int i = 0; i < 40000; ++i)
            out << "TY  - JOUR\nTI  - Generated record number " << i << " about screening\nAU  - Author, A" << i
                << "\nPY  - " << 1990 + i % 30 << "\nER  - \n\n";
    }
    const std::string db = dir / "db";
    const std::string report = dir / "report.json";
    // Interrupt after a second; a very fast machine may finish first, which
    // is also a correct outcome (exit 0) and is checked the same way.
    auto r = test::run_command(test::shell_quote(REFDEX_INDEX_BIN) + " --db " + test::shell_quote(db) + " --report " +
                               test::shell_quote(report) + " " + test::shell_quote(input) +
                               " & pid=$!; sleep 1; kill -INT $pid; wait $pid");
    INFO(r.err);
    REQUIRE((r.exit_code == 3 || r.exit_code == 0));
    if (r.exit_code == 3) CHECK(r.err.find("interrupted") != std::string::npos);
    auto totals = nlohmann::json::parse(test::read_file(report))["totals"];
    CHECK(totals["records"].get<std::size_t>() == totals["added"].get<std::size_t>());
    CHECK(count(db, "*", "--all-duplicates") == totals["added"].get<std::size_t>());
    if (r.exit_code == 3) CHECK(totals["records"].get<std::size_t>() < 40000);
}
