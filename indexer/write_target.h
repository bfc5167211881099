// Where the ingest pipeline's writer threads put built documents: a number
// of independent lanes, each written by exactly one thread. A sharded index
// has a lane per shard; a bulk build (bulk_build.h) a lane per writer
// thread, taking blocks of consecutive records in turn.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "document_builder.h"
#include "index_writer.h"

namespace refdex {

struct Route {
    std::size_t lane = 0;
    bool repeat = false;  // already written in this run: counts as unchanged, not written again
};

class WriteTarget {
public:
    virtual ~WriteTarget() = default;
    virtual std::size_t lanes() const = 0;
    // Built documents a lane's queue holds: enough to keep its writer busy
    // while the others get their share.
    virtual std::size_t lane_capacity() const = 0;
    // Called once per record, in input order (`sequence` rising), from one
    // thread at a time.
    virtual Route route(const std::string& id, std::uint64_t sequence) = 0;
    // Only ever called by the one thread that owns `lane`, in input order.
    virtual WriteResult write(std::size_t lane, std::uint64_t sequence, BuiltDocument&& built) = 0;
};

}  // namespace refdex
