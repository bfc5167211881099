#include "facets.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "schema.h"

namespace refdex {

namespace {

struct FacetSlot {
    const char* name;
    Xapian::valueno slot;
    bool multi;
};
constexpr FacetSlot kFacetSlots[] = {
    {"year", schema::kSlotYear, false},         {"type", schema::kSlotType, false},
    {"journal", schema::kSlotJournal, false},   {"author", schema::kSlotAuthors, true},
    {"keyword", schema::kSlotKeywords, true},   {"language", schema::kSlotLanguage, false},
    {"source", schema::kSlotSource, false},
};

// Counts per value from counts per distinct list (see facets.h), most
// frequent first, ties by value, as ValueCountMatchSpy orders its top values.
std::vector<FacetCount> split_list_counts(const Xapian::ValueCountMatchSpy& spy, std::size_t limit) {
    std::map<std::string, std::size_t> counts;
    std::set<std::string> seen;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        const std::string list = *it;
        seen.clear();
        std::size_t start = 0;
        while (start <= list.size()) {
            std::size_t end = list.find(schema::kListSeparator, start);
            if (end == std::string::npos) end = list.size();
            std::string value = list.substr(start, end - start);
            if (!value.empty() && seen.insert(value).second) counts[value] += it.get_termfreq();
            start = end + 1;
        }
    }
    std::vector<FacetCount> out;
    out.reserve(counts.size());
    for (auto& [value, count] : counts) out.push_back({value, count});
    const std::size_t keep = std::min(limit, out.size());
    std::partial_sort(out.begin(), out.begin() + keep, out.end(), [](const FacetCount& a, const FacetCount& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    out.resize(keep);
    return out;
}

}  // namespace

const std::vector<std::string>& facet_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& f : kFacetSlots) n.push_back(f.name);
        return n;
    }();
    return names;
}

void MultiValueCountMatchSpy::operator()(const Xapian::Document& doc, double) {
    ++internal->total;
    const std::string list = doc.get_value(internal->slot);
    if (list.empty()) return;
    const std::string_view all(list);
    in_record_.clear();
    // A record lists a value once as a rule; a linear check is cheapest for
    // the usual dozen, a set past that (a record may carry 100,000 authors).
    std::unordered_set<std::string_view> many;
    std::size_t start = 0;
    while (start <= all.size()) {
        std::size_t end = all.find(schema::kListSeparator, start);
        if (end == std::string_view::npos) end = all.size();
        const std::string_view value = all.substr(start, end - start);
        start = end + 1;
        if (value.empty()) continue;
        if (in_record_.size() < 32) {
            if (std::find(in_record_.begin(), in_record_.end(), value) != in_record_.end()) continue;
            in_record_.push_back(value);
        } else {
            if (many.empty())
                many.insert(in_record_.begin(), in_record_.end());
            if (!many.insert(value).second) continue;
        }
        counts_.add(value);
    }
}

std::vector<FacetCount> MultiValueCountMatchSpy::top(std::size_t limit) const {
    return counts_.top(limit);
}

Xapian::MatchSpy* MultiValueCountMatchSpy::clone() const {
    return new MultiValueCountMatchSpy(internal->slot);
}

FacetCounter::FacetCounter(const std::vector<std::string>& names, std::size_t limit, bool remote_shards)
    : limit_(limit) {
    for (const auto& name : names) {
        const FacetSlot* found = nullptr;
        for (const auto& f : kFacetSlots)
            if (name == f.name) found = &f;
        if (!found) {
            std::string valid;
            for (const auto& f : kFacetSlots) valid += std::string(valid.empty() ? "" : ", ") + f.name;
            throw QueryError(0, "unknown facet '" + name + "' (facets: " + valid + ")");
        }
        const bool split = found->multi && remote_shards;
        Entry e{name, found->slot, found->multi, split, nullptr};
        if (found->multi && !split) e.spy = std::make_unique<MultiValueCountMatchSpy>(found->slot);
        else e.spy = std::make_unique<Xapian::ValueCountMatchSpy>(found->slot);
        entries_.push_back(std::move(e));
    }
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
    for (auto& e : entries_) enquire.add_matchspy(e.spy.get());
}

std::vector<Facet> FacetCounter::results() const {
    std::vector<Facet> out;
    for (const auto& e : entries_) {
        Facet facet{e.name, {}};
        if (e.slot == schema::kSlotYear) {
            // A histogram reads by year, oldest first, every year shown.
            for (auto it = e.spy->values_begin(); it != e.spy->values_end(); ++it) {
                if ((*it).empty()) continue;
                int year = static_cast<int>(Xapian::sortable_unserialise(*it));
                facet.values.push_back({std::to_string(year), it.get_termfreq()});
            }
        } else if (e.split_on_client) {
            facet.values = split_list_counts(*e.spy, limit_);
        } else if (e.multi) {
            facet.values = static_cast<const MultiValueCountMatchSpy&>(*e.spy).top(limit_);
        } else {
            for (auto it = e.spy->top_values_begin(limit_); it != e.spy->top_values_end(limit_); ++it)
                if (!(*it).empty()) facet.values.push_back({*it, it.get_termfreq()});
        }
        out.push_back(std::move(facet));
    }
    return out;
}

}  // namespace refdex
