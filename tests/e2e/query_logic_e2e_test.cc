// refdex-query end to end on data/ (402 real records): the query language
// checked through identities that must hold whatever the data, rather than
// through remembered counts.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "e2e_support.h"

using namespace refdex::e2e;
using refdex::test::read_file;
using refdex::test::repo_data;
using Json = nlohmann::json;

namespace {

const std::string kAll = "--all-duplicates";

std::size_t c(const std::string& query, const std::string& extra = kAll) { return count(data_index(), query, extra); }

std::set<std::string> id_set(const std::string& query) {
    auto v = ids(data_index(), kAll + " --limit 1000 " + q(query));
    return {v.begin(), v.end()};
}

// Sum of a facet's counts over the whole index.
std::size_t facet_sum(const std::string& facet, const std::string& query = "*") {
    Json j = query_json(data_index(), kAll + " --limit 0 --facet-limit 100000 --facet " + facet + " " + q(query));
    std::size_t sum = 0;
    for (const Json& v : j["facets"][facet]) sum += v["count"].get<std::size_t>();
    return sum;
}

}  // namespace

TEST_CASE("Boolean identities: A = (A AND B) + (A NOT B), |A OR B| = |A| + |B| - |A AND B|",
          "[e2e][query][boolean]") {
    const std::pair<std::string, std::string> pairs[] = {
        {"depression", "anxiety"},
        {"depression", "year:2010..2015"},
        {"title:depression", "abstract:treatment"},
        {"\"systematic review\"", "meta*"},
        {"author:wistow", "title:integrated"},
    };
    for (const auto& [a, b] : pairs) {
        INFO("A = " << a << ", B = " << b);
        const std::size_t ca = c(a), cb = c(b);
        const std::size_t and_ = c("(" + a + ") AND (" + b + ")");
        const std::size_t not_ = c("(" + a + ") NOT (" + b + ")");
        const std::size_t or_ = c("(" + a + ") OR (" + b + ")");
        CHECK(ca > 0);
        CHECK(ca == and_ + not_);
        CHECK(or_ + and_ == ca + cb);
        // Without --all-duplicates (one hit per cluster) the same must hold
        // when no cluster has more than one record, as in data/.
        CHECK(count(data_index(), "(" + a + ") AND (" + b + ")") + count(data_index(), "(" + a + ") NOT (" + b + ")") ==
              count(data_index(), a));
    }
    // The pairs are not trivial: the first one has members in every part.
    CHECK(c("depression AND anxiety") > 0);
    CHECK(c("depression NOT anxiety") > 0);
    CHECK(c("anxiety NOT depression") > 0);
    // Implicit AND is AND.
    CHECK(c("depression anxiety") == c("depression AND anxiety"));
    // Everything = A + NOT A.
    CHECK(c("*") == c("depression") + c("* NOT depression"));
}

TEST_CASE("filters equal their query forms, same field ORs, different fields AND", "[e2e][query][filter]") {
    const std::string qry = "depression";
    CHECK(c(qry, kAll + " --filter year:2010..2015") == c(qry + " AND year:2010..2015"));
    CHECK(c(qry, kAll + " --filter year:2010..2015") > 0);

    // Same field: OR. Years are disjoint, so the counts also add up.
    const std::size_t y10 = c(qry, kAll + " --filter year:2010");
    const std::size_t y12 = c(qry, kAll + " --filter year:2012");
    const std::size_t both = c(qry, kAll + " --filter year:2010 --filter year:2012");
    CHECK(both == c(qry + " AND (year:2010 OR year:2012)"));
    CHECK(both == y10 + y12);
    CHECK(y10 > 0);
    CHECK(y12 > 0);

    // Different fields: AND.
    const std::string src = "source:asreview_baseline.ris";
    const std::size_t anded = c("*", kAll + " --filter " + src + " --filter year:..2015");
    CHECK(anded == c(src + " AND year:..2015"));
    CHECK(anded < c("*", kAll + " --filter " + src));
    CHECK(anded < c("*", kAll + " --filter year:..2015"));
    CHECK(anded > 0);
    // A filter only ever narrows.
    CHECK(c(qry, kAll + " --filter " + src) <= c(qry));

    // --explain accounts for every filter, with its expansions.
    const Json explained = query_json(data_index(), "--explain --limit 0 --filter year:2010 --filter " + q("kw:depress*") + " " + qry);
    std::string lines;
    for (const auto& line : explained["explanation"]) lines += line.get<std::string>() + "\n";
    CHECK(lines.find("filter year:2010: year: 2010") != std::string::npos);
    CHECK(lines.find("filter kw:depress*: depress* -> ") != std::string::npos);
}

