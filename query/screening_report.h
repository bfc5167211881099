// Output of --simulate: the JSON contract
//   {"records", "included", "wss95", "wss100", "rrf10", "curve": [[screened, found], ...]}
// (exactly these keys; WSS and RRF as fractions) or a short text report
// that also gives the random-order expectation (from the same priors) and
// what was left out.
#pragma once

#include <cstddef>
#include <ostream>
#include <vector>

#include "screening_metrics.h"
#include "screening_model.h"

namespace refdex {

struct SimulationReport {
    ScreeningMetrics metrics;         // over the N records that took part
    std::vector<std::size_t> found;   // the curve, found[s] for s = 0..N
    Priors priors{1, 1};              // the simulation's, screened first; the random baseline starts from them too
    unsigned seed = 0;
    ModelKind model = ModelKind::NaiveBayes;
    std::size_t retrain_every = 1;
    std::size_t not_in_index = 0;           // labelled rows naming no indexed record
    std::size_t not_in_index_included = 0;  // ... of them labelled 1
    std::size_t unlabelled = 0;             // selected records without a label
    std::size_t outside_query = 0;          // labelled records in the index that the query does not select
    std::size_t outside_query_included = 0; // ... of them labelled 1
};

void write_simulation_json(const SimulationReport& report, std::ostream& out);
void write_simulation_text(const SimulationReport& report, std::ostream& out);
// One stderr line about records left out of N, or nothing when none were.
void write_simulation_notes(const SimulationReport& report, std::ostream& err);

}  // namespace refdex
