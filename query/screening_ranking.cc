#include "screening_ranking.h"

#include <algorithm>

namespace refdex {

std::vector<RankedRow> rank_rows(const FeatureSet& features, const Classifier& model,
                                 const std::vector<std::size_t>& candidates) {
    std::vector<RankedRow> ranked;
    ranked.reserve(candidates.size());
    const std::vector<double> scores = model.scores(features, candidates);
    for (std::size_t i = 0; i < candidates.size(); ++i) ranked.push_back({candidates[i], scores[i]});
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const RankedRow& a, const RankedRow& b) { return a.log_odds > b.log_odds; });
    return ranked;
}

std::vector<RankedRow> rank_unlabelled(const FeatureSet& features,
                                       const std::vector<std::pair<std::size_t, bool>>& labelled,
                                       const std::vector<std::size_t>& candidates, ModelOptions options) {
    std::unique_ptr<Classifier> model = make_classifier(features, options);
    for (const auto& [row, included] : labelled) model->add(features.row(row), included);
    model->prepare();
    return rank_rows(features, *model, candidates);
}

}  // namespace refdex
