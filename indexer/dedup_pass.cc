#include "dedup_pass.h"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "dedup_cluster.h"
#include "dedup_decisions.h"
#include "dedup_keys.h"
#include "dedup_rules.h"
#include "document_terms.h"
#include "normalise.h"
#include "record.h"
#include "schema.h"
#include "stored_record.h"

namespace refdex {

namespace {

// A key shared by more records than this says nothing about identity
// ("editorial", a volume/page of 0) and would cost a quadratic number of
// comparisons; such blocks are skipped.
constexpr Xapian::doccount kMaxBlock = 1000;

}  // namespace

DedupFields stored_dedup_fields(const Xapian::Document& doc) {
    DedupFields f = decode_dedup(doc.get_value(schema::kSlotDedup));
    if (!f.id.empty()) return f;
    try {
        StoredRecord stored = parse_stored_record(doc.get_data());
        return dedup_fields(map_record(stored.raw), stored.id);
    } catch (const std::exception&) {
        f.id = refdex_id_of(doc);
        return f;
    }
}

namespace {

struct Candidates {
    std::vector<Xapian::docid> docids;            // sorted: node index order
    std::vector<std::vector<Xapian::docid>> blocks;
};

Candidates collect_candidates(const Xapian::Database& db) {
    Candidates c;
    for (const char* prefix : {schema::kDoi, schema::kPmid, schema::kDedupKey}) {
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
            const Xapian::doccount n = t.get_termfreq();
            if (n < 2 || n > kMaxBlock) continue;
            auto& block = c.blocks.emplace_back(db.postlist_begin(*t), db.postlist_end(*t));
            c.docids.insert(c.docids.end(), block.begin(), block.end());
        }
    }
    // Records clustered before but sharing no key now (rules changed) must
    // be seen too, to be made single again.
    for (auto v = db.valuestream_begin(schema::kSlotRule); v != db.valuestream_end(schema::kSlotRule); ++v)
        c.docids.push_back(v.get_docid());
    // So are the first records of those clusters, to lose their mark.
    for (auto p = db.postlist_begin(schema::kDuplicateMember); p != db.postlist_end(schema::kDuplicateMember); ++p)
        c.docids.push_back(*p);
    std::sort(c.docids.begin(), c.docids.end());
    c.docids.erase(std::unique(c.docids.begin(), c.docids.end()), c.docids.end());
    return c;
}

std::vector<DedupEdge> evaluate_pairs(const Candidates& c, const std::vector<DedupFields>& nodes, NoticePolicy notices,
                                      std::size_t& pairs) {
    auto index_of = [&](Xapian::docid d) {
        return static_cast<std::size_t>(std::lower_bound(c.docids.begin(), c.docids.end(), d) - c.docids.begin());
    };
    std::unordered_set<std::uint64_t> asked;  // a pair sharing several keys is judged once
    std::vector<DedupEdge> edges;
    for (const auto& block : c.blocks) {
        for (std::size_t i = 0; i < block.size(); ++i) {
            for (std::size_t j = i + 1; j < block.size(); ++j) {
                std::size_t a = index_of(block[i]), b = index_of(block[j]);
                if (!asked.insert((static_cast<std::uint64_t>(a) << 32) | b).second) continue;
                int rule = match_rule(nodes[a], nodes[b], notices);
                if (rule != kNoRule) edges.push_back({a, b, rule});
            }
        }
    }
    pairs = asked.size();
    return edges;
}

// Node pairs to keep apart: for each decision, every candidate that names
// one side against every candidate that names the other (an updated copy of
// a record, or its copies from other exports, carry the decision too). A
// record that shares no key with anything is not a candidate and cannot be
// clustered, so a decision about it needs no enforcing.
std::vector<std::pair<std::size_t, std::size_t>> apart_pairs(const Xapian::Database& db,
                                                             const std::vector<Xapian::docid>& node_docids) {
    std::unordered_map<Xapian::docid, std::size_t> node_of;
    for (std::size_t i = 0; i < node_docids.size(); ++i) node_of.emplace(node_docids[i], i);
    auto nodes_named = [&](const RecordIdentity& self, const RecordIdentity& other) {
        std::vector<std::size_t> nodes;
        for (Xapian::docid did : records_named(db, self, other))
            if (auto it = node_of.find(did); it != node_of.end()) nodes.push_back(it->second);
        return nodes;
    };
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const auto& d : load_not_duplicates(db)) {
        const std::vector<std::size_t> as = nodes_named(d.a, d.b), bs = nodes_named(d.b, d.a);
        for (std::size_t a : as)
            for (std::size_t b : bs)
                if (a != b) out.emplace_back(a, b);
    }
    return out;
}


