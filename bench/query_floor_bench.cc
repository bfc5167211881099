// query_floor_bench: what Xapian itself needs for the benchmark's queries on
// a refdex index, beside what refdex::search() takes, so that refdex's own
// cost (exact collapsed totals, facets, stored records, snippets) can be
// told from the engine's floor.
//
//   query_floor_bench DB QUERIES [REPEATS]
//
// Per query kind (see query_set.h) and variant, one line in time_query's
// format, engine = the variant:
//   refdex        refdex::search(), as refdex-query runs it
//   bm25-all      the compiled query, BM25, every match checked, top 10, no spy
//   top10         the same without exact counts (Xapian may stop early)
//   walk-matches  every match visited with no weighting, nothing returned
#include <cstdio>
#include <iostream>
#include <string>

#include <xapian.h>

#include "index_set.h"
#include "query_compiler.h"
#include "query_set.h"
#include "search.h"

namespace {

std::string query_text(const bench::BenchQuery& q) {
    if (q.kind == "phrase") return "\"" + q.first + " " + q.second + "\"";
    if (q.kind == "author") return "au:" + q.first + " AND " + q.second;
    return q.first + " " + q.second;
}

long matches_of(const Xapian::MSet& mset) { return static_cast<long>(mset.get_matches_estimated()); }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) {
        std::cerr << "usage: query_floor_bench DB QUERIES [REPEATS]\n";
        return 2;
    }
    const int repeats = argc == 4 ? std::stoi(argv[3]) : 20;
    if (repeats < 1) {
        std::cerr << "query_floor_bench: REPEATS must be at least 1\n";
        return 2;
    }
    try {
        refdex::IndexSet index = refdex::open_indexes({argv[1]});
        Xapian::Database& db = index.db;
        for (const auto& q : bench::read_queries(argv[2])) {
            const std::string text = query_text(q);
            const Xapian::Query query = refdex::QueryCompiler(db, refdex::QueryOptions{}).compile(text).query;
            auto enquire = [&](bool weighted) {
                Xapian::Enquire e(db);
                e.set_query(query);
                if (!weighted) e.set_weighting_scheme(Xapian::BoolWeight());
                return e;
            };
            bench::time_query("refdex", q, repeats, [&](const bench::BenchQuery&) {
                refdex::SearchRequest request;
                request.query = text;
                request.duplicate_marks = index.marks_duplicates();
                request.facet_columns = index.facet_columns;
                if (q.kind == "facets") request.facets = {"year", "journal", "author"};
                return static_cast<long>(refdex::search(db, request).total);
            });
            bench::time_query("bm25-all", q, repeats,
                              [&](const bench::BenchQuery&) { return matches_of(enquire(true).get_mset(0, 10, db.get_doccount())); });
            bench::time_query("top10", q, repeats, [&](const bench::BenchQuery&) { return matches_of(enquire(true).get_mset(0, 10)); });
            bench::time_query("walk-matches", q, repeats,
                              [&](const bench::BenchQuery&) { return matches_of(enquire(false).get_mset(0, 0, db.get_doccount())); });
        }
    } catch (const Xapian::Error& e) {
        std::cerr << "query_floor_bench: " << e.get_description() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "query_floor_bench: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
