// Facet counting over the whole match set. Single-valued slots use Xapian's
// ValueCountMatchSpy; multi-valued slots (authors, keywords) hold a
// kListSeparator-joined list, which MultiValueCountMatchSpy splits so each
// record counts once per distinct value.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "search.h"

namespace refdex {

class MultiValueCountMatchSpy : public Xapian::ValueCountMatchSpy {
public:
    explicit MultiValueCountMatchSpy(Xapian::valueno slot) : Xapian::ValueCountMatchSpy(slot) {}
    void operator()(const Xapian::Document& doc, double weight) override;
    Xapian::MatchSpy* clone() const override;
    std::string name() const override { return "refdex.MultiValueCountMatchSpy"; }
};

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
        std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
    };
    std::vector<Entry> entries_;
    std::size_t limit_;
};

}  // namespace refdex
