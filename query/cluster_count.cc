#include "cluster_count.h"

#include "schema.h"

namespace refdex {

bool marks_duplicates(const Xapian::Database& shard) {
    return shard.get_metadata(schema::kMetaDuplicateMarks) == "1";
}

ClusterTally tally_clusters(const Xapian::Database& db, const Xapian::Query& query, std::size_t records) {
    ClusterTally tally;
    tally.records = records;
    tally.clusters = records;
    if (records == 0 || db.get_termfreq(schema::kDuplicateMember) == 0) return tally;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(schema::kDuplicateMember)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy clusters(schema::kSlotCluster);
    enquire.add_matchspy(&clusters);
    enquire.get_mset(0, 0, db.get_doccount());
    std::size_t distinct = 0, valued = 0;
    for (auto it = clusters.values_begin(); it != clusters.values_end(); ++it) {
        ++distinct;
        valued += it.get_termfreq();
    }
    // A marked record without a cluster value (not written by refdex-index)
    // would be a cluster of its own.
    const std::size_t marked = clusters.get_total();
    tally.clusters = records - marked + distinct + (marked - valued);
    return tally;
}

}  // namespace refdex
