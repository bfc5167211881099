// Facet counting against a count done by hand: each distinct value of a
// multi-valued slot counts once per matching record, also when a record
// repeats a value or lists more values than the small-list fast path holds;
// the most frequent come first, ties by value.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "facets.h"
#include "schema.h"

using namespace refdex;

namespace {

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty()) out += schema::kListSeparator;
        out += v;
    }
    return out;
}

}  // namespace

TEST_CASE("author facet: distinct values per matching record, most frequent first", "[facets]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::vector<std::vector<std::string>> lists = {
        {"Smith J", "Jones A", "Smith J"},  // a value twice in one record counts once
        {"Jones A", "Lee K"},
        {"Lee K", "Abe M"},
        {},
        {"Zhou X"},
    };
    std::vector<std::string> long_list;  // past the linear-check limit, with repeats
    for (int i = 0; i < 100; ++i) long_list.push_back("Author " + std::to_string(i % 60));
    long_list.push_back("Jones A");
    lists.push_back(long_list);
    for (const auto& list : lists) {
        Xapian::Document doc;
        doc.add_term("match");
        doc.add_value(schema::kSlotAuthors, joined(list));
        db.add_document(doc);
    }
    Xapian::Document other;  // does not match: not counted
    other.add_term("other");
    other.add_value(schema::kSlotAuthors, "Jones A");
    db.add_document(other);

    std::map<std::string, std::size_t> expected;
    for (const auto& list : lists) {
        std::set<std::string> distinct(list.begin(), list.end());
        for (const auto& v : distinct) ++expected[v];
    }
    REQUIRE(expected["Jones A"] == 3);
    REQUIRE(expected["Author 7"] == 1);

    FacetCounter counter({"author"}, 1000, false);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("match"));
    counter.attach(enquire);
    enquire.get_mset(0, 10, db.get_doccount());
    const std::vector<Facet> facets = counter.results();
    REQUIRE(facets.size() == 1);
    const auto& values = facets[0].values;
    REQUIRE(values.size() == expected.size());
    std::map<std::string, std::size_t> got;
    for (const auto& v : values) got[v.value] = v.count;
    CHECK(got == expected);
    for (std::size_t i = 1; i < values.size(); ++i) {
        INFO(values[i - 1].value << " before " << values[i].value);
        CHECK((values[i - 1].count > values[i].count ||
               (values[i - 1].count == values[i].count && values[i - 1].value < values[i].value)));
    }
    CHECK(values[0].value == "Jones A");

    FacetCounter top_two({"author"}, 2, false);
    Xapian::Enquire again(db);
    again.set_query(Xapian::Query("match"));
    top_two.attach(again);
    again.get_mset(0, 10, db.get_doccount());
    const auto limited = top_two.results()[0].values;
    REQUIRE(limited.size() == 2);
    CHECK(limited[0].value == "Jones A");
    CHECK(limited[1].value == "Lee K");  // 2, before the 1s
}

TEST_CASE("value counts: exact through table growth, long values sharing their first 16 bytes kept apart", "[facets]") {
    ValueCounts counts;
    std::map<std::string, std::size_t> expected;
    for (int i = 0; i < 5000; ++i) {
        // Values past 16 bytes differ only in their tail; short ones are whole.
        const std::string value = i % 2 ? "a long shared head " + std::to_string(i % 1700) : std::to_string(i % 900);
        counts.add(value);
        ++expected[value];
    }
    CHECK(counts.distinct() == expected.size());
    std::vector<FacetCount> all = counts.top(expected.size());
    REQUIRE(all.size() == expected.size());
    for (const auto& fc : all) CHECK(fc.count == expected.at(fc.value));
    for (std::size_t i = 1; i < all.size(); ++i)
        CHECK((all[i - 1].count > all[i].count || (all[i - 1].count == all[i].count && all[i - 1].value < all[i].value)));
    CHECK(counts.top(3).size() == 3);
}
