// A refdex index of one or more shards, open for writing (see shard_layout.h
// for the layout). Each shard has its own IndexWriter, so K threads can
// write K shards at once, one thread per shard; the calls below that touch
// several shards (recluster, add_not_duplicate, commit, note_input) are for
// one thread while no shard thread runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "dedup_decisions.h"
#include "dedup_pass.h"
#include "index_writer.h"
#include "shard_layout.h"
#include "write_target.h"

namespace refdex {

// --shards asks for a different number of shards than the index has (a
// usage error: exit code 2).
class ShardCountError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ShardedIndex : public WriteTarget {
public:
    // Opens the index at `path`, or creates it with `requested_shards`
    // shards. requested_shards 0 means "as the index is" (1 for a new one).
    // Shards are opened in order, so a second writer fails on shard 0 with
    // IndexOpenError ("locked by another refdex-index"). Throws
    // ShardCountError when an existing index has another shard count.
    ShardedIndex(const std::string& path, std::size_t requested_shards, std::size_t batch_size);

    std::size_t size() const { return shards_.size(); }
    IndexWriter& shard(std::size_t k) { return *shards_[k]; }
    std::size_t shard_of(const std::string& id) const { return shard_for(id, shards_.size()); }

    // WriteTarget: a lane per shard, chosen by id, so that a record written
    // again meets its first copy (and is found unchanged).
    std::size_t lanes() const override { return size(); }
    std::size_t lane_capacity() const override { return 32; }
    Route route(const std::string& id, std::uint64_t) override { return Route{shard_of(id), false}; }
    WriteResult write(std::size_t lane, std::uint64_t, BuiltDocument&& built) override {
        return shard(lane).write(std::move(built));
    }

    // Index-wide metadata lives in shard 0: Database::get_metadata on the
    // combined database reads the first shard.
    void note_input(const std::string& path, const std::string& format, std::size_t records, std::size_t rejected);
    // The clustering pass over all shards together (one combined
    // WritableDatabase: cluster values are written back into each
    // document's own shard).
    ClusterPassResult recluster();
    // --replaces: the export indexed as file `old_name` is now `new_name`:
    // its inputs entries go, and decisions follow its records' new name.
    void rename_source(const std::string& old_name, const std::string& new_name);
    bool add_not_duplicate(const std::string& a, const std::string& b);
    // --notices: what every later pass does with erratum and reply notices.
    bool set_notice_policy(NoticePolicy policy);
    // --import-decisions: records a decisions file's not-duplicate pairs
    // (dedup_decisions.h); throws NotDuplicateError for a bad file.
    DecisionsImport import_decisions(const std::string& text, const std::string& name);
    // The next ingest sequence number (schema::kSlotSequence), counted on
    // across runs; commit() stores where it got to.
    std::uint64_t take_sequence() { return next_sequence_++; }
    // Another index of the same records (a bulk build) continues the count.
    void continue_sequence_of(const ShardedIndex& other) { next_sequence_ = other.next_sequence_; }
    // Commits every shard.
    void commit();
    // After the final commit: rewrites every shard's facet columns
    // (facet_columns.h). They are a cache, so a failure is a warning on
    // `warnings`, not an error: queries then count facets from the values.
    void refresh_facet_columns(std::ostream& warnings);

private:
    std::vector<std::string> shard_paths_;
    Xapian::WritableDatabase combined();
    std::vector<std::unique_ptr<IndexWriter>> shards_;
    std::uint64_t next_sequence_ = 1;
};

}  // namespace refdex
