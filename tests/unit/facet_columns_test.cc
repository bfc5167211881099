// Facet counts from the facet columns must equal the counts read from the
// value slots, and columns of another revision, or a damaged file, must not
// be used.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "facet_columns.h"
#include "facets.h"
#include "schema.h"
#include "test_support.h"

using namespace refdex;

namespace {

// 300 records: years, journals and authors drawn so that counts tie and
// repeat, some records without a journal or any author, lists that name an
// author twice; every third record matches "Sx". With `shards`, record i
// goes to shard (i * 7) % shards: uneven, so docids differ between shards.
void fill(Xapian::WritableDatabase& db, int shards = 1, int shard = 0) {
    for (int i = 0; i < 300; ++i) {
        if ((i * 7) % shards != shard) continue;
        Xapian::Document doc;
        doc.add_boolean_term(i % 3 == 0 ? "Sx" : "Sy");
        doc.add_value(schema::kSlotYear, Xapian::sortable_serialise(1990 + (i * 7) % 23));
        if (i % 5 != 0) doc.add_value(schema::kSlotJournal, "Journal " + std::to_string((i * 13) % 17));
        std::string authors;
        for (int a = 0; a < i % 4; ++a) {
            if (!authors.empty()) authors += schema::kListSeparator;
            authors += "Author with a long shared name " + std::to_string((i + a * 11) % 29);
        }
        if (i % 7 == 0 && !authors.empty()) authors += std::string(1, schema::kListSeparator) + authors;  // repeats
        if (!authors.empty()) doc.add_value(schema::kSlotAuthors, authors);
        db.add_document(doc);
    }
    db.commit();
}

// A new index in DIR/db holding fill()'s records, with its facet columns.
std::string index_with_columns(const test::TempDir& dir) {
    const std::string path = dir / "db";
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    fill(db);
    write_facet_columns(db, path);
    return path;
}

std::vector<Facet> count(const Xapian::Database& db, const FacetColumnSet* columns) {
    FacetCounter counter({"year", "journal", "author", "keyword"}, 8, false, columns);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("Sx"));
    counter.attach(enquire);
    enquire.get_mset(0, 10, db.get_doccount());
    counter.count_shards(Xapian::Query("Sx"));
    return counter.results();
}

void require_same_facets(const std::vector<Facet>& from_columns, const std::vector<Facet>& from_values) {
    REQUIRE(from_columns.size() == from_values.size());
    for (std::size_t f = 0; f < from_values.size(); ++f) {
        INFO(from_values[f].name);
        REQUIRE(from_columns[f].values.size() == from_values[f].values.size());
        for (std::size_t v = 0; v < from_values[f].values.size(); ++v) {
            CHECK(from_columns[f].values[v].value == from_values[f].values[v].value);
            CHECK(from_columns[f].values[v].count == from_values[f].values[v].count);
        }
    }
}

}  // namespace

TEST_CASE("facet columns give the counts of the value slots", "[facets][glass]") {
    test::TempDir dir;
    const std::string path = index_with_columns(dir);
    Xapian::Database db(path);
    const auto columns = FacetColumns::open(path, db);
    REQUIRE(columns);
    REQUIRE(columns->column(schema::kSlotAuthors));
    CHECK(columns->column(schema::kSlotAuthors)->multi());
    CHECK_FALSE(columns->column(schema::kSlotCluster));

    const auto set = FacetColumnSet::open({path}, {db});
    REQUIRE(set);
    const std::vector<Facet> from_values = count(db, nullptr);
    require_same_facets(count(db, set.get()), from_values);
    CHECK(from_values[0].values.size() == 23);  // every year, oldest first
    CHECK(from_values[0].values.front().value == "1990");
    CHECK_FALSE(from_values[2].values.empty());
}

TEST_CASE("facet columns of another revision or a damaged file are not used", "[facets][glass]") {
    test::TempDir dir;
    const std::string path = index_with_columns(dir);
    {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        Xapian::Database before(path);
        CHECK(FacetColumns::open(path, before));
        db.add_document(Xapian::Document());
        db.commit();
    }
    Xapian::Database after(path);
    CHECK_FALSE(FacetColumns::open(path, after));  // written for the revision before

    {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        write_facet_columns(db, path);
    }
    after.reopen();
    const auto size = std::filesystem::file_size(path + "/" + kFacetColumnsFile);
    REQUIRE(FacetColumns::open(path, after));
    for (auto cut : {size / 2, size - 3, std::uintmax_t{12}}) {
        std::filesystem::resize_file(path + "/" + kFacetColumnsFile, cut);
        CHECK_FALSE(FacetColumns::open(path, after));
    }
    std::ofstream(path + "/" + kFacetColumnsFile, std::ios::trunc) << "not columns";
    CHECK_FALSE(FacetColumns::open(path, after));
    std::filesystem::remove(path + "/" + kFacetColumnsFile);
    CHECK_FALSE(FacetColumns::open(path, after));
}

TEST_CASE("facet columns of several shards give the counts of the combined value slots", "[facets][glass]") {
    test::TempDir dir;
    std::vector<std::string> dirs;
    std::vector<Xapian::Database> parts;
    Xapian::Database combined;
    for (int k = 0; k < 3; ++k) {
        dirs.push_back(dir / ("shard" + std::to_string(k)));
        Xapian::WritableDatabase shard(dirs.back(), Xapian::DB_CREATE_OR_OPEN);
        fill(shard, 3, k);
        write_facet_columns(shard, dirs.back());
        parts.emplace_back(dirs.back());
        combined.add_database(parts.back());
    }
    const auto set = FacetColumnSet::open(dirs, parts);
    REQUIRE(set);
    REQUIRE(set->shards() == 3);
    const std::vector<Facet> from_values = count(combined, nullptr);
    require_same_facets(count(combined, set.get()), from_values);
    CHECK(from_values[2].values.size() == 8);  // authors: the limit, ties by value

    // One shard written to after its columns: the set is no longer current
    // once the combined database (sharing the parts' state) is reopened.
    {
        Xapian::WritableDatabase shard(dirs[1], Xapian::DB_OPEN);
        shard.add_document(Xapian::Document());
        shard.commit();
    }
    CHECK(set->current());
    combined.reopen();
    CHECK_FALSE(set->current());
    CHECK_FALSE(FacetColumnSet::open(dirs, parts));
}
