// --prioritise and --simulate (modes.h): the screening modes. The model and
// the measures live in screening_*.h; this file joins labels, the result
// set and the output formats.
#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "labels.h"
#include "modes.h"
#include "screening_metrics.h"
#include "screening_plot.h"
#include "screening_ranking.h"
#include "screening_report.h"
#include "screening_simulation.h"
#include "snippet.h"

namespace refdex {

namespace {

// Enough warnings to find the pattern; a thousand lines would bury the result.
constexpr std::size_t kMaxWarnings = 20;

void warn_all(std::ostream& err, const std::vector<std::string>& lines) {
    for (std::size_t i = 0; i < lines.size() && i < kMaxWarnings; ++i) err << "refdex-query: warning: " << lines[i] << '\n';
    if (lines.size() > kMaxWarnings)
        err << "refdex-query: warning: ... and " << lines.size() - kMaxWarnings << " more like these\n";
}

// Reads and resolves the labels file, printing every problem; nullopt (after
// printing why) when the file is unusable.
std::optional<ResolvedLabels> load_labels(const ModeContext& ctx, const std::string& path) {
    try {
        LabelsFile file = read_labels(path);
        warn_all(ctx.err, file.problems);
        ResolvedLabels resolved = resolve_labels(ctx.db, file, path);
        warn_all(ctx.err, resolved.warnings);
        return resolved;
    } catch (const LabelsError& e) {
        ctx.err << "refdex-query: " << e.what() << '\n';
        return std::nullopt;
    }
}

// The last label given for a document wins (a corrected decision).
std::map<Xapian::docid, bool> label_map(const ResolvedLabels& labels) {
    std::map<Xapian::docid, bool> out;
    for (const auto& l : labels.labels) out[l.docid] = l.included;
    return out;
}

// Every record the query and filters select (all records for an empty
// query), with hits built by search() so snippets and fields are as usual.
std::vector<Hit> result_set(const ModeContext& ctx, bool all_duplicates) {
    SearchRequest request = ctx.request;
    request.offset = 0;
    request.limit = ctx.db.get_doccount();
    request.facets.clear();
    request.all_duplicates = request.all_duplicates || all_duplicates;
    return search(ctx.db, request).hits;
}

// Snippets centred on the screening words as well as the query's, so a
// sign of inclusion deep in an abstract is shown.
void refocus_snippets(const ModeContext& ctx, std::vector<Hit>& hits) {
    HighlightWords words = highlight_words(ctx.request.highlight_include);
    HighlightWords exclude = highlight_words(ctx.request.highlight_exclude);
    if (words.empty() && exclude.empty()) return;
    CompiledQuery compiled = QueryCompiler(ctx.db, ctx.request.query_options).compile(ctx.request.query);
    for (auto* list : {&exclude.words, &compiled.highlight_words}) words.words.insert(words.words.end(), list->begin(), list->end());
    for (auto* list : {&exclude.prefixes, &compiled.highlight_prefixes})
        words.prefixes.insert(words.prefixes.end(), list->begin(), list->end());
    for (Hit& h : hits)
        if (!h.record.abstract.empty())
            h.snippet = make_snippet(h.record.abstract, words.words, words.prefixes, ctx.request.snippet_length);
}

FormatOptions with_highlights(const ModeContext& ctx) {
    FormatOptions o = ctx.format_options;
    o.highlight_include = ctx.request.highlight_include;
    o.highlight_exclude = ctx.request.highlight_exclude;
    return o;
}

// Orders `hits` by the model trained on `labels`; scores become probabilities.
void rank_hits(const ModeContext& ctx, std::vector<Hit>& hits, const std::map<Xapian::docid, bool>& labels, ModelKind kind) {
    std::vector<Xapian::docid> docs;
    std::vector<std::pair<std::size_t, bool>> labelled;
    for (const auto& [doc, included] : labels) {
        labelled.emplace_back(docs.size(), included);
        docs.push_back(doc);
    }
    std::vector<std::size_t> candidates;
    for (const Hit& h : hits) {
        candidates.push_back(docs.size());
        docs.push_back(h.docid);
    }
    FeatureSet features = FeatureSet::from_index(ctx.db, docs, features_for(kind));
    ModelOptions options;
    options.kind = kind;
    std::vector<RankedRow> ranked = rank_unlabelled(features, labelled, candidates, options);
    std::vector<Hit> ordered;
    ordered.reserve(hits.size());
    for (const RankedRow& r : ranked) {
        ordered.push_back(std::move(hits[r.row - labelled.size()]));
        ordered.back().score = probability(r.log_odds);
    }
    hits = std::move(ordered);
}

}  // namespace

int run_prioritise(const ModeContext& ctx, const std::string& labels_file, ModelKind model) {
    auto resolved = load_labels(ctx, labels_file);
    if (!resolved) return 2;
    const std::map<Xapian::docid, bool> labels = label_map(*resolved);
    std::vector<Hit> hits = result_set(ctx, false);
    std::erase_if(hits, [&](const Hit& h) { return labels.count(h.docid) > 0; });
    const auto included = static_cast<std::size_t>(std::count_if(labels.begin(), labels.end(), [](auto& l) { return l.second; }));
    if (included == 0)
        ctx.err << "refdex-query: warning: no record is labelled 1 (included); keeping the query's order\n";
    else
        rank_hits(ctx, hits, labels, model);
    ctx.err << "refdex-query: " << hits.size() << " unlabelled records ranked by " << labels.size() << " labels ("
            << included << " included, " << labels.size() - included << " excluded)\n";

    SearchResult result;
    result.query = ctx.request.query;
    result.total = hits.size();
    result.offset = ctx.request.offset;
    result.limit = ctx.request.limit;
    const std::size_t begin = std::min(ctx.request.offset, hits.size());
    const std::size_t end = std::min(hits.size(), begin + ctx.request.limit);
    for (std::size_t i = begin; i < end; ++i) {
        result.hits.push_back(std::move(hits[i]));
        result.hits.back().rank = i + 1;
    }
    refocus_snippets(ctx, result.hits);
    write_results(result, ctx.format, ctx.out, with_highlights(ctx));
    return 0;
}

int run_simulate(const ModeContext& ctx, const std::string& labels_file, const std::string& plot_file, unsigned seed,
                 ModelKind model) {
    if (ctx.format != OutputFormat::Text && ctx.format != OutputFormat::Json) {
        ctx.err << "refdex-query: --simulate writes --format text or json\n";
        return 2;
    }
    auto resolved = load_labels(ctx, labels_file);
    if (!resolved) return 2;
    const std::map<Xapian::docid, bool> labels = label_map(*resolved);
    // Every selected record, duplicates included: each labelled record is
    // one the reviewer screened.
    std::vector<Xapian::docid> docs;
    std::vector<bool> included;
    SimulationReport report;
    for (const Hit& h : result_set(ctx, true)) {
        auto it = labels.find(h.docid);
        if (it == labels.end()) {
            ++report.unlabelled;
            continue;
        }
        docs.push_back(h.docid);
        included.push_back(it->second);
    }
    report.not_in_index = resolved->unknown_labelled;
    report.not_in_index_included = resolved->unknown_included;
    report.seed = seed;
    SimulationOptions options;
    options.model.kind = model;
    report.model = model;
    report.retrain_every = options.retrain_every;
    // Docid order, not relevance order: the replay must not depend on the query's ranking.
    std::vector<std::size_t> order(docs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return docs[a] < docs[b]; });
    std::vector<Xapian::docid> sorted_docs;
    std::vector<bool> sorted_labels;
    for (std::size_t i : order) {
        sorted_docs.push_back(docs[i]);
        sorted_labels.push_back(included[i]);
    }
    Simulation sim;
    try {
        sim = simulate(FeatureSet::from_index(ctx.db, sorted_docs, features_for(model)), sorted_labels, seed, options);
    } catch (const std::invalid_argument& e) {
        ctx.err << "refdex-query: " << labels_file << ": " << e.what() << " in the index\n";
        return 2;
    }
    report.found = std::move(sim.found);
    report.metrics = screening_metrics(report.found);
    write_simulation_notes(report, ctx.err);
    if (!plot_file.empty()) {
        std::ofstream svg(plot_file, std::ios::binary | std::ios::trunc);
        svg << recall_plot_svg(report.found, "Recall curve: " + labels_file + " (seed " + std::to_string(seed) + ")");
        if (!svg.flush()) {
            ctx.err << "refdex-query: cannot write plot " << plot_file << '\n';
            return 2;
        }
    }
    if (ctx.format == OutputFormat::Json) write_simulation_json(report, ctx.out);
    else write_simulation_text(report, ctx.out);
    return 0;
}

}  // namespace refdex
