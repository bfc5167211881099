#include "screening_ensemble.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace refdex {

namespace {

std::vector<bool> unigrams(const FeatureSet& features) {
    std::vector<bool> used(features.vocabulary());
    for (std::uint32_t f = 0; f < used.size(); ++f) used[f] = !features.is_bigram(f);
    return used;
}

// Scores to mean 0, standard deviation 1, so that two models' scales (log
// odds against margins) weigh alike.
void standardise(std::vector<double>& v) {
    if (v.empty()) return;
    const double n = static_cast<double>(v.size());
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
    double sq = 0;
    for (double x : v) sq += (x - mean) * (x - mean);
    const double sd = std::sqrt(sq / n);
    for (double& x : v) x = sd > 0 ? (x - mean) / sd : 0;
}

// Scores to the share of candidates each one beats (ties share).
void to_rank_fraction(std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> out(v.size());
    const double n = static_cast<double>(v.size());
    for (std::size_t k = 0; k < order.size(); ++k) out[order[k]] = static_cast<double>(k) / n;
    v = std::move(out);
}

}  // namespace

Ensemble::Ensemble(const FeatureSet& features, ModelOptions options)
    : options_(options), bayes_(unigrams(features), options), svm_(features.vocabulary(), options) {}

void Ensemble::add(const SparseVector& row, bool included) {
    bayes_.add(row, included);
    svm_.add(row, included);
}

void Ensemble::prepare() {
    bayes_.prepare();
    svm_.prepare();
}

double Ensemble::log_odds(const SparseVector& row) const { return bayes_.log_odds(row); }

std::vector<double> Ensemble::scores(const FeatureSet& features, const std::vector<std::size_t>& rows) const {
    std::vector<double> bayes = bayes_.scores(features, rows), svm = svm_.scores(features, rows);
    auto normalise = options_.ensemble_by_rank ? to_rank_fraction : standardise;
    normalise(bayes);
    normalise(svm);
    const double share = options_.ensemble_svm_share;
    for (std::size_t i = 0; i < bayes.size(); ++i) bayes[i] = (1 - share) * bayes[i] + share * svm[i];
    return bayes;
}

}  // namespace refdex
