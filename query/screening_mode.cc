// --prioritise and --simulate (modes.h): the screening modes. The model and
// the measures live in screening_*.h; this file joins labels, the result
// set and the output formats.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "ingest_order.h"
#include "labels.h"
#include "modes.h"
#include "read_retry.h"
#include "screening_metrics.h"
#include "screening_plot.h"
#include "screening_ranking.h"
#include "screening_report.h"
#include "schema.h"
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

// Reads the labels file, printing its problems; nullopt (after printing
// why) when the file is unusable.
std::optional<LabelsFile> read_labels_file(const ModeContext& ctx, const std::string& path) {
    try {
        LabelsFile file = read_labels(path);
        warn_all(ctx.err, file.problems);
        return file;
    } catch (const LabelsError& e) {
        ctx.err << "refdex-query: " << e.what() << '\n';
        return std::nullopt;
    }
}

// The duplicate clusters that hold a labelled record: a reviewer who
// labelled one copy has screened the work, so no other copy is offered
// again. Two copies labelled both ways are named, since the model learns
// from both and one of the labels is a mistake.
struct LabelledClusters {
    std::set<std::string> clusters;  // cluster ids
    std::vector<std::string> conflicts;  // warnings
};

LabelledClusters labelled_clusters(const Xapian::Database& db, const std::map<Xapian::docid, bool>& labels) {
    struct Labelled {
        std::vector<std::string> included, excluded;  // record ids as the export gave them
    };
    std::map<std::string, Labelled> by_cluster;
    for (const auto& [docid, included] : labels) {
        const Xapian::Document doc = db.get_document(docid);
        const std::string cluster = doc.get_value(schema::kSlotCluster);
        if (cluster.empty()) continue;
        std::string name;
        try {
            const StoredRecord stored = parse_stored_record(doc.get_data());
            name = map_record(stored.raw).record_id;
            if (name.empty()) name = stored.id;
        } catch (const std::exception&) {
            name = "docid " + std::to_string(docid);
        }
        (included ? by_cluster[cluster].included : by_cluster[cluster].excluded).push_back(std::move(name));
    }
    LabelledClusters out;
    auto join = [](const std::vector<std::string>& names) {
        std::string text;
        for (const auto& n : names) text.append(text.empty() ? "" : ", ").append(n);
        return text;
    };
    for (const auto& [cluster, l] : by_cluster) {
        out.clusters.insert(cluster);
        if (!l.included.empty() && !l.excluded.empty())
            out.conflicts.push_back("duplicates labelled both ways: " + join(l.included) + " included, " +
                                    join(l.excluded) + " excluded (cluster " + cluster +
                                    "); the model learns from both: correct one of the labels");
    }
    return out;
}

// `docs` in ingest order (ingest_order.h): the model learns, and the replay
// draws its priors, in an order that shards or several --db do not change.
template <typename T, typename DocOf>
void sort_by_ingest(const ModeContext& ctx, std::vector<T>& items, DocOf doc_of) {
    const IngestOrder order(ctx.db, ctx.parts, ctx.part_specs);
    std::vector<std::pair<IngestKey, std::size_t>> keyed;
    keyed.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) keyed.emplace_back(order.key(doc_of(items[i])), i);
    std::sort(keyed.begin(), keyed.end());
    std::vector<T> sorted;
    sorted.reserve(items.size());
    for (const auto& k : keyed) sorted.push_back(std::move(items[k.second]));
    items = std::move(sorted);
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

