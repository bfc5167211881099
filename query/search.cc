#include "search.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <map>
#include <unordered_set>

#include "cluster_count.h"
#include "facets.h"
#include "index_set.h"
#include "read_retry.h"
#include "schema.h"
#include "snippet.h"
#include "spelling.h"

namespace refdex {

namespace {


// The field a filter restricts, for grouping: "year:2019" -> "year",
// "english[la]" -> "la". Filters on one field are ORed, different fields ANDed.
std::string filter_field(const std::string& filter) {
    auto colon = filter.find(':');
    auto bracket = filter.rfind('[');
    if (bracket != std::string::npos && filter.back() == ']') return filter.substr(bracket + 1, filter.size() - bracket - 2);
    if (colon != std::string::npos) return filter.substr(0, colon);
    return filter;
}

// `explanation` gains each filter's explanation, marked as a filter's, so
// that --explain accounts for every constraint on the count.
Xapian::Query build_filter(const QueryCompiler& compiler, const std::vector<std::string>& filters,
                           std::vector<std::string>& explanation) {
    std::map<std::string, std::vector<Xapian::Query>> by_field;
    for (const auto& f : filters) {
        try {
            CompiledQuery compiled = compiler.compile(f);
            for (const auto& line : compiled.explanation)
                if (line.rfind("parsed: ", 0) != 0) explanation.push_back("filter " + f + ": " + line);
            by_field[filter_field(f)].push_back(compiled.query);
        } catch (const QueryError& e) {
            throw QueryError(e.offset(), "in --filter '" + f + "': " + e.what(), f);
        }
    }
    std::vector<Xapian::Query> groups;
    for (auto& [field, queries] : by_field) groups.emplace_back(Xapian::Query::OP_OR, queries.begin(), queries.end());
    return Xapian::Query(Xapian::Query::OP_AND, groups.begin(), groups.end());
}

// One hit per cluster stands for the work: when the best match is an
// erratum or reply notice joined to it, the record the cluster is named
// after (its first work indexed, as the strategy export keeps) is shown
// instead, keeping the notice's rank and score; `docid` is updated.
Xapian::Document work_of_notice(const Xapian::Database& db, const std::string& cluster, Xapian::Document doc,
                                Xapian::docid& docid) {
    const std::string rule = doc.get_value(schema::kSlotRule);
    if (cluster.empty() || (rule != schema::kRuleErratum && rule != schema::kRuleReply)) return doc;
    const std::string term = schema::make_term(schema::kId, cluster);
    const Xapian::PostingIterator named = db.postlist_begin(term);
    if (named == db.postlist_end(term)) return doc;
    docid = *named;
    return db.get_document(docid);
}

// `cluster`: the hit's cluster value when already read (collapse_page), else nullptr.
Hit make_hit(const Xapian::MSetIterator& it, const std::string* cluster, std::size_t rank, const Xapian::Database& db,
             const CompiledQuery& compiled, const SearchRequest& request) {
    Hit hit;
    hit.rank = rank;
    hit.docid = *it;
    hit.score = it.get_weight();
    Xapian::Document doc = it.get_document();
    hit.cluster = cluster ? *cluster : doc.get_value(schema::kSlotCluster);
    if (!request.all_duplicates) doc = work_of_notice(db, hit.cluster, doc, hit.docid);
    hit.stored = parse_stored_record(doc.get_data());
    hit.record = map_record(hit.stored.raw);
    if (!hit.cluster.empty()) {
        Xapian::doccount size = db.get_termfreq(schema::make_term(schema::kCluster, hit.cluster));
        hit.duplicates = size > 0 ? size - 1 : 0;
    }
    if (!hit.record.abstract.empty())
        hit.snippet = make_snippet(hit.record.abstract, compiled.highlight_words, compiled.highlight_prefixes,
                                   request.snippet_length);
    return hit;
}

// Truncations are OP_SYNONYM: Xapian 1.4 estimates a synonym's document
// frequency per shard from the expansion terms that shard holds, so over
// several shards their scores can differ slightly from one merged index.
// The number of distinct clusters among the matches: the exact collapsed
// total. Cluster ids are refdex ids, 16 hex digits, so a set of 64-bit
// numbers does instead of ValueCountMatchSpy's map of strings (a tenth of a
// facet query's time). Local shards only, like any custom spy.
class DistinctClusterSpy : public Xapian::MatchSpy {
public:
    void operator()(const Xapian::Document& doc, double) override {
        const std::string cluster = doc.get_value(schema::kSlotCluster);
        std::uint64_t key = 0;
        const auto [end, error] = std::from_chars(cluster.data(), cluster.data() + cluster.size(), key, 16);
        if (error == std::errc() && end == cluster.data() + cluster.size() && cluster.size() == 16) numeric_.insert(key);
        else other_.insert(cluster);  // an index written before ids were 16 hex digits
    }
    std::size_t distinct() const { return numeric_.size() + other_.size(); }

private:
    std::unordered_set<std::uint64_t> numeric_;
    std::unordered_set<std::string> other_;
};

bool has_synonym(const Xapian::Query& query) {
    if (query.get_type() == Xapian::Query::OP_SYNONYM) return true;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (has_synonym(query.get_subquery(i))) return true;
    return false;
}

Xapian::Enquire make_enquire(const Xapian::Database& db, const Xapian::Query& query, SortOrder sort) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    switch (sort) {
        case SortOrder::Relevance: break;
        case SortOrder::YearAscending: enquire.set_sort_by_value_then_relevance(schema::kSlotYear, false); break;
        case SortOrder::YearDescending: enquire.set_sort_by_value_then_relevance(schema::kSlotYear, true); break;
    }
    return enquire;
}

// The page of one hit per duplicate cluster, taken from an uncollapsed
// ranking of the first `window` matches as Xapian's collapse key would: the
// best-ranked record of each cluster, `offset` clusters skipped. Incomplete
// when the window was full, short of every match, yet held fewer than
// `limit` hits.
struct CollapsedPage {
    std::vector<Xapian::MSetIterator> hits;
    std::vector<std::string> clusters;  // each hit's cluster value, read here once
    bool complete = true;
};

CollapsedPage collapse_page(const Xapian::MSet& mset, Xapian::doccount window, std::size_t offset, std::size_t limit) {
    CollapsedPage page;
    std::unordered_set<std::string> seen;
    std::size_t clusters = 0;
    for (auto it = mset.begin(); it != mset.end() && page.hits.size() < limit; ++it) {
        const std::string cluster = it.get_document().get_value(schema::kSlotCluster);
        if (!cluster.empty() && !seen.insert(cluster).second) continue;  // a lower-ranked duplicate
        if (clusters++ >= offset) {
            page.hits.push_back(it);
            page.clusters.push_back(cluster);
        }
    }
    page.complete = page.hits.size() == limit || mset.size() < window || mset.size() >= mset.get_matches_upper_bound();
    return page;
}

SearchResult run_search(Xapian::Database& db, const SearchRequest& request) {
    QueryCompiler compiler(db, request.query_options);
    CompiledQuery compiled = compiler.compile(request.query);
    Xapian::Query query = compiled.query;
    std::vector<std::string> filter_explanation;
    if (!request.filters.empty())
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, build_filter(compiler, request.filters, filter_explanation));

