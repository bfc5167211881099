#include "facets.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <unordered_set>

#include "normalise.h"
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

// Values of a single-valued facet that differ only in case or accents
// ("PLoS ONE", "PloS one", "PLOS ONE") are one value, as a search or filter
// on them is: counted together under their commonest spelling. A record has
// one such value, so the sums are exact. The `limit` commonest, ties by value.
std::vector<FacetCount> group_spellings(const std::vector<FacetCount>& all, std::size_t limit) {
    struct Group {
        std::size_t count = 0;
        std::string shown;
        std::size_t shown_count = 0;
    };
    std::map<std::string, Group> groups;
    for (const FacetCount& v : all) {
        Group& g = groups[fold(v.value)];
        g.count += v.count;
        if (v.count > g.shown_count || (v.count == g.shown_count && v.value < g.shown)) {
            g.shown = v.value;
            g.shown_count = v.count;
        }
    }
    std::vector<FacetCount> out;
    out.reserve(groups.size());
    for (auto& [key, g] : groups) out.push_back({std::move(g.shown), g.count});
    const std::size_t keep = std::min(limit, out.size());
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(),
                      [](const FacetCount& a, const FacetCount& b) {
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

ColumnCountMatchSpy::ColumnCountMatchSpy(const FacetColumns::Column& column)
    : column_(column), counts_(column.values(), 0) {}

void ColumnCountMatchSpy::operator()(const Xapian::Document& doc, double) {
    const Xapian::docid did = doc.get_docid();
    if (column_.multi()) {
        for (auto [at, end] = column_.ordinals(did); at != end; ++at)
            if (*at < counts_.size()) ++counts_[*at];
    } else {
        const std::uint32_t ordinal = column_.ordinal(did);
        if (ordinal < counts_.size()) ++counts_[ordinal];
    }
}

std::vector<FacetCount> ColumnCountMatchSpy::top(std::size_t limit) const {
    // Ordinals follow the values' byte order, so ties by ordinal are ties by value.
    std::vector<std::uint32_t> counted;
    for (std::uint32_t i = 0; i < counts_.size(); ++i)
        if (counts_[i] != 0) counted.push_back(i);
    const std::size_t keep = std::min(limit, counted.size());
    std::partial_sort(counted.begin(), counted.begin() + static_cast<std::ptrdiff_t>(keep), counted.end(),
                      [this](std::uint32_t a, std::uint32_t b) { return counts_[a] != counts_[b] ? counts_[a] > counts_[b] : a < b; });
    std::vector<FacetCount> out;
    out.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i) out.push_back({std::string(column_.value(counted[i])), counts_[counted[i]]});
    return out;
}

std::vector<std::pair<std::string_view, std::size_t>> ColumnCountMatchSpy::in_value_order() const {
    std::vector<std::pair<std::string_view, std::size_t>> out;
    for (std::uint32_t i = 0; i < counts_.size(); ++i)
        if (counts_[i] != 0) out.emplace_back(column_.value(i), counts_[i]);
    return out;
}

namespace {

// Two lists of (value, count) in value order, as one.
std::vector<std::pair<std::string_view, std::size_t>> merge_counts(
    const std::vector<std::pair<std::string_view, std::size_t>>& a,
    const std::vector<std::pair<std::string_view, std::size_t>>& b) {
    std::vector<std::pair<std::string_view, std::size_t>> out;
    out.reserve(a.size() + b.size());
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) out.push_back(a[i++]);
        else if (i == a.size() || b[j].first < a[i].first) out.push_back(b[j++]);
        else {
            out.emplace_back(a[i].first, a[i].second + b[j].second);
            ++i;
            ++j;
        }
    }
    return out;
}

// The `limit` most frequent of `counts` (in value order), ties by value.
std::vector<FacetCount> top_counts(const std::vector<std::pair<std::string_view, std::size_t>>& counts, std::size_t limit) {
    std::vector<std::size_t> order(counts.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const std::size_t keep = std::min(limit, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                      [&](std::size_t a, std::size_t b) { return counts[a].second != counts[b].second ? counts[a].second > counts[b].second : a < b; });
    std::vector<FacetCount> out;
    out.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i) out.push_back({std::string(counts[order[i]].first), counts[order[i]].second});
    return out;
}

}  // namespace

