#include "compact.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <vector>

#include <xapian.h>

#include "facet_columns.h"
#include "index_writer.h"
#include "shard_layout.h"

namespace fs = std::filesystem;

namespace refdex {

namespace {

// A plain glass index: compact beside it, then swap directories.
void compact_plain(const std::string& path) {
    const std::string fresh = path + ".compacting";
    const std::string old = path + ".old";
    std::error_code ec;
    fs::remove_all(fresh, ec);
    try {
        Xapian::Database(path).compact(fresh);
    } catch (const Xapian::Error& e) {
        fs::remove_all(fresh, ec);
        throw IndexOpenError(path + ": compaction failed (index unchanged): " + e.get_msg());
    }
    refresh_facet_columns(Xapian::Database(fresh), fresh, std::cerr);  // a new database: new UUID
    fs::remove_all(old, ec);
    fs::rename(path, old, ec);
    if (ec) throw IndexOpenError(path + ": cannot move the index aside to swap in its compacted copy: " + ec.message());
    fs::rename(fresh, path, ec);
    if (ec) {
        fs::rename(old, path);
        throw IndexOpenError(path + ": cannot swap in the compacted index: " + ec.message());
    }
    fs::remove_all(old, ec);
}

// A name for the merged shard that the stub does not list yet.
std::string unused_shard_name(const std::string& path, const ShardLayout& layout) {
    for (unsigned n = 0;; ++n) {
        const std::string name = "merged" + std::to_string(n);
        const std::string candidate = (fs::path(path) / name).string();
        if (std::find(layout.shard_paths.begin(), layout.shard_paths.end(), candidate) == layout.shard_paths.end())
            return name;
    }
}

// A sharded index: merge every shard into one new glass database inside
// PATH, then point the stub at it alone (an atomic rename), then delete the
// old shards. Interrupted at any point, PATH still opens: before the rename
// it lists the old shards, after it the merged one.
void compact_sharded(const std::string& path, const ShardLayout& layout) {
    // Holding every shard's write lock keeps refdex-index out meanwhile
    // (it would write into shards about to be deleted); readers carry on.
    std::vector<Xapian::WritableDatabase> locks;
    for (const auto& shard : layout.shard_paths) {
        try {
            locks.emplace_back(shard, Xapian::DB_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            throw IndexOpenError(shard + ": index is locked by another refdex-index (only one writer at a time)");
        }
    }
    const std::string name = unused_shard_name(path, layout);
    const std::string fresh = (fs::path(path) / name).string();
    std::error_code ec;
    fs::remove_all(fresh, ec);  // left by an interrupted compaction: never listed
    try {
        Xapian::Database(path).compact(fresh);
    } catch (const Xapian::Error& e) {
        fs::remove_all(fresh, ec);
        throw IndexOpenError(path + ": compaction failed (index unchanged): " + e.get_msg());
    }
    refresh_facet_columns(Xapian::Database(fresh), fresh, std::cerr);
    try {
        write_stub(path, {name});
    } catch (const std::exception& e) {
        fs::remove_all(fresh, ec);
        throw IndexOpenError(path + ": cannot switch to the compacted shard (index unchanged): " + e.what());
    }
    locks.clear();
    for (const auto& shard : layout.shard_paths) fs::remove_all(shard, ec);
}

}  // namespace

void compact_index(const std::string& path) {
    std::optional<ShardLayout> layout;
    try {
        layout = read_layout(path);
    } catch (const std::runtime_error& e) {
        throw IndexOpenError(e.what());
    }
    if (!layout) throw IndexOpenError(path + ": no index to compact");
    if (layout->stub) compact_sharded(path, *layout);
    else compact_plain(path);
}

}  // namespace refdex
