// The clustering pass over a whole index, run at the end of every ingest
// (and after a --not-duplicate decision, dedup_decisions.h): candidate pairs come from records
// sharing a DOI, PMID or blocking key (posting lists, no scan of the
// collection), the rules in dedup_rules.h decide, dedup_cluster.h builds
// clusters, and only documents whose cluster or rule changed are rewritten.
// Running it twice in a row rewrites nothing.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "dedup_rules.h"

namespace refdex {

struct ClusterMembership {
    std::string cluster;  // cluster id: the refdex id of its first record
    std::string rule;     // rule that joined the record ("" for the first record)
};

struct ClusterPassResult {
    // Every record in a cluster of two or more, by refdex id.
    std::unordered_map<std::string, ClusterMembership> clustered;
    std::size_t clusters = 0;     // clusters of two or more records
    std::size_t candidates = 0;   // records that share at least one key
    std::size_t pairs = 0;        // candidate pairs the rules were asked about
    std::size_t rewritten = 0;    // documents whose cluster or rule changed
    double seconds = 0;
};

// Marks every record of a cluster of two or more with schema::kDuplicateMember
// and sets schema::kMetaDuplicateMarks on `db` (on a combined database, its
// first shard: the caller marks the others). Does not commit: the caller's
// commit makes the new clusters visible.
ClusterPassResult run_cluster_pass(Xapian::WritableDatabase& db);

// The fields the rules compare, from a document's dedup slot; for documents
// written before that slot existed, derived again from the stored record.
DedupFields stored_dedup_fields(const Xapian::Document& doc);

}  // namespace refdex
