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

// The same measures expected from screening in random order: the k-th of I
// inclusions among N records is expected at position k (N + 1) / (I + 1).
ScreeningMetrics random_order_metrics(std::size_t records, std::size_t included);

}  // namespace refdex