    // Collapsing: from the cluster members the index marks (cluster_count.h)
    // when it has them; otherwise by Xapian's collapse key, which reads every
    // match's cluster (several times slower on a large result).
    const bool collapse_here = !request.all_duplicates && request.duplicate_marks;
    const bool collapse_key = !request.all_duplicates && !request.duplicate_marks;
    Xapian::Enquire enquire = make_enquire(db, query, request.sort);
    if (collapse_key) enquire.set_collapse_key(schema::kSlotCluster, 1);
    // Several shards' columns are counted in a pass of their own over every
    // match (count_shards), which sees what the main match's spies would:
    // every match, when no collapse key hides duplicates from them.
    const auto& set = request.facet_columns;
    const FacetColumnSet* columns =
        set && set->current() && (set->shards() == 1 || !collapse_key) ? set.get() : nullptr;
    FacetCounter facets(request.facets, request.facet_limit, request.remote_shards, columns);
    if (collapse_key && !request.facets.empty()) {
        // A collapse key hides most copies of a duplicate from the spies (and
        // not reliably all): facets count every matching record whatever the
        // index, so they get a pass of their own without it.
        Xapian::Enquire every_match(db);
        every_match.set_query(query);
        every_match.set_weighting_scheme(Xapian::BoolWeight());
        facets.attach(every_match);
        every_match.get_mset(0, 0, db.get_doccount());
    } else {
        facets.attach(enquire);
    }
    facets.count_shards(query);
    // With collapsing, Xapian's match counts are estimates even when every
    // document is checked; the number of distinct clusters among the
    // matches is the exact collapsed total.
    Xapian::ValueCountMatchSpy remote_clusters(schema::kSlotCluster);
    DistinctClusterSpy local_clusters;
    if (collapse_key) {
        if (request.remote_shards) enquire.add_matchspy(&remote_clusters);
        else enquire.add_matchspy(&local_clusters);
    }
    // Exact totals and facet counts need every match examined.
    const Xapian::doccount check_at_least = db.get_doccount();
    // Collapsing here ranks a few more records than the page, in case
    // duplicates crowd it, and ranks again (spies off) if they did.
    // (Counted in 64 bits and capped at the document count: a huge --limit
    // or --offset must neither wrap nor grow the window for ever.)
    const std::uint64_t all = check_at_least;
    auto window_of = [all](std::uint64_t records) { return static_cast<Xapian::doccount>(std::min(records, all)); };
    Xapian::doccount window = window_of(std::uint64_t{request.offset} + request.limit + request.limit + 10);
    Xapian::MSet mset = enquire.get_mset(collapse_here ? 0 : static_cast<Xapian::doccount>(request.offset),
                                         collapse_here ? window : static_cast<Xapian::doccount>(request.limit),
                                         check_at_least);

