#include "screening_metrics.h"

#include <algorithm>
#include <cmath>

namespace refdex {

namespace {

// ceil() that ignores floating-point noise: 0.95 * 20 is 19.000000000000004.
std::size_t ceil_count(double x) { return static_cast<std::size_t>(std::ceil(x - 1e-9)); }

// The priors as a simulation could have drawn them from N records with I
// inclusions: no more inclusions than I, no more exclusions than N - I.
Priors clamp_priors(std::size_t records, std::size_t included, const Priors& priors) {
    const std::size_t excluded = records >= included ? records - included : 0;
    return {std::min(priors.included, included), std::min(priors.excluded, excluded)};
}

}  // namespace

std::size_t screened_to_reach(const std::vector<std::size_t>& found, double recall) {
    if (found.empty()) return 0;
    const std::size_t target = ceil_count(recall * static_cast<double>(found.back()));
    for (std::size_t s = 0; s < found.size(); ++s)
        if (found[s] >= target) return s;
    return found.size() - 1;
}

double wss(const std::vector<std::size_t>& found, double recall) {
    if (found.size() < 2) return 0;
    const double n = static_cast<double>(found.size() - 1);
    return (n - static_cast<double>(screened_to_reach(found, recall))) / n - (1 - recall);
}

double rrf(const std::vector<std::size_t>& found, double fraction) {
    if (found.size() < 2 || found.back() == 0) return 0;
    const std::size_t s = ceil_count(fraction * static_cast<double>(found.size() - 1));
    return static_cast<double>(found[s]) / static_cast<double>(found.back());
}

ScreeningMetrics screening_metrics(const std::vector<std::size_t>& found) {
    ScreeningMetrics m;
    m.records = found.empty() ? 0 : found.size() - 1;
    m.included = found.empty() ? 0 : found.back();
    m.wss95 = wss(found, 0.95);
    m.wss100 = wss(found, 1.0);
    m.rrf10 = rrf(found, 0.10);
    return m;
}

double averaged_curve_wss(const std::vector<std::vector<std::size_t>>& curves, std::size_t priors, double recall) {
    if (curves.empty() || curves[0].size() <= priors + 1) return 0;
    const std::size_t steps = curves[0].size() - 1 - priors;  // records screened after the priors
    double to_find = 0;  // mean inclusions left after the priors
    for (const auto& c : curves) to_find += static_cast<double>(c.back() - c[priors]);
    to_find /= static_cast<double>(curves.size());
    if (to_find <= 0) return 0;
    for (std::size_t t = 1; t <= steps; ++t) {
        double found = 0;
        for (const auto& c : curves) found += static_cast<double>(c[priors + t] - c[priors]);
        const double mean_recall = found / static_cast<double>(curves.size()) / to_find;
        if (mean_recall >= recall - 1e-8) return mean_recall - static_cast<double>(t) / static_cast<double>(steps);
    }
    return 0;
}

double random_order_found(std::size_t records, std::size_t included, const Priors& priors, double screened) {
    const Priors p = clamp_priors(records, included, priors);
    const double pi = static_cast<double>(p.included), pt = static_cast<double>(p.total());
    if (screened <= pt) return std::min(std::max(screened, 0.0), pi);  // inclusions first, then exclusions
    const double rest = static_cast<double>(records) - pt;
    if (rest <= 0) return pi;  // every record was a prior
    const double s = std::min(screened, static_cast<double>(records));
    // Hypergeometric mean: each of the rest is an inclusion with probability (I - p_i) / (N - p).
    return pi + (s - pt) * (static_cast<double>(included) - pi) / rest;
}

ScreeningMetrics random_order_metrics(std::size_t records, std::size_t included, const Priors& priors) {
    ScreeningMetrics m;
    m.records = records;
    m.included = included;
    if (records == 0 || included == 0) return m;
    const Priors p = clamp_priors(records, included, priors);
    const double n = static_cast<double>(records), i = static_cast<double>(included);
    const double pi = static_cast<double>(p.included), pt = static_cast<double>(p.total());
    // The same target as screened_to_reach, so model and baseline aim at one k.
    auto expected_screened = [&](double recall) {
        const double k = static_cast<double>(ceil_count(recall * i));
        if (k <= pi) return k;
        return pt + (k - pi) * (n - pt + 1) / (i - pi + 1);
    };
    auto expected_wss = [&](double recall) { return (n - expected_screened(recall)) / n - (1 - recall); };
    m.wss95 = expected_wss(0.95);
    m.wss100 = expected_wss(1.0);
    // rrf reads found[s] at the fixed s = ceil(0.1 N), so its mean is the expected found there.
    m.rrf10 = random_order_found(records, included, p, static_cast<double>(ceil_count(0.10 * n))) / i;
    return m;
}

}  // namespace refdex
