// The linear SVM screening model and the bigram features it is trained on:
// separable data, class weighting, warm-started retraining, bigrams read
// from a real index's positional lists.
#include <catch2/catch.hpp>

#include <algorithm>

#include "document_builder.h"
#include "index_writer.h"
#include "screening_ranking.h"
#include "screening_simulation.h"
#include "screening_svm.h"
#include "test_support.h"
#include "titled_records.h"
#include "two_topics.h"

using namespace refdex;
using refdex::test::two_topics;
using refdex::test::WordCounts;

namespace {

ModelOptions svm_options() {
    ModelOptions o;
    o.kind = ModelKind::Svm;
    return o;
}

}  // namespace

TEST_CASE("svm: separable records rank every inclusion above every exclusion", "[screening][svm]") {
    std::vector<bool> included;
    FeatureSet f = FeatureSet::from_counts(two_topics(40, 5, included));
    // Train on one record of each class, rank the other 38.
    std::vector<std::pair<std::size_t, bool>> labelled{{0, true}, {1, false}};
    std::vector<std::size_t> candidates;
    for (std::size_t i = 2; i < f.size(); ++i) candidates.push_back(i);
    std::vector<RankedRow> ranked = rank_unlabelled(f, labelled, candidates, svm_options());
    REQUIRE(ranked.size() == 38);
    const auto inclusions = static_cast<std::size_t>(std::count(included.begin() + 2, included.end(), true));
    REQUIRE(inclusions == 7);
    for (std::size_t k = 0; k < ranked.size(); ++k) CHECK(included[ranked[k].row] == (k < inclusions));
    CHECK(ranked.front().log_odds > 0);
    ModelOptions hinge = svm_options();
    hinge.svm_hinge = !hinge.svm_hinge;  // the other loss separates them too
    std::vector<RankedRow> other = rank_unlabelled(f, labelled, candidates, hinge);
    for (std::size_t k = 0; k < other.size(); ++k) CHECK(included[other[k].row] == (k < inclusions));
    CHECK(ranked.back().log_odds < 0);

    SimulationOptions sim;
    sim.model = svm_options();
    Simulation s = simulate(f, included, 3, sim);
    CHECK(s.found.back() == 8);
    CHECK(s.found[9] == 8);  // the prior inclusion and exclusion, then all 7 others straight away
}

TEST_CASE("svm: class weighting pulls the rare inclusion's side of the margin", "[screening][svm]") {
    // One inclusion among twenty exclusions; all share "study", only the
    // inclusion has "enalapril", and half the exclusions have it too.
    std::vector<WordCounts> docs{{{"study", 1}, {"enalapril", 1}, {"trial", 1}}};
    for (int i = 0; i < 20; ++i)
        docs.push_back(i % 2 ? WordCounts{{"study", 1}, {"storks", 1}} : WordCounts{{"study", 1}, {"enalapril", 1}});
    docs.push_back({{"enalapril", 1}, {"trial", 1}});  // the candidate: like the inclusion
    FeatureSet f = FeatureSet::from_counts(docs);
    const bool hinge = GENERATE(false, true);
    CAPTURE(hinge);
    auto margin_of_candidate = [&](double balance) {
        ModelOptions o = svm_options();
        o.svm_balance = balance;
        o.svm_hinge = hinge;
        LinearSvm svm(f.vocabulary(), o);
        for (std::size_t i = 0; i + 1 < f.size(); ++i) svm.add(f.row(i), i == 0);
        svm.prepare();
        return std::pair{svm.log_odds(f.row(f.size() - 1)), svm.log_odds(f.row(0))};
    };
    const auto [unweighted, unweighted_training] = margin_of_candidate(0);
    const auto [weighted, weighted_training] = margin_of_candidate(1);
    CHECK(weighted > unweighted);
    // Unweighted, the lone inclusion is given up as a training error.
    CHECK(unweighted_training < 0);
    CHECK(weighted_training > 0);
    CHECK(weighted > 0);
}

