// A linear SVM for the screening order: L2-regularised hinge (or squared
// hinge) loss with a bias, solved in the dual by coordinate descent (one
// variable per labelled row, each update closed-form), the method of
// liblinear. Labelled rows are copied in, so the model holds the labelled
// part of the FeatureSet once more. The dual variables are
// kept between retrainings, so after one new label a pass or two over the
// labelled rows reaches the optimum again: retraining after every label
// stays cheap.
#pragma once

#include <cstddef>
#include <random>
#include <vector>

#include "screening_model.h"

namespace refdex {

class LinearSvm : public Classifier {
public:
    LinearSvm(std::size_t vocabulary, ModelOptions options = {});
    void add(const SparseVector& row, bool included) override;
    // Re-optimises from the previous solution with the class weights of the
    // current label counts.
    void prepare() override;
    // The signed margin w.x + b: positive on the inclusion side.
    double log_odds(const SparseVector& row) const override;
    // Coordinate-descent passes the last prepare() took (for tests and tuning).
    std::size_t last_passes() const { return last_passes_; }

private:
    struct Sample {
        SparseVector row;
        double label;       // +1 included, -1 excluded
        double alpha = 0;   // dual variable
        double sq_norm;     // |x|^2 + 1 (the bias feature)
    };
    double margin(const SparseVector& row) const;

    ModelOptions options_;
    std::vector<Sample> samples_;
    std::vector<double> w_;
    double bias_ = 0;
    std::size_t n_included_ = 0, n_excluded_ = 0, last_passes_ = 0;
    std::mt19937 rng_{20080701};  // visiting order; fixed so rankings repeat
};

}  // namespace refdex
