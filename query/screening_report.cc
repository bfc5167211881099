#include "screening_report.h"

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace refdex {

namespace {

std::string percent(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", fraction * 100);
    return buf;
}

// "1 random inclusion and 10 random exclusions"
std::string priors_phrase(const Priors& p) {
    std::string out = std::to_string(p.included);
    out.append(p.included == 1 ? " random inclusion and " : " random inclusions and ");
    out.append(std::to_string(p.excluded));
    out.append(p.excluded == 1 ? " random exclusion" : " random exclusions");
    return out;
}

}  // namespace

void write_simulation_json(const SimulationReport& r, std::ostream& out) {
    nlohmann::ordered_json j;
    j["records"] = r.metrics.records;
    j["included"] = r.metrics.included;
    j["wss95"] = r.metrics.wss95;
    j["wss100"] = r.metrics.wss100;
    j["rrf10"] = r.metrics.rrf10;
    nlohmann::ordered_json curve = nlohmann::ordered_json::array();
    for (std::size_t s = 0; s < r.found.size(); ++s) curve.push_back({s, r.found[s]});
    j["curve"] = std::move(curve);
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void write_simulation_text(const SimulationReport& r, std::ostream& out) {
    // The model's figures count the priors as screened, so the baseline
    // screens the same priors first; from zero it would understate random
    // order's WSS on small reviews and so overstate the model's gain.
    const ScreeningMetrics random = random_order_metrics(r.metrics.records, r.metrics.included, r.priors);
    out << "Simulated screening of " << r.metrics.records << " records (" << r.metrics.included
        << " included), seed " << r.seed << ", model retrained every " << r.retrain_every
        << (r.retrain_every == 1 ? " record" : " records") << "\n";
    out << "  (" << model_description(r.model) << " on TF-IDF title/abstract/keyword words;\n"
        << "   starts from " << priors_phrase(r.priors) << ", which count as screened)\n\n";
    out << "            model    random order (expected)\n";
    out << "  WSS@95   " << percent(r.metrics.wss95) << std::string(9 - percent(r.metrics.wss95).size() + 2, ' ')
        << percent(random.wss95) << '\n';
    out << "  WSS@100  " << percent(r.metrics.wss100) << std::string(9 - percent(r.metrics.wss100).size() + 2, ' ')
        << percent(random.wss100) << '\n';
    out << "  RRF@10   " << percent(r.metrics.rrf10) << std::string(9 - percent(r.metrics.rrf10).size() + 2, ' ')
        << percent(random.rrf10) << '\n';
    out << "  (random order: the same " << r.priors.total() << " priors first, then the other records shuffled)\n";
    // Recall milestones: how far a reviewer had to read.
    out << "\n  recall  screened\n";
    for (double recall : {0.5, 0.8, 0.9, 0.95, 1.0}) {
        std::size_t s = screened_to_reach(r.found, recall);
        out << "  " << percent(recall) << std::string(8 - percent(recall).size(), ' ') << s << " ("
            << percent(r.metrics.records ? static_cast<double>(s) / r.metrics.records : 0) << ")\n";
    }
}

void write_simulation_notes(const SimulationReport& r, std::ostream& err) {
    if (r.not_in_index > 0)
        err << "refdex-query: " << r.not_in_index << " labelled records (" << r.not_in_index_included
            << " included) are not in the index (rejected at ingest, or never indexed) and are left out of N\n";
    if (r.unlabelled > 0)
        err << "refdex-query: " << r.unlabelled << " selected records have no label and are left out of N\n";
    if (r.outside_query > 0)
        err << "refdex-query: " << r.outside_query << " labelled records (" << r.outside_query_included
            << " included) are in the index but not selected by the query and are left out of N\n";
}

}  // namespace refdex
