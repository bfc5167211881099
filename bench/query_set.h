// The benchmark's query set as gen_corpus writes it (one "kind TAB word1 TAB
// word2" line per query), and the timing loop every engine's query bench
// shares, so that all engines are timed the same way.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

struct BenchQuery {
    std::string kind;  // ranked, phrase, author, facets
    std::string first, second;
};

inline std::vector<BenchQuery> read_queries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read the query set " + path);
    std::vector<BenchQuery> queries;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        BenchQuery q;
        if (std::getline(fields, q.kind, '\t') && std::getline(fields, q.first, '\t') &&
            std::getline(fields, q.second, '\t'))
            queries.push_back(q);
    }
    return queries;
}

// Runs `run` once to warm caches, then `repeats` times, and prints one line:
// engine kind p50_ms p95_ms matches. `run` returns the match count it saw
// (so that a reader can check the engines agree) or -1 when not applicable.
inline void time_query(const std::string& engine, const BenchQuery& q, int repeats,
                       const std::function<long(const BenchQuery&)>& run) {
    long matches = run(q);
    std::vector<double> ms;
    for (int i = 0; i < repeats; ++i) {
        auto start = std::chrono::steady_clock::now();
        matches = run(q);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))]; };
    std::printf("%s %s %.3f %.3f %ld\n", engine.c_str(), q.kind.c_str(), at(0.50), at(0.95), matches);
}

}  // namespace bench
