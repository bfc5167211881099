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

LinearSvm::LinearSvm(std::size_t vocabulary, ModelOptions options) : DualLinearModel(vocabulary), options_(options) {}

void LinearSvm::prepare() {
    // The rare inclusions get a larger C (a costlier margin violation), the
    // SVM's form of class weighting; without it one or two inclusions are
    // simply given up as errors.
    const ClassBounds bounds = class_bounds(grown_c(options_.svm_c, options_.c_growth, samples_.size()), options_.svm_balance);
    const bool hinge = options_.svm_hinge;
    auto bound_of = [&](const Sample& s) { return bounds.of(s); };
    if (hinge) {
        // The class weights moved with the counts: pull any dual variable
        // above its new bound back inside.
        for (Sample& s : samples_) {
            const double clipped = std::min(s.alpha, bound_of(s));
            if (clipped != s.alpha) move(s, clipped);
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
            move(s, std::clamp(s.alpha - gradient / (s.sq_norm + diagonal), 0.0, bound));
        }
        if (highest - lowest < kTolerance) break;
    }
}

}  // namespace refdex
