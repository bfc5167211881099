#include "input_paths.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "document_builder.h"
#include "normalise.h"
#include "schema.h"

namespace refdex {

namespace fs = std::filesystem;

namespace {

bool same_name(const std::string& path, const std::string& name) { return fold(source_name(path)) == fold(name); }

// The distinct files among the noted inputs named `name`, other than `path`
// (when given).
std::vector<std::string> other_files_named(const std::string& name, const std::vector<std::string>& noted,
                                           const std::string& path) {
    std::vector<std::string> files;
    for (const auto& n : noted) {
        if (n == "-" || !same_name(n, name) || (!path.empty() && same_input_file(n, path))) continue;
        bool known = false;
        for (const auto& f : files) known = known || same_input_file(f, n);
        if (!known) files.push_back(n);
    }
    return files;
}

bool exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(path, ec);
}

}  // namespace

std::vector<std::string> noted_inputs(const Xapian::Database& db) {
    std::vector<std::string> paths;
    const auto inputs = nlohmann::json::parse(db.get_metadata(schema::kMetaInputs), nullptr, false);
    if (inputs.is_object())
        for (const auto& item : inputs.items()) paths.push_back(item.key());
    return paths;
}

std::string noted_input_path(const std::string& path) {
    if (path == "-" || path.empty()) return path;
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    return ec ? path : absolute.lexically_normal().string();
}

bool same_input_file(const std::string& a, const std::string& b) {
    if (a == b) return true;
    if (a == "-" || b == "-") return false;
    std::error_code ec;
    if (exists(a) && exists(b)) return fs::equivalent(a, b, ec) && !ec;
    return noted_input_path(a) == noted_input_path(b);
}

std::string replace_conflict(const std::string& path, const std::vector<std::string>& noted) {
    const std::string name = source_name(path);
    const std::vector<std::string> others = other_files_named(name, noted, path);
    if (others.empty()) return {};
    for (const auto& other : others)
        if (exists(other)) return other + " is another file of the same name, whose records would go too";
    bool path_noted = false;
    for (const auto& n : noted) path_noted = path_noted || same_input_file(n, path);
    // One earlier file of this name, no longer there: the export moved.
    if (others.size() == 1 && !path_noted) return {};
    return "the index holds records of other files named " + name + " (" + others.front() +
           (others.size() > 1 ? ", …" : "") + "), which may be other exports";
}

std::string replaces_conflict(const std::string& name, const std::vector<std::string>& noted) {
    const std::vector<std::string> files = other_files_named(name, noted, "");
    if (files.size() <= 1) return {};
    return std::to_string(files.size()) + " files named " + name + " were indexed (" + files[0] + ", " + files[1] +
           (files.size() > 2 ? ", …" : "") + "); their records cannot be told apart";
}

}  // namespace refdex
