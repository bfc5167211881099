// Replays a fully labelled review: the reviewer starts from one random
// inclusion and one random exclusion (the "prior knowledge"), then always
// screens the record the model ranks first, and the model learns each label.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <vector>

#include "screening_metrics.h"
#include "screening_model.h"

namespace refdex {

struct SimulationOptions {
    ModelOptions model;
    // Records screened between retrainings. 1 (retrain after every label) is
    // what a reviewer using the tool gets; larger values only trade
    // quality for speed (see bench/screening_bench.cc for the effect).
    std::size_t retrain_every = 1;
    // Exclusions known before screening starts (one inclusion always).
    // refdex-query --simulate uses 1; ASReview's published simulations
    // (Ferdinands et al.) start from 10, which bench/screening_bench uses
    // to compare like with like.
    std::size_t prior_exclusions = 1;
};

struct Simulation {
    std::vector<std::size_t> order;  // rows in screening order; the two priors first
    std::vector<std::size_t> found;  // inclusions found after s records, s = 0..N
    // The priors actually drawn (fewer exclusions than asked when the data
    // has fewer), for a random-order baseline that starts from the same.
    Priors priors;
};

// `included[i]` labels row i of `features`. The priors are drawn with a
// std::mt19937 seeded with `seed` (reduced modulo the class size, which is
// the same on every platform, unlike std::uniform_int_distribution).
// The priors count as screened: the curve starts at (0, 0) and they are its
// first steps. Throws std::invalid_argument without at least one
// inclusion and one exclusion.
Simulation simulate(const FeatureSet& features, const std::vector<bool>& included, unsigned seed,
                    const SimulationOptions& options = {});

}  // namespace refdex
