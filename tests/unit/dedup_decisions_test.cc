// Not-duplicate decisions name their records by more than a refdex id: an
// updated copy of a record, or a rebuilt index, still carries them; a
// renumbered export does not pass them to another work.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "dedup_decisions.h"
#include "document_builder.h"
#include "index_writer.h"
#include "schema.h"
#include "test_support.h"

using namespace refdex;

namespace {

using Tags = std::initializer_list<std::pair<const char*, const char*>>;

// Writes records into one index; returns each record's refdex id.
class Fixture {
public:
    explicit Fixture(const std::string& path) : writer_(path, 100) {}
    std::string write(Tags tags, const char* file = "search.ris") {
        RawRecord raw;
        raw.source_file = file;
        for (const auto& [tag, value] : tags) raw.fields.push_back({tag, value, 1});
        BuiltDocument built = builder_.build(raw, map_record(raw), record_id(raw, 0));
        const std::string id = built.id;
        writer_.write(std::move(built));
        return id;
    }
    IndexWriter& writer() { return writer_; }
    Xapian::WritableDatabase& db() { return writer_.database(); }

private:
    DocumentBuilder builder_;
    IndexWriter writer_;
};

const Tags kArticle = {{"ID", "7"}, {"TI", "Aspirin for stroke"}, {"AU", "Smith, J."}, {"PY", "2019"}};
const Tags kArticleUpdated = {{"ID", "7"},          {"TI", "Aspirin for stroke"},       {"AU", "Smith, J."},
                              {"PY", "2019"},       {"AB", "Added in the update."}};
const Tags kLetter = {{"ID", "8"}, {"TI", "Aspirin for stroke."}, {"AU", "Smith, John"}, {"PY", "2020"}};

std::vector<std::string> ids_named(Xapian::Database& db, const RecordIdentity& self, const RecordIdentity& other) {
    std::vector<std::string> out;
    for (Xapian::docid did : records_named(db, self, other)) {
        const Xapian::Document doc = db.get_document(did);
        auto t = doc.termlist_begin();
        t.skip_to(schema::kId);
        out.push_back((*t).substr(1));
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("decisions: an updated copy of a record is named by file and record id, a renumbered one is not",
          "[dedup][decisions]") {
    test::TempDir dir;
    Fixture f(dir / "db");
    const std::string article = f.write(kArticle), letter = f.write(kLetter);
    REQUIRE(f.writer().add_not_duplicate("7", "8"));
    f.writer().commit();
    const auto decisions = load_not_duplicates(f.db());
    REQUIRE(decisions.size() == 1);
    const NotDuplicateDecision& d = decisions[0];
    CHECK(d.a.id == std::min(article, letter));
    const RecordIdentity& a = d.a.id == article ? d.a : d.b;
    const RecordIdentity& b = d.a.id == article ? d.b : d.a;
    CHECK(a.source == "search.ris");
    CHECK(a.record_id == "7");
    CHECK(a.title == "Aspirin for stroke");

    // The export is updated: the same record id, a new refdex id.
    const std::string updated = f.write(kArticleUpdated);
    REQUIRE(updated != article);
    // Renumbered: record id 7 now names another work in the same file.
    const std::string renumbered = f.write({{"ID", "7"}, {"TI", "Statins in the elderly"}, {"PY", "2019"}});
    // Another file's record 7 is another record.
    f.write(kArticle, "other.ris");
    f.writer().commit();

    std::vector<std::string> expected{article, updated};
    std::sort(expected.begin(), expected.end());
    CHECK(ids_named(f.db(), a, b) == expected);
    CHECK(ids_named(f.db(), b, a) == std::vector<std::string>{letter});
    CHECK(waiting_decisions(f.db()).empty());

    // The pass keeps the updated copy apart from the letter too, though the
    // title rule would join all three.
    ClusterPassResult pass = f.writer().recluster();
    if (pass.clustered.count(letter)) {
        CHECK(pass.clustered.at(letter).cluster != pass.clustered.at(article).cluster);
        CHECK(pass.clustered.at(letter).cluster != pass.clustered.at(updated).cluster);
    }
    REQUIRE(pass.clustered.count(updated));
    CHECK(pass.clustered.at(updated).cluster == pass.clustered.at(article).cluster);
    CHECK_FALSE(pass.clustered.count(renumbered));
}

TEST_CASE("decisions: a title corrected in the update keeps the decision, a short or other one does not",
          "[dedup][decisions]") {
    test::TempDir dir;
    Fixture f(dir / "db");
    f.write({{"ID", "3"}, {"TI", "Early mobilisation after acute stroke: a randomised trail"}, {"PY", "2015"}});
    f.write({{"ID", "4"}, {"TI", "Early mobilisation after acute stroke"}, {"PY", "2016"}});
    f.write({{"ID", "5"}, {"TI", "Stroke"}, {"PY", "2015"}});
    f.write({{"ID", "6"}, {"TI", "Stroke units"}, {"PY", "2015"}});
    REQUIRE(f.writer().add_not_duplicate("3", "4"));
    REQUIRE(f.writer().add_not_duplicate("5", "6"));
    f.writer().commit();
    // The update fixes a typo in record 3; record 5 now holds another short title.
    const std::string corrected =
        f.write({{"ID", "3"}, {"TI", "Early mobilisation after acute stroke: a randomised trial"}, {"PY", "2015"}});
    const std::string other_short = f.write({{"ID", "5"}, {"TI", "Strokes"}, {"PY", "2015"}});
    f.writer().commit();
    const auto decisions = load_not_duplicates(f.db());
    REQUIRE(decisions.size() == 2);
    for (const auto& d : decisions) {
        const bool first = d.a.record_id == "3" || d.b.record_id == "3";
        const RecordIdentity& self = (d.a.record_id == "3" || d.a.record_id == "5") ? d.a : d.b;
        const RecordIdentity& other = &self == &d.a ? d.b : d.a;
        const auto named = ids_named(f.db(), self, other);
        if (first) {
            CHECK(std::count(named.begin(), named.end(), corrected) == 1);
        } else {
            CHECK(std::count(named.begin(), named.end(), other_short) == 0);
        }
    }
}

TEST_CASE("decisions: a record without a record id, or renumbered, is found by its file and title",
          "[dedup][decisions]") {
    test::TempDir dir;
    Fixture f(dir / "db");
    // A Scopus export: no ID, and one DOI given to two trial reports.
    const Tags talc = {{"TI", "Efficacy of tiotropium in severe asthma: results of the TALC trial"},
                       {"AU", "Kerstjens, H."}, {"PY", "2020"}, {"DO", "10.1111/all.14000"}};
    const std::string first = f.write(talc, "scopus.ris");
    const std::string other = f.write({{"TI", "Efficacy of tiotropium in severe asthma: results of the PrimoTinA trial"},
                                       {"AU", "Kerstjens, H."}, {"PY", "2020"}, {"DO", "10.1111/all.14000"}},
                                      "scopus.ris");
    REQUIRE(f.writer().add_not_duplicate(first, other));
    // Two copies of one title in two files, recorded as other works; then
    // a.ris is renumbered: the record is now ID 5, and ID 1 another title.
    const Tags depression = {{"ID", "1"}, {"TI", "Screening for depression in primary care settings"}, {"PY", "2019"}};
    f.write(depression, "a.ris");
    f.write({{"ID", "101"}, {"TI", "Screening for depression in primary care settings"}, {"PY", "2019"}}, "b.ris");
    REQUIRE(f.writer().add_not_duplicate("1", "101"));
    f.writer().commit();

    const std::string updated = f.write({{"TI", "Efficacy of tiotropium in severe asthma: results of the TALC trial"},
                                         {"AU", "Kerstjens, H."}, {"PY", "2020"}, {"DO", "10.1111/all.14000"},
                                         {"AB", "Added in the update."}},
                                        "scopus.ris");
    const std::string renumbered =
        f.write({{"ID", "5"}, {"TI", "Screening for depression in primary care settings"}, {"PY", "2019"}}, "a.ris");
    const std::string took_its_id = f.write({{"ID", "1"}, {"TI", "Statins for the elderly"}, {"PY", "2019"}}, "a.ris");
    f.writer().commit();
    for (const auto& d : load_not_duplicates(f.db())) {
        const auto a_named = ids_named(f.db(), d.a, d.b), b_named = ids_named(f.db(), d.b, d.a);
        auto names = [&](const std::string& id) {
            return std::count(a_named.begin(), a_named.end(), id) + std::count(b_named.begin(), b_named.end(), id);
        };
        if (d.a.source == "scopus.ris") {
            CHECK(names(updated) == 1);
        } else {
            CHECK(names(renumbered) == 1);
            CHECK(names(took_its_id) == 0);
        }
    }
}

TEST_CASE("decisions: a DOI both records carry does not name either", "[dedup][decisions]") {
    test::TempDir dir;
    Fixture f(dir / "db");
    // One DOI given to two different articles (a publisher's error): the
    // DOI rule joins them, and a third copy of the first must stay with it.
    const std::string first = f.write({{"ID", "1"}, {"TI", "Aspirin for stroke"}, {"PY", "2019"}, {"DO", "10.1000/x"}});
    const std::string second = f.write({{"ID", "2"}, {"TI", "Heparin for stroke"}, {"PY", "2019"}, {"DO", "10.1000/x"}});
    const std::string copy =
        f.write({{"ID", "3"}, {"TI", "Aspirin for stroke"}, {"PY", "2019"}, {"DO", "10.1000/x"}}, "b.ris");
    REQUIRE(f.writer().add_not_duplicate(first, second));
    f.writer().commit();
    const auto d = load_not_duplicates(f.db()).at(0);
    CHECK(ids_named(f.db(), d.a, d.b).size() == 1);
    CHECK(ids_named(f.db(), d.b, d.a).size() == 1);
    ClusterPassResult pass = f.writer().recluster();
    REQUIRE(pass.clustered.count(copy));
    REQUIRE(pass.clustered.count(first));
    CHECK(pass.clustered.at(copy).cluster == pass.clustered.at(first).cluster);
    CHECK((!pass.clustered.count(second) || pass.clustered.at(second).cluster != pass.clustered.at(first).cluster));
}

TEST_CASE("decisions: the first format (a pair of ids) is read, enforced and filled in", "[dedup][decisions]") {
    test::TempDir dir;
    Fixture f(dir / "db");
    const std::string article = f.write(kArticle), letter = f.write(kLetter);
    const std::string low = std::min(article, letter), high = std::max(article, letter);
    f.db().set_metadata(schema::kMetaNotDuplicates, nlohmann::json::array({{low, high}}).dump());
    f.writer().commit();
    const auto old = load_not_duplicates(f.db());
    REQUIRE(old.size() == 1);
    CHECK(old[0].a.id == low);
    CHECK(old[0].a.record_id.empty());
    CHECK(f.writer().recluster().clusters == 0);

    // Exporting fills in what else names each record.
    const auto exported = nlohmann::json::parse(decisions_json(f.db()));
    CHECK(exported.at("refdex_decisions") == 1);
    CHECK_FALSE(exported.contains("notices"));
    REQUIRE(exported.at("not_duplicates").size() == 1);
    CHECK(exported.at("not_duplicates")[0].at("a").at("source") == "search.ris");
    CHECK_FALSE(f.writer().add_not_duplicate("8", "7"));  // already recorded, in either order
    std::string upper = article;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    REQUIRE(upper != article);
    CHECK(resolve_record(f.db(), upper) == article);
}

TEST_CASE("decisions: import into another index, waiting until the records arrive", "[dedup][decisions]") {
    test::TempDir dir;
    std::string exported;
    {
        Fixture f(dir / "old");
        f.write(kArticle);
        f.write(kLetter);
        REQUIRE(f.writer().add_not_duplicate("7", "8"));
        set_notice_policy(f.db(), NoticePolicy::apart);
        f.writer().commit();
        exported = decisions_json(f.db());
    }
    Fixture g(dir / "new");
    DecisionsImport got = import_decisions(g.db(), exported, "d.json");
    CHECK(got.decisions == 1);
    CHECK(got.added == 1);
    CHECK(got.has_notices);
    CHECK(got.notices == NoticePolicy::apart);
    CHECK(notice_policy(g.db()) == NoticePolicy::join);  // returned, not applied
    CHECK(waiting_decisions(g.db()).size() == 1);
    CHECK(import_decisions(g.db(), exported, "d.json").added == 0);

    g.write(kArticleUpdated);
    g.write(kLetter);
    g.writer().commit();
    CHECK(waiting_decisions(g.db()).empty());
    CHECK(g.writer().recluster().clusters == 0);

    CHECK_THROWS_WITH(import_decisions(g.db(), "{not json", "d.json"), Catch::Contains("d.json: not a refdex decisions file"));
    CHECK_THROWS_WITH(import_decisions(g.db(), R"({"refdex_decisions":1,"not_duplicates":[{"a":{"id":"x"}}]})", "d.json"),
                      Catch::Contains("d.json: not_duplicates[0] needs"));
    CHECK_THROWS_WITH(import_decisions(g.db(), R"({"refdex_decisions":1,"notices":"maybe","not_duplicates":[]})", "d.json"),
                      Catch::Contains("\"notices\" must be"));
}

TEST_CASE("decisions: a title with bytes that are not UTF-8 is stored and exported", "[dedup][decisions]") {
    test::TempDir dir;
    Fixture f(dir / "db");
    f.write({{"ID", "1"}, {"TI", "Caf\xe9 and stroke"}, {"PY", "2019"}});
    f.write({{"ID", "2"}, {"TI", "Caf\xe9 and stroke"}, {"PY", "2019"}, {"AB", "Another study."}});
    REQUIRE_NOTHROW(f.writer().add_not_duplicate("1", "2"));
    f.writer().commit();
    REQUIRE(load_not_duplicates(f.db()).size() == 1);
    CHECK(nlohmann::json::parse(decisions_json(f.db())).at("not_duplicates").size() == 1);
}
