// Searching shards as one index: the same records indexed once (merged) and
// as two half indexes (refdex-index on disjoint file sets) must give the same
// totals, ranking, facets, collapsed counts and --count whether the halves
// are named by two --db options, by a stub file, or served by two
// xapian-tcpsrv processes on loopback.
//
// Dedup runs per index, so a duplicate pair split across the halves would be
// one cluster in the merged index and two in the shards; the test first
// checks that no cluster of the merged index spans both halves.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "e2e_support.h"

using namespace refdex::e2e;
using refdex::test::CommandResult;
using refdex::test::TempDir;
using refdex::test::write_file;

namespace {

std::vector<std::string> half_one() {
    std::vector<std::string> files = seed_files();
    files.push_back(std::string(REFDEX_REPO_DATA) + "/asreview_baseline.ris");
    files.push_back(refdex::test::test_data("synthesisr__PubMed_example.txt"));
    files.push_back(refdex::test::test_data("asysd__scopus.ris"));
    return files;
}

std::vector<std::string> half_two() {
    return {std::string(REFDEX_REPO_DATA) + "/bannach-brown_2019_first300.ris",
            refdex::test::test_data("synthesisr__Scopus_ris_example.ris"),
            refdex::test::test_data("synthesisr__WoS_txt_example.txt")};
}

// merged = every file of both halves, indexed together, in the same order.
struct Layout {
    TempDir dir;
    std::string merged, half1, half2;
    Layout() {
        merged = dir / "merged";
        half1 = dir / "half1";
        half2 = dir / "half2";
        std::vector<std::string> all = half_one();
        for (const auto& f : half_two()) all.push_back(f);
        build_index(merged, all);
        build_index(half1, half_one());
        build_index(half2, half_two());
    }
};

const Layout& layout() {
    static Layout l;
    return l;
}

// A free loopback port: bind to port 0 and ask which one the kernel chose.
unsigned free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool accepts(unsigned port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

// One xapian-tcpsrv serving `db` on 127.0.0.1, killed (with the children it
// forked per connection: its own process group) when this goes out of scope,
// also when a REQUIRE fails.
class TcpServer {
public:
    explicit TcpServer(const std::string& db) {
        for (int attempt = 0; attempt < 5 && !running_; ++attempt) {
            port_ = free_port();
            pid_ = ::fork();
            REQUIRE(pid_ >= 0);
            if (pid_ == 0) {
                ::setpgid(0, 0);
                // It reports each client that hangs up ("Broken pipe") even with --quiet.
                if (std::FILE* null = std::fopen("/dev/null", "w")) ::dup2(::fileno(null), STDERR_FILENO);
                const std::string port = std::to_string(port_);
                ::execlp("xapian-tcpsrv", "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port",
                         port.c_str(), db.c_str(), static_cast<char*>(nullptr));
                ::_exit(127);
            }
            ::setpgid(pid_, pid_);
            running_ = wait_until_accepting();
            if (!running_) stop();
        }
        INFO("xapian-tcpsrv (package xapian-tools) did not start serving " << db);
        REQUIRE(running_);
    }
    ~TcpServer() { stop(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

private:
    bool wait_until_accepting() {
        for (int i = 0; i < 200; ++i) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // exited: port taken or no binary
                pid_ = -1;
                return false;
            }
            if (accepts(port_)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    void stop() {
        if (pid_ <= 0) return;
        ::kill(-pid_, SIGTERM);
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    pid_t pid_ = -1;
    unsigned port_ = 0;
    bool running_ = false;
};

// refdex-query with a whole "--db X --db Y" (already quoted) instead of one --db.
CommandResult query(const std::string& dbs, const std::string& args) {
    return refdex::test::run_command(q(REFDEX_QUERY_BIN) + " " + dbs + " " + args);
}

nlohmann::json json_of(const std::string& dbs, const std::string& args, std::string* err = nullptr) {
    CommandResult r = query(dbs, "--format json " + args);
    if (err) *err = r.err;
    INFO("refdex-query " << dbs << " " << args << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

struct Case {
    std::string query;
    bool truncated;  // scored from per-shard estimates: compared as sets, with a warning
};
const std::vector<Case> kQueries = {{"care", false},         {"integrated care", false}, {"depression OR anxiety", false},
                                    {"*", false},            {"title:stress", false},    {"depress* OR anxiety", true},
                                    {"rat* NOT mice", true}};
constexpr const char* kFacets = "--facet year --facet journal --facet type --facet author --facet keyword";

// Same totals, same hits with the same scores in the same order (records of
// equal score may come in another order: ties go by docid, and docids
// interleave across shards), same duplicate counts, same facets.
void require_same_results(const nlohmann::json& a, const nlohmann::json& b, bool truncated) {
    REQUIRE(a["total"] == b["total"]);
    REQUIRE(a["total_exact"] == b["total_exact"]);
    REQUIRE(a["facets"] == b["facets"]);
    const auto& ha = a["hits"];
    const auto& hb = b["hits"];
    REQUIRE(ha.size() == hb.size());
    if (truncated) {
        std::set<std::string> ids_a, ids_b;
        for (const auto& h : ha) ids_a.insert(h["id"].get<std::string>());
        for (const auto& h : hb) ids_b.insert(h["id"].get<std::string>());
        REQUIRE(ids_a == ids_b);
        return;
    }
    for (std::size_t i = 0; i < ha.size(); ++i) {
        INFO("rank " << i + 1);
        REQUIRE(std::fabs(ha[i]["score"].get<double>() - hb[i]["score"].get<double>()) < 1e-9);
    }
    // Hits of equal score (a tie group: the same ranks in both lists) may
    // come in any order, and a cluster tied with itself may be shown by
    // another member: compare each group's records that have no duplicates
    // as a set, and the group's duplicate counts as a multiset.
    for (std::size_t start = 0; start < ha.size();) {
        std::size_t end = start + 1;
        while (end < ha.size() && std::fabs(ha[end]["score"].get<double>() - ha[start]["score"].get<double>()) < 1e-9) ++end;
        std::set<std::string> single_a, single_b;
        std::multiset<int> dups_a, dups_b;
        for (std::size_t i = start; i < end; ++i) {
            dups_a.insert(ha[i]["duplicates"].get<int>());
            dups_b.insert(hb[i]["duplicates"].get<int>());
            if (ha[i]["duplicates"] == 0) single_a.insert(ha[i]["id"].get<std::string>());
            if (hb[i]["duplicates"] == 0) single_b.insert(hb[i]["id"].get<std::string>());
        }
        INFO("ranks " << start + 1 << " to " << end);
        REQUIRE(single_a == single_b);
        REQUIRE(dups_a == dups_b);
        start = end;
    }
}

void require_same_as_merged(const std::string& shards) {
    const std::string merged = "--db " + q(layout().merged);
    for (const auto& [text, truncated] : kQueries) {
        for (const std::string mode : {"", "--all-duplicates"}) {
            INFO("query " << text << " " << mode);
            const std::string args = std::string(kFacets) + " --facet-limit 1000 --limit 5000 " + mode + " " + q(text);
            std::string merged_err, shards_err;
            const nlohmann::json expected = json_of(merged, args, &merged_err);
            REQUIRE(expected["total"].get<std::size_t>() > 0);
            require_same_results(expected, json_of(shards, args, &shards_err), truncated);
            REQUIRE(merged_err.find("warning") == std::string::npos);
            REQUIRE((shards_err.find("warning: truncated words") != std::string::npos) == truncated);
            CommandResult a = query(merged, "--count " + mode + " " + q(text));
            CommandResult b = query(shards, "--count " + mode + " " + q(text));
            REQUIRE(a.exit_code == 0);
            REQUIRE(b.exit_code == 0);
            REQUIRE(a.out == b.out);
        }
    }
}

// --simulate and --prioritise train and replay in ingest order, not docid
// order (docids interleave across shards): the same curve, the same ranking.
void require_same_screening(const std::string& shards) {
    const std::string merged = "--db " + q(layout().merged);
    CommandResult all = query(merged, "--format ids --all-duplicates --limit 100000 '*'");
    CommandResult care = query(merged, "--format ids --all-duplicates --limit 100000 care");
    REQUIRE(all.exit_code == 0);
    REQUIRE(care.exit_code == 0);
    const std::vector<std::string> care_ids = refdex::e2e::lines(care.out);
    const std::set<std::string> included(care_ids.begin(), care_ids.end());
    TempDir dir;
    std::string every = "record_id,label\n", half = every;
    std::size_t n = 0;
    for (const std::string& id : refdex::e2e::lines(all.out)) {
        if (id.empty()) continue;
        const std::string row = id + "," + (included.count(id) ? "1" : "0") + "\n";
        every += row;
        if (n++ % 2 == 0) half += row;
    }
    REQUIRE(included.size() > 5);
    write_file(dir / "every.csv", every);
    write_file(dir / "half.csv", half);
    const std::string simulate = "--simulate " + q(dir / "every.csv") + " --seed 7";
    CHECK(query(merged, "--format json " + simulate).out == query(shards, "--format json " + simulate).out);
    const std::string prioritise = "--prioritise " + q(dir / "half.csv") + " --limit 100000 --format ids";
    const CommandResult expected = query(merged, prioritise);
    REQUIRE(expected.exit_code == 0);
    CHECK(refdex::e2e::lines(expected.out).size() > 100);
    CHECK(expected.out == query(shards, prioritise).out);
}

}  // namespace

TEST_CASE("multi-db: no duplicate cluster of the merged test index spans both halves", "[e2e][multidb]") {
    std::set<std::string> first_half;
    for (const auto& f : half_one()) first_half.insert(std::filesystem::path(f).filename().string());
    const nlohmann::json clusters = json_of("--db " + q(layout().merged), "--duplicates");
    REQUIRE(clusters["clusters"].is_array());
    for (const auto& c : clusters["clusters"]) {
        std::set<bool> halves;
        for (const auto& r : c["records"])
            halves.insert(first_half.count(std::filesystem::path(r["source"]["file"].get<std::string>()).filename().string()) > 0);
        INFO("cluster " << c["id"]);
        REQUIRE(halves.size() == 1);
    }
}

TEST_CASE("multi-db: two --db options search like the merged index", "[e2e][multidb]") {
    require_same_as_merged("--db " + q(layout().half1) + " --db " + q(layout().half2));
    require_same_screening("--db " + q(layout().half1) + " --db " + q(layout().half2));
}

TEST_CASE("multi-db: one export in two indexes is one record in every count, the listing and the export",
          "[e2e][multidb]") {
    // The same index twice: every refdex id in both. Collapsed hits show each
    // record once, so the totals, --count, PRISMA and the export must too.
    const std::string dbs = "--db " + q(layout().half1) + " --db " + q(layout().half1);
    const std::string one = "--db " + q(layout().half1);
    const nlohmann::json twice = json_of(dbs, "--limit 100000 '*'");
    const nlohmann::json once = json_of(one, "--limit 100000 '*'");
    CHECK(twice["total"] == once["total"]);
    CHECK(twice["hits"].size() == once["hits"].size());
    const CommandResult count = query(dbs, "--count '*'");
    CHECK(count.out == query(one, "--count '*'").out);
    CHECK(count.err.find("note: several --db hold records of") != std::string::npos);
    TempDir dir;
    write_file(dir / "s.txt", "#1 *\n");
    const nlohmann::json strategy = json_of(dbs, "--strategy " + q(dir / "s.txt"));
    CHECK(strategy["lines"][0]["hits_deduplicated"] == once["total"]);
    CHECK(strategy["prisma"]["unique_records"] == once["total"]);
}

TEST_CASE("multi-db: a stub file listing both halves searches like the merged index", "[e2e][multidb]") {
    TempDir dir;
    const std::string stub = dir / "both.stub";
    // Relative paths in a stub are relative to the stub's own directory.
    const std::string rel = std::filesystem::relative(layout().half2, dir.path()).string();
    write_file(stub, "# two halves\nauto " + layout().half1 + "\nglass " + rel + "\n");
    require_same_as_merged("--db " + q(stub));
    SECTION("a directory holding a XAPIANDB stub is a sharded index") {
        std::filesystem::create_directories(dir / "sharded");
        write_file(dir / "sharded/XAPIANDB", "auto " + layout().half1 + "\nauto " + layout().half2 + "\n");
        CommandResult a = query("--db " + q(layout().merged), "--count care");
        CommandResult b = query("--db " + q(dir / "sharded"), "--count care");
        REQUIRE(a.exit_code == 0);
        REQUIRE(a.out == b.out);
    }
}

TEST_CASE("multi-db: two xapian-tcpsrv shards on loopback search like the merged index", "[e2e][multidb][remote]") {
    TcpServer one(layout().half1), two(layout().half2);
    SECTION("through a stub file with remote lines") {
        TempDir dir;
        write_file(dir / "remote.stub", "remote " + one.address() + "\nremote " + two.address() + "\n");
        require_same_as_merged("--db " + q(dir / "remote.stub"));
    }
    SECTION("through --db tcp://HOST:PORT") {
        require_same_as_merged("--db tcp://" + one.address() + " --db tcp://" + two.address());
    }
    SECTION("a strategy counts the same") {
        TempDir dir;
        write_file(dir / "s.txt", "#1 care[tiab]\n#2 depress*[tiab]\n#3 #1 OR #2\n");
        const nlohmann::json a = json_of("--db " + q(layout().merged), "--strategy " + q(dir / "s.txt"));
        const nlohmann::json b = json_of("--db tcp://" + one.address() + " --db tcp://" + two.address(), "--strategy " + q(dir / "s.txt"));
        REQUIRE(a["lines"].size() == 3);
        for (std::size_t i = 0; i < 3; ++i) {
            REQUIRE(a["lines"][i]["hits"] == b["lines"][i]["hits"]);
            REQUIRE(a["lines"][i]["hits_deduplicated"] == b["lines"][i]["hits_deduplicated"]);
        }
        REQUIRE(a["prisma"]["unique_records"] == b["prisma"]["unique_records"]);
        REQUIRE(a["prisma"]["records_by_source"] == b["prisma"]["records_by_source"]);
    }
    SECTION("--stats adds up the shards") {
        const nlohmann::json a = json_of("--db " + q(layout().merged), "--stats");
        const nlohmann::json b = json_of("--db tcp://" + one.address() + " --db tcp://" + two.address(), "--stats");
        REQUIRE(a["documents"] == b["documents"]);
        REQUIRE(a["distinct_terms"] == b["distinct_terms"]);
        REQUIRE(b["shards"].size() == 2);
        REQUIRE(b["shards"][0]["index_bytes"].is_null());
    }
}

TEST_CASE("multi-db: an unreachable or bad shard is named in the error, exit 1", "[e2e][multidb][errors]") {
    TempDir dir;
    const unsigned port = free_port();  // nothing listens there
    CommandResult r = query("--db " + q(layout().half1) + " --db tcp://127.0.0.1:" + std::to_string(port), "care");
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);

    write_file(dir / "bad.stub", "auto " + layout().half1 + "\nflint /nowhere\n");
    r = query("--db " + q(dir / "bad.stub"), "care");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("bad.stub:2") != std::string::npos);

    write_file(dir / "missing.stub", "auto " + (dir / "nowhere") + "\n");
    r = query("--db " + q(dir / "missing.stub"), "care");
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("missing.stub:1") != std::string::npos);
}

TEST_CASE("multi-db: the shards of a refdex-index --shards 2 index, served remotely, search like the merged index",
          "[e2e][multidb][remote]") {
    // One sharded index clusters duplicates across its shards, so here the
    // collapsed counts hold for any records.
    TempDir dir;
    const std::string sharded = dir / "sharded";
    std::string args = "--quiet --shards 2 --db " + q(sharded);
    for (const auto& f : half_one()) args.append(" ").append(q(f));
    for (const auto& f : half_two()) args.append(" ").append(q(f));
    CommandResult r = run_index(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(std::filesystem::exists(sharded + "/XAPIANDB"));
    require_same_as_merged("--db " + q(sharded));
    require_same_screening("--db " + q(sharded));
    TcpServer one(sharded + "/shard0"), two(sharded + "/shard1");
    require_same_as_merged("--db tcp://" + one.address() + " --db tcp://" + two.address());
    require_same_screening("--db tcp://" + one.address() + " --db tcp://" + two.address());
}
