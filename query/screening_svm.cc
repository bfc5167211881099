#include "screening_svm.h"

#include <algorithm>
#include <cmath>

namespace refdex {

namespace {

// Stop when the projected gradients of all dual variables lie within this
// band; the ranking does not change past it, and each pass costs a sweep
// over every labelled row.
constexpr double kTolerance = 0.05;
constexpr std::size_t kMaxPasses = 50;

}  // namespace

LinearSvm::LinearSvm(std::size_t vocabulary, ModelOptions options) : options_(options), w_(vocabulary) {}

void LinearSvm::add(const SparseVector& row, bool included) {
    double sq = 1;
    for (const auto& [f, x] : row) sq += static_cast<double>(x) * x;
    samples_.push_back({row, included ? 1.0 : -1.0, 0, sq});
    ++(included ? n_included_ : n_excluded_);
}

double LinearSvm::margin(const SparseVector& row) const {
    double s = bias_;
    for (const auto& [f, x] : row) s += w_[f] * x;
    return s;
}

double LinearSvm::log_odds(const SparseVector& row) const { return margin(row); }

void LinearSvm::prepare() {
    // The rare inclusions get a larger C (a costlier margin violation), the
    // SVM's form of class weighting; without it one or two inclusions are
    // simply given up as errors.
    const double c = grown_c(options_.svm_c, options_.c_growth, samples_.size());
    double c_included = c, c_excluded = c;
    if (n_included_ > 0 && n_excluded_ > n_included_)
        c_included *= std::pow(static_cast<double>(n_excluded_) / static_cast<double>(n_included_), options_.svm_balance);
    const bool hinge = options_.svm_hinge;
    auto bound_of = [&](const Sample& s) { return s.label > 0 ? c_included : c_excluded; };
    if (hinge) {
        // The class weights moved with the counts: pull any dual variable
        // above its new bound back inside, keeping w = sum alpha y x.
        for (Sample& s : samples_) {
            const double clipped = std::min(s.alpha, bound_of(s));
            if (clipped == s.alpha) continue;
            const double step = (clipped - s.alpha) * s.label;
            for (const auto& [f, x] : s.row) w_[f] += step * x;
            bias_ += step;
            s.alpha = clipped;
        }
    }
    std::vector<std::size_t> order(samples_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    last_passes_ = 0;
    while (last_passes_ < kMaxPasses) {
        ++last_passes_;
        std::shuffle(order.begin(), order.end(), rng_);
        double lowest = 0, highest = 0;
        for (std::size_t i : order) {
            Sample& s = samples_[i];
            // Hinge: each dual variable lies in [0, C]. Squared hinge: no
            // upper bound, the loss shows up as a diagonal term 1/(2C).
            const double bound = hinge ? bound_of(s) : HUGE_VAL;
            const double diagonal = hinge ? 0 : 1 / (2 * bound_of(s));
            const double gradient = s.label * margin(s.row) - 1 + diagonal * s.alpha;
            const double projected = s.alpha == 0       ? std::min(gradient, 0.0)
                                     : s.alpha >= bound ? std::max(gradient, 0.0)
                                                        : gradient;
            lowest = std::min(lowest, projected);
            highest = std::max(highest, projected);
            if (projected == 0) continue;
            const double old = s.alpha;
            s.alpha = std::clamp(old - gradient / (s.sq_norm + diagonal), 0.0, bound);
            const double step = (s.alpha - old) * s.label;
            for (const auto& [f, x] : s.row) w_[f] += step * x;
            bias_ += step;
        }
        if (highest - lowest < kTolerance) break;
    }
}

}  // namespace refdex
