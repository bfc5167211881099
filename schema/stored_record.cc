#include "stored_record.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace refdex {

std::string serialise_record(const StoredRecord& record) {
    nlohmann::json tags = nlohmann::json::array();
    for (const auto& f : record.raw.fields) tags.push_back({f.tag, f.value, f.line});
    nlohmann::json j = {
        {"v", 1},
        {"id", record.id},
        {"file", record.raw.source_file},
        {"line", record.raw.line},
        {"format", format_name(record.raw.format)},
        {"tags", std::move(tags)},
    };
    // Replace, not throw, on invalid UTF-8: the reader already decoded the
    // input, so this only guards against a bug costing a whole batch.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StoredRecord parse_stored_record(const std::string& data) {
    nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("tags"))
        throw std::runtime_error("document data is not a refdex record");
    StoredRecord out;
    out.id = j.value("id", "");
    out.raw.source_file = j.value("file", "");
    out.raw.line = j.value("line", std::uint64_t{0});
    parse_format_name(j.value("format", "ris"), out.raw.format);
    for (const auto& t : j["tags"]) {
        if (!t.is_array() || t.size() < 2) continue;
        out.raw.fields.push_back({t[0].get<std::string>(), t[1].get<std::string>(),
                                  t.size() > 2 ? t[2].get<std::uint64_t>() : 0});
    }
    return out;
}

}  // namespace refdex
