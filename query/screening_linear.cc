#include "screening_linear.h"

#include <cmath>

namespace refdex {

void DualLinearModel::add(const SparseVector& row, bool included) {
    double sq = 1;
    for (const auto& [f, x] : row) sq += static_cast<double>(x) * x;
    samples_.push_back({row, included ? 1.0 : -1.0, 0, 0, sq});
    ++(included ? n_included_ : n_excluded_);
}

double DualLinearModel::margin(const SparseVector& row) const {
    double s = bias_;
    for (const auto& [f, x] : row) s += w_[f] * x;
    return s;
}

void DualLinearModel::move(Sample& s, double alpha) {
    const double step = (alpha - s.alpha) * s.label;
    for (const auto& [f, x] : s.row) w_[f] += step * x;
    bias_ += step;
    s.alpha = alpha;
}

DualLinearModel::ClassBounds DualLinearModel::class_bounds(double c, double balance) const {
    ClassBounds b{c, c};
    if (n_included_ > 0 && n_excluded_ > n_included_)
        b.included *= std::pow(static_cast<double>(n_excluded_) / static_cast<double>(n_included_), balance);
    return b;
}

}  // namespace refdex