TEST_CASE("svm: retraining from the previous solution reaches the same ranking in fewer passes",
          "[screening][svm]") {
    const bool hinge = GENERATE(false, true);
    CAPTURE(hinge);
    ModelOptions options = svm_options();
    options.svm_hinge = hinge;
    // A weak regularisation, so that the optimum takes several passes to reach.
    options.svm_c = 1;
    options.svm_balance = 1;
    std::vector<bool> included;
    std::vector<WordCounts> docs = two_topics(60, 4, included);
    // Blur the classes so the optimum is not trivial: some exclusions mention trials.
    for (std::size_t i = 1; i < docs.size(); i += 7) docs[i].push_back({"trial", 1});
    FeatureSet f = FeatureSet::from_counts(docs);
    LinearSvm warm(f.vocabulary(), options);
    for (std::size_t i = 0; i < 40; ++i) warm.add(f.row(i), included[i]);
    warm.prepare();
    const std::size_t cold_passes = warm.last_passes();
    warm.add(f.row(40), included[40]);
    warm.prepare();
    CHECK(warm.last_passes() < cold_passes);

    LinearSvm cold(f.vocabulary(), options);
    for (std::size_t i = 0; i <= 40; ++i) cold.add(f.row(i), included[i]);
    cold.prepare();
    for (std::size_t i = 41; i < f.size(); ++i) CHECK(warm.log_odds(f.row(i)) == Approx(cold.log_odds(f.row(i))).margin(0.05));
}

TEST_CASE("features: bigrams of neighbouring kept words from a real index", "[screening][features][glass]") {
    test::TempDir dir;
    test::write_titled_records(dir / "db", {
        {"1", "Inhibition of ACE enzymes", "Blood pressure fell."},
        {"2", "ACE enzymes in blood", "Blood pressure rose."},
        {"3", "Storks", "Enzymes of storks."},
    });
    Xapian::Database db(dir / "db");
    std::vector<Xapian::docid> docs{1, 2, 3};
    FeatureOptions with;
    with.bigrams = true;
    FeatureSet plain = FeatureSet::from_index(db, docs), pairs = FeatureSet::from_index(db, docs, with);
    std::vector<std::string> words;
    for (std::uint32_t w = 0; w < pairs.vocabulary(); ++w) words.push_back(pairs.word(w));
    auto has = [&](const std::string& w) { return std::find(words.begin(), words.end(), w) != words.end(); };
    CHECK(has("ace enzymes"));      // in two titles
    CHECK(has("blood pressure"));   // in two abstracts
    // Record 2's title has it; record 1 would too if its title's last word
    // were paired with its abstract's first.
    CHECK_FALSE(has("enzymes blood"));
    CHECK_FALSE(has("enzymes storks"));  // one record only: below the two-record minimum
    CHECK(pairs.vocabulary() > plain.vocabulary());
}

TEST_CASE("naive Bayes on the unigrams of a bigram feature set is naive Bayes without the bigrams",
          "[screening][ensemble]") {
    std::vector<WordCounts> with_pairs, without;
    for (int i = 0; i < 12; ++i) {
        WordCounts words = i % 3 ? WordCounts{{"storks", 1.0 + i % 2}, {"spring", 1}} : WordCounts{{"enalapril", 2}, {"trial", 1}};
        words.push_back({i % 2 ? "wa" : "wb", 1});
        without.push_back(words);
        words.push_back({words[0].first + " " + words[1].first, 1});
        with_pairs.push_back(words);
    }
    FeatureSet full = FeatureSet::from_counts(with_pairs), plain = FeatureSet::from_counts(without);
    REQUIRE(full.vocabulary() > plain.vocabulary());
    std::vector<bool> used(full.vocabulary());
    for (std::uint32_t f = 0; f < used.size(); ++f) used[f] = !full.is_bigram(f);
    NaiveBayes masked(used, {}), reference(plain.vocabulary(), {});
    for (std::size_t i = 0; i < 6; ++i) {
        masked.add(full.row(i), i % 3 == 0);
        reference.add(plain.row(i), i % 3 == 0);
    }
    masked.prepare();
    reference.prepare();
    for (std::size_t i = 6; i < 12; ++i) CHECK(masked.log_odds(full.row(i)) == Approx(reference.log_odds(plain.row(i))));
}

TEST_CASE("ensemble: separable records rank every inclusion first, by scores or by ranks", "[screening][ensemble]") {
    std::vector<bool> included;
    FeatureSet f = FeatureSet::from_counts(two_topics(30, 3, included));
    std::vector<std::pair<std::size_t, bool>> labelled{{0, true}, {1, false}, {2, false}};
    std::vector<std::size_t> candidates;
    for (std::size_t i = 3; i < f.size(); ++i) candidates.push_back(i);
    for (bool by_rank : {false, true}) {
        ModelOptions o;
        o.kind = ModelKind::Ensemble;
        o.ensemble_by_rank = by_rank;
        std::vector<RankedRow> ranked = rank_unlabelled(f, labelled, candidates, o);
        REQUIRE(ranked.size() == 27);
        for (std::size_t k = 0; k < ranked.size(); ++k) CHECK(included[ranked[k].row] == (k < 9));
    }
}
