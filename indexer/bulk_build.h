// Building a new (or empty) index in parallel: the input is cut into blocks
// of consecutive records, the writer threads ("lanes") take the blocks in
// turn, each block becomes a temporary glass database (a "part"), and at the
// end the parts are merged by compaction in block order. Docids therefore
// follow the input order exactly as when one thread writes in place, while
// every core writes. Each part is written with one commit, and without fsync
// (a lost part only means the run did not finish); the merge writes each
// table once, in order, and its result is compact.
//
// Parts live in PATH.refdex-build beside the index; they are deleted when the
// build ends, and a build left by a killed run is deleted by the next one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

#include "dedup_pass.h"
#include "write_target.h"

namespace refdex {

class BulkBuild : public WriteTarget {
public:
    // Records per block (and part). Larger parts merge into a smaller index
    // (compaction keeps each part's posting-list chunks as they are: on 20k
    // records, 1,000-record parts give posting lists 39% larger than an
    // in-place index compacted, 2,000-record parts 24%: 8% and 5% of the
    // whole index), smaller ones cost less memory: a part is held in memory
    // until its one commit, and queues hold part of a block (lane_capacity()).
    // 2,000 took peak RSS from 162 to 220 MB with two lanes, too close to
    // the 300 MB budget at a million records.
    static constexpr std::size_t kDefaultPartRecords = 1000;

    BulkBuild(const std::string& index_path, std::size_t lanes, std::size_t part_records = kDefaultPartRecords);
    ~BulkBuild() override;  // deletes the build directory
    BulkBuild(const BulkBuild&) = delete;
    BulkBuild& operator=(const BulkBuild&) = delete;

    std::size_t lanes() const override { return lanes_.size(); }
    // Lanes take blocks in turn, and the next lane can only start once the
    // current block is all queued: with K lanes, queues of (K-1)/K of a block
    // keep every lane busy. Memory is about that many built documents
    // (~40 KB each) per lane.
    std::size_t lane_capacity() const override;
    Route route(const std::string& id, std::uint64_t sequence) override;
    WriteResult write(std::size_t lane, std::uint64_t sequence, BuiltDocument&& built) override;

    struct Merged {
        std::string path;        // "" when nothing was added
        ClusterPassResult pass;  // the clustering pass run before the last compaction
    };
    // After every lane's thread has ended: commits the open parts and
    // merges all parts, in block order, into one new compact database that
    // takes over the metadata of `index` (schema version, earlier inputs,
    // not-duplicate decisions) and is already clustered: the clustering pass
    // runs on the parts (with that metadata) before their last compaction,
    // so that its rewrites do not leave the result's tables part-empty.
    // Throws IndexOpenError.
    Merged merge(const Xapian::Database& index);

    // Where the build for `index_path` lives.
    static std::string build_directory(const std::string& index_path);
    // Deletes a build folder left there; the caller holds the index's write
    // lock, so no other build can be using it.
    static void remove_stale(const std::string& index_path);

private:
    struct Lane {
        std::unique_ptr<Xapian::WritableDatabase> part;
        std::uint64_t block = 0;
        std::vector<std::pair<std::uint64_t, std::string>> parts;  // (block, path), this lane's
    };
    std::uint64_t block_of(std::uint64_t sequence) const;
    void close_part(Lane& lane);

    std::string index_path_, directory_;
    std::size_t part_records_;
    std::vector<Lane> lanes_;
    bool started_ = false;
    std::uint64_t first_sequence_ = 0;
    // Ids written in this run (the index was empty, so nothing else can
    // hold them): ~40 bytes a record, touched by route() alone.
    std::unordered_set<std::uint64_t> seen_;
};

}  // namespace refdex
