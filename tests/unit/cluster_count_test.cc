// Collapsed totals and pages from the marked cluster members (cluster_count.h,
// search.cc) must equal Xapian's collapse key on the same index.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cluster_count.h"
#include "document_builder.h"
#include "index_writer.h"
#include "schema.h"
#include "search.h"
#include "test_support.h"

using namespace refdex;

namespace {

// Ten works, work k exported (k % 4) + 1 times (same title, author and year,
// another export id), each with "aspirin" k times in its abstract so that
// the ranking spreads; every third work also mentions stroke.
void write_works(IndexWriter& writer) {
    DocumentBuilder builder;
    for (int k = 0; k < 10; ++k) {
        std::string abstract = "Outcomes of care";
        for (int n = 0; n < k; ++n) abstract += " aspirin";
        if (k % 3 == 0) abstract += " after stroke";
        for (int copy = 0; copy <= k % 4; ++copy) {
            RawRecord raw;
            raw.source_file = copy % 2 ? "b.ris" : "a.ris";
            const std::string id = std::to_string(k) + "-" + std::to_string(copy);
            for (const auto& [tag, value] :
                 std::vector<std::pair<std::string, std::string>>{{"ID", id},
                                                                  {"TI", "Work number " + std::to_string(k) + " on aspirin"},
                                                                  {"AU", "Author" + std::to_string(k) + ", A."},
                                                                  {"PY", std::to_string(2000 + k)},
                                                                  {"AB", abstract}})
                raw.fields.push_back({tag, value, 1});
            writer.write(builder.build(raw, map_record(raw), record_id(raw, 0)));
        }
    }
}

std::vector<Xapian::docid> docids(const SearchResult& r) {
    std::vector<Xapian::docid> out;
    for (const auto& h : r.hits) out.push_back(h.docid);
    return out;
}

}  // namespace

TEST_CASE("collapsed totals and pages from marked members equal Xapian's collapse key", "[dedup][glass]") {
    test::TempDir dir;
    {
        IndexWriter writer(dir / "db", 1000);
        write_works(writer);
        writer.commit();
        CHECK_FALSE(marks_duplicates(Xapian::Database(dir / "db")));
        const ClusterPassResult pass = writer.recluster();
        REQUIRE(pass.clusters == 7);  // works with 2, 3 or 4 exports
        writer.commit();
    }
    Xapian::Database db(dir / "db");
    REQUIRE(marks_duplicates(db));
    CHECK(db.get_termfreq(schema::kDuplicateMember) == 20);  // 23 records, 3 works exported once

    for (const std::string query : {"aspirin", "stroke", "outcomes", "aspirin OR stroke", "work AND NOT stroke"}) {
        for (SortOrder sort : {SortOrder::Relevance, SortOrder::YearDescending}) {
            for (std::size_t offset : {0, 1, 3, 7, 9, 12}) {
                for (std::size_t limit : {1, 2, 4, 10}) {
                    SearchRequest request;
                    request.query = query;
                    request.sort = sort;
                    request.offset = offset;
                    request.limit = limit;
                    request.facets = {"year", "source"};
                    const SearchResult by_key = search(db, request);
                    request.duplicate_marks = true;
                    const SearchResult by_marks = search(db, request);
                    INFO(query << " offset " << offset << " limit " << limit);
                    CHECK(by_marks.total == by_key.total);
                    CHECK(by_marks.total_exact);
                    CHECK(docids(by_marks) == docids(by_key));
                    REQUIRE(by_marks.facets.size() == by_key.facets.size());
                    for (std::size_t f = 0; f < by_key.facets.size(); ++f)
                        for (std::size_t v = 0; v < by_key.facets[f].values.size(); ++v)
                            CHECK(by_marks.facets[f].values.at(v).count == by_key.facets[f].values[v].count);
                }
            }
        }
    }
    // Every work once: the total is the number of works, not of records.
    SearchRequest all;
    all.query = "work";
    all.duplicate_marks = true;
    CHECK(search(db, all).total == 10);
    all.all_duplicates = true;
    CHECK(search(db, all).total == 23);
}

TEST_CASE("tally_clusters counts a marked record without a cluster value as its own cluster", "[dedup][glass]") {
    test::TempDir dir;
    Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
    auto add = [&](const std::string& cluster, bool marked) {
        Xapian::Document doc;
        doc.add_boolean_term("Sx");
        if (marked) doc.add_boolean_term(schema::kDuplicateMember);
        if (!cluster.empty()) doc.add_value(schema::kSlotCluster, cluster);
        db.add_document(doc);
    };
    add("c1", true);
    add("c1", true);
    add("c2", true);
    add("", true);
    add("c3", false);
    db.commit();
    const ClusterTally t = tally_clusters(db, Xapian::Query("Sx"), 5);
    CHECK(t.records == 5);
    CHECK(t.clusters == 4);  // c1, c2, the unvalued one, c3
}
