// The order records were ingested in, the same however the records are laid
// out: one index, its shards (whose docids interleave, local or remote), or
// several indexes given as repeated --db (each in the order given, as one
// index built from them in that order would hold them). The screening modes
// train and replay in this order, so their results do not depend on layout.
#pragma once

#include <cstddef>
#include <tuple>
#include <vector>

#include <xapian.h>

namespace refdex {

// (which index the record's shard belongs to, 1 when the record has an
// ingest sequence, the sequence): records written before the sequence slot
// existed come first, by docid, as the clustering pass orders them.
using IngestKey = std::tuple<std::size_t, int, double>;

class IngestOrder {
public:
    // `shards`: each shard of `db` alone, in the order they were combined;
    // `specs[i]`: which --db value named shard i.
    IngestOrder(const Xapian::Database& db, const std::vector<Xapian::Database>& shards,
                const std::vector<std::size_t>& specs);
    IngestKey key(Xapian::docid doc) const;

private:
    const Xapian::Database& db_;
    std::vector<std::size_t> index_of_shard_;
};

}  // namespace refdex
