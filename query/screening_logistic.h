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
#include <vector>

#include "screening_model.h"

namespace refdex {

class LogisticRegression : public Classifier {
public:
    LogisticRegression(std::size_t vocabulary, ModelOptions options = {});
    void add(const SparseVector& row, bool included) override;
    // Re-optimises from the previous solution, after rescaling each dual
    // variable to the current class weights.
    void prepare() override;
    // w.x + b: the model's log odds of inclusion (class weights included).
    double log_odds(const SparseVector& row) const override;
    // Coordinate-descent passes the last prepare() took (for tests and tuning).
    std::size_t last_passes() const { return last_passes_; }

private:
    struct Sample {
        SparseVector row;
        double label;      // +1 included, -1 excluded
        double alpha = 0;  // dual variable, strictly inside (0, C); 0 = not started
        double bound = 0;  // the C it was last optimised under
        double sq_norm;    // |x|^2 + 1 (the bias feature)
    };
    double margin(const SparseVector& row) const;
    void move(Sample& s, double alpha);

    ModelOptions options_;
    std::vector<Sample> samples_;
    std::vector<double> w_;
    double bias_ = 0;
    std::size_t n_included_ = 0, n_excluded_ = 0, last_passes_ = 0;
    std::mt19937 rng_{20110101};  // visiting order; fixed so rankings repeat
};

}  // namespace refdex
