// Clusters from candidate pairs: union-find over the pairs a rule accepted,
// strongest rule first, refusing any merge that would put two different
// DOIs (or PMIDs) or a "not duplicates" pair into one cluster (a notice's
// own identifiers do not count: see DedupFields::notice). Pure: the
// pass in dedup_pass.h feeds it from the index; tests feed it directly.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "dedup_keys.h"

namespace refdex {

struct DedupEdge {
    std::size_t a = 0, b = 0;  // node indices
    int rule = -1;             // rank in kRuleNames
};

struct ClusterAssignment {
    std::size_t root = 0;  // node index of the cluster's first record that is not a notice
    int rule = -1;         // rule that joined this node to the cluster; kNoRule for the root
};

// `nodes` in index order (docid order): the lowest index of a cluster that
// is not a notice (DedupFields::notice; else the lowest) is its root, so the
// cluster id stays the first-indexed work's id, never an erratum's. `apart`
// lists node pairs the user said are not duplicates. The result does not
// depend on the order of `edges` (ties are broken by node index), so the
// same index always gives the same clusters.
std::vector<ClusterAssignment> build_clusters(const std::vector<DedupFields>& nodes, std::vector<DedupEdge> edges,
                                              const std::vector<std::pair<std::size_t, std::size_t>>& apart);

}  // namespace refdex
