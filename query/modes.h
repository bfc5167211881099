// The systematic-review modes of refdex-query besides plain search. Each
// is one function called from main.cc after the options are parsed; each
// returns the process exit code (0 ok, 2 bad input such as a malformed
// strategy line or labels file) and throws IndexError/QueryError as search does.
#pragma once

#include <ostream>
#include <string>

#include <vector>

#include <xapian.h>

#include "format.h"
#include "screening_model.h"
#include "search.h"

namespace refdex {

struct ModeContext {
    Xapian::Database& db;
    const SearchRequest& request;   // query, filters, limit, offset ... as given
    OutputFormat format;
    FormatOptions format_options;
    std::ostream& out;
    std::ostream& err;
    // Each index or shard alone, for what only its metadata knows (the
    // inputs refdex-index read, with the records it rejected).
    const std::vector<Xapian::Database>& parts;
    // Per shard in `parts`: which --db value named it (ingest_order.h).
    const std::vector<std::size_t>& part_specs;
};

// --strategy FILE [--export FILE]: numbered PubMed/Ovid search lines with
// per-line counts; --export writes the final line's set (ris or csv).
int run_strategy(const ModeContext& ctx, const std::string& strategy_file, const std::string& export_file);

// --duplicates: list duplicate clusters (text, json, csv).
int run_duplicates(const ModeContext& ctx);

// --prioritise and --simulate take the model of --model (nb, svm, ensemble).
// --prioritise LABELS.csv [QUERY]: unlabelled records of the result set,
// most likely inclusions first.
int run_prioritise(const ModeContext& ctx, const std::string& labels_file, ModelKind model = ModelOptions{}.kind);

// --simulate LABELS.csv [--plot FILE.svg] [--seed N]: replay a labelled
// review and report WSS@95, WSS@100, RRF@10 and the recall curve.
int run_simulate(const ModeContext& ctx, const std::string& labels_file, const std::string& plot_file, unsigned seed,
                 ModelKind model = ModelOptions{}.kind);

}  // namespace refdex
