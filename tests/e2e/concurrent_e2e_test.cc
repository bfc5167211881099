// Queries while refdex-index writes to the same index: every query must
// succeed (the search reopens on DatabaseModifiedError) and counts must
// only grow as batches are committed.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "e2e_support.h"

using namespace refdex;
using namespace refdex::e2e;

TEST_CASE("queries succeed while refdex-index is writing", "[e2e][query][concurrent]") {
    test::TempDir dir;
    const std::string db = dir / "db";
    build_index(db, {test::repo_data("")});
    const std::string input = dir / "more.ris";
    {
        std::ofstream out(input);
        for (int i = 0; i < 20000; ++i)
            out << "TY  - JOUR\nTI  - Concurrent record " << i << " on integrated care\nAU  - Writer, W" << i % 97
                << "\nPY  - " << 2000 + i % 20 << "\nER  - \n\n";
    }
    // The writer commits every 200 records while the loop below queries.
    const std::string writer = test::shell_quote(REFDEX_INDEX_BIN) + " --quiet --batch 200 --db " + test::shell_quote(db) +
                               " " + test::shell_quote(input);
    const std::string query = test::shell_quote(REFDEX_QUERY_BIN) + " --db " + test::shell_quote(db) +
                              " --count --all-duplicates 'integrated care'";
    auto r = test::run_command(writer + " & pid=$!; failures=0; last=0; monotonic=1; "
                               "for i in $(seq 40); do n=$(" + query + ") || failures=$((failures+1)); "
                               "[ \"${n:-0}\" -ge \"$last\" ] || monotonic=0; last=${n:-0}; done; "
                               "wait $pid; echo \"writer=$? failures=$failures monotonic=$monotonic\"");
    INFO(r.out << r.err);
    CHECK(r.out.find("writer=0") != std::string::npos);
    CHECK(r.out.find("failures=0") != std::string::npos);
    CHECK(r.out.find("monotonic=1") != std::string::npos);
    // Afterwards every generated record is there.
    CHECK(count(db, "title:concurrent", "--all-duplicates") == 20000);
}
