// What the two dual coordinate-descent models (screening_svm.h,
// screening_logistic.h) share: the labelled rows with one dual variable
// each, the weights kept equal to sum(alpha * y * x) plus a bias, and the
// class-weighted C that lets a few inclusions count against many
// exclusions. Each model supplies its own prepare() (the solver).
#pragma once

#include <cstddef>
#include <vector>

#include "screening_model.h"

namespace refdex {

class DualLinearModel : public Classifier {
public:
    explicit DualLinearModel(std::size_t vocabulary) : w_(vocabulary) {}
    void add(const SparseVector& row, bool included) override;
    // w.x + b, positive on the inclusion side.
    double log_odds(const SparseVector& row) const override { return margin(row); }
    // Coordinate-descent passes the last prepare() took (for tests and tuning).
    std::size_t last_passes() const { return last_passes_; }

protected:
    struct Sample {
        SparseVector row;
        double label;      // +1 included, -1 excluded
        double alpha = 0;  // dual variable
        double bound = 0;  // the C it was last optimised under (if the model keeps it)
        double sq_norm;    // |x|^2 + 1 (the bias feature)
    };
    struct ClassBounds {
        double included, excluded;
        double of(const Sample& s) const { return s.label > 0 ? included : excluded; }
    };
    double margin(const SparseVector& row) const;
    // Sets a sample's dual variable, keeping w = sum alpha y x.
    void move(Sample& s, double alpha);
    // C for each class: `c`, the inclusions' multiplied by
    // (excluded/included)^balance while they are the rarer class.
    ClassBounds class_bounds(double c, double balance) const;

    std::vector<Sample> samples_;
    std::vector<double> w_;
    double bias_ = 0;
    std::size_t n_included_ = 0, n_excluded_ = 0, last_passes_ = 0;
};

}  // namespace refdex