namespace {

// Records of a RIS file (split at TY lines) with an AU/A1 line containing `name`.
std::size_t ris_records_with_author(const std::string& path, const std::string& name) {
    std::size_t n = 0;
    bool in_record = false, found = false;
    for (std::string line : lines(read_file(path))) {
        if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (line.rfind("TY  - ", 0) == 0) {
            if (in_record && found) ++n;
            in_record = true;
            found = false;
        }
        if ((line.rfind("AU  - ", 0) == 0 || line.rfind("A1  - ", 0) == 0) && line.find(name) != std::string::npos)
            found = true;
    }
    if (in_record && found) ++n;
    return n;
}

}  // namespace

TEST_CASE("diacritics fold: author:björn == author:bjorn == author:BJÖRN", "[e2e][query][fold]") {
    struct Case { std::string name, folded, upper, ascii_query; };
    const Case cases[] = {
        {"Björn", "björn", "BJÖRN", "bjorn"},
        {"Grošelj", "grošelj", "GROŠELJ", "groselj"},
        {"Sundström", "sundström", "SUNDSTRÖM", "sundstrom"},
    };
    const std::string file = repo_data("asreview_baseline.ris");
    for (const auto& k : cases) {
        INFO(k.name);
        const std::size_t expected = ris_records_with_author(file, k.name);
        REQUIRE(expected > 0);
        const std::size_t as_written = c("author:" + k.folded);
        CHECK(as_written >= expected);
        CHECK(c("author:" + k.ascii_query) == as_written);
        CHECK(c("author:" + k.upper) == as_written);
        CHECK(id_set("author:" + k.ascii_query) == id_set("author:" + k.folded));
    }
}

TEST_CASE("truncation: word* >= word, --explain lists the expansions, which OR to the same set",
          "[e2e][query][truncation]") {
    for (const std::string stem : {"depress", "integrat"}) {
        INFO(stem);
        Json j = query_json(data_index(), kAll + " --explain --limit 0 " + q(stem + "*"));
        const std::size_t truncated = j["total"].get<std::size_t>();
        REQUIRE(j["explanation"].is_array());
        // Find "stem* -> N terms: a, b, c": every expansion is listed.
        std::vector<std::string> expansions;
        std::size_t announced = 0;
        for (const Json& line : j["explanation"]) {
            const std::string s = line.get<std::string>();
            const std::string head = stem + "* -> ";
            const auto colon = s.find(" terms: ");
            if (s.rfind(head, 0) != 0 || colon == std::string::npos) continue;
            announced = std::stoul(s.substr(head.size(), colon - head.size()));
            std::string rest = s.substr(colon + 8);
            std::size_t start = 0;
            while (start <= rest.size()) {
                auto end = rest.find(", ", start);
                if (end == std::string::npos) end = rest.size();
                std::string term = rest.substr(start, end - start);
                if (term != "\u2026" && term != "...") expansions.push_back(term);
                start = end + 2;
            }
        }
        REQUIRE_FALSE(expansions.empty());
        CHECK(expansions.size() == announced);
        std::string ored;
        for (const auto& e : expansions) {
            CHECK(e.rfind(stem, 0) == 0);
            CHECK(c(e) <= truncated);
            ored += (ored.empty() ? "" : " OR ") + e;
        }
        // The listed terms OR to the truncation when the list is complete,
        // to a subset otherwise.
        if (expansions.size() == announced) CHECK(c(ored) == truncated);
        else CHECK(c(ored) <= truncated);
        CHECK(c(stem + "ion") <= truncated);
        // The text explanation shows the same expansions.
        CommandResult text = run_query(data_index(), "--explain --limit 0 " + q(stem + "*"));
        REQUIRE(text.exit_code == 0);
        for (const auto& e : expansions) CHECK(text.out.find(e) != std::string::npos);
        // More expansions than --wildcard-limit allows is a query error.
        if (announced >= 2) {
            CommandResult limited = run_query(
                data_index(), "--count --wildcard-limit " + std::to_string(announced - 1) + " " + q(stem + "*"));
            CHECK(limited.exit_code == 2);
            CHECK(limited.out.empty());
            CHECK(count(data_index(), stem + "*", "--wildcard-limit " + std::to_string(announced)) == truncated);
        }
    }
}

