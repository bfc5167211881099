#include "dedup_cluster.h"

#include "dedup_rules.h"

#include <algorithm>
#include <deque>
#include <tuple>

namespace refdex {

namespace {

class Components {
public:
    explicit Components(const std::vector<DedupFields>& nodes)
        : nodes_(nodes), parent_(nodes.size()), info_(nodes.size()) {
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            parent_[i] = i;
            info_[i].members.push_back(i);
            // An erratum or reply has identifiers of its own beside its
            // article's; they say nothing about which work it belongs to.
            if (!nodes[i].notice.empty()) continue;
            info_[i].doi = nodes[i].doi;
            info_[i].pmid = nodes[i].pmid;
        }
    }
    std::size_t find(std::size_t x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void keep_apart(std::size_t a, std::size_t b) {
        info_[a].apart.push_back(b);
        info_[b].apart.push_back(a);
    }
    // Merges the components of a and b unless that would join records known
    // to differ. Identifiers are checked per component, not per pair: a chain
    // A~B~C must not end up holding two DOIs even if no single pair did.
    bool unite(std::size_t a, std::size_t b) {
        std::size_t ra = find(a), rb = find(b);
        if (ra == rb) return false;
        Info &ia = info_[ra], &ib = info_[rb];
        if (conflict(ia.doi, ib.doi) || conflict(ia.pmid, ib.pmid)) return false;
        for (std::size_t x : ia.apart)
            if (find(x) == rb) return false;
        if (holds_distinct_works(ia.members, ib.members)) return false;
        if (ra > rb) std::swap(ra, rb);
        parent_[rb] = ra;
        Info& keep = info_[ra];
        Info& gone = info_[rb];
        if (keep.doi.empty()) keep.doi = gone.doi;
        if (keep.pmid.empty()) keep.pmid = gone.pmid;
        keep.apart.insert(keep.apart.end(), gone.apart.begin(), gone.apart.end());
        gone.apart.clear();
        keep.members.insert(keep.members.end(), gone.members.begin(), gone.members.end());
        gone.members.clear();
        return true;
    }

private:
    struct Info {
        std::string doi, pmid;
        std::vector<std::size_t> apart;
        std::vector<std::size_t> members;
    };
    // Whether joining would put two distinct works in one cluster. Clusters
    // are a handful of records; a pathological block is not checked pair by pair.
    bool holds_distinct_works(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) const {
        constexpr std::size_t kMaxPairs = 10000;
        if (a.size() * b.size() > kMaxPairs) return false;
        for (std::size_t x : a)
            for (std::size_t y : b)
                if (distinct_works(nodes_[x], nodes_[y])) return true;
        return false;
    }
    const std::vector<DedupFields>& nodes_;
    static bool conflict(const std::string& x, const std::string& y) { return !x.empty() && !y.empty() && x != y; }
    std::vector<std::size_t> parent_;
    std::vector<Info> info_;
};

}  // namespace

std::vector<ClusterAssignment> build_clusters(const std::vector<DedupFields>& nodes, std::vector<DedupEdge> edges,
                                              const std::vector<std::pair<std::size_t, std::size_t>>& apart) {
    for (auto& e : edges)
        if (e.a > e.b) std::swap(e.a, e.b);
    // Within a rule, the closer titles first: an erratum near two titles
    // joins the one it names exactly.
    auto closeness = [&nodes](const DedupEdge& e) { return -title_similarity(nodes[e.a].title, nodes[e.b].title); };
    std::vector<std::pair<double, DedupEdge>> ranked;
    ranked.reserve(edges.size());
    for (const auto& e : edges) ranked.emplace_back(closeness(e), e);
    std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
        return std::tie(x.second.rule, x.first, x.second.a, x.second.b) <
               std::tie(y.second.rule, y.first, y.second.a, y.second.b);
    });
    for (std::size_t i = 0; i < ranked.size(); ++i) edges[i] = ranked[i].second;
    Components components(nodes);
    for (const auto& [a, b] : apart) components.keep_apart(a, b);
    // Kruskal: the accepted edges form a forest whose tree edges are the
    // strongest available, so each record's rule is the best evidence that
    // tied it to its cluster.
    std::vector<std::vector<std::pair<std::size_t, int>>> tree(nodes.size());
    for (const auto& e : edges) {
        if (!components.unite(e.a, e.b)) continue;
        tree[e.a].push_back({e.b, e.rule});
        tree[e.b].push_back({e.a, e.rule});
    }
    // Each cluster is rooted at its first record that is not a notice: the
    // root's id names the cluster and the export keeps the root, and an
    // erratum notice should not stand in for the article it corrects.
    std::vector<std::size_t> first_work(nodes.size(), nodes.size());
    for (std::size_t n = nodes.size(); n-- > 0;) {
        const std::size_t c = components.find(n);
        if (first_work[c] == nodes.size() || nodes[n].notice.empty() || !nodes[first_work[c]].notice.empty())
            first_work[c] = n;
    }
    std::vector<ClusterAssignment> out(nodes.size());
    std::vector<bool> seen(nodes.size(), false);
    for (std::size_t first = 0; first < nodes.size(); ++first) {
        if (seen[first]) continue;  // clusters are visited in the order of their first record
        const std::size_t root = first_work[components.find(first)];
        seen[root] = true;
        out[root] = {root, -1};
        std::deque<std::size_t> queue{root};
        while (!queue.empty()) {
            std::size_t n = queue.front();
            queue.pop_front();
            std::sort(tree[n].begin(), tree[n].end());
            for (const auto& [m, rule] : tree[n]) {
                if (seen[m]) continue;
                seen[m] = true;
                out[m] = {root, rule};
                queue.push_back(m);
            }
        }
    }
    return out;
}

}  // namespace refdex
