// Runs a compiled query against an index: filters, facets, sorting, paging,
// duplicate collapsing, snippets. Produces a SearchResult that the
// formatters (format.h) print.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>

#include "query_compiler.h"
#include "record.h"
#include "stored_record.h"

namespace refdex {

class FacetColumnSet;

// The index is missing, not a refdex index, or of another schema version.
class IndexError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Opens an index (directory, stub file, sharded directory or tcp://HOST:PORT)
// for reading and checks each shard is a refdex index of our schema; several
// --db values go through open_indexes (index_set.h).
Xapian::Database open_index(const std::string& path);

enum class SortOrder { Relevance, YearAscending, YearDescending };

struct SearchRequest {
    std::string query;                    // refdex query language
    std::vector<std::string> filters;     // "year:2019..2021", "type:JOUR": OR within a field, AND across
    std::vector<std::string> facets;      // year type journal author keyword language source
    std::size_t facet_limit = 10;
    SortOrder sort = SortOrder::Relevance;
    std::size_t offset = 0;
    std::size_t limit = 10;
    bool all_duplicates = false;          // false: one hit per duplicate cluster
    std::size_t snippet_length = 240;     // bytes of abstract around the matches
    QueryOptions query_options;
    // Some shard is remote (IndexSet::has_remote()): facets then use only
    // match spies a stock xapian-tcpsrv knows (see facets.h).
    bool remote_shards = false;
    // Every shard marks its duplicate-cluster members (IndexSet::
    // marks_duplicates()): collapsed totals are then counted from those
    // members alone, and the page collapsed here instead of by Xapian.
    bool duplicate_marks = false;
    // The shards' facet columns (IndexSet::facet_columns): facets are
    // counted from them while they match the revisions searched.
    std::shared_ptr<const FacetColumnSet> facet_columns;
    // Screening aids: folded words marked in titles and snippets, in two
    // styles (see format.h). Not part of the query.
    std::vector<std::string> highlight_include;
    std::vector<std::string> highlight_exclude;
};

struct Hit {
    std::size_t rank = 0;        // 1-based, over the whole result list
    Xapian::docid docid = 0;
    double score = 0;            // BM25 weight (0 for non-ranked sorts)
    StoredRecord stored;         // the original record
    Record record;               // its canonical fields
    std::string snippet;         // abstract excerpt; matches between kMarkStart/kMarkEnd
    std::size_t duplicates = 0;  // other records in its duplicate cluster (collapsed)
    std::string cluster;         // cluster id
};
// Markers around highlighted words in Hit::snippet: the formatters turn them
// into bold (terminal), nothing (plain text, CSV) or keep them (JSON uses
// "**" – see format.cc).
inline constexpr const char* kMarkStart = "\x02";
inline constexpr const char* kMarkEnd = "\x03";

struct FacetCount {
    std::string value;
    std::size_t count = 0;
};
struct Facet {
    std::string name;
    std::vector<FacetCount> values;  // most frequent first (year: by year)
};

struct SearchResult {
    std::string query;
    std::size_t total = 0;       // matching records (clusters when collapsed)
    bool total_exact = true;
    std::size_t offset = 0, limit = 0;
    std::vector<Hit> hits;
    std::vector<Facet> facets;
    std::vector<std::string> explanation;
    std::string suggestion;      // "did you mean" query, when nothing matched
    // Where the result may differ from one merged index (refdex-query prints
    // them on stderr as "refdex-query: warning: ...").
    std::vector<std::string> warnings;
};

// Throws QueryError for a malformed query or filter, IndexError for a bad
// index. Retries on Xapian::DatabaseModifiedError (a writer committed).
SearchResult search(Xapian::Database& db, const SearchRequest& request);

// Names accepted by --facet.
const std::vector<std::string>& facet_names();

}  // namespace refdex
