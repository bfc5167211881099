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

// One spy per requested facet, registered on an Enquire; read back after
// get_mset(). Throws QueryError(0, ...) for an unknown facet name.
class FacetCounter {
public:
    // `remote_shards`: some shard is served by xapian-tcpsrv/progsrv.
    FacetCounter(const std::vector<std::string>& names, std::size_t limit, bool remote_shards);
    void attach(Xapian::Enquire& enquire);
    // After get_mset().
    std::vector<Facet> results() const;

private:
    struct Entry {
        std::string name;
        Xapian::valueno slot;
        bool multi;
        bool split_on_client;
        std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
    };
    std::vector<Entry> entries_;
    std::size_t limit_;
};

}  // namespace refdex
