// In-process query latency: runs one search (as refdex-query would, through
// refdex::search) many times on already opened indexes and prints p50/p95.
//
//   query_latency_bench [--runs N] [--facet NAME]... --db SPEC [--db SPEC]... QUERY
//
// SPEC is anything refdex-query --db takes (directory, stub, tcp://HOST:PORT).
// The first run is a warm-up and is not counted.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <xapian.h>

#include "index_set.h"
#include "search.h"

namespace {

double percentile(std::vector<double> sorted_ms, double p) {
    std::sort(sorted_ms.begin(), sorted_ms.end());
    const std::size_t at = static_cast<std::size_t>(p * static_cast<double>(sorted_ms.size() - 1) + 0.5);
    return sorted_ms[at];
}

int usage() {
    std::cerr << "usage: query_latency_bench [--runs N] [--facet NAME]... --db SPEC [--db SPEC]... QUERY\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) try {
    std::vector<std::string> dbs;
    refdex::SearchRequest request;
    int runs = 200;
    std::string query;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--db" || arg == "--facet" || arg == "--runs") && i + 1 == argc) return usage();
        if (arg == "--db") dbs.push_back(argv[++i]);
        else if (arg == "--facet") request.facets.push_back(argv[++i]);
        else if (arg == "--runs") runs = std::max(1, std::stoi(argv[++i]));
        else query += (query.empty() ? "" : " ") + arg;
    }
    if (dbs.empty()) return usage();
    request.query = query;
    refdex::IndexSet indexes = refdex::open_indexes(dbs);
    request.remote_shards = indexes.has_remote();
    request.duplicate_marks = indexes.marks_duplicates();
    request.facet_columns = indexes.facet_columns;
    std::vector<double> ms;
    std::size_t total = 0;
    for (int run = 0; run <= runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        refdex::SearchResult result = refdex::search(indexes.db, request);
        const auto end = std::chrono::steady_clock::now();
        total = result.total;
        if (run > 0) ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::printf("shards=%zu documents=%u query=\"%s\" facets=%zu matches=%zu runs=%d p50=%.2fms p95=%.2fms\n",
                indexes.shards.size(), indexes.db.get_doccount(), query.c_str(), request.facets.size(), total, runs,
                percentile(ms, 0.50), percentile(ms, 0.95));
    return 0;
} catch (const refdex::IndexError& e) {
    std::cerr << "query_latency_bench: " << e.what() << "\n";
    return 1;
} catch (const Xapian::Error& e) {
    std::cerr << "query_latency_bench: " << e.get_description() << "\n";
    return 1;
} catch (const std::exception& e) {
    std::cerr << "query_latency_bench: " << e.what() << "\n";
    return 1;
}
