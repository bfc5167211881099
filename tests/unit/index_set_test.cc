// What a --db value names: stub files in Xapian's syntax (auto/glass/remote
// lines, comments, relative paths, nested stubs, XAPIANDB directories) and
// tcp://HOST:PORT, rendered as one line per shard and compared whole.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "index_set.h"
#include "search.h"
#include "test_support.h"

using refdex::IndexError;
using refdex::resolve_db_spec;
using refdex::ShardLocation;
using refdex::test::TempDir;
using refdex::test::write_file;

namespace {

// "local PATH", "tcp HOST PORT" or "prog PROGRAM|ARGS", one per line, with
// the origin after " @ ".
std::string render(const std::vector<ShardLocation>& shards, const TempDir& dir) {
    const std::string base = dir.path().string() + "/";
    auto strip = [&](std::string s) {
        for (auto at = s.find(base); at != std::string::npos; at = s.find(base)) s.erase(at, base.size());
        return s;
    };
    std::string out;
    for (const auto& s : shards) {
        switch (s.kind) {
            case ShardLocation::Kind::Local: out += "local " + strip(std::filesystem::path(s.path).lexically_normal().string()); break;
            case ShardLocation::Kind::Tcp: out += "tcp " + s.host + " " + std::to_string(s.port); break;
            case ShardLocation::Kind::Program: out += "prog " + s.path + "|" + s.args; break;
        }
        out += " @ " + strip(s.origin) + "\n";
    }
    return out;
}

void make_dirs(const TempDir& dir, std::initializer_list<const char*> names) {
    for (const char* n : names) std::filesystem::create_directories(dir / n);
}

}  // namespace

TEST_CASE("a stub file lists local and remote shards in order", "[index_set]") {
    TempDir dir;
    make_dirs(dir, {"s0", "sub/s1"});
    write_file(dir / "all.stub",
               "# comment\n\nauto s0\nglass sub/s1\nremote 10.0.0.5:7000\nremote [::1]:7001\n"
               "remote :ssh search@host xapian-progsrv /srv/shard3\nremote :xapian-progsrv\n");
    CHECK(render(resolve_db_spec(dir / "all.stub"), dir) ==
          "local s0 @ all.stub:3\n"
          "local sub/s1 @ all.stub:4\n"
          "tcp 10.0.0.5 7000 @ all.stub:5\n"
          "tcp ::1 7001 @ all.stub:6\n"
          "prog ssh|search@host xapian-progsrv /srv/shard3 @ all.stub:7\n"
          "prog xapian-progsrv| @ all.stub:8\n");
}

TEST_CASE("stubs may name stubs; a directory with XAPIANDB is a sharded index", "[index_set]") {
    TempDir dir;
    make_dirs(dir, {"sharded/a", "sharded/b", "other"});
    write_file(dir / "sharded/XAPIANDB", "auto a\nauto b\n");
    write_file(dir / "top.stub", "auto sharded\nauto other\n");
    CHECK(render(resolve_db_spec(dir / "top.stub"), dir) ==
          "local sharded/a @ sharded/XAPIANDB:1\n"
          "local sharded/b @ sharded/XAPIANDB:2\n"
          "local other @ top.stub:2\n");
}

TEST_CASE("tcp://HOST:PORT is one remote shard", "[index_set]") {
    TempDir dir;
    CHECK(render(resolve_db_spec("tcp://127.0.0.1:7000"), dir) == "tcp 127.0.0.1 7000 @ \n");
    CHECK(render(resolve_db_spec("tcp://[::1]:7000"), dir) == "tcp ::1 7000 @ \n");
    CHECK(resolve_db_spec("tcp://h:7000").front().describe() == "tcp://h:7000");
    CHECK_THROWS_AS(resolve_db_spec("tcp://host"), IndexError);
    CHECK_THROWS_AS(resolve_db_spec("tcp://host:0"), IndexError);
    CHECK_THROWS_AS(resolve_db_spec("tcp://host:99999"), IndexError);
}

TEST_CASE("bad stubs are errors naming file and line", "[index_set]") {
    TempDir dir;
    make_dirs(dir, {"s0"});
    write_file(dir / "bad.stub", "auto s0\nflint s0\n");
    CHECK_THROWS_WITH(resolve_db_spec(dir / "bad.stub"), Catch::Contains("bad.stub:2"));
    write_file(dir / "port.stub", "remote host:port\n");
    CHECK_THROWS_WITH(resolve_db_spec(dir / "port.stub"), Catch::Contains("port.stub:1"));
    write_file(dir / "missing.stub", "# nothing yet\nauto nowhere\n");
    CHECK_THROWS_WITH(resolve_db_spec(dir / "missing.stub"),
                      Catch::Contains("no such index") && Catch::Contains("missing.stub:2"));
    write_file(dir / "empty.stub", "# no shards\n");
    CHECK_THROWS_WITH(resolve_db_spec(dir / "empty.stub"), Catch::Contains("lists no index"));
    write_file(dir / "loop.stub", "auto loop.stub\n");
    CHECK_THROWS_WITH(resolve_db_spec(dir / "loop.stub"), Catch::Contains("nested too deeply"));
}
