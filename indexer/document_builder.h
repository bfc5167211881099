// Record -> Xapian::Document, following schema.h. Not thread-safe (it owns
// a TermGenerator); build one per thread. A built document is the caller's
// alone: the builder keeps no reference to it, so it may move to another
// thread.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "raw_record.h"
#include "record.h"

namespace refdex {

struct BuiltDocument {
    Xapian::Document document;
    std::string id;        // refdex record id, also the "Q" term
    std::string doi;       // normalised, "" if none: duplicate clustering keys
    std::string pmid;
};

// The refdex id of a record: a hash of its content (every tag and value in
// order) and its file's name, plus `occurrence` for identical records in
// one file. Indexing the same file again gives the same ids.
std::string record_id(const RawRecord& raw, unsigned occurrence);

// What a record keeps of its input's path (schema::kSource, kSlotSource):
// the file name, so that moving a folder changes nothing; "stdin" for "-".
std::string source_name(const std::string& path);

class DocumentBuilder {
public:
    DocumentBuilder();
    BuiltDocument build(const RawRecord& raw, const Record& record, const std::string& id);

private:
    void index_authors(Xapian::Document& doc, const Record& record);
    void index_keywords(Xapian::Document& doc, const Record& record);
    // Each value's words under `prefix`, a kValueGap after each.
    void index_words(const std::vector<std::string>& values, const char* prefix);
    Xapian::TermGenerator generator_;
    Xapian::Document detached_;  // what generator_ points at between builds
};

// Gap left between values of one field (authors, keywords) so that a phrase
// or NEAR query cannot match across two of them.
inline constexpr Xapian::termpos kValueGap = 100;

}  // namespace refdex
