// Reads every input (files, directories, "-" for stdin), maps and writes
// each record, and accounts for every one in an IngestReport.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "raw_record.h"

namespace refdex {

struct FileReport {
    std::string path;
    std::string format;     // "ris", "medline", "wos"; "" if never read
    std::string encoding;
    std::size_t records = 0;     // = added + unchanged + rejected
    std::size_t added = 0;
    std::size_t unchanged = 0;
    std::size_t duplicates = 0;  // records of this run in a cluster with another record (after the clustering pass)
    std::size_t rejected = 0;
    bool unreadable = false;     // the file could not be opened or read
    // Another input of the same file name (read earlier in this run or noted
    // in the index): PRISMA counts both as one source. "" when there is none.
    std::string same_name_as;
    // Records of this file's name that the index holds beyond this read's
    // (added + unchanged): an earlier version's records that this version
    // changed or dropped. They stay indexed and counted by PRISMA.
    std::size_t earlier_versions = 0;
    // --replace: records of an earlier version of this file removed (they
    // are no longer in it, or changed), and why none were when that was
    // refused ("" otherwise).
    std::size_t earlier_versions_removed = 0;
    std::string not_replaced_because;
    // --replaces NAME: the file name whose records this file replaced
    // (counted in earlier_versions_removed); "" otherwise.
    std::string replaces;
    Diagnostics diagnostics;
};

struct IngestReport {
    std::vector<FileReport> files;
    std::size_t skipped_files = 0;  // files in directories with other extensions
    bool interrupted = false;
    FileReport totals() const;
    // Exit code per the contract: 0 all read, 3 some input unreadable or rejected
    // (or interrupted).
    int exit_code() const;
};

struct IngestOptions {
    std::string db_path;                 // ignored when dry_run
    std::optional<InputFormat> format;   // --format; detected per file otherwise
    bool dry_run = false;
    std::size_t batch_size = 1000;       // records per commit, per shard
    std::size_t jobs = 0;                // document-building threads; 0: one per core
    std::size_t shards = 0;              // 0: as the index has (1 for a new index)
    // Write straight into the index, committing every batch_size records, even
    // when it is new or empty (which is otherwise built by a BulkBuild: faster,
    // but nothing is visible to readers before the end of the run).
    bool incremental = false;
    // --replace: each input is a new version of the export of its file name;
    // the index's records of that name that it no longer holds are removed.
    bool replace = false;
    // --replaces NAME: the one input is a new version of the export indexed
    // under file name NAME; every record of NAME is removed (with replace).
    std::string replaces;
    std::size_t part_records = 0;        // records per temporary part of a bulk build; 0: the default
    // Set from a signal handler: stop after the current record, commit, report.
    const std::atomic<bool>* stop = nullptr;
    // Called now and then with (records so far, bytes so far) for progress.
    std::function<void(std::uint64_t, std::uint64_t)> progress;
};

// Document-building threads when --jobs is not given: the number of cores.
std::size_t default_jobs();

// Throws IndexOpenError if the index cannot be opened, ShardCountError if
// options.shards contradicts it (nothing is read then).
IngestReport ingest(const std::vector<std::string>& inputs, const IngestOptions& options);

// The files an input names: itself, or for a directory every file below it
// with a bibliographic extension (.ris .txt .nbib .medline .isi .ciw), sorted.
std::vector<std::string> expand_input(const std::string& input, std::size_t& skipped);

}  // namespace refdex
