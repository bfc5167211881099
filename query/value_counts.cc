#include "value_counts.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace refdex {

namespace {

constexpr std::size_t kInitialCells = 1024;

}  // namespace

ValueCounts::ValueCounts() : cells_(kInitialCells) {}

bool ValueCounts::same(const Cell& cell, std::uint64_t hash, std::string_view value) const {
    if (cell.hash != hash) return false;
    const std::string& stored = values_[cell.value];
    if (stored.size() != value.size()) return false;
    if (value.size() <= kHead) return std::memcmp(cell.head, value.data(), value.size()) == 0;
    return stored == value;
}

void ValueCounts::add(std::string_view value) {
    const std::uint64_t hash = std::hash<std::string_view>{}(value);
    const std::size_t mask = cells_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        Cell& cell = cells_[i];
        if (cell.count == 0) {
            cell.hash = hash;
            cell.count = 1;
            cell.value = static_cast<std::uint32_t>(values_.size());
            std::memcpy(cell.head, value.data(), std::min(value.size(), kHead));
            values_.emplace_back(value);
            if (values_.size() * 2 > cells_.size()) grow();
            return;
        }
        if (same(cell, hash, value)) {
            ++cell.count;
            return;
        }
    }
}

void ValueCounts::grow() {
    std::vector<Cell> old(cells_.size() * 2);
    old.swap(cells_);
    const std::size_t mask = cells_.size() - 1;
    for (const Cell& cell : old) {
        if (cell.count == 0) continue;
        std::size_t i = cell.hash & mask;
        while (cells_[i].count != 0) i = (i + 1) & mask;
        cells_[i] = cell;
    }
}

std::vector<FacetCount> ValueCounts::top(std::size_t limit) const {
    std::vector<const Cell*> filled;
    filled.reserve(values_.size());
    for (const Cell& cell : cells_)
        if (cell.count != 0) filled.push_back(&cell);
    const std::size_t keep = std::min(limit, filled.size());
    std::partial_sort(filled.begin(), filled.begin() + static_cast<std::ptrdiff_t>(keep), filled.end(),
                      [this](const Cell* a, const Cell* b) {
                          return a->count != b->count ? a->count > b->count : values_[a->value] < values_[b->value];
                      });
    std::vector<FacetCount> out;
    out.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i) out.push_back({values_[filled[i]->value], filled[i]->count});
    return out;
}

}  // namespace refdex
