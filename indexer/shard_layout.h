// Where the shards of a refdex index live on disk, and which shard a record
// goes to. An index of one shard is a plain glass database at PATH (the
// layout refdex has always written). An index of K > 1 shards is a
// directory PATH holding the glass databases shard0 ... shardK-1 and a
// Xapian stub file PATH/XAPIANDB ("glass shardN", one line per shard, paths
// relative to PATH), so Xapian::Database(PATH) opens all shards as one.
// The stub's line order is the shard order that routing uses.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

namespace refdex {

inline constexpr const char* kStubFile = "XAPIANDB";

struct ShardLayout {
    // Glass database directories, in shard order. For a plain index: {PATH}.
    std::vector<std::string> shard_paths;
    bool stub = false;  // PATH is a directory with an XAPIANDB stub
};

// The layout of what is at `path`: nullopt when there is no index yet (no
// such path, or an empty directory). Throws std::runtime_error for a stub
// this program cannot write through (remote or unknown backends).
std::optional<ShardLayout> read_layout(const std::string& path);

// The layout a new index of `shards` shards gets (shards >= 1).
ShardLayout new_layout(const std::string& path, std::size_t shards);

// Writes PATH/XAPIANDB listing `shard_dirs` (names relative to PATH) by
// writing a temporary file and renaming it over the stub, so a reader sees
// either the old list or the new one, never half a file.
void write_stub(const std::string& path, const std::vector<std::string>& shard_dirs);

// The shard of a record: a hash of its refdex id, so the same record always
// lands in the same shard of a K-shard index (re-ingesting replaces it).
std::size_t shard_for(const std::string& id, std::size_t shards);

// Xapian numbers the documents of a multi-shard Database by interleaving:
// combined docid d is local docid (d-1)/K+1 of shard (d-1)%K.
struct ShardDocid {
    std::size_t shard = 0;
    Xapian::docid local = 0;
};
ShardDocid split_docid(Xapian::docid combined, std::size_t shards);
Xapian::docid combine_docid(ShardDocid where, std::size_t shards);

}  // namespace refdex
