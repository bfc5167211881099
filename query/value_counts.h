// Counts per distinct string for facet spies that see every match: an
// open-addressing table of 32-byte cells, each holding the value's hash,
// count, length and first 16 bytes, so that counting a short value (an
// author key, a year) touches one cache line instead of a hash bucket, a
// node and its string. Longer values are compared in full as well.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "search.h"

namespace refdex {

class ValueCounts {
public:
    ValueCounts();
    void add(std::string_view value);
    // The `limit` most frequent values, most frequent first, ties by value.
    std::vector<FacetCount> top(std::size_t limit) const;
    std::size_t distinct() const { return values_.size(); }

private:
    static constexpr std::size_t kHead = 16;
    struct Cell {
        std::uint64_t hash = 0;
        std::uint32_t count = 0;  // 0: empty
        std::uint32_t value = 0;  // index into values_
        char head[kHead] = {};
    };
    bool same(const Cell& cell, std::uint64_t hash, std::string_view value) const;
    void grow();

    std::vector<Cell> cells_;          // a power of two, at most half full
    std::vector<std::string> values_;  // in first-seen order
};

}  // namespace refdex