    SearchResult result;
    result.query = request.query;
    result.offset = request.offset;
    result.limit = request.limit;
    result.total = mset.get_matches_estimated();
    result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    // Every match was checked (check_at_least = doccount), so the spy saw
    // them all even though Xapian's collapsed bounds stay loose.
    if (collapse_key) {
        result.total = request.remote_shards
                           ? static_cast<std::size_t>(std::distance(remote_clusters.values_begin(), remote_clusters.values_end()))
                           : local_clusters.distinct();
        result.total_exact = true;
    }
    std::vector<Xapian::MSetIterator> page;
    std::vector<std::string> page_clusters;  // collapsed here: read already
    if (collapse_here) {
        result.total = tally_clusters(db, query, result.total).clusters;
        CollapsedPage collapsed = collapse_page(mset, window, request.offset, request.limit);
        while (!collapsed.complete) {
            window = window_of(std::uint64_t{window} * 4);
            mset = make_enquire(db, query, request.sort).get_mset(0, window);
            collapsed = collapse_page(mset, window, request.offset, request.limit);
        }
        page = std::move(collapsed.hits);
        page_clusters = std::move(collapsed.clusters);
    } else {
        for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(it);
    }
    result.explanation = compiled.explanation;
    result.explanation.insert(result.explanation.end(), filter_explanation.begin(), filter_explanation.end());
    result.warnings = compiled.warnings;
    if (db.size() > 1 && has_synonym(compiled.query))
        result.warnings.push_back("truncated words are scored from per-shard estimates over " + std::to_string(db.size()) +
                                  " shards: scores, and the order of near-equal hits, may differ slightly from one "
                                  "merged index (matches, totals and facets are exact)");
    std::size_t rank = request.offset;
    for (std::size_t i = 0; i < page.size(); ++i)
        result.hits.push_back(make_hit(page[i], page_clusters.empty() ? nullptr : &page_clusters[i], ++rank, db, compiled, request));
    result.facets = facets.results();
    if (result.total == 0 && !compiled.plain_words.empty())
        result.suggestion = suggest_query(db, request.query, compiled.plain_words);
    return result;
}

}  // namespace

Xapian::Database open_index(const std::string& path) {
    return open_indexes({path}).db;
}

SearchResult search(Xapian::Database& db, const SearchRequest& request) {
    return read_with_retry(db, [&] { return run_search(db, request); });
}

}  // namespace refdex
