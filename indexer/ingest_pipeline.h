// The parallel half of an ingest: `jobs` threads build Xapian documents
// (each with its own DocumentBuilder: Xapian and ICU objects are not
// thread-safe), and one thread per lane of a WriteTarget writes them (a
// shard of a ShardedIndex, or a lane of a BulkBuild), routed by record id. Reading and mapping stay on the caller's
// thread, in input order, so diagnostics come out exactly as before; built
// documents reach the writers in that order too, so one input gives the same
// docids whatever the thread timing. Queues are bounded: memory does not
// grow with the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <condition_variable>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bounded_queue.h"
#include "document_builder.h"
#include "raw_record.h"
#include "record.h"
#include "write_target.h"
#include "written_log.h"

namespace refdex {

// What the writers did with one input file's records.
struct FileOutcome {
    std::size_t added = 0;
    std::size_t unchanged = 0;
};

class IngestPipeline {
public:
    // jobs >= 1 builder threads; one writer thread per lane of `target`.
    IngestPipeline(WriteTarget& target, std::size_t jobs);
    ~IngestPipeline();  // finish()es, swallowing errors
    IngestPipeline(const IngestPipeline&) = delete;
    IngestPipeline& operator=(const IngestPipeline&) = delete;

    // Queues one mapped, accepted record of input file number `file`
    // (0, 1, ... in the order files are read). Blocks while the queues are
    // full. Rethrows the first error a builder or writer hit.
    // `sequence` goes into schema::kSlotSequence.
    void submit(std::size_t file, std::uint64_t line, std::uint64_t sequence, RawRecord&& raw, Record&& record,
                std::string id);

    // Waits until everything submitted is written (not committed) and the
    // threads have ended; rethrows the first error. Idempotent.
    void finish();

    // After finish(): per file number, what was written.
    std::vector<FileOutcome>& outcomes() { return outcomes_; }

    // After finish(), once: every record of this run that is in the index
    // (added or unchanged), in input order. Read back from temporary files,
    // so memory does not grow with the number of records.
    void for_each_written(const std::function<void(const WrittenEntry&)>& visit);

private:
    struct Work {
        std::size_t file;
        std::uint64_t line;
        std::uint64_t sequence;
        RawRecord raw;
        Record record;
        std::string id;
    };
    struct Built {
        std::size_t file;
        std::uint64_t line;
        std::uint64_t sequence;
        BuiltDocument document;
        bool repeat = false;  // Route::repeat
    };

    void build_loop();
    void release_in_order(std::uint64_t sequence, Built&& built);
    void write_loop(std::size_t shard);
    void fail(std::exception_ptr error);
    void rethrow_failure();
    void stop_threads();

    WriteTarget& target_;
    BoundedQueue<Work> work_;
    std::vector<std::unique_ptr<BoundedQueue<Built>>> to_shard_;
    std::vector<std::vector<FileOutcome>> per_shard_;  // each writer its own: no locking
    std::vector<std::unique_ptr<WrittenLog>> written_;  // one per shard, in that shard's write order
    std::vector<FileOutcome> outcomes_;
    std::vector<std::thread> builders_, writers_;
    // Built documents waiting for an older one still being built.
    std::mutex order_mutex_;
    std::condition_variable order_cv_;
    std::map<std::uint64_t, Built> waiting_;
    std::uint64_t next_release_ = 0;
    bool order_started_ = false, order_closed_ = false;
    std::mutex failure_mutex_;
    std::exception_ptr failure_;
    bool finished_ = false;
};

}  // namespace refdex
