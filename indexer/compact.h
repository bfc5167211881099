// Rewrites an index into its compact form (xapian-compact's job, in
// process). Batched commits leave glass tables part-empty; compaction
// typically halves the size and speeds up reads.
#pragma once

#include <string>

namespace refdex {

// Compacts the index at `path` in place. A plain index: writes
// PATH.compacting, then swaps it in. A sharded index (shard_layout.h):
// merges all shards into one new shard PATH/mergedN, points the stub at it,
// removes the old shards; the index then has one shard. Needs no writer on
// `path` (takes the shards' write locks meanwhile); a reader open during the
// swap must reopen. Throws IndexOpenError with the path on failure (the
// original index is left as it was).
void compact_index(const std::string& path);

}  // namespace refdex
