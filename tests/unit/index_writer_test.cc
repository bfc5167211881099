// The one write path: idempotent re-ingest, duplicate clusters, locking.
#include <catch2/catch.hpp>

#include "document_builder.h"
#include "index_writer.h"
#include "schema.h"
#include "test_support.h"

using namespace refdex;

namespace {

BuiltDocument build(DocumentBuilder& builder, std::initializer_list<std::pair<const char*, const char*>> tags) {
    RawRecord raw;
    raw.source_file = "w.ris";
    for (const auto& [tag, value] : tags) raw.fields.push_back({tag, value, 1});
    return builder.build(raw, map_record(raw), record_id(raw, 0));
}

}  // namespace

TEST_CASE("writing the same record again changes nothing", "[writer][glass]") {
    test::TempDir dir;
    DocumentBuilder builder;
    {
        IndexWriter writer(dir / "db", 100);
        CHECK(writer.write(build(builder, {{"TI", "One"}})).outcome == WriteOutcome::Added);
        CHECK(writer.write(build(builder, {{"TI", "One"}})).outcome == WriteOutcome::Unchanged);
        writer.commit();
    }
    Xapian::Database before(dir / "db");
    const auto revision = before.get_revision();
    {
        IndexWriter writer(dir / "db", 100);
        CHECK(writer.write(build(builder, {{"TI", "One"}})).outcome == WriteOutcome::Unchanged);
    }
    Xapian::Database after(dir / "db");
    CHECK(after.get_doccount() == 1);
    // Only the metadata commit; no document was rewritten.
    CHECK(after.get_revision() <= revision + 1);
}

TEST_CASE("after the clustering pass, records sharing a DOI or PMID are one cluster, both ways", "[writer][glass]") {
    test::TempDir dir;
    DocumentBuilder builder;
    IndexWriter writer(dir / "db", 100);
    writer.write(build(builder, {{"TI", "A"}, {"DO", "10.1000/x"}}));
    writer.write(build(builder, {{"TI", "A"}, {"AN", "111"}, {"DB", "PubMed"}}));
    writer.write(build(builder, {{"TI", "A"}, {"DO", "doi:10.1000/X"}, {"AN", "111"}, {"DB", "MEDLINE"}}));
    writer.recluster();
    writer.commit();
    Xapian::Database db(dir / "db");
    REQUIRE(db.get_doccount() == 3);
    std::set<std::string> clusters;
    std::multiset<std::string> rules;
    for (Xapian::docid id = 1; id <= 3; ++id) {
        clusters.insert(db.get_document(id).get_value(schema::kSlotCluster));
        rules.insert(db.get_document(id).get_value(schema::kSlotRule));
    }
    CHECK(clusters.size() == 1);
    CHECK(rules.count("") == 1);  // the cluster's first record
    CHECK(rules.count("doi") + rules.count("pmid") == 2);
}

TEST_CASE("a second writer gets a clear 'locked' error", "[writer][glass]") {
    test::TempDir dir;
    IndexWriter first(dir / "db", 100);
    try {
        IndexWriter second(dir / "db", 100);
        FAIL("second writer opened");
    } catch (const IndexOpenError& e) {
        CHECK(std::string(e.what()).find("locked by another refdex-index") != std::string::npos);
    }
}

TEST_CASE("an index of another schema version is refused", "[writer][glass]") {
    test::TempDir dir;
    {
        Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE);
        db.set_metadata(schema::kMetaVersion, "999");
        db.commit();
    }
    CHECK_THROWS_WITH(IndexWriter(dir / "db", 100), Catch::Contains("schema version 999"));
}
