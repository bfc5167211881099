// The one write path into a refdex index: replace_document on the record's
// unique "Q" term, so that writing the same record twice changes nothing.
// Also keeps duplicate clusters: a record sharing a DOI or PMID with records
// already in the index joins their cluster (nothing is ever deleted).
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include <xapian.h>

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
    std::string rule;      // "doi" or "pmid" when it joined a cluster
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

private:
    std::string find_cluster(const BuiltDocument& built, std::string& rule);
    void merge_clusters(const std::string& keep, const std::string& absorb);
    void set_cluster(Xapian::Document& doc, const std::string& cluster, const std::string& rule);

    Xapian::WritableDatabase db_;
    std::size_t batch_size_;
    std::size_t pending_ = 0;
};

}  // namespace refdex
