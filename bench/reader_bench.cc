// reader_bench: where ingest time goes before the database. Times, on one
// core, (1) the streaming reader alone — bytes to UTF-8 lines to raw records,
// the indexer's own LineSource and RecordReader — and (2) reader + schema
// mapping + record id + Xapian::Document building, with no database.
//
//   reader_bench FILE [RUNS]      (default 3 runs; prints medians)
//
// Compare (2) with refdex-index's full ingest of the same file to see what
// share of the time the write path takes.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "document_builder.h"
#include "line_source.h"
#include "record.h"
#include "record_reader.h"

namespace {

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Pass {
    double seconds = 0;
    std::size_t records = 0;
};

// One pass over the file; `build` adds mapping and document building.
Pass run(const std::string& path, bool build) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    refdex::Diagnostics diagnostics;
    refdex::DocumentBuilder builder;
    const double start = cpu_seconds();
    refdex::LineSource lines(in, diagnostics);
    auto reader = refdex::make_reader(refdex::detect_format(lines), lines, diagnostics, path);
    refdex::RawRecord raw;
    Pass pass;
    std::size_t terms = 0;
    while (reader->next(raw)) {
        ++pass.records;
        if (!build) continue;
        refdex::Record record = refdex::map_record(raw);
        if (!record.searchable()) continue;
        terms += builder.build(raw, record, refdex::record_id(raw, 0)).document.termlist_count();
    }
    pass.seconds = cpu_seconds() - start;
    if (build && terms == 0) throw std::runtime_error(path + ": no document got a term");
    return pass;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: reader_bench FILE [RUNS]\n";
        return 2;
    }
    const std::string path = argv[1];
    const int runs = argc == 3 ? std::stoi(argv[2]) : 3;
    try {
        const double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
        for (bool build : {false, true}) {
            std::vector<double> seconds;
            std::size_t records = 0;
            for (int i = 0; i < runs; ++i) {
                Pass pass = run(path, build);
                seconds.push_back(pass.seconds);
                records = pass.records;
            }
            const double s = median(seconds);
            std::printf("%-22s %9zu records %8.1f MB %8.2f cpu_s %9.0f records/cpu_s %8.1f MB/cpu_s\n",
                        build ? "reader+map+build" : "reader", records, mb, s, static_cast<double>(records) / s, mb / s);
        }
    } catch (const Xapian::Error& e) {
        std::cerr << "reader_bench: " << e.get_description() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "reader_bench: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