FacetCounter::FacetCounter(const std::vector<std::string>& names, std::size_t limit, bool remote_shards,
                           const FacetColumnSet* columns)
    : limit_(limit), columns_(remote_shards ? nullptr : columns) {
    for (const auto& name : names) {
        const FacetSlot* found = nullptr;
        for (const auto& f : kFacetSlots)
            if (name == f.name) found = &f;
        if (!found) {
            std::string valid;
            for (const auto& f : kFacetSlots) valid += std::string(valid.empty() ? "" : ", ") + f.name;
            throw QueryError(0, "unknown facet '" + name + "' (facets: " + valid + ")");
        }
        // Columns only when every shard has one for the slot.
        bool columned = columns_ != nullptr;
        for (std::size_t k = 0; columned && k < columns_->shards(); ++k) {
            const FacetColumns::Column* column = columns_->shard(k).column(found->slot);
            columned = column && column->multi() == found->multi;
        }
        Entry e{name, found->slot, Kind::Stock, nullptr, {}};
        if (columned && columns_->shards() == 1) {
            e.kind = Kind::Column;
            e.spy = std::make_unique<ColumnCountMatchSpy>(*columns_->shard(0).column(found->slot));
        } else if (columned) {
            e.kind = Kind::ShardColumns;
        } else if (found->multi && remote_shards) {
            e.kind = Kind::SplitOnClient;
            e.spy = std::make_unique<Xapian::ValueCountMatchSpy>(found->slot);
        } else if (found->multi) {
            e.kind = Kind::MultiValue;
            e.spy = std::make_unique<MultiValueCountMatchSpy>(found->slot);
        } else {
            e.spy = std::make_unique<Xapian::ValueCountMatchSpy>(found->slot);
        }
        entries_.push_back(std::move(e));
    }
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
    for (auto& e : entries_)
        if (e.spy) enquire.add_matchspy(e.spy.get());
}

void FacetCounter::count_shards(const Xapian::Query& query) {
    if (!columns_ || columns_->shards() < 2) return;
    for (std::size_t k = 0; k < columns_->shards(); ++k) {
        // A spy sees this shard's own docids, which its columns are keyed by.
        Xapian::Enquire enquire(columns_->part(k));
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        std::vector<std::pair<Entry*, std::unique_ptr<ColumnCountMatchSpy>>> spies;
        for (auto& e : entries_) {
            if (e.kind != Kind::ShardColumns) continue;
            spies.emplace_back(&e, std::make_unique<ColumnCountMatchSpy>(*columns_->shard(k).column(e.slot)));
            enquire.add_matchspy(spies.back().second.get());
        }
        if (spies.empty()) return;
        enquire.get_mset(0, 0, columns_->part(k).get_doccount());
        for (auto& [entry, spy] : spies) entry->merged = merge_counts(entry->merged, spy->in_value_order());
    }
}

std::vector<Facet> FacetCounter::results() const {
    std::vector<Facet> out;
    for (const auto& e : entries_) {
        Facet facet{e.name, {}};
        const bool year = e.slot == schema::kSlotYear;
        const bool single = e.slot != schema::kSlotAuthors && e.slot != schema::kSlotKeywords;
        // Single-valued facets are counted whole, then their spellings grouped.
        const std::size_t limit = single && !year ? std::numeric_limits<std::size_t>::max() : limit_;
        auto year_of = [](std::string_view serialised) {
            return std::to_string(static_cast<int>(Xapian::sortable_unserialise(std::string(serialised))));
        };
        switch (e.kind) {
            case Kind::Column: {
                const auto& spy = static_cast<const ColumnCountMatchSpy&>(*e.spy);
                // A histogram reads by year, oldest first, every year shown.
                if (year) {
                    for (const auto& [value, count] : spy.in_value_order()) facet.values.push_back({year_of(value), count});
                } else {
                    facet.values = spy.top(limit);
                }
                break;
            }
            case Kind::ShardColumns:
                if (year) {
                    for (const auto& [value, count] : e.merged) facet.values.push_back({year_of(value), count});
                } else {
                    facet.values = top_counts(e.merged, limit);
                }
                break;
            case Kind::MultiValue:
                facet.values = static_cast<const MultiValueCountMatchSpy&>(*e.spy).top(limit);
                break;
            case Kind::SplitOnClient:
                facet.values = split_list_counts(static_cast<const Xapian::ValueCountMatchSpy&>(*e.spy), limit);
                break;
            case Kind::Stock: {
                const auto& spy = static_cast<const Xapian::ValueCountMatchSpy&>(*e.spy);
                if (year) {
                    for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
                        if (!(*it).empty()) facet.values.push_back({year_of(*it), it.get_termfreq()});
                } else {
                    if (single) {
                        for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
                            if (!(*it).empty()) facet.values.push_back({*it, it.get_termfreq()});
                    } else {
                        for (auto it = spy.top_values_begin(limit_); it != spy.top_values_end(limit_); ++it)
                            if (!(*it).empty()) facet.values.push_back({*it, it.get_termfreq()});
                    }
                }
                break;
            }
        }
        if (single && !year) facet.values = group_spellings(facet.values, limit_);
        out.push_back(std::move(facet));
    }
    return out;
}

}  // namespace refdex
