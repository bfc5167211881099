// Facet counting over the whole match set, with stock ValueCountMatchSpy
// only: a stock xapian-tcpsrv knows no other spy, so facets stay exact over
// remote shards. Multi-valued slots (authors, keywords) hold a
// kListSeparator-joined list; the spy counts whole lists, and results()
// splits each distinct list once, adding its count to each distinct value in
// it — the same counts as splitting every record, since a record counts once
// per distinct value.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "search.h"

namespace refdex {

// One spy per requested facet, registered on an Enquire; read back after
// get_mset(). Throws QueryError(0, ...) for an unknown facet name.
class FacetCounter {
public:
    FacetCounter(const std::vector<std::string>& names, std::size_t limit);
    void attach(Xapian::Enquire& enquire);
    std::vector<Facet> results() const;

private:
    struct Entry {
        std::string name;
        Xapian::valueno slot;
        bool multi;
        std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
    };
    std::vector<Entry> entries_;
    std::size_t limit_;
};

}  // namespace refdex
