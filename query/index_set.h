// Opens every --db given to refdex-query as one searchable Xapian::Database:
// index directories, Xapian stub files (or directories holding a XAPIANDB
// stub, as sharded indexes are written), and remote shards served by
// xapian-tcpsrv ("tcp://host:port") or xapian-progsrv (stub "remote :prog
// args" lines). Each shard is opened on its own first, so a missing, foreign
// or wrong-version shard is named in the error instead of failing the search.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "facet_columns.h"

namespace refdex {

struct ShardLocation {
    enum class Kind { Local, Tcp, Program };
    Kind kind = Kind::Local;
    std::string path;      // Local: index directory; Program: the program to run
    std::string args;      // Program: its arguments
    std::string host;      // Tcp
    unsigned port = 0;     // Tcp
    std::string origin;    // where it was named, e.g. "shards/XAPIANDB:3" (empty for --db itself)

    // "tcp://host:port", "prog args" or the path; with " (from ORIGIN)".
    std::string describe() const;
    bool remote() const { return kind != Kind::Local; }
};

// The locations a --db value names, stubs expanded (recursively, relative
// paths resolved against the stub's directory). Throws IndexError for a
// missing path, an unreadable stub or a line refdex does not understand.
std::vector<ShardLocation> resolve_db_spec(const std::string& spec);

struct IndexSet {
    Xapian::Database db;                 // every shard, combined for searching
    std::vector<ShardLocation> shards;   // in add_database order
    std::vector<Xapian::Database> parts; // each shard alone (per-shard metadata)
    std::vector<std::size_t> part_specs; // per shard: which --db value (0, 1, ...) named it
    // File names whose records more than one --db holds. A refdex id is a
    // hash of the record and its file's name, so the same export indexed
    // into two indexes gives the same ids: such records are one record in
    // the collapsed results, and counted so.
    std::vector<std::string> shared_inputs;
    bool has_remote() const;
    // Every shard marks its duplicate-cluster members (cluster_count.h), and
    // no two --db values hold one file (whose records the marks would count
    // twice while collapsing shows them once).
    bool marks_duplicates() const;
    // Local shards, each with a current facet columns file: their columns.
    std::shared_ptr<const FacetColumnSet> facet_columns;
};

// Opens and checks every shard of every spec (IndexError on failure: no such
// index, not a refdex index, another schema version, cannot connect).
IndexSet open_indexes(const std::vector<std::string>& specs);

}  // namespace refdex
