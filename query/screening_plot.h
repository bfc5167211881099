// The recall-versus-screened curve of a simulation as a standalone SVG
// image: the model's curve, the expected curve of random order after the
// same priors (random_order_found: up the priors' inclusions, along their
// exclusions, then straight to (N, I)), axes with ticks and labels, a legend.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "screening_metrics.h"

namespace refdex {

// `found` as in screening_metrics.h (found[s] for s = 0..N), `priors` the
// simulation's. The model's curve is one <polyline> with found.size()
// points, drawn after (over) the random one; `title` is escaped for XML.
std::string recall_plot_svg(const std::vector<std::size_t>& found, const Priors& priors, const std::string& title);

}  // namespace refdex
