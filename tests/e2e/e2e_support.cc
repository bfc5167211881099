#include "e2e_support.h"

#include <algorithm>
#include <filesystem>
#include <memory>

#include <catch2/catch.hpp>
#include <xapian.h>

namespace refdex::e2e {

using refdex::test::run_command;
using refdex::test::TempDir;

CommandResult run_index(const std::string& args) {
    return run_command(q(REFDEX_INDEX_BIN) + " " + args);
}

CommandResult run_query(const std::string& db, const std::string& args) {
    return run_command(q(REFDEX_QUERY_BIN) + " --db " + q(db) + " " + args);
}

void build_index(const std::string& db, const std::vector<std::string>& inputs) {
    std::string args = "--quiet --db " + q(db);
    for (const auto& in : inputs) args.append(" ").append(q(in));
    CommandResult r = run_index(args);
    INFO("refdex-index stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
}

std::vector<std::string> seed_files() {
    std::vector<std::string> seeds;
    for (const auto& entry : std::filesystem::directory_iterator(REFDEX_REPO_DATA)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("000_", 0) == 0 || name.rfind("004_", 0) == 0) seeds.push_back(entry.path().string());
    }
    std::sort(seeds.begin(), seeds.end());
    return seeds;
}

namespace {

// One index per kind per process; the TempDir lives until exit.
const std::string& cached_index(std::unique_ptr<TempDir>& dir, std::string& path,
                                const std::vector<std::string>& inputs) {
    if (!dir) {
        dir = std::make_unique<TempDir>();
        path = *dir / "db";
        build_index(path, inputs);
    }
    return path;
}

}  // namespace

const std::string& seeds_index() {
    static std::unique_ptr<TempDir> dir;
    static std::string path;
    return cached_index(dir, path, seed_files());
}

const std::string& data_index() {
    static std::unique_ptr<TempDir> dir;
    static std::string path;
    return cached_index(dir, path, {REFDEX_REPO_DATA});
}

nlohmann::json query_json(const std::string& db, const std::string& args) {
    CommandResult r = run_query(db, "--format json " + args);
    INFO("refdex-query " << args << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

std::size_t count(const std::string& db, const std::string& query, const std::string& extra) {
    CommandResult r = run_query(db, "--count " + extra + " " + q(query));
    INFO("refdex-query --count " << extra << " " << query << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(!r.out.empty());
    REQUIRE(r.out.back() == '\n');
    const std::string digits = r.out.substr(0, r.out.size() - 1);
    REQUIRE(!digits.empty());
    REQUIRE(std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }));
    return std::stoul(digits);
}

std::vector<std::string> ids(const std::string& db, const std::string& args) {
    CommandResult r = run_query(db, "--format ids " + args);
    INFO("refdex-query --format ids " << args << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    return lines(r.out);
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

nlohmann::json index_all_samples(const std::string& db, const std::string& options, const std::string& report) {
    const std::string inputs = q(refdex::test::repo_data("")) + " " + q(refdex::test::test_data(""));
    CommandResult r = run_index("--quiet " + options + " --db " + q(db) + " --report " + q(report) + " " + inputs);
    INFO(r.err);
    REQUIRE(r.exit_code == 3);
    return nlohmann::json::parse(refdex::test::read_file(report));
}

std::vector<std::string> docid_order(const std::string& db) {
    Xapian::Database x(db);
    std::vector<std::string> out;
    for (auto it = x.postlist_begin(""); it != x.postlist_end(""); ++it) {
        auto term = x.termlist_begin(*it);
        term.skip_to("Q");
        out.push_back(term != x.termlist_end(*it) ? *term : "");
    }
    return out;
}

}  // namespace refdex::e2e
