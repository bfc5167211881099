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

void write_stats(const Xapian::Database& db, const std::string& path, bool json, std::ostream& out) {
    struct FieldPrefix { const char* field; const char* prefix; };
    const FieldPrefix fields[] = {
        {"author words", schema::kAuthorText}, {"title words", schema::kTitleText},
        {"abstract words", schema::kAbstractText}, {"keyword words", schema::kKeywordText},
        {"journal words", schema::kJournalText}, {"authors (keys)", schema::kAuthorKey},
        {"keywords (whole)", schema::kKeyword}, {"journals", schema::kJournal},
        {"years", schema::kYear}, {"DOIs", schema::kDoi}, {"PMIDs", schema::kPmid},
        {"clusters (single records included)", schema::kCluster},
    };
    nlohmann::ordered_json j;
    j["path"] = path;
    j["documents"] = db.get_doccount();
    j["schema_version"] = db.get_metadata(schema::kMetaVersion);
    j["built"] = db.get_metadata(schema::kMetaBuilt);
    j["index_bytes"] = directory_bytes(path);
    nlohmann::ordered_json terms;
    for (const auto& f : fields) terms[f.field] = count_terms(db, f.prefix);
    j["distinct_terms"] = terms;
    nlohmann::json inputs = nlohmann::json::parse(db.get_metadata(schema::kMetaInputs), nullptr, false);
    j["inputs"] = inputs.is_discarded() ? nlohmann::json::object() : inputs;
    if (json) {
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return;
    }
    out << "index:           " << path << "\n"
        << "documents:       " << db.get_doccount() << "\n"
        << "schema version:  " << j["schema_version"].get<std::string>() << "\n"
        << "last built:      " << j["built"].get<std::string>() << "\n"
        << "size on disk:    " << (directory_bytes(path) + 512 * 1024) / (1024 * 1024) << " MiB\n"
        << "distinct terms:\n";
    for (const auto& [name, count] : terms.items()) out << "  " << name << ": " << count << "\n";
    out << "inputs:\n";
    if (inputs.is_object())
        for (const auto& [file, info] : inputs.items())
            out << "  " << file << " (" << info.value("format", "") << ", " << info.value("records", 0) << " records, "
                << info.value("indexed", "") << ")\n";
}

}  // namespace refdex
