#include "facet_columns.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "schema.h"

namespace refdex {

namespace {

constexpr char kMagic[8] = {'R', 'D', 'X', 'F', 'A', 'C', '0', '1'};

const std::vector<FacetColumnSlot> kSlots = {
    {schema::kSlotYear, false},     {schema::kSlotType, false},    {schema::kSlotJournal, false},
    {schema::kSlotLanguage, false}, {schema::kSlotSource, false},  {schema::kSlotAuthors, true},
    {schema::kSlotKeywords, true},
};

// The values a slot holds for one document: the whole value, or the
// distinct non-empty items of a list.
template <class Visit>
void for_each_item(std::string_view value, bool multi, Visit&& visit) {
    if (!multi) {
        if (!value.empty()) visit(value);
        return;
    }
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t end = value.find(schema::kListSeparator, start);
        if (end == std::string_view::npos) end = value.size();
        if (end > start) visit(value.substr(start, end - start));
        start = end + 1;
    }
}

class ColumnWriter {
public:
    ColumnWriter(std::ofstream& out, const std::string& path) : out_(out), path_(path) {}
    void u32(std::uint32_t v) { bytes(&v, sizeof v); }
    void u64(std::uint64_t v) { bytes(&v, sizeof v); }
    void u32s(const std::vector<std::uint32_t>& v) { bytes(v.data(), v.size() * sizeof(std::uint32_t)); }
    void text(std::string_view s) {
        bytes(s.data(), s.size());
        pad(s.size());
    }
    // After `size` bytes: keeps every array 4-byte aligned.
    void pad(std::uint64_t size) {
        static const char zeros[4] = {};
        bytes(zeros, (4 - size % 4) % 4);
    }
    void bytes(const void* data, std::size_t n) {
        out_.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
        if (!out_) throw std::runtime_error(path_ + ": cannot write the facet columns: " + std::strerror(errno));
    }

private:
    std::ofstream& out_;
    const std::string& path_;
};

// The distinct values of a slot, in first-seen order, as one byte arena
// plus offsets, found through an open-addressing table of their numbers:
// about 20 bytes per distinct value, where a set of strings took over 100
// (a million distinct authors cost 300 MB before).
class ValueDictionary {
public:
    static constexpr std::uint32_t kEmpty = 0xffffffffu;

