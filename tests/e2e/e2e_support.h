// Helpers for the end-to-end tests: run the real refdex-index and
// refdex-query binaries, build small indexes once per test process, and read
// their JSON output.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace refdex::e2e {

using refdex::test::CommandResult;

// refdex-index ARGS (ARGS is already shell syntax: quote paths yourself).
CommandResult run_index(const std::string& args);
// refdex-query --db DB ARGS.
CommandResult run_query(const std::string& db, const std::string& args);

// Index paths (each shell-quoted here) into `db`; REQUIREs exit code 0.
void build_index(const std::string& db, const std::vector<std::string>& inputs);

// Indexes data/ and tests/data into `db` with extra `options`, writing the
// JSON report to `report`, and returns the report parsed. REQUIREs exit 3
// (tests/data holds deliberately rejected records).
nlohmann::json index_all_samples(const std::string& db, const std::string& options, const std::string& report);

// The record ids of `db` in docid order (read with Xapian directly).
std::vector<std::string> docid_order(const std::string& db);

// Indexes built on first use and kept for the rest of the process (each
// Catch2 test case runs in its own process, so a case pays only for the
// indexes it asks for). Removed at exit.
const std::string& seeds_index();   // data/000_*.txt and data/004_*.txt
const std::string& data_index();    // all of data/ (402 records)

// The two seed files in data/ (found by their 000_ / 004_ prefixes).
std::vector<std::string> seed_files();

// refdex-query --db DB --format json ARGS, parsed; REQUIREs exit 0.
nlohmann::json query_json(const std::string& db, const std::string& args);
// refdex-query --db DB --count EXTRA QUERY as a number (EXTRA e.g. "--all-duplicates"); REQUIREs exit 0.
std::size_t count(const std::string& db, const std::string& query, const std::string& extra = "");
// Record ids printed by --format ids, in order.
std::vector<std::string> ids(const std::string& db, const std::string& args);

// `text` split into lines on '\n' (a final piece without '\n' counts; CRs kept).
std::vector<std::string> lines(const std::string& text);

// Shorthand for refdex::test::shell_quote.
inline std::string q(const std::string& s) { return refdex::test::shell_quote(s); }

}  // namespace refdex::e2e