void remove_term_if_present(Xapian::Document& doc, const std::string& term) {
    try {
        doc.remove_term(term);
    } catch (const Xapian::InvalidArgumentError&) {
        // The term was never there: nothing to remove.
    }
}

// Writes the cluster, rule and member mark of one document if they changed.
bool store_membership(Xapian::WritableDatabase& db, Xapian::docid did, Xapian::Document& doc,
                      const ClusterMembership& want, bool grouped) {
    const std::string old_cluster = doc.get_value(schema::kSlotCluster);
    const bool marked = has_term(doc, schema::kDuplicateMember);
    if (old_cluster == want.cluster && doc.get_value(schema::kSlotRule) == want.rule && marked == grouped) return false;
    if (!old_cluster.empty()) remove_term_if_present(doc, schema::make_term(schema::kCluster, old_cluster));
    if (grouped) doc.add_boolean_term(schema::kDuplicateMember);
    else if (marked) remove_term_if_present(doc, schema::kDuplicateMember);
    doc.add_boolean_term(schema::make_term(schema::kCluster, want.cluster));
    doc.add_value(schema::kSlotCluster, want.cluster);
    doc.add_value(schema::kSlotRule, want.rule);
    db.replace_document(did, doc);
    return true;
}

// The order in which records count as "first" in a cluster: by ingest
// sequence, so that shards (which interleave docids) and compaction (which
// renumbers them) do not change cluster ids. Documents written before the
// sequence slot existed come first, in docid order.
std::vector<std::size_t> first_record_order(const std::vector<Xapian::Document>& docs, const std::vector<Xapian::docid>& docids) {
    std::vector<std::pair<std::pair<int, double>, std::size_t>> keyed;
    keyed.reserve(docs.size());
    for (std::size_t i = 0; i < docs.size(); ++i) {
        const std::string seq = docs[i].get_value(schema::kSlotSequence);
        keyed.push_back({seq.empty() ? std::make_pair(0, static_cast<double>(docids[i]))
                                     : std::make_pair(1, Xapian::sortable_unserialise(seq)),
                         i});
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::size_t> order;
    order.reserve(keyed.size());
    for (const auto& k : keyed) order.push_back(k.second);
    return order;
}

}  // namespace

ClusterPassResult run_cluster_pass(Xapian::WritableDatabase& db) {
    const auto start = std::chrono::steady_clock::now();
    ClusterPassResult result;
    Candidates c = collect_candidates(db);
    std::vector<Xapian::Document> docs;
    std::vector<DedupFields> nodes;
    docs.reserve(c.docids.size());
    nodes.reserve(c.docids.size());
    for (Xapian::docid did : c.docids) {
        docs.push_back(db.get_document(did));
        nodes.push_back(stored_dedup_fields(docs.back()));
    }
    std::vector<DedupEdge> edges = evaluate_pairs(c, nodes, notice_policy(db), result.pairs);
    // build_clusters roots each cluster at its lowest node: renumber the
    // nodes into first-record order (rank), cluster, then map back.
    const std::vector<std::size_t> order = first_record_order(docs, c.docids);
    std::vector<std::size_t> rank(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) rank[order[k]] = k;
    std::vector<DedupFields> ranked;
    ranked.reserve(nodes.size());
    for (std::size_t i : order) ranked.push_back(nodes[i]);
    for (auto& e : edges) e = {rank[e.a], rank[e.b], e.rule};
    std::vector<Xapian::docid> ranked_docids;
    ranked_docids.reserve(order.size());
    for (std::size_t i : order) ranked_docids.push_back(c.docids[i]);
    std::vector<ClusterAssignment> assigned =
        build_clusters(ranked, std::move(edges), apart_pairs(db, ranked_docids));
    std::vector<std::size_t> size(ranked.size(), 0);
    for (const auto& a : assigned) ++size[a.root];
    for (std::size_t k = 0; k < ranked.size(); ++k) {
        const std::size_t i = order[k];
        const bool grouped = size[assigned[k].root] > 1;
        ClusterMembership want{grouped ? ranked[assigned[k].root].id : ranked[k].id, rule_name(assigned[k].rule)};
        if (store_membership(db, c.docids[i], docs[i], want, grouped)) ++result.rewritten;
        if (grouped) result.clustered.emplace(ranked[k].id, std::move(want));
        if (grouped && assigned[k].root == k) ++result.clusters;
    }
    result.candidates = nodes.size();
    db.set_metadata(schema::kMetaDuplicateMarks, "1");
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace refdex
