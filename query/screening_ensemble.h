// Naive Bayes and the linear SVM together: each ranks the candidates, and the
// two rankings are fused. The models fail on different reviews (naive Bayes
// where inclusions share a vocabulary with many exclusions, the SVM where
// there are only a handful of inclusions), so the fusion is steadier than
// either alone.
#pragma once

#include "screening_model.h"
#include "screening_svm.h"

namespace refdex {

class Ensemble : public Classifier {
public:
    // Naive Bayes sees the unigram features only (its likelihoods degrade
    // with overlapping bigrams); the SVM sees all of them.
    Ensemble(const FeatureSet& features, ModelOptions options);
    void add(const SparseVector& row, bool included) override;
    void prepare() override;
    // Naive Bayes's log odds: the fused score needs the whole candidate set.
    double log_odds(const SparseVector& row) const override;
    // Each model's scores standardised over `rows` (or turned into rank
    // fractions), then mixed with the SVM's share.
    std::vector<double> scores(const FeatureSet& features, const std::vector<std::size_t>& rows) const override;

private:
    ModelOptions options_;
    NaiveBayes bayes_;
    LinearSvm svm_;
};

}  // namespace refdex