TEST_CASE("proximity: phrase <= ADJ/n <= NEAR/n <= AND, NEAR is symmetric, ADJ is ordered",
          "[e2e][query][proximity]") {
    struct Case { std::string a, b; int n; };
    const Case cases[] = {{"major", "depression", 3}, {"depressive", "disorder", 2}, {"depression", "symptoms", 5},
                          {"systematic", "review", 3}};
    for (const auto& k : cases) {
        const std::string n = std::to_string(k.n);
        INFO(k.a << " / " << k.b << " / " << n);
        const std::size_t phrase = c("\"" + k.a + " " + k.b + "\"");
        const std::size_t adj = c(k.a + " ADJ/" + n + " " + k.b);
        const std::size_t adj_rev = c(k.b + " ADJ/" + n + " " + k.a);
        const std::size_t near = c(k.a + " NEAR/" + n + " " + k.b);
        const std::size_t near_rev = c(k.b + " NEAR/" + n + " " + k.a);
        const std::size_t and_ = c(k.a + " AND " + k.b);
        CHECK(phrase <= adj);
        CHECK(adj <= near);
        CHECK(near <= and_);
        CHECK(near == near_rev);
        CHECK(adj_rev <= near);
        CHECK(adj + adj_rev >= near);
        CHECK(and_ > 0);
    }
    // At least one case separates phrase/ADJ from AND.
    CHECK(c("\"major depression\"") < c("major AND depression"));
    // Order matters for ADJ: "disorder ADJ/2 depressive" is not "depressive ADJ/2 disorder".
    CHECK(c("disorder ADJ/2 depressive") < c("depressive ADJ/2 disorder"));
}

TEST_CASE("a surname of several words typed alone finds its author", "[e2e][query][author]") {
    refdex::test::TempDir dir;
    const std::string file = dir / "names.ris";
    refdex::test::write_file(file,
                             "TY  - JOUR\nAU  - van de Schoot, Rens\nTI  - Latent trajectories\nER  - \n"
                             "TY  - JOUR\nAU  - Galatzer-Levy, Isaac R.\nTI  - Resilience after trauma\nER  - \n"
                             "TY  - JOUR\nAU  - De Boer, J.\nTI  - Dutch cohort\nER  - \n"
                             "TY  - JOUR\nAU  - Smith, John\nTI  - Control record\nER  - \n");
    const std::string db = dir / "db";
    build_index(db, {file});
    const auto n = [&db](const std::string& query) { return count(db, query, kAll); };
    CHECK(n("author:\"van de schoot\"") == 1);
    CHECK(n("van de schoot[au]") == 1);
    CHECK(n("author:\"galatzer levy\"") == 1);
    CHECK(n("author:\"de boer\"") == 1);
    // Given name first still reads as before, and a wrong name stays unmatched.
    CHECK(n("author:\"john smith\"") == 1);
    CHECK(n("author:\"van de smith\"") == 0);
}

TEST_CASE("[majr] is a heading where the record marks it a major topic", "[e2e][query][pubmed]") {
    refdex::test::TempDir dir;
    const std::string file = dir / "major.nbib";
    refdex::test::write_file(file,
                             "PMID- 101\nTI  - Starred heading\nMH  - *Hypertension\n\n"
                             "PMID- 102\nTI  - Plain subheading\nMH  - Hypertension/drug therapy\n\n"
                             "PMID- 103\nTI  - Starred subheading\nMH  - Hypertension/*drug therapy\n\n"
                             "PMID- 104\nTI  - Narrower heading\nMH  - *Hypertension, Renal\n\n"
                             "PMID- 105\nTI  - Ampersand\nMH  - Kidney Diseases/*prevention & control\n\n"
                             "PMID- 106\nTI  - Abbreviated as kept\nOT  - Heart Failure/dt\n\n");
    const std::string db = dir / "db";
    build_index(db, {file});
    const auto pmids = [&db](const std::string& query) {
        std::set<std::string> out;
        const Json found = query_json(db, kAll + " --limit 100 " + q(query));
        for (const auto& h : found["hits"]) out.insert(h["pmid"].get<std::string>());
        return out;
    };
    CHECK(pmids("hypertension[majr]") == std::set<std::string>{"101", "103"});
    CHECK(pmids("major:hypertension") == pmids("hypertension[majr]"));
    CHECK(pmids("hypertension[majr:noexp]") == pmids("hypertension[majr]"));
    CHECK(pmids("hypertension[mh:noexp]") == std::set<std::string>{"101", "102", "103"});
    // A subheading written with "and" (PubMed's search details) is MeSH's "&"; an
    // export that keeps the abbreviation ("Heart Failure/dt") is found by the name.
    CHECK(pmids("\"kidney diseases/prevention and control\"[mh:noexp]") == std::set<std::string>{"105"});
    CHECK(pmids("subheading:\"prevention and control\"") == std::set<std::string>{"105"});
    CHECK(pmids("heading:\"heart failure/drug therapy\"") == std::set<std::string>{"106"});
    CHECK(pmids("heading:\"heart failure/dt\"") == std::set<std::string>{"106"});
}

