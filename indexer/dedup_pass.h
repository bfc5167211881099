// The clustering pass over a whole index, run at the end of every ingest
// (and after a --not-duplicate decision): candidate pairs come from records
// sharing a DOI, PMID or blocking key (posting lists, no scan of the
// collection), the rules in dedup_rules.h decide, dedup_cluster.h builds
// clusters, and only documents whose cluster or rule changed are rewritten.
// Running it twice in a row rewrites nothing.
#pragma once

#include <cstddef>
#include <stdexcept>
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

// An id given to --not-duplicate that names no record, or several.
class NotDuplicateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The refdex id of the record `id` names: a refdex id, or the export's own
// record id (RIS ID) when exactly one record has it. Throws NotDuplicateError.
std::string resolve_record(const Xapian::Database& db, const std::string& id);

// Pairs of refdex ids the user declared distinct (metadata
// schema::kMetaNotDuplicates, a JSON list of [id, id], sorted).
std::vector<std::pair<std::string, std::string>> load_not_duplicates(const Xapian::Database& db);

// The index's choice for erratum and reply notices (metadata
// schema::kMetaNotices; join when unset), which every later pass applies.
NoticePolicy notice_policy(const Xapian::Database& db);
// Records `policy`; false if it was the index's already.
bool set_notice_policy(Xapian::WritableDatabase& db, NoticePolicy policy);

// Records that `a` and `b` (any ids resolve_record accepts) are not
// duplicates; false if that was already recorded. Throws NotDuplicateError.
bool add_not_duplicate(Xapian::WritableDatabase& db, const std::string& a, const std::string& b);

}  // namespace refdex
