// Exact collapsed totals without reading every match's cluster. A record
// alone is a cluster of its own, and every record of a larger cluster carries
// schema::kDuplicateMember, so the distinct clusters among M matches are
//   M - (marked matches) + (distinct clusters among the marked matches),
// which reads cluster values only for the marked matches: a few percent of a
// corpus, against every match for Xapian's collapse key.
#pragma once

#include <cstddef>

#include <xapian.h>

namespace refdex {

// Whether the formula above may be used: the shard's clustering pass marked
// its members (schema::kMetaDuplicateMarks). Must hold for every shard.
bool marks_duplicates(const Xapian::Database& shard);

struct ClusterTally {
    std::size_t records = 0;   // matches
    std::size_t clusters = 0;  // distinct duplicate clusters among them
};

// The clusters among the `records` matches of `query` (counted by the
// caller over every match). Stock spies only, so remote shards work too.
ClusterTally tally_clusters(const Xapian::Database& db, const Xapian::Query& query, std::size_t records);

}  // namespace refdex
