// Screening-efficiency measures over a recall curve, as ASReview defines
// them. A curve is `found[s]`: inclusions found after screening s records,
// for s = 0..N, so found.size() == N + 1 and found.back() == all inclusions.
#pragma once

#include <cstddef>
#include <vector>

namespace refdex {

// Fewest records screened to find ceil(recall * I) of the I inclusions.
std::size_t screened_to_reach(const std::vector<std::size_t>& found, double recall);

// Work saved over sampling at `recall`: (N - screened_to_reach) / N - (1 - recall).
double wss(const std::vector<std::size_t>& found, double recall);

// Relevant records found: fraction of inclusions found after screening
// ceil(fraction * N) records.
double rrf(const std::vector<std::size_t>& found, double fraction);

struct ScreeningMetrics {
    std::size_t records = 0, included = 0;
    double wss95 = 0, wss100 = 0, rrf10 = 0;
};
ScreeningMetrics screening_metrics(const std::vector<std::size_t>& found);

// WSS at `recall` as ASReview 0.x's analysis module computed it for its
// published simulations: the prior records (the first `priors` of each
// curve) and the inclusions among them are left out, the runs' curves are
// AVERAGED first, and the WSS is read off that mean curve at its first point
// with mean recall >= `recall`, as mean recall minus the share screened
// there (so an overshoot past `recall` counts as work saved). Every curve
// must have the same N and I. Returns 0 for no curves.
double averaged_curve_wss(const std::vector<std::vector<std::size_t>>& curves, std::size_t priors, double recall);

// The records a simulation screens before the model ranks anything, in the
// order it screens them: the inclusions first, then the exclusions
// (screening_simulation.cc). They count as screened, so a fair random-order
// baseline screens them first too.
struct Priors {
    std::size_t included = 0, excluded = 0;
    std::size_t total() const { return included + excluded; }
};

// The same measures expected when the priors are screened first and the
// other N - p records (holding I - p_i inclusions) in random order. With
// p = p_i + p_e, reaching k > p_i inclusions then takes in expectation
// p + (k - p_i) (N - p + 1) / (I - p_i + 1) records (the order statistics of
// a uniform arrangement), and k <= p_i takes k, the priors' inclusions
// coming first. WSS is linear in the records screened, so expected WSS is
// WSS at that expectation. Priors {0, 0} give the fully random order from
// zero; priors beyond N or I are clamped.
ScreeningMetrics random_order_metrics(std::size_t records, std::size_t included, const Priors& priors);

// Expected inclusions found after `screened` records in that order: the
// priors' own for screened <= p, then p_i + (screened - p) (I - p_i) / (N - p).
double random_order_found(std::size_t records, std::size_t included, const Priors& priors, double screened);

}  // namespace refdex
