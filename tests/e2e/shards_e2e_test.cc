// refdex-index --jobs/--shards end to end: a sharded index answers exactly
// as a one-thread, one-shard index of the same input (counts, facets,
// ranking, duplicate clusters, report), re-ingest is idempotent, the shard
// count sticks, --compact merges the shards, and a second writer is locked
// out.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <tuple>
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
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kInputs = q(repo_data("")) + " " + q(test_data(""));

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::size_t documents(const std::string& db) { return Xapian::Database(db).get_doccount(); }

// Hits as (score, cluster) sorted by score then cluster. Xapian orders equal
// scores by docid, which depends on the layout, and so does the record that
// stands for a collapsed cluster when its records tie; everything else must
// be identical. `cluster_of` maps a record id to its cluster (absent: alone).
std::vector<std::pair<long long, std::string>> ranked(const Json& result, const std::map<std::string, std::string>& cluster_of) {
    std::vector<std::pair<long long, std::string>> hits;
    for (const Json& h : result["hits"]) {
        const std::string id = h["id"].get<std::string>();
        const auto it = cluster_of.find(id);
        hits.emplace_back(-std::llround(h["score"].get<double>() * 1e6), it == cluster_of.end() ? id : it->second);
    }
    std::sort(hits.begin(), hits.end());
    return hits;
}

// Clusters as sorted lists of (id, rule), keyed by cluster id.
std::vector<std::tuple<std::string, std::vector<std::pair<std::string, std::string>>>> clusters(const std::string& db) {
    Json j = query_json(db, "--duplicates");
    std::vector<std::tuple<std::string, std::vector<std::pair<std::string, std::string>>>> out;
    for (const Json& c : j["clusters"]) {
        std::vector<std::pair<std::string, std::string>> members;
        for (const Json& r : c["records"]) members.emplace_back(r["id"].get<std::string>(), r["rule"].get<std::string>());
        std::sort(members.begin(), members.end());
        out.emplace_back(c["id"].get<std::string>(), members);
    }
    std::sort(out.begin(), out.end());
    return out;
}

const char* const kQueries[] = {
    "care",
    "'\"integrated care\"'",
    "'title:(brain OR barrier)'",
    "'year:2015..2020'",
    "'author:smith OR keyword:review'",
    "'integrat* NOT review'",
};

// Same answers from both indexes, query by query.
void check_same_answers(const std::string& expected_db, const std::string& db) {
    const auto want_clusters = clusters(expected_db);
    CHECK(want_clusters.size() > 10);
    CHECK(clusters(db) == want_clusters);
    std::map<std::string, std::string> cluster_of;
    for (const auto& [cluster, members] : want_clusters)
        for (const auto& member : members) cluster_of[member.first] = cluster;
    CHECK(documents(db) == documents(expected_db));
    CHECK(count(db, "*", "--all-duplicates") == count(expected_db, "*", "--all-duplicates"));
    for (const char* query : kQueries) {
        for (const std::string& extra : {std::string(), std::string("--all-duplicates ")}) {
            const std::string args = extra + "--limit 1000 --facet year --facet author --facet journal --facet type " + query;
            INFO(args);
            const Json want = query_json(expected_db, args), got = query_json(db, args);
            REQUIRE(want["total"].get<std::size_t>() > 0);
            CHECK(got["total"] == want["total"]);
            CHECK(got["facets"] == want["facets"]);
            CHECK(ranked(got, cluster_of) == ranked(want, cluster_of));
        }
    }
}

}  // namespace

TEST_CASE("shards: --jobs 2 --shards 3 answers exactly as --jobs 1 --shards 1", "[e2e][index][shards]") {
    TempDir dir;
    const std::string single = dir / "single", sharded = dir / "sharded";
    const Json single_report = index_all_samples(single, "--jobs 1 --shards 1", dir / "single.json");
    const Json sharded_report = index_all_samples(sharded, "--jobs 2 --shards 3", dir / "sharded.json");
    // Same counts, same diagnostics, in the same (input) order.
    CHECK(sharded_report == single_report);
    CHECK(sharded_report["totals"]["added"].get<std::size_t>() == documents(sharded));

    // Layout: a stub listing three glass shards, each holding records.
    CHECK(fs::is_regular_file(fs::path(single) / "iamglass"));
    const std::vector<std::string> stub = lines(read_file(fs::path(sharded) / "XAPIANDB"));
    REQUIRE(stub.size() >= 3);
    for (int k = 0; k < 3; ++k) {
        CHECK(stub[k] == "glass shard" + std::to_string(k));
        CHECK(Xapian::Database((fs::path(sharded) / ("shard" + std::to_string(k))).string()).get_doccount() > 0);
        // Each shard's facet columns, so facets below are counted shard by shard.
        CHECK(fs::is_regular_file(fs::path(sharded) / ("shard" + std::to_string(k)) / "refdex.facets"));
    }
    check_same_answers(single, sharded);
    // And the same again from the value slots, the columns removed.
    for (int k = 0; k < 3; ++k) fs::remove(fs::path(sharded) / ("shard" + std::to_string(k)) / "refdex.facets");
    check_same_answers(single, sharded);
}

