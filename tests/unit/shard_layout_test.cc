// Shard routing and layout: which shard a record goes to, how Xapian
// numbers the documents of a stub of shards, what read_layout finds, and a
// ShardedIndex keeping its shard count and clustering across shards.
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "bounded_queue.h"
#include "shard_layout.h"
#include "sharded_index.h"
#include "test_support.h"

using namespace refdex;
using refdex::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("shard_for: stable, in range, spreads ids over the shards", "[shards]") {
    std::vector<std::size_t> per_shard(3, 0);
    for (int i = 0; i < 3000; ++i) {
        const std::string id = "record-" + std::to_string(i);
        const std::size_t k = shard_for(id, 3);
        REQUIRE(k < 3);
        CHECK(shard_for(id, 3) == k);
        ++per_shard[k];
    }
    for (std::size_t n : per_shard) CHECK(n > 800);  // 1000 expected each
    CHECK(shard_for("anything", 1) == 0);
}

TEST_CASE("split_docid/combine_docid match Xapian's numbering of a stub of shards", "[shards]") {
    TempDir dir;
    const std::size_t shards = 3;
    const ShardLayout layout = new_layout(dir / "idx", shards);
    REQUIRE(layout.stub);
    REQUIRE(layout.shard_paths.size() == shards);
    fs::create_directories(dir / "idx");
    std::vector<std::string> names;
    for (std::size_t k = 0; k < shards; ++k) {
        Xapian::WritableDatabase shard(layout.shard_paths[k], Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
        for (std::size_t i = 0; i < 2 + k; ++i) {  // shards of different sizes
            Xapian::Document doc;
            doc.set_data(std::to_string(k) + "/" + std::to_string(i + 1));
            shard.add_document(doc);
        }
        shard.commit();
        names.push_back(fs::path(layout.shard_paths[k]).filename().string());
    }
    write_stub(dir / "idx", names);
    Xapian::Database all(dir / "idx");
    REQUIRE(all.size() == shards);
    CHECK(all.get_doccount() == 2 + 3 + 4);
    std::size_t seen = 0;
    for (auto it = all.postlist_begin(""); it != all.postlist_end(""); ++it, ++seen) {
        const ShardDocid where = split_docid(*it, shards);
        CHECK(all.get_document(*it).get_data() == std::to_string(where.shard) + "/" + std::to_string(where.local));
        CHECK(combine_docid(where, shards) == *it);
    }
    CHECK(seen == 9);

    const auto read = read_layout(dir / "idx");
    REQUIRE(read);
    CHECK(read->stub);
    CHECK(read->shard_paths == layout.shard_paths);
}

TEST_CASE("read_layout: nothing, an empty directory, a plain index, a stub it cannot write", "[shards]") {
    TempDir dir;
    CHECK_FALSE(read_layout(dir / "missing"));
    fs::create_directories(dir / "empty");
    CHECK_FALSE(read_layout(dir / "empty"));
    { Xapian::WritableDatabase plain(dir / "plain", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS); }
    const auto plain = read_layout(dir / "plain");
    REQUIRE(plain);
    CHECK_FALSE(plain->stub);
    CHECK(plain->shard_paths == std::vector<std::string>{dir / "plain"});
    fs::create_directories(dir / "remote");
    std::ofstream(fs::path(dir / "remote") / "XAPIANDB") << "remote localhost:33333\n";
    CHECK_THROWS_WITH(read_layout(dir / "remote"), Catch::Contains("XAPIANDB:1") && Catch::Contains("'remote'"));
}

TEST_CASE("ShardedIndex: keeps its shard count; another count is a ShardCountError", "[shards]") {
    TempDir dir;
    { ShardedIndex index(dir / "db", 3, 100); CHECK(index.size() == 3); index.commit(); }
    { ShardedIndex index(dir / "db", 0, 100); CHECK(index.size() == 3); }
    CHECK_THROWS_AS(ShardedIndex(dir / "db", 2, 100), ShardCountError);
    { ShardedIndex plain(dir / "plain", 0, 100); CHECK(plain.size() == 1); plain.commit(); }
    CHECK(fs::exists(fs::path(dir / "plain") / "iamglass"));
    CHECK_THROWS_AS(ShardedIndex(dir / "plain", 4, 100), ShardCountError);
}

TEST_CASE("ShardedIndex: a second ShardedIndex on the same path is locked out", "[shards]") {
    TempDir dir;
    ShardedIndex first(dir / "db", 2, 100);
    CHECK_THROWS_WITH(ShardedIndex(dir / "db", 0, 100), Catch::Contains("locked by another refdex-index"));
}

TEST_CASE("BoundedQueue: bounded, FIFO, drains after close", "[shards]") {
    BoundedQueue<int> queue(2);
    std::vector<int> got;
    std::thread consumer([&] {
        while (auto v = queue.pop()) got.push_back(*v);
    });
    for (int i = 0; i < 100; ++i) REQUIRE(queue.push(int(i)));
    queue.close();
    consumer.join();
    REQUIRE(got.size() == 100);
    for (int i = 0; i < 100; ++i) CHECK(got[i] == i);
    CHECK_FALSE(queue.push(1));
}
