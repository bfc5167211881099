// query_bench: in-process, warm query latency over an index built from the
// gen_corpus records, for refdex and for Omega's scriptindex.
//
//   query_bench refdex DB QUERIES [REPEATS]
//   query_bench scriptindex DB QUERIES [REPEATS]
//
// refdex goes through refdex::search(), the very call refdex-query makes:
// its query language, field weights, duplicate collapsing, facet spies and
// check_at_least = document count (exact totals). The scriptindex index is
// searched through the Xapian API directly, built to give the same answer:
// top 10 with their stored data and an exact match count (check_at_least =
// document count). Its facets use ValueCountMatchSpy on the value slots the
// index script fills (year, journal); there is no author facet there, since
// scriptindex keeps one value per slot, so that column says n/a.
// Prints "engine kind p50_ms p95_ms matches" per query (see query_set.h).
#include <cstdio>
#include <iostream>
#include <string>

#include <xapian.h>

#include "index_set.h"
#include "query_set.h"
#include "search.h"

namespace {

// What the timed code read, kept so that the compiler cannot drop the reads.
volatile std::size_t g_bytes_read = 0;

long run_refdex(refdex::IndexSet& index, bool duplicate_marks, const bench::BenchQuery& q) {
    refdex::SearchRequest request;
    request.duplicate_marks = duplicate_marks;
    request.facet_columns = index.facet_columns;
    if (q.kind == "phrase")
        request.query = "\"" + q.first + " " + q.second + "\"";
    else if (q.kind == "author")
        request.query = "au:" + q.first + " AND " + q.second;
    else
        request.query = q.first + " " + q.second;
    if (q.kind == "facets") request.facets = {"year", "journal", "author"};
    refdex::SearchResult result = refdex::search(index.db, request);
    return static_cast<long>(result.total);
}

// The fields an unqualified word searches, as the index script names them.
const char* const kFreeTextPrefixes[] = {"S", "B", "K", "A"};

Xapian::Query any_field(const std::string& word) {
    std::vector<Xapian::Query> terms;
    for (const char* prefix : kFreeTextPrefixes) terms.emplace_back(prefix + word);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query phrase_in_any_field(const std::string& first, const std::string& second) {
    std::vector<Xapian::Query> phrases;
    for (const char* prefix : kFreeTextPrefixes) {
        Xapian::Query pair[] = {Xapian::Query(prefix + first), Xapian::Query(prefix + second)};
        phrases.emplace_back(Xapian::Query::OP_PHRASE, pair, pair + 2, 2);
    }
    return Xapian::Query(Xapian::Query::OP_OR, phrases.begin(), phrases.end());
}

long run_scriptindex(Xapian::Database& db, const bench::BenchQuery& q) {
    Xapian::Query query;
    if (q.kind == "phrase")
        query = phrase_in_any_field(q.first, q.second);
    else if (q.kind == "author")
        query = Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("A" + q.first), any_field(q.second));
    else
        query = Xapian::Query(Xapian::Query::OP_AND, any_field(q.first), any_field(q.second));
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    Xapian::ValueCountMatchSpy years(0), journals(1);
    if (q.kind == "facets") {
        enquire.add_matchspy(&years);
        enquire.add_matchspy(&journals);
    }
    Xapian::MSet mset = enquire.get_mset(0, 10, db.get_doccount());
    std::size_t bytes = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) bytes += it.get_document().get_data().size();
    if (q.kind == "facets") {
        for (auto* spy : {&years, &journals})
            for (auto v = spy->top_values_begin(10); v != spy->top_values_end(10); ++v) bytes += (*v).size();
    }
    g_bytes_read = g_bytes_read + bytes;
    return static_cast<long>(mset.get_matches_estimated());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4 || argc > 5) {
        std::cerr << "usage: query_bench refdex|scriptindex DB QUERIES [REPEATS]\n";
        return 2;
    }
    const std::string engine = argv[1];
    const int repeats = argc == 5 ? std::stoi(argv[4]) : 50;
    try {
        auto queries = bench::read_queries(argv[3]);
        if (engine == "refdex") {
            refdex::IndexSet index = refdex::open_indexes({argv[2]});
            const bool marks = index.marks_duplicates();
            for (const auto& q : queries)
                bench::time_query(engine, q, repeats, [&](auto& bq) { return run_refdex(index, marks, bq); });
        } else if (engine == "scriptindex") {
            Xapian::Database db(argv[2]);
            for (const auto& q : queries)
                bench::time_query(engine, q, repeats, [&](auto& bq) { return run_scriptindex(db, bq); });
        } else {
            std::cerr << "query_bench: unknown engine " << engine << '\n';
            return 2;
        }
    } catch (const Xapian::Error& e) {
        std::cerr << "query_bench: " << e.get_description() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "query_bench: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