TEST_CASE("shards: re-ingest adds nothing, the shard count sticks, another count is exit 2", "[e2e][index][shards]") {
    TempDir dir;
    const std::string db = dir / "db";
    const Json first = index_all_samples(db, "--shards 3", dir / "first.json");
    const std::size_t docs = documents(db);
    // No --shards: the index's three shards are used, records land where they are.
    const Json again = index_all_samples(db, "", dir / "again.json");
    CHECK(again["totals"]["added"] == 0);
    CHECK(again["totals"]["unchanged"] == first["totals"]["added"]);
    CHECK(documents(db) == docs);
    CHECK(Xapian::Database(db).size() == 3);

    CommandResult r = run_index("--quiet --shards 2 --db " + q(db) + " " + kInputs);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "3 shard(s), not 2"));
    CHECK(documents(db) == docs);

    for (const char* bad : {"--jobs 0", "--shards 0"}) {
        CommandResult u = run_index(std::string(bad) + " --db " + q(dir / "other") + " " + kInputs);
        INFO(bad);
        CHECK(u.exit_code == 2);
        CHECK(contains(u.err, "must be between 1 and"));
    }
}

TEST_CASE("shards: --compact merges the shards into one that answers the same", "[e2e][index][shards][compact]") {
    TempDir dir;
    const std::string reference = dir / "reference", db = dir / "db";
    index_all_samples(reference, "--jobs 1 --shards 1", dir / "reference.json");
    index_all_samples(db, "--jobs 2 --shards 3", dir / "db.json");
    CommandResult r = run_index("--compact --db " + q(db));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::vector<std::string> stub = lines(read_file(fs::path(db) / "XAPIANDB"));
    REQUIRE_FALSE(stub.empty());
    CHECK(stub[0].rfind("glass merged", 0) == 0);
    CHECK(Xapian::Database(db).size() == 1);
    for (int k = 0; k < 3; ++k) CHECK_FALSE(fs::exists(fs::path(db) / ("shard" + std::to_string(k))));
    check_same_answers(reference, db);
    // Further ingests go to the merged shard and change nothing.
    const Json again = index_all_samples(db, "", dir / "again.json");
    CHECK(again["totals"]["added"] == 0);
}

TEST_CASE("shards: a second writer is locked out of a sharded index", "[e2e][index][shards][exit]") {
    TempDir dir;
    const std::string db = dir / "db";
    REQUIRE(run_index("--quiet --shards 3 --db " + q(db) + " " + q(seed_files().at(0))).exit_code == 0);
    for (const char* shard : {"shard0", "shard2"}) {
        Xapian::WritableDatabase holder((fs::path(db) / shard).string(), Xapian::DB_OPEN);
        CommandResult r = run_index("--db " + q(db) + " " + q(seed_files().at(1)));
        INFO(shard << ": " << r.err);
        CHECK(r.exit_code == 1);
        CHECK(contains(r.err, "locked by another refdex-index"));
        CommandResult c = run_index("--compact --db " + q(db));
        CHECK(c.exit_code == 1);
        CHECK(contains(c.err, "locked by another refdex-index"));
    }
    CHECK(run_index("--quiet --db " + q(db) + " " + q(seed_files().at(1))).exit_code == 0);
    CHECK(documents(db) == 2);
}

TEST_CASE("shards: SIGINT writes what is queued, commits every shard and exits 3", "[e2e][index][shards][signal]") {
    TempDir dir;
    const std::string input = dir / "many.ris";
    {
        std::ofstream out(input);
        for (int i = 0; i < 40000; ++i)
            out << "TY  - JOUR\nTI  - Generated sharded record " << i << " about screening\nAU  - Author, A" << i
                << "\nPY  - " << 1990 + i % 30 << "\nER  - \n\n";
    }
    const std::string db = dir / "db", report = dir / "report.json";
    CommandResult r = refdex::test::run_command(q(REFDEX_INDEX_BIN) + " --jobs 2 --shards 2 --db " + q(db) + " --report " +
                                                q(report) + " " + q(input) + " & pid=$!; sleep 1; kill -INT $pid; wait $pid");
    INFO(r.err);
    REQUIRE((r.exit_code == 3 || r.exit_code == 0));  // a very fast machine may finish first
    if (r.exit_code == 3) CHECK(contains(r.err, "interrupted"));
    const Json totals = Json::parse(read_file(report))["totals"];
    CHECK(totals["records"] == totals["added"]);
    std::size_t in_shards = 0;
    for (const char* shard : {"shard0", "shard1"}) in_shards += documents((fs::path(db) / shard).string());
    CHECK(in_shards == totals["added"].get<std::size_t>());
    CHECK(count(db, "*", "--all-duplicates") == totals["added"].get<std::size_t>());
}

TEST_CASE("refdex-index --jobs writes documents in input order, whatever the thread timing", "[e2e][indexer][shards]") {
    // Docids decide tie order, which record stands for a collapsed cluster
    // and the export order, so building on several threads must not change
    // them: the same input gives the same docid -> record id map each time.
    TempDir dir;
    index_all_samples((dir.path() / "one").string(), "--jobs 1", (dir.path() / "one.json").string());
    const auto expected = docid_order((dir.path() / "one").string());
    REQUIRE(expected.size() > 400);
    for (int run = 0; run < 3; ++run) {
        const std::string db = (dir.path() / ("four" + std::to_string(run))).string();
        index_all_samples(db, "--jobs 4", db + ".json");
        CHECK(docid_order(db) == expected);
    }
}
