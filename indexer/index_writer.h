// The one write path into a refdex index: replace_document on the record's
// unique "Q" term, so that writing the same record twice changes nothing.
// Also keeps duplicate clusters (nothing is ever deleted): write() files a
// new record as a cluster of its own, and recluster() runs the one,
// order-independent pass of dedup_pass.h over the whole index, which decides
// (all rules, vetoes, not-duplicate decisions). Readers between the commits
// of a long ingest see new records unclustered until the pass has run.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include <xapian.h>

#include "dedup_decisions.h"
#include "dedup_pass.h"
#include "document_builder.h"

namespace refdex {

// The index cannot be opened or created (fatal: exit code 1).
class IndexOpenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class WriteOutcome { Added, Unchanged };

struct WriteResult {
    WriteOutcome outcome = WriteOutcome::Added;
};

// Files a new record as a cluster of its own (what every write does until
// the clustering pass decides).
void mark_unclustered(Xapian::Document& doc, const std::string& id);

class IndexWriter {
public:
    // Opens or creates the glass database at `path`. Throws IndexOpenError
    // with a readable message (locked by another writer, wrong schema
    // version, not a directory, permission denied...).
    IndexWriter(const std::string& path, std::size_t batch_size);
    ~IndexWriter();  // commits what is pending

    WriteResult write(BuiltDocument&& built);
    // Makes everything written so far durable and visible to readers.
    void commit();
    // Remembers an input in the index metadata (for refdex-query --stats).
    void note_input(const std::string& path, const std::string& format, std::size_t records, std::size_t rejected);
    // Forgets the inputs whose file name (no directory) is `name`.
    void forget_inputs_named(const std::string& name);
    // The clustering pass over the whole index (see dedup_pass.h); the next
    // commit makes its result durable.
    ClusterPassResult recluster();
    // Records that two records are not duplicates (ids as resolve_record()
    // takes them); applied by the next recluster(). False if already known.
    // Throws NotDuplicateError for an unknown or ambiguous id.
    bool add_not_duplicate(const std::string& a, const std::string& b);
    // The open database, to combine several shards into one (sharded_index.h).
    Xapian::WritableDatabase& database() { return db_; }

private:
    void count_pending();  // one more change; commits every batch_size_ of them

    Xapian::WritableDatabase db_;
    std::size_t batch_size_;
    std::size_t pending_ = 0;
    std::chrono::steady_clock::time_point last_commit_ = std::chrono::steady_clock::now();
};

}  // namespace refdex
