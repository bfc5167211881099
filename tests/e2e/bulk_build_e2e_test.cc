// A new or empty index is built in temporary parts merged at the end
// (indexer/bulk_build.h). It must be indistinguishable from writing in place
// (--incremental): same documents in the same docid order, same clusters,
// same answers; the merge must survive many parts; metadata of an existing
// empty index carries over; nothing is left beside the index.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "e2e_support.h"
#include "hostile_support.h"

using namespace refdex::e2e;
using refdex::test::TempDir;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

void check_same_index(const std::string& expected, const std::string& db) {
    require_xapian_check(db);
    CHECK(!fs::exists(db + ".refdex-build"));
    const auto want = docid_order(expected);
    REQUIRE(want.size() > 400);
    CHECK(docid_order(db) == want);
    CHECK(query_json(db, "--duplicates") == query_json(expected, "--duplicates"));
    for (const char* query : {"care", "'\"integrated care\"'", "'author:smith OR keyword:review'", "'integrat* NOT review'"}) {
        const std::string args = std::string("--limit 1000 --facet year --facet author --facet journal ") + query;
        INFO(args);
        const Json got = query_json(db, args), wanted = query_json(expected, args);
        REQUIRE(wanted["total"].get<std::size_t>() > 0);
        CHECK(got["total"] == wanted["total"]);
        CHECK(got["facets"] == wanted["facets"]);
        CHECK(got["hits"] == wanted["hits"]);
    }
}

}  // namespace

TEST_CASE("bulk build: a new index built in parts equals one written in place", "[e2e][indexer][bulk]") {
    TempDir dir;
    const std::string in_place = dir / "in_place", bulk = dir / "bulk", small_parts = dir / "small_parts";
    const Json want = index_all_samples(in_place, "--incremental --jobs 1", dir / "in_place.json");
    const Json got = index_all_samples(bulk, "", dir / "bulk.json");
    CHECK(got["totals"] == want["totals"]);
    check_same_index(in_place, bulk);
    // Seven records a part: about a hundred parts, merged in two rounds.
    index_all_samples(small_parts, "--part-records 7 --jobs 2", dir / "small.json");
    check_same_index(in_place, small_parts);
    // The bulk-built index is an ordinary one: a second run adds nothing.
    const Json again = index_all_samples(bulk, "", dir / "again.json");
    CHECK(again["totals"]["added"] == 0);
    CHECK(again["totals"]["unchanged"] == want["totals"]["added"]);
    check_same_index(in_place, bulk);
}

TEST_CASE("bulk build: an existing empty index keeps its metadata and stays sound", "[e2e][indexer][bulk]") {
    // A run whose only record is rejected leaves an empty index with an
    // input noted; the next run builds in parts and swaps the result in,
    // and the old index (closed after the swap) must not write into it.
    TempDir dir;
    const std::string db = dir / "db", nothing = dir / "nothing.ris";
    {
        std::ofstream out(nothing);
        out << "TY  - JOUR\nPY  - 2001\nER  - \n";
    }
    REQUIRE(run_index("--quiet --db " + q(db) + " " + q(nothing)).exit_code == 3);
    REQUIRE(Xapian::Database(db).get_doccount() == 0);
    // What a killed bulk build leaves behind is cleared by the next run.
    fs::create_directories(db + ".refdex-build/lane0-part0");
    const Json report = index_all_samples(db, "", dir / "r.json");
    require_xapian_check(db);
    CHECK(!fs::exists(db + ".refdex-build"));
    CHECK(Xapian::Database(db).get_doccount() == report["totals"]["added"].get<std::size_t>());
    const std::string inputs = Xapian::Database(db).get_metadata("refdex.inputs");
    CHECK(inputs.find("nothing.ris") != std::string::npos);
    CHECK(inputs.find("asreview") != std::string::npos);
}

TEST_CASE("bulk build: clustering duplicates leaves the merged index compact", "[e2e][indexer][bulk]") {
    // The clustering pass rewrites every record of a cluster. Run on the
    // compact result of the merge, it split the full blocks it touched (on
    // data/ and tests/data: docdata + termlist 1,800 KB against 1,400 KB
    // compacted); run before the last compaction, it costs nothing. Posting lists are left out: they keep a chunk per
    // part, which only a compaction of the whole index merges.
    TempDir dir;
    const std::string db = dir / "db", copy = dir / "compacted";
    const Json report = index_all_samples(db, "--part-records 100", dir / "r.json");
    REQUIRE(report["totals"]["duplicates"].get<std::size_t>() > 20);
    require_xapian_check(db);
    Xapian::Database(db).compact(copy);
    auto size = [](const std::string& index) {
        return fs::file_size(fs::path(index) / "docdata.glass") + fs::file_size(fs::path(index) / "termlist.glass");
    };
    INFO("docdata + termlist: " << size(db) << " bytes built, " << size(copy) << " compacted");
    CHECK(size(db) * 100 <= size(copy) * 105);
}
