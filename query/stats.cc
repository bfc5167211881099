#include "stats.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "schema.h"

namespace refdex {

namespace {

std::uintmax_t directory_bytes(const std::string& path) {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(path, ec); it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec)) total += it->file_size(ec);
    }
    return total;
}

// Distinct terms under a prefix. Single-letter prefixes never collide with
// the X... ones, and refdex has no unprefixed terms.
std::size_t count_terms(const Xapian::Database& db, const std::string& prefix) {
    std::size_t n = 0;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) ++n;
    return n;
}

}  // namespace

namespace {

// Built time, inputs and size summed or merged over the shards: metadata of a
// combined Xapian::Database comes from its first shard only.
struct ShardTotals {
    std::string built;                // the latest
    std::uintmax_t local_bytes = 0;   // remote shards' size is not visible from here
    nlohmann::json inputs = nlohmann::json::object();
    nlohmann::ordered_json shards = nlohmann::ordered_json::array();
};

ShardTotals shard_totals(const IndexSet& indexes) {
    ShardTotals t;
    for (std::size_t i = 0; i < indexes.parts.size(); ++i) {
        const Xapian::Database& part = indexes.parts[i];
        const ShardLocation& loc = indexes.shards[i];
        const std::string built = part.get_metadata(schema::kMetaBuilt);
        if (built > t.built) t.built = built;
        nlohmann::ordered_json shard;
        shard["location"] = loc.describe();
        shard["documents"] = part.get_doccount();
        shard["built"] = built;
        if (loc.remote()) {
            shard["index_bytes"] = nullptr;
        } else {
            const std::uintmax_t bytes = directory_bytes(loc.path);
            t.local_bytes += bytes;
            shard["index_bytes"] = bytes;
        }
        t.shards.push_back(std::move(shard));
        nlohmann::json inputs = nlohmann::json::parse(part.get_metadata(schema::kMetaInputs), nullptr, false);
        if (inputs.is_object()) t.inputs.update(inputs);
    }
    return t;
}

}  // namespace

void write_stats(const IndexSet& indexes, const std::string& label, bool json, std::ostream& out) {
    const Xapian::Database& db = indexes.db;
    struct FieldPrefix { const char* field; const char* prefix; };
    const FieldPrefix fields[] = {
        {"author words", schema::kAuthorText}, {"title words", schema::kTitleText},
        {"abstract words", schema::kAbstractText}, {"keyword words", schema::kKeywordText},
        {"journal words", schema::kJournalText}, {"authors (keys)", schema::kAuthorKey},
        {"keywords (whole)", schema::kKeyword}, {"journals", schema::kJournal},
        {"years", schema::kYear}, {"DOIs", schema::kDoi}, {"PMIDs", schema::kPmid},
        {"clusters (single records included)", schema::kCluster},
    };
    const ShardTotals totals = shard_totals(indexes);
    nlohmann::ordered_json j;
    j["path"] = label;
    j["documents"] = db.get_doccount();
    j["schema_version"] = db.get_metadata(schema::kMetaVersion);
    j["built"] = totals.built;
    j["index_bytes"] = totals.local_bytes;
    nlohmann::ordered_json terms;
    for (const auto& f : fields) terms[f.field] = count_terms(db, f.prefix);
    j["distinct_terms"] = terms;
    j["inputs"] = totals.inputs;
    j["shards"] = totals.shards;
    if (json) {
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return;
    }
    out << "index:           " << label << "\n"
        << "documents:       " << db.get_doccount() << "\n"
        << "schema version:  " << j["schema_version"].get<std::string>() << "\n"
        << "last built:      " << totals.built << "\n"
        << "size on disk:    " << (totals.local_bytes + 512 * 1024) / (1024 * 1024) << " MiB"
        << (indexes.has_remote() ? " (local shards only)" : "") << "\n";
    if (indexes.shards.size() > 1 || indexes.has_remote()) {
        out << "shards:\n";
        for (const auto& shard : totals.shards)
            out << "  " << shard["location"].get<std::string>() << ": " << shard["documents"].get<std::size_t>() << " documents\n";
    }
    out << "distinct terms:\n";
    for (const auto& [name, count] : terms.items()) out << "  " << name << ": " << count << "\n";
    out << "inputs:\n";
    for (const auto& [file, info] : totals.inputs.items())
        out << "  " << file << " (" << info.value("format", "") << ", " << info.value("records", 0) << " records, "
            << info.value("indexed", "") << ")\n";
}

}  // namespace refdex
