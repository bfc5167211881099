// The recall-versus-screened curve of a simulation as a standalone SVG
// image: the model's curve, the expected curve of random order (the
// diagonal from (0, 0) to (N, I)), axes with ticks and labels, a legend.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace refdex {

// `found` as in screening_metrics.h (found[s] for s = 0..N). The curve is one
// <polyline> with found.size() points; `title` is escaped for XML.
std::string recall_plot_svg(const std::vector<std::size_t>& found, const std::string& title);

}  // namespace refdex
