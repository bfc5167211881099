// L2-regularised logistic regression for the screening order, with a bias
// and class weights like the SVM's (screening_svm.h). Solved in the dual by
// coordinate descent (Yu, Huang and Lin, "Dual coordinate descent methods for
// logistic regression and maximum entropy models", Machine Learning 2011):
// one variable per labelled row, each update a short safeguarded Newton
// search in one dimension. The dual variables are kept between retrainings,
// so one more label costs a few passes over the labelled rows.
//
// Unlike the SVM's hinge, the log loss never stops pulling: every labelled
// row shapes the model, which is what a ranking of all candidates needs.
#pragma once

#include <cstddef>
#include <random>

#include "screening_linear.h"

namespace refdex {

class LogisticRegression : public DualLinearModel {
public:
    LogisticRegression(std::size_t vocabulary, ModelOptions options = {});
    // Re-optimises from the previous solution, after rescaling each dual
    // variable to the current class weights. log_odds() is then the model's
    // log odds of inclusion (class weights included).
    void prepare() override;

private:
    ModelOptions options_;
    std::mt19937 rng_{20110101};  // visiting order; fixed so rankings repeat
};

}  // namespace refdex
