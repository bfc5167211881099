// The logistic-regression screening model: separable data, class weighting,
// probabilities that follow the labels, warm-started retraining.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "screening_logistic.h"
#include "screening_ranking.h"
#include "screening_simulation.h"
#include "two_topics.h"

using namespace refdex;
using refdex::test::two_topics;
using refdex::test::WordCounts;

namespace {

ModelOptions lr_options() {
    ModelOptions o;
    o.kind = ModelKind::Logistic;
    return o;
}

}  // namespace

TEST_CASE("lr: separable records rank every inclusion above every exclusion", "[screening][lr]") {
    REQUIRE(parse_model_kind("lr") == ModelKind::Logistic);
    REQUIRE(std::string(model_name(ModelKind::Logistic)) == "lr");
    std::vector<bool> included;
    FeatureSet f = FeatureSet::from_counts(two_topics(40, 5, included));
    std::vector<std::pair<std::size_t, bool>> labelled{{0, true}, {1, false}};
    std::vector<std::size_t> candidates;
    for (std::size_t i = 2; i < f.size(); ++i) candidates.push_back(i);
    std::vector<RankedRow> ranked = rank_unlabelled(f, labelled, candidates, lr_options());
    REQUIRE(ranked.size() == 38);
    const auto inclusions = static_cast<std::size_t>(std::count(included.begin() + 2, included.end(), true));
    for (std::size_t k = 0; k < ranked.size(); ++k) CHECK(included[ranked[k].row] == (k < inclusions));
    CHECK(ranked.front().log_odds > 0);
    CHECK(ranked.back().log_odds < 0);

    SimulationOptions sim;
    sim.model = lr_options();
    Simulation s = simulate(f, included, 3, sim);
    CHECK(s.found.back() == 8);
    CHECK(s.found[9] == 8);  // the two priors, then all 7 other inclusions straight away
}

TEST_CASE("lr: class weighting raises the rare inclusion's side", "[screening][lr]") {
    // One inclusion among twenty exclusions; half the exclusions share its
    // "enalapril", none its "trial".
    std::vector<WordCounts> docs{{{"study", 1}, {"enalapril", 1}, {"trial", 1}}};
    for (int i = 0; i < 20; ++i)
        docs.push_back(i % 2 ? WordCounts{{"study", 1}, {"storks", 1}} : WordCounts{{"study", 1}, {"enalapril", 1}});
    docs.push_back({{"enalapril", 1}, {"trial", 1}});  // the candidate: like the inclusion
    FeatureSet f = FeatureSet::from_counts(docs);
    auto odds_of = [&](double balance) {
        ModelOptions o = lr_options();
        o.lr_c = 1;
        o.lr_balance = balance;
        LogisticRegression lr(f.vocabulary(), o);
        for (std::size_t i = 0; i + 1 < f.size(); ++i) lr.add(f.row(i), i == 0);
        lr.prepare();
        return std::pair{lr.log_odds(f.row(f.size() - 1)), lr.log_odds(f.row(0))};
    };
    const auto [unweighted, unweighted_training] = odds_of(0);
    const auto [weighted, weighted_training] = odds_of(1);
    CHECK(weighted > unweighted);
    CHECK(unweighted_training < 0);  // one against twenty: still more likely excluded
    CHECK(weighted_training > unweighted_training);
    CHECK(weighted > 0);
}

TEST_CASE("lr: the optimum's log odds follow the labels' frequencies", "[screening][lr]") {
    // Identical rows, 3 included and 9 excluded: with weak regularisation
    // and no class weight the fitted probability is close to 3/12 (0.255
    // at C 10: the penalty pulls it a little towards 1/2).
    std::vector<WordCounts> docs(12, WordCounts{{"same", 1}, {"words", 1}});
    FeatureSet f = FeatureSet::from_counts(docs);
    ModelOptions o = lr_options();
    o.lr_c = 10;
    o.lr_balance = 0;
    LogisticRegression lr(f.vocabulary(), o);
    for (std::size_t i = 0; i < 12; ++i) lr.add(f.row(i), i < 3);
    // One prepare() stops after a few passes; each further one goes on
    // from there, as retrainings do during screening.
    for (int k = 0; k < 20; ++k) lr.prepare();
    CHECK(lr.last_passes() < 10);
    CHECK(probability(lr.log_odds(f.row(0))) == Approx(0.255).margin(0.005));
}

TEST_CASE("lr: retraining from the previous solution matches training from scratch", "[screening][lr]") {
    ModelOptions options = lr_options();
    options.lr_c = 1;
    std::vector<bool> included;
    std::vector<WordCounts> docs = two_topics(60, 4, included);
    for (std::size_t i = 1; i < docs.size(); i += 7) docs[i].push_back({"trial", 1});
    FeatureSet f = FeatureSet::from_counts(docs);
    LogisticRegression warm(f.vocabulary(), options);
    for (std::size_t i = 0; i < 40; ++i) warm.add(f.row(i), included[i]);
    warm.prepare();
    warm.add(f.row(40), included[40]);
    warm.prepare();

    LogisticRegression cold(f.vocabulary(), options);
    for (std::size_t i = 0; i <= 40; ++i) cold.add(f.row(i), included[i]);
    cold.prepare();
    CHECK(warm.last_passes() <= cold.last_passes());
    for (std::size_t i = 41; i < f.size(); ++i) CHECK(warm.log_odds(f.row(i)) == Approx(cold.log_odds(f.row(i))).margin(0.05));
}

TEST_CASE("features: min_df and numbers decide which words become features", "[screening][features]") {
    std::vector<WordCounts> docs{{{"enalapril", 1}, {"2001", 1}, {"once", 1}},
                                 {{"enalapril", 1}, {"2001", 1}},
                                 {{"storks", 1}}};
    FeatureSet standard = FeatureSet::from_counts(docs);
    FeatureOptions all;
    all.min_df = 1;
    all.numbers = true;
    FeatureSet everything = FeatureSet::from_counts(docs, all);
    auto words = [](const FeatureSet& f) {
        std::vector<std::string> w;
        for (std::uint32_t i = 0; i < f.vocabulary(); ++i) w.push_back(f.word(i));
        return w;
    };
    CHECK(words(standard) == std::vector<std::string>{"enalapril"});
    CHECK(words(everything) == std::vector<std::string>{"2001", "enalapril", "once", "storks"});
}
