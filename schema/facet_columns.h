// The facet columns: a cache beside each shard of an index (file
// kFacetColumnsFile in the shard's directory) holding, for every docid, the ordinal
// of each facet slot's value(s) in a sorted dictionary of that slot's values.
// Counting a facet over the matches is then an array increment per match
// instead of a value-stream read and a string lookup (Lucene's field caches
// play this part). refdex-index writes it after its final commit; readers use
// it only while it names the revision and UUID they have open, and otherwise
// read the value slots as before, so a stale, missing or damaged file can
// only cost time, never give a wrong count.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace refdex {

inline constexpr const char* kFacetColumnsFile = "refdex.facets";

// The slots that get a column, and whether each is multi-valued
// (schema::kListSeparator lists).
struct FacetColumnSlot {
    Xapian::valueno slot;
    bool multi;
};
const std::vector<FacetColumnSlot>& facet_column_slots();

// Writes the columns of `db` (at its current revision) to
// DIR/kFacetColumnsFile, through a temporary file and a rename. Throws
// std::runtime_error naming the file on failure.
void write_facet_columns(const Xapian::Database& db, const std::string& dir);
// The same after an index changed: the columns are a cache, so a failure is
// one warning line on `warnings` (queries then read the value slots).
void refresh_facet_columns(const Xapian::Database& db, const std::string& dir, std::ostream& warnings);

class FacetColumns {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    class Column {
    public:
        bool multi() const { return multi_; }
        std::uint32_t values() const { return values_; }
        // The value of an ordinal; ordinals follow the values' byte order.
        std::string_view value(std::uint32_t ordinal) const;
        // Single-valued: the docid's ordinal, or kNone.
        std::uint32_t ordinal(Xapian::docid did) const { return did <= last_docid_ ? ordinals_[did] : kNone; }
        // Multi-valued: the docid's distinct ordinals as [begin, end).
        std::pair<const std::uint32_t*, const std::uint32_t*> ordinals(Xapian::docid did) const;

    private:
        friend class FacetColumns;
        bool multi_ = false;
        std::uint32_t values_ = 0, last_docid_ = 0, ordinal_count_ = 0;
        const std::uint32_t* value_offsets_ = nullptr;  // values_ + 1
        const char* blob_ = nullptr;
        const std::uint32_t* doc_offsets_ = nullptr;    // multi: last_docid_ + 2
        const std::uint32_t* ordinals_ = nullptr;
    };

    // The columns of the index in `dir` if its file is readable and names the
    // revision and UUID `db` has open; nullptr otherwise.
    static std::shared_ptr<const FacetColumns> open(const std::string& dir, const Xapian::Database& db);
    ~FacetColumns();
    FacetColumns(const FacetColumns&) = delete;
    FacetColumns& operator=(const FacetColumns&) = delete;

    // Still the revision `db` has open (a reader reopens after a commit).
    bool current_for(const Xapian::Database& db) const;
    // nullptr when the slot has no column.
    const Column* column(Xapian::valueno slot) const;

private:
    FacetColumns() = default;
    void* map_ = nullptr;
    std::size_t size_ = 0;
    std::uint64_t revision_ = 0;
    std::string uuid_;
    std::uint32_t last_docid_ = 0;
    std::vector<std::pair<Xapian::valueno, Column>> columns_;
};

// The columns of every shard of a search, in the order the shards were
// added. Xapian 1.4 shows a match spy each shard's own docids, not the
// combined ones, so several shards are counted shard by shard
// (FacetCounter::count_shards).
class FacetColumnSet {
public:
    // nullptr unless every shard (opened as parts[i], directory dirs[i]) has
    // columns naming the revision it has open.
    static std::shared_ptr<const FacetColumnSet> open(const std::vector<std::string>& dirs,
                                                      const std::vector<Xapian::Database>& parts);
    // Every shard's columns still name the revision its part has open. The
    // parts share their state with the combined database a search reopens
    // (Database::add_database), so a reopen there is seen here.
    bool current() const;
    std::size_t shards() const { return shards_.size(); }
    const FacetColumns& shard(std::size_t i) const { return *shards_[i]; }
    const Xapian::Database& part(std::size_t i) const { return parts_[i]; }

private:
    std::vector<std::shared_ptr<const FacetColumns>> shards_;
    std::vector<Xapian::Database> parts_;
};

}  // namespace refdex
