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

#include "screening_linear.h"

namespace refdex {

class LinearSvm : public DualLinearModel {
public:
    LinearSvm(std::size_t vocabulary, ModelOptions options = {});
    // Re-optimises from the previous solution with the class weights of the
    // current label counts.
    void prepare() override;

private:
    ModelOptions options_;
    std::mt19937 rng_{20080701};  // visiting order; fixed so rankings repeat
};

}  // namespace refdex