    ValueDictionary() : offsets_{0}, table_(1024, kEmpty) {}
    std::size_t size() const { return offsets_.size() - 1; }
    std::string_view value(std::uint32_t id) const {
        return std::string_view(arena_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
    }
    std::uint32_t find_or_add(std::string_view v) {
        std::size_t i = slot_of(v);
        if (table_[i] != kEmpty) return table_[i];
        const auto id = static_cast<std::uint32_t>(size());
        arena_.append(v);
        offsets_.push_back(static_cast<std::uint32_t>(arena_.size()));
        table_[i] = id;
        if (size() * 2 > table_.size()) grow();
        return id;
    }
    std::uint32_t find(std::string_view v) const { return table_[slot_of(v)]; }

private:
    std::size_t slot_of(std::string_view v) const {
        const std::size_t mask = table_.size() - 1;
        std::size_t i = std::hash<std::string_view>{}(v) & mask;
        while (table_[i] != kEmpty && value(table_[i]) != v) i = (i + 1) & mask;
        return i;
    }
    void grow() {
        std::vector<std::uint32_t> old(table_.size() * 2, kEmpty);
        old.swap(table_);
        for (std::uint32_t id : old)
            if (id != kEmpty) table_[slot_of(value(id))] = id;
    }
    std::string arena_;
    std::vector<std::uint32_t> offsets_;
    std::vector<std::uint32_t> table_;
};

// Two passes over the slot's value stream, so that the per-document
// ordinals go straight to the file instead of being held (6 million at a
// million records): the first finds the values and how many each document
// has, the second writes each document's ordinals in the sorted dictionary.
void write_column(const Xapian::Database& db, const FacetColumnSlot& slot, Xapian::docid last, ColumnWriter& w) {
    ValueDictionary dictionary;
    std::vector<std::uint32_t> doc_offsets;  // multi only
    if (slot.multi) doc_offsets.assign(static_cast<std::size_t>(last) + 2, 0);
    std::vector<std::uint32_t> in_doc;
    auto items_of = [&](const std::string& value, auto&& id_of) {
        in_doc.clear();
        for_each_item(value, slot.multi, [&](std::string_view item) { in_doc.push_back(id_of(item)); });
        std::sort(in_doc.begin(), in_doc.end());
        in_doc.erase(std::unique(in_doc.begin(), in_doc.end()), in_doc.end());
    };
    for (auto v = db.valuestream_begin(slot.slot); v != db.valuestream_end(slot.slot); ++v) {
        items_of(*v, [&](std::string_view item) { return dictionary.find_or_add(item); });
        if (slot.multi) doc_offsets[v.get_docid() + 1] = static_cast<std::uint32_t>(in_doc.size());
    }
    std::uint64_t ordinal_count = 0;
    if (slot.multi) {
        for (std::size_t d = 1; d < doc_offsets.size(); ++d) {
            ordinal_count += doc_offsets[d];
            if (ordinal_count > 0xfffffff0u) throw std::runtime_error("too many facet values for one column");
            doc_offsets[d] = static_cast<std::uint32_t>(ordinal_count);
        }
    } else {
        ordinal_count = static_cast<std::uint64_t>(last) + 1;
    }
    // Ordinals follow the values' byte order: ties in a facet are then
    // broken by ordinal, and years come out oldest first.
    std::vector<std::uint32_t> sorted(dictionary.size());
    for (std::uint32_t i = 0; i < sorted.size(); ++i) sorted[i] = i;
    std::sort(sorted.begin(), sorted.end(),
              [&](std::uint32_t a, std::uint32_t b) { return dictionary.value(a) < dictionary.value(b); });
    std::vector<std::uint32_t> ordinal_of(dictionary.size());
    std::vector<std::uint32_t> value_offsets{0};
    std::uint64_t blob_size = 0;
    for (std::uint32_t k = 0; k < sorted.size(); ++k) {
        ordinal_of[sorted[k]] = k;
        blob_size += dictionary.value(sorted[k]).size();
        if (blob_size > 0xfffffff0u) throw std::runtime_error("too many facet value bytes for one column");
        value_offsets.push_back(static_cast<std::uint32_t>(blob_size));
    }
    w.u32(slot.slot);
    w.u32(slot.multi ? 1 : 0);
    w.u32(static_cast<std::uint32_t>(dictionary.size()));
    w.u32(static_cast<std::uint32_t>(blob_size));
    w.u32(static_cast<std::uint32_t>(ordinal_count));
    w.u32s(value_offsets);
    for (std::uint32_t id : sorted) w.bytes(dictionary.value(id).data(), dictionary.value(id).size());
    w.pad(blob_size);
    if (slot.multi) w.u32s(doc_offsets);
    // Second pass: the ordinals, docid by docid (kNone where a single-valued
    // slot is empty).
    Xapian::docid next = 0;
    for (auto v = db.valuestream_begin(slot.slot); v != db.valuestream_end(slot.slot); ++v) {
        const Xapian::docid did = v.get_docid();
        items_of(*v, [&](std::string_view item) { return ordinal_of[dictionary.find(item)]; });
        if (!slot.multi) {
            for (; next < did; ++next) w.u32(FacetColumns::kNone);
            w.u32(in_doc.empty() ? FacetColumns::kNone : in_doc.front());
            next = did + 1;
        } else {
            for (std::uint32_t o : in_doc) w.u32(o);
        }
    }
    if (!slot.multi)
        for (; next <= last; ++next) w.u32(FacetColumns::kNone);
}

// Reads the mapped file front to back; any overrun makes the file unusable.
class Cursor {
public:
    Cursor(const char* data, std::size_t size) : data_(data), size_(size) {}
    const char* take(std::size_t n) {
        if (n > size_ - at_) throw std::out_of_range("short facet columns file");
        const char* p = data_ + at_;
        at_ += (n + 3) / 4 * 4;
        if (at_ > size_) at_ = size_;
        return p;
    }
    std::uint32_t u32() { std::uint32_t v; std::memcpy(&v, take(4), 4); return v; }
    std::uint64_t u64() { std::uint64_t v; std::memcpy(&v, take(8), 8); return v; }
    const std::uint32_t* u32s(std::size_t n) {
        if (n > (size_ - at_) / 4) throw std::out_of_range("short facet columns file");
        return reinterpret_cast<const std::uint32_t*>(take(n * 4));
    }

private:
    const char* data_;
    std::size_t size_, at_ = 0;
};

}  // namespace

const std::vector<FacetColumnSlot>& facet_column_slots() { return kSlots; }

void write_facet_columns(const Xapian::Database& db, const std::string& dir) {
    const std::string path = dir + "/" + kFacetColumnsFile;
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error(temporary + ": cannot create the facet columns: " + std::strerror(errno));
        ColumnWriter w(out, temporary);
        const Xapian::docid last = db.get_lastdocid();
        w.bytes(kMagic, sizeof kMagic);
        w.u64(db.get_revision());
        const std::string uuid = db.get_uuid();
        w.u32(static_cast<std::uint32_t>(uuid.size()));
        w.text(uuid);
        w.u32(last);
        w.u32(static_cast<std::uint32_t>(kSlots.size()));
        for (const auto& slot : kSlots) write_column(db, slot, last, w);
        out.close();
        if (!out) throw std::runtime_error(temporary + ": cannot write the facet columns: " + std::strerror(errno));
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(temporary.c_str());
        throw std::runtime_error(path + ": cannot replace the facet columns: " + why);
    }
}