// The records the query matches in `clusters` that no row labelled 1 or 0
// names (`labelled`: WorkLabels::named): the copies left out because
// another copy, matched or not, is labelled. The collapsed result shows one
// record per cluster, so they are counted over the uncollapsed match set (a
// copy the query does not match is not left out of anything).
std::size_t copies_left_out(const ModeContext& ctx, const std::set<std::string>& clusters,
                            const std::set<Xapian::docid>& labelled) {
    if (clusters.empty()) return 0;
    std::size_t n = 0;
    for (const Hit& h : result_set(ctx, true))
        if (!h.cluster.empty() && clusters.count(h.cluster) > 0 && labelled.count(h.docid) == 0) ++n;
    return n;
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
    std::vector<std::pair<Xapian::docid, bool>> in_order(labels.begin(), labels.end());
    sort_by_ingest(ctx, in_order, [](const auto& l) { return l.first; });
    sort_by_ingest(ctx, hits, [](const Hit& h) { return h.docid; });  // ties in score keep ingest order
    std::vector<Xapian::docid> docs;
    std::vector<std::pair<std::size_t, bool>> labelled;
    for (const auto& [doc, included] : in_order) {
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
    const auto file = read_labels_file(ctx, labels_file);
    if (!file) return 2;
    // Labels, result set, features and snippets from one revision: a commit
    // by refdex-index in between reopens the index and reads them again.
    struct Prioritised {
        std::vector<std::string> warnings;
        std::size_t labels = 0, included = 0;
        std::size_t ranked = 0;  // unlabelled records in the result set
        std::size_t screened_copies = 0;  // matched records left out: a copy of theirs is labelled
        std::vector<Hit> page;
    };
    const Prioritised p = read_with_retry(ctx.db, [&] {
        Prioritised out;
        // Every record the search matches, copies too: an id naming records
        // of several works labels those the review searched. Read only for
        // such an id: a whole uncollapsed result set is not cheap.
        std::optional<std::set<Xapian::docid>> matched;
        const SelectedRecords selected = [&]() -> const std::set<Xapian::docid>& {
            if (!matched) {
                matched.emplace();
                for (const Hit& h : result_set(ctx, true)) matched->insert(h.docid);
            }
            return *matched;
        };
        ResolvedLabels resolved = resolve_labels(ctx.db, *file, labels_file, selected);
        out.warnings = std::move(resolved.warnings);
        // Of the copies a row names in one work, the first ingested learns.
        const IngestOrder order(ctx.db, ctx.parts, ctx.part_specs);
        const WorkLabels work = work_labels(ctx.db, resolved, [&](Xapian::docid a, Xapian::docid b) {
            return order.key(a) < order.key(b);
        });
        const std::map<Xapian::docid, bool>& labels = work.labels;
        out.labels = labels.size();
        out.included = static_cast<std::size_t>(std::count_if(labels.begin(), labels.end(), [](auto& l) { return l.second; }));
        std::vector<Hit> hits = result_set(ctx, false);
        LabelledClusters screened = labelled_clusters(ctx.db, labels);
        out.warnings.insert(out.warnings.end(), screened.conflicts.begin(), screened.conflicts.end());
        // A cluster holding a labelled record leaves out all its unlabelled
        // copies, whichever copy the collapsed result shows (the labelled one
        // or not). The labelled clusters that have copies are noted, for
        // counting what was left out.
        std::set<std::string> with_copies;
        std::erase_if(hits, [&](const Hit& h) {
            if (!h.cluster.empty() && screened.clusters.count(h.cluster) > 0) {
                if (h.duplicates > 0) with_copies.insert(h.cluster);
                return true;
            }
            return work.named.count(h.docid) > 0;
        });
        out.screened_copies = copies_left_out(ctx, with_copies, work.named);
        if (out.included > 0) rank_hits(ctx, hits, labels, model);
        out.ranked = hits.size();
        const std::size_t begin = std::min(ctx.request.offset, hits.size());
        const std::size_t end = std::min(hits.size(), begin + ctx.request.limit);
        for (std::size_t i = begin; i < end; ++i) {
            out.page.push_back(std::move(hits[i]));
            out.page.back().rank = i + 1;
        }
        refocus_snippets(ctx, out.page);
        return out;
    });
    warn_all(ctx.err, p.warnings);
    if (p.included == 0)
        ctx.err << "refdex-query: warning: no record is labelled 1 (included); keeping the query's order\n";
    else if (p.labels == p.included)
        ctx.err << "refdex-query: warning: no record is labelled 0 (excluded); ranking by likeness to the "
                   "inclusions alone, with nothing to contrast them with\n";
    ctx.err << "refdex-query: " << p.ranked << " unlabelled records ranked by " << p.labels << " labels (" << p.included
            << " included, " << p.labels - p.included << " excluded)";
    if (p.screened_copies > 0)
        ctx.err << "; " << p.screened_copies << " left out as duplicates of labelled records";
    ctx.err << '\n';

    SearchResult result;
    result.query = ctx.request.query;
    result.total = p.ranked;
    result.offset = ctx.request.offset;
    result.limit = ctx.request.limit;
    result.hits = p.page;
    write_results(result, ctx.format, ctx.out, with_highlights(ctx));
    return 0;
}

int run_simulate(const ModeContext& ctx, const std::string& labels_file, const std::string& plot_file, unsigned seed,
                 ModelKind model) {
    if (ctx.format != OutputFormat::Text && ctx.format != OutputFormat::Json) {
        ctx.err << "refdex-query: --simulate writes --format text or json\n";
        return 2;
    }
    const auto file = read_labels_file(ctx, labels_file);
    if (!file) return 2;
    // Opened before the replay, so a path that cannot be written fails at once.
    std::ofstream svg;
    if (!plot_file.empty()) {
        svg.open(plot_file, std::ios::binary | std::ios::trunc);
        if (!svg) {
            ctx.err << "refdex-query: cannot write plot " << plot_file << ": " << std::strerror(errno) << '\n';
            return 2;
        }
    }
    SimulationReport report;
    report.seed = seed;
    SimulationOptions options;
    options.model.kind = model;
    report.model = model;
    report.retrain_every = options.retrain_every;
    // The labelled records in ingest order, not relevance order: the replay
    // must not depend on the query's ranking, nor on the index's layout.
    struct Replay {
        std::vector<std::string> warnings;
        std::size_t unlabelled = 0, not_in_index = 0, not_in_index_included = 0;
        std::size_t outside_query = 0, outside_query_included = 0;
        std::vector<bool> labels;
        FeatureSet features;
    };
    Simulation sim;
    try {
        // Labels, result set and features from one revision (see run_prioritise).
        Replay replay = read_with_retry(ctx.db, [&] {
            Replay out;
            // Every selected record, duplicates included: each labelled
            // record is one the reviewer screened, and a row naming several
            // copies of one work (a PMID two exports share) one screening,
            // replayed on a copy the query selects if any does.
            const std::vector<Hit> selected = result_set(ctx, true);
            std::set<Xapian::docid> in_query;
            for (const Hit& h : selected) in_query.insert(h.docid);
            ResolvedLabels resolved =
                resolve_labels(ctx.db, *file, labels_file, [&]() -> const std::set<Xapian::docid>& { return in_query; });
            out.warnings = std::move(resolved.warnings);
            out.not_in_index = resolved.unknown_labelled;
            out.not_in_index_included = resolved.unknown_included;
            const IngestOrder order(ctx.db, ctx.parts, ctx.part_specs);
            const WorkLabels work = work_labels(ctx.db, resolved, [&](Xapian::docid a, Xapian::docid b) {
                const bool a_in = in_query.count(a) > 0, b_in = in_query.count(b) > 0;
                return a_in != b_in ? a_in : order.key(a) < order.key(b);
            });
            std::vector<std::pair<Xapian::docid, bool>> labelled;
            for (const Hit& h : selected) {
                auto it = work.labels.find(h.docid);
                if (it != work.labels.end()) labelled.emplace_back(h.docid, it->second);
                else if (work.named.count(h.docid) == 0) ++out.unlabelled;
            }
            for (const auto& [doc, included] : work.labels)
                if (in_query.count(doc) == 0) {
                    ++out.outside_query;
                    out.outside_query_included += included ? 1 : 0;
                }
            sort_by_ingest(ctx, labelled, [](const auto& l) { return l.first; });
            std::vector<Xapian::docid> docs;
            for (const auto& [doc, included] : labelled) {
                docs.push_back(doc);
                out.labels.push_back(included);
            }
            out.features = FeatureSet::from_index(ctx.db, docs, features_for(model));
            return out;
        });
        warn_all(ctx.err, replay.warnings);
        report.unlabelled = replay.unlabelled;
        report.not_in_index = replay.not_in_index;
        report.not_in_index_included = replay.not_in_index_included;
        report.outside_query = replay.outside_query;
        report.outside_query_included = replay.outside_query_included;
        write_simulation_notes(report, ctx.err);
        sim = simulate(replay.features, replay.labels, seed, options);
    } catch (const std::invalid_argument& e) {
        ctx.err << "refdex-query: " << labels_file << ": " << e.what()
                << (report.outside_query > 0 ? " among the records the query selects\n" : " in the index\n");
        return 2;
    }
    report.found = std::move(sim.found);
    report.priors = sim.priors;
    report.metrics = screening_metrics(report.found);
    if (!plot_file.empty()) {
        svg << recall_plot_svg(report.found, report.priors, "Recall curve: " + labels_file + " (seed " + std::to_string(seed) + ")");
        if (!svg.flush()) {
            ctx.err << "refdex-query: cannot write plot " << plot_file << ": " << std::strerror(errno) << '\n';
            return 2;
        }
    }
    if (ctx.format == OutputFormat::Json) write_simulation_json(report, ctx.out);
    else write_simulation_text(report, ctx.out);
    return 0;
}

}  // namespace refdex
