#include "ingest_order.h"

#include <map>

#include "schema.h"

namespace refdex {

// The shards one --db value names (a sharded index, a stub) are one index.
// Shards given as several --db values are one index too unless each part
// holds a record 1: every index numbers its records from 1 across all its
// shards, so two shards served one by one (tcp://) join again, while two
// indexes stay in the order given. (A shard without sequence numbers, from
// an older refdex-index, counts as holding record 1.)
IngestOrder::IngestOrder(const Xapian::Database& db, const std::vector<Xapian::Database>& shards,
                         const std::vector<std::size_t>& specs)
    : db_(db) {
    auto holds_first = [](const Xapian::Database& shard) {
        const std::string lowest = shard.get_value_lower_bound(schema::kSlotSequence);
        return lowest.empty() || Xapian::sortable_unserialise(lowest) == 1.0;
    };
    std::map<std::size_t, bool> spec_holds_first;
    for (std::size_t i = 0; i < shards.size(); ++i) spec_holds_first[specs[i]] |= holds_first(shards[i]);
    std::size_t index = 0;
    bool index_holds_first = false;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        if (i == 0 || specs[i] != specs[i - 1]) {
            const bool first = spec_holds_first[specs[i]];
            if (first && index_holds_first) ++index, index_holds_first = false;  // a second record 1: another index
            index_holds_first = index_holds_first || first;
        }
        index_of_shard_.push_back(index);
    }
}

IngestKey IngestOrder::key(Xapian::docid doc) const {
    // Xapian numbers the documents of N combined shards round robin.
    const std::size_t shards = index_of_shard_.empty() ? 1 : index_of_shard_.size();
    const std::size_t index = index_of_shard_.empty() ? 0 : index_of_shard_[(doc - 1) % shards];
    const std::string sequence = db_.get_document(doc).get_value(schema::kSlotSequence);
    if (sequence.empty()) return {index, 0, static_cast<double>((doc - 1) / shards + 1)};
    return {index, 1, Xapian::sortable_unserialise(sequence)};
}

}  // namespace refdex
