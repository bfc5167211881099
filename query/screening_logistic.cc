#include "screening_logistic.h"

#include <algorithm>
#include <cmath>

namespace refdex {

namespace {

// A pass ends the optimisation when no dual variable's gradient exceeds
// this; the ranking no longer moves past it. The pass limit keeps one
// retraining cheap when the heavy inclusion weights make the problem
// ill-conditioned: the next retraining starts from where this one stopped.
constexpr double kTolerance = 0.1;
constexpr std::size_t kMaxPasses = 10;
// A new row's dual variable starts this far inside (0, C): the log terms of
// the dual are infinite on the bounds.
constexpr double kStart = 1e-3;

// The one-variable dual problem of row i, as a function of its new value a
// in (0, C):  q/2 (a - a0)^2 + m (a - a0) + a ln a + (C - a) ln(C - a),
// where q = |x|^2 and m = y (w.x + b) at a0. Its derivative rises from -inf
// to +inf, so a Newton search kept inside a shrinking bracket converges.
double solve_one(double a0, double c, double q, double m) {
    double lo = 0, hi = c, a = a0;
    for (int step = 0; step < 30; ++step) {
        const double gradient = q * (a - a0) + m + std::log(a / (c - a));
        if (std::abs(gradient) < 1e-9) break;
        (gradient > 0 ? hi : lo) = a;
        const double curvature = q + c / (a * (c - a));
        double next = a - gradient / curvature;
        if (!(next > lo && next < hi)) next = (lo + hi) / 2;
        if (std::abs(next - a) < 1e-12 * c) break;
        a = next;
    }
    return a;
}

}  // namespace

LogisticRegression::LogisticRegression(std::size_t vocabulary, ModelOptions options)
    : DualLinearModel(vocabulary), options_(options) {}

void LogisticRegression::prepare() {
    // The rare inclusions get a larger C, as in the SVM; without it one or
    // two inclusions barely move a model fitted to hundreds of exclusions.
    const ClassBounds bounds = class_bounds(grown_c(options_.lr_c, options_.c_growth, samples_.size()), options_.lr_balance);
    // Class weights moved with the counts: scale each dual variable with its
    // bound, so it stays inside (0, C) at the same relative place.
    for (Sample& s : samples_) {
        const double bound = bounds.of(s);
        move(s, s.bound > 0 ? s.alpha * bound / s.bound : kStart * bound);
        s.bound = bound;
    }
    std::vector<std::size_t> order(samples_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    last_passes_ = 0;
    while (last_passes_ < kMaxPasses) {
        ++last_passes_;
        std::shuffle(order.begin(), order.end(), rng_);
        double largest = 0;
        for (std::size_t i : order) {
            Sample& s = samples_[i];
            const double m = s.label * margin(s.row);
            const double gradient = m + std::log(s.alpha / (s.bound - s.alpha));
            largest = std::max(largest, std::abs(gradient));
            if (std::abs(gradient) < 1e-6) continue;
            move(s, solve_one(s.alpha, s.bound, s.sq_norm, m));
        }
        if (largest < kTolerance) break;
    }
}

}  // namespace refdex
