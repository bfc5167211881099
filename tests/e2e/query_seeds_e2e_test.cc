// refdex-query end to end on the two seed records (data/000_*, data/004_*):
// fielded look-ups whose answers can be read off the seed files themselves.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "e2e_support.h"

using namespace refdex::e2e;
using refdex::test::read_file;
using Json = nlohmann::json;

namespace {

// The value of the first "TAG - value" in a flattened seed file: the text up
// to the next " XX - " tag.
std::string flat_tag(const std::string& text, const std::string& tag) {
    const std::string key = " " + tag + " - ";
    auto at = text.find(key);
    if (at == std::string::npos) return {};
    at += key.size();
    auto end = text.find(" - ", at);
    // Back up over the next tag ("... value XX - ").
    end = end == std::string::npos ? text.size() : text.rfind(' ', end - 1);
    return text.substr(at, end - at);
}

}  // namespace

TEST_CASE("seeds: author:wistow finds both records", "[e2e][query][seeds]") {
    const std::string& db = seeds_index();
    for (const auto& f : seed_files()) {
        REQUIRE(read_file(f).find("Wistow") != std::string::npos);
    }
    Json j = query_json(db, q("author:wistow"));
    CHECK(j["total"] == seed_files().size());
    REQUIRE(j["hits"].size() == seed_files().size());
    for (const Json& h : j["hits"]) {
        bool has = false;
        for (const Json& a : h["authors"]) has = has || a.get<std::string>().find("Wistow") != std::string::npos;
        CHECK(has);
    }
}

TEST_CASE("seeds: doi: and pmid: find the Pacho et al. record", "[e2e][query][seeds]") {
    const std::string& db = seeds_index();
    // Read DOI and PMID (AN) from the seed whose first author is Pacho.
    std::string text;
    for (const auto& f : seed_files()) {
        std::string t = read_file(f);
        if (t.rfind("TY - JOUR AU - A. Pacho", 0) == 0) text = t;
    }
    REQUIRE(!text.empty());
    const std::string doi = flat_tag(text, "DO");
    const std::string pmid = flat_tag(text, "AN");
    CHECK(doi == "10.1177/13558196251349353");
    CHECK(pmid == "40682524");

    Json by_doi = query_json(db, q("doi:" + doi));
    REQUIRE(by_doi["total"] == 1);
    const Json& hit = by_doi["hits"][0];
    CHECK(hit["title"].get<std::string>().rfind("The role and functions", 0) == 0);
    CHECK(hit["doi"] == doi);
    CHECK(hit["pmid"] == pmid);
    CHECK(hit["authors"][0].get<std::string>().find("Pacho") != std::string::npos);

    Json by_pmid = query_json(db, q("pmid:" + pmid));
    REQUIRE(by_pmid["total"] == 1);
    CHECK(by_pmid["hits"][0]["id"] == hit["id"]);
    // A DOI may come with a resolver prefix; field names are case-insensitive.
    for (const auto& form : {"doi:https://doi.org/" + doi, "DOI:" + doi}) {
        INFO(form);
        Json other = query_json(db, q(form));
        REQUIRE(other["total"] == 1);
        CHECK(other["hits"][0]["id"] == hit["id"]);
    }
    // The other seed has a different DOI: the look-up is exact.
    CHECK(count(db, "doi:" + doi.substr(0, doi.size() - 1)) == 0);
}

TEST_CASE("seeds: year:2025 --count is 2 and the year facet says so", "[e2e][query][seeds]") {
    const std::string& db = seeds_index();
    std::size_t with_2025 = 0;
    for (const auto& f : seed_files())
        if (read_file(f).find(" PY - 2025 ") != std::string::npos) ++with_2025;
    REQUIRE(with_2025 == 2);
    CHECK(count(db, "year:2025") == with_2025);
    CHECK(count(db, "year:2024") == 0);

    Json j = query_json(db, "--facet year " + q("*"));
    const Json expected = Json::parse(R"([{"value":"2025","count":2}])");
    CHECK(j["facets"]["year"] == expected);
}
