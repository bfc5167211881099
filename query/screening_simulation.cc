#include "screening_simulation.h"

#include <algorithm>
#include <random>

#include "screening_ranking.h"

namespace refdex {

namespace {

std::size_t pick(std::mt19937& rng, const std::vector<std::size_t>& rows) { return rows[rng() % rows.size()]; }

}  // namespace

Simulation simulate(const FeatureSet& features, const std::vector<bool>& included, unsigned seed,
                    const SimulationOptions& options) {
    std::vector<std::size_t> includes, excludes;
    for (std::size_t i = 0; i < included.size(); ++i) (included[i] ? includes : excludes).push_back(i);
    if (includes.empty() || excludes.empty())
        throw std::invalid_argument("a simulation needs at least one included and one excluded record");

    std::mt19937 rng(seed);
    Simulation sim;
    std::vector<bool> screened(included.size(), false);
    std::unique_ptr<Classifier> model = make_classifier(features, options.model);
    auto screen = [&](std::size_t row) {
        screened[row] = true;
        sim.order.push_back(row);
        model->add(features.row(row), included[row]);
    };
    screen(pick(rng, includes));
    // Distinct exclusions: drawn from a shrinking copy so none repeats.
    const std::size_t prior_exclusions = std::min(std::max<std::size_t>(1, options.prior_exclusions), excludes.size());
    for (std::size_t k = 0; k < prior_exclusions; ++k) {
        const std::size_t at = rng() % excludes.size();
        screen(excludes[at]);
        excludes[at] = excludes.back();
        excludes.pop_back();
    }
    sim.priors = {1, prior_exclusions};

    const std::size_t step = options.retrain_every == 0 ? 1 : options.retrain_every;
    while (sim.order.size() < included.size()) {
        std::vector<std::size_t> pool;
        for (std::size_t i = 0; i < included.size(); ++i)
            if (!screened[i]) pool.push_back(i);
        model->prepare();
        std::vector<RankedRow> ranked = rank_rows(features, *model, pool);
        for (std::size_t k = 0; k < step && k < ranked.size(); ++k) screen(ranked[k].row);
    }

    sim.found.assign(1, 0);
    for (std::size_t row : sim.order) sim.found.push_back(sim.found.back() + (included[row] ? 1 : 0));
    return sim;
}

}  // namespace refdex