void refresh_facet_columns(const Xapian::Database& db, const std::string& dir, std::ostream& warnings) {
    const char* const fallback = " (facets will be counted from the value slots)\n";
    try {
        write_facet_columns(db, dir);
    } catch (const std::exception& e) {
        warnings << "refdex-index: warning: " << e.what() << fallback;
    } catch (const Xapian::Error& e) {
        warnings << "refdex-index: warning: facet columns of " << dir << ": " << e.get_description() << fallback;
    }
}

std::string_view FacetColumns::Column::value(std::uint32_t ordinal) const {
    if (ordinal >= values_) return {};
    const std::uint32_t begin = value_offsets_[ordinal], end = value_offsets_[ordinal + 1];
    if (begin > end || end > value_offsets_[values_]) return {};
    return {blob_ + begin, end - begin};
}

std::pair<const std::uint32_t*, const std::uint32_t*> FacetColumns::Column::ordinals(Xapian::docid did) const {
    if (did > last_docid_) return {nullptr, nullptr};
    const std::uint32_t begin = doc_offsets_[did], end = doc_offsets_[did + 1];
    if (begin > end || end > ordinal_count_) return {nullptr, nullptr};
    return {ordinals_ + begin, ordinals_ + end};
}

std::shared_ptr<const FacetColumns> FacetColumns::open(const std::string& dir, const Xapian::Database& db) {
    const std::string path = dir + "/" + kFacetColumnsFile;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    void* map = MAP_FAILED;
    if (::fstat(fd, &st) == 0 && st.st_size > 0)
        map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return nullptr;
    std::shared_ptr<FacetColumns> columns(new FacetColumns);
    columns->map_ = map;
    columns->size_ = static_cast<std::size_t>(st.st_size);
    try {
        Cursor in(static_cast<const char*>(map), columns->size_);
        if (std::memcmp(in.take(sizeof kMagic), kMagic, sizeof kMagic) != 0) return nullptr;
        columns->revision_ = in.u64();
        const std::uint32_t uuid_size = in.u32();
        columns->uuid_.assign(in.take(uuid_size), uuid_size);
        columns->last_docid_ = in.u32();
        if (!columns->current_for(db)) return nullptr;
        const std::uint32_t count = in.u32();
        for (std::uint32_t i = 0; i < count; ++i) {
            Column c;
            const Xapian::valueno slot = in.u32();
            c.multi_ = in.u32() != 0;
            c.values_ = in.u32();
            const std::uint32_t blob_size = in.u32();
            c.ordinal_count_ = in.u32();
            c.last_docid_ = columns->last_docid_;
            c.value_offsets_ = in.u32s(static_cast<std::size_t>(c.values_) + 1);
            if (c.value_offsets_[c.values_] != blob_size) return nullptr;
            c.blob_ = in.take(blob_size);
            if (c.multi_) {
                c.doc_offsets_ = in.u32s(static_cast<std::size_t>(c.last_docid_) + 2);
                c.ordinals_ = in.u32s(c.ordinal_count_);
            } else {
                if (c.ordinal_count_ != c.last_docid_ + 1) return nullptr;
                c.ordinals_ = in.u32s(c.ordinal_count_);
            }
            columns->columns_.emplace_back(slot, c);
        }
    } catch (const std::out_of_range&) {
        return nullptr;
    }
    return columns;
}

FacetColumns::~FacetColumns() {
    if (map_) ::munmap(map_, size_);
}

bool FacetColumns::current_for(const Xapian::Database& db) const {
    return db.get_revision() == revision_ && db.get_lastdocid() == last_docid_ && db.get_uuid() == uuid_;
}

const FacetColumns::Column* FacetColumns::column(Xapian::valueno slot) const {
    for (const auto& [s, c] : columns_)
        if (s == slot) return &c;
    return nullptr;
}

std::shared_ptr<const FacetColumnSet> FacetColumnSet::open(const std::vector<std::string>& dirs,
                                                           const std::vector<Xapian::Database>& parts) {
    if (dirs.empty() || dirs.size() != parts.size()) return nullptr;
    std::shared_ptr<FacetColumnSet> set(new FacetColumnSet);
    for (std::size_t i = 0; i < dirs.size(); ++i) {
        auto columns = FacetColumns::open(dirs[i], parts[i]);
        if (!columns) return nullptr;
        set->shards_.push_back(std::move(columns));
    }
    set->parts_ = parts;
    return set;
}

bool FacetColumnSet::current() const {
    for (std::size_t i = 0; i < shards_.size(); ++i)
        if (!shards_[i]->current_for(parts_[i])) return false;
    return true;
}

}  // namespace refdex
