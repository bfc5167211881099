// Screening order: the model trained on the labelled rows of a FeatureSet,
// and the other rows sorted by how likely they are to be included.
#pragma once

#include <cstddef>
#include <vector>

#include "screening_model.h"

namespace refdex {

struct RankedRow {
    std::size_t row = 0;
    double log_odds = 0;
};

// `candidates` sorted most likely inclusion first; ties keep row order, so
// the ranking is a pure function of its inputs.
std::vector<RankedRow> rank_rows(const FeatureSet& features, const Classifier& model,
                                 const std::vector<std::size_t>& candidates);

// Trains a model on (row, included) pairs and ranks `candidates`.
std::vector<RankedRow> rank_unlabelled(const FeatureSet& features,
                                       const std::vector<std::pair<std::size_t, bool>>& labelled,
                                       const std::vector<std::size_t>& candidates, ModelOptions options = {});

}  // namespace refdex
