// The one write path into a refdex index: replace_document on the record's
// unique "Q" term, so that writing the same record twice changes nothing.
// Also keeps duplicate clusters (nothing is ever deleted): write() puts a
// record sharing a DOI or PMID with indexed records in their cluster at once,
// so readers between commits see those; recluster() then runs the full,
// order-independent pass of dedup_pass.h over the index, which is what
// decides (all rules, vetoes, not-duplicate decisions).
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include <xapian.h>

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
    std::string cluster;   // cluster id joined ("" when the record is alone)
    std::string rule;      // "doi" or "pmid" when it joined a cluster (provisional until recluster())
};

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
    void note_input(const std::string& path, const std::string& format, std::size_t records);
    // The clustering pass over the whole index (see dedup_pass.h); the next
    // commit makes its result durable.
    ClusterPassResult recluster();
    // Records that two records are not duplicates (ids as resolve_record()
    // takes them); applied by the next recluster(). False if already known.
    // Throws NotDuplicateError for an unknown or ambiguous id.
    bool add_not_duplicate(const std::string& a, const std::string& b);

private:
    std::string find_cluster(const BuiltDocument& built, std::string& rule);
    void merge_clusters(const std::string& keep, const std::string& absorb);
    void set_cluster(Xapian::Document& doc, const std::string& cluster, const std::string& rule);

    Xapian::WritableDatabase db_;
    std::size_t batch_size_;
    std::size_t pending_ = 0;
};

}  // namespace refdex
