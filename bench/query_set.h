// The benchmark's query set as gen_corpus writes it (one "kind TAB word1 TAB
// word2" line per query), and the timing loop every engine's query bench
// shares, so that all engines are timed the same way.
#pragma once

#include <time.h>

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

inline double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

// Runs `run` once to warm caches, then `repeats` times, and prints one line:
//   engine kind cpu_p50_ms cpu_p95_ms matches wall_p50_ms wall_p95_ms
// CPU time comes first because the benchmark machines are shared: a warm
// in-process query does no I/O, so on an idle machine its latency is its CPU
// time, while wall time also counts every other process's turn on the core.
// `run` returns the match count it saw, so that the engines can be checked
// to answer the same question.
inline void time_query(const std::string& engine, const BenchQuery& q, int repeats,
                       const std::function<long(const BenchQuery&)>& run) {
    long matches = run(q);
    repeats = std::max(repeats, 1);  // percentiles of nothing are undefined
    std::vector<double> cpu, wall;
    for (int i = 0; i < repeats; ++i) {
        const double cpu_start = thread_cpu_ms();
        const auto wall_start = std::chrono::steady_clock::now();
        matches = run(q);
        wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start).count());
        cpu.push_back(thread_cpu_ms() - cpu_start);
    }
    auto at = [](std::vector<double>& ms, double p) {
        std::sort(ms.begin(), ms.end());
        return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size())))];
    };
    std::printf("%s %s %.3f %.3f %ld %.3f %.3f\n", engine.c_str(), q.kind.c_str(), at(cpu, 0.50), at(cpu, 0.95), matches,
                at(wall, 0.50), at(wall, 0.95));
}

}  // namespace bench
