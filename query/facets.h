// Facet counting over the whole match set. Single-valued slots use Xapian's
// ValueCountMatchSpy. Multi-valued slots (authors, keywords) hold a
// kListSeparator-joined list, counted once per distinct value per record:
//  - local shards only: MultiValueCountMatchSpy splits each record's list;
//  - with a remote shard: a stock xapian-tcpsrv knows no custom spy, so a
//    stock ValueCountMatchSpy counts whole lists and results() splits each
//    distinct list once, adding its count to each distinct value in it. Same
//    counts, but about twice the time when most records match (every list is
//    a key), so it is used only where it is needed.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "facet_columns.h"
#include "search.h"
#include "value_counts.h"

namespace refdex {

// Local shards only: a stock xapian-tcpsrv cannot run it. Counts go to a
// flat table (value_counts.h) looked up without copying each value, and
// top() picks the most frequent from it: the base class's std::map of
// strings cost half of a 3-facet query. (So the base class's own value lists
// stay empty.)
class MultiValueCountMatchSpy : public Xapian::ValueCountMatchSpy {
public:
    explicit MultiValueCountMatchSpy(Xapian::valueno slot) : Xapian::ValueCountMatchSpy(slot) {}
    void operator()(const Xapian::Document& doc, double weight) override;
    Xapian::MatchSpy* clone() const override;
    std::string name() const override { return "refdex.MultiValueCountMatchSpy"; }
    // The `limit` most frequent values, most frequent first, ties by value.
    std::vector<FacetCount> top(std::size_t limit) const;

private:
    ValueCounts counts_;
    std::vector<std::string_view> in_record_;  // values already counted for the current record
};

// Counts a facet from its column (facet_columns.h): an array increment per
// match. Local single-shard indexes only.
class ColumnCountMatchSpy : public Xapian::MatchSpy {
public:
    explicit ColumnCountMatchSpy(const FacetColumns::Column& column);
    void operator()(const Xapian::Document& doc, double weight) override;
    Xapian::MatchSpy* clone() const override { return new ColumnCountMatchSpy(column_); }
    std::string name() const override { return "refdex.ColumnCountMatchSpy"; }
    // The `limit` most frequent values, most frequent first, ties by value.
    std::vector<FacetCount> top(std::size_t limit) const;
    // Every value counted, in the values' byte order, with its count.
    std::vector<std::pair<std::string_view, std::size_t>> in_value_order() const;

private:
    const FacetColumns::Column& column_;
    std::vector<Xapian::doccount> counts_;  // by ordinal
};

// One spy per requested facet, registered on an Enquire; read back after
// get_mset(). Throws QueryError(0, ...) for an unknown facet name.
class FacetCounter {
public:
    // `remote_shards`: some shard is served by xapian-tcpsrv/progsrv.
    // `columns`: the shards' facet columns when current (else nullptr).
    FacetCounter(const std::vector<std::string>& names, std::size_t limit, bool remote_shards,
                 const FacetColumnSet* columns = nullptr);
    void attach(Xapian::Enquire& enquire);
    // With the columns of several shards: counts those facets over every
    // match of `query`, one unweighted pass per shard. Nothing otherwise.
    void count_shards(const Xapian::Query& query);
    // After get_mset() (and count_shards()).
    std::vector<Facet> results() const;

private:
    // ShardColumns: counted by count_shards(), not by a spy on the Enquire.
    enum class Kind { Column, ShardColumns, MultiValue, SplitOnClient, Stock };
    struct Entry {
        std::string name;
        Xapian::valueno slot;
        Kind kind;
        std::unique_ptr<Xapian::MatchSpy> spy;
        std::vector<std::pair<std::string_view, std::size_t>> merged;  // ShardColumns: in value order
    };
    std::vector<Entry> entries_;
    std::size_t limit_;
    const FacetColumnSet* columns_ = nullptr;
};

}  // namespace refdex
