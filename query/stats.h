// refdex-query --stats: what is in an index (documents, per-field term
// counts, size on disk, schema version, build time, inputs).
#pragma once

#include <ostream>
#include <string>

#include "index_set.h"

namespace refdex {

// `label` names what was opened (the --db values). Totals are over every
// shard; JSON adds "shards": [{"location", "documents", "built", "index_bytes"
// (null for a remote shard)}].
void write_stats(const IndexSet& indexes, const std::string& label, bool json, std::ostream& out);

}  // namespace refdex