TEST_CASE("PubMed tags equal their field forms", "[e2e][query][pubmed]") {
    CHECK(id_set("wistow[au]") == id_set("author:wistow"));
    CHECK_FALSE(id_set("wistow[au]").empty());
    CHECK(id_set("\"integrated care\"[tiab]") == id_set("tiab:\"integrated care\""));
    CHECK_FALSE(id_set("tiab:\"integrated care\"").empty());
    CHECK(id_set("depression[ti]") == id_set("title:depression"));
    CHECK(id_set("depression[ab]") == id_set("abstract:depression"));
    // tiab is title OR abstract.
    CHECK(c("depression[tiab]") == c("title:depression OR abstract:depression"));
}

TEST_CASE("year ranges: year:..2000 + year:2001.. == records with a year == year facet sum", "[e2e][query][range]") {
    const std::size_t with_year = facet_sum("year");
    CHECK(with_year > 0);
    CHECK(c("year:..2000") + c("year:2001..") == with_year);
    CHECK(c("year:..2000") > 0);
    CHECK(c("year:2001..") > 0);
    // A closed range equals the facet counts of the years in it.
    Json j = query_json(data_index(), kAll + " --limit 0 --facet-limit 100000 --facet year " + q("*"));
    std::size_t in_range = 0;
    for (const Json& v : j["facets"]["year"]) {
        const int year = std::stoi(v["value"].get<std::string>());
        if (year >= 2010 && year <= 2015) in_range += v["count"].get<std::size_t>();
    }
    CHECK(c("year:2010..2015") == in_range);
    CHECK(in_range > 0);
}

TEST_CASE("paging: offset 0 + offset 5 (limit 5) == limit 10", "[e2e][query][paging]") {
    for (const std::string extra : {"", "--sort year", "--sort -year"}) {
        INFO(extra);
        const std::string qry = q("depression");
        auto first = ids(data_index(), extra + " --limit 5 --offset 0 " + qry);
        auto second = ids(data_index(), extra + " --limit 5 --offset 5 " + qry);
        auto ten = ids(data_index(), extra + " --limit 10 " + qry);
        REQUIRE(ten.size() == 10);
        CHECK(first.size() == 5);
        first.insert(first.end(), second.begin(), second.end());
        CHECK(first == ten);
    }
    // Ranks continue across pages.
    Json page2 = query_json(data_index(), "--limit 5 --offset 5 " + q("depression"));
    REQUIRE(page2["hits"].size() == 5);
    CHECK(page2["hits"][0]["rank"] == 6);
    CHECK(page2["offset"] == 5);
}

TEST_CASE("sorting: --sort year non-decreasing, -year non-increasing", "[e2e][query][sort]") {
    for (const std::string order : {"year", "-year"}) {
        INFO(order);
        Json j = query_json(data_index(), "--sort " + order + " --limit 1000 " + q("depression"));
        REQUIRE(j["hits"].size() == j["total"].get<std::size_t>());
        REQUIRE(j["hits"].size() > 1);
        std::vector<int> years;
        for (const Json& h : j["hits"])
            if (h["year"].is_number()) years.push_back(h["year"].get<int>());
        REQUIRE(years.size() > 1);
        if (order == "year") CHECK(std::is_sorted(years.begin(), years.end()));
        else CHECK(std::is_sorted(years.rbegin(), years.rend()));
        CHECK(years.front() != years.back());
    }
}
