#include "shard_layout.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "stable_hash.h"

namespace fs = std::filesystem;

namespace refdex {

namespace {

// One "BACKEND PATH" line of a stub; only local glass shards can be written.
std::string shard_path_from_stub_line(const std::string& dir, const std::string& line, std::size_t number) {
    std::istringstream in(line);
    std::string backend, rest;
    in >> backend;
    std::getline(in >> std::ws, rest);
    if (backend != "glass" && backend != "auto")
        throw std::runtime_error(dir + "/" + kStubFile + ":" + std::to_string(number) + ": refdex-index writes only local glass shards, not '" +
                                 backend + "'");
    if (rest.empty()) throw std::runtime_error(dir + "/" + kStubFile + ":" + std::to_string(number) + ": no path after '" + backend + "'");
    const fs::path p(rest);
    return p.is_absolute() ? p.string() : (fs::path(dir) / p).string();
}

}  // namespace

std::optional<ShardLayout> read_layout(const std::string& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return std::nullopt;
    const fs::path stub = fs::path(path) / kStubFile;
    if (!fs::exists(stub, ec)) {
        if (fs::is_empty(path, ec)) return std::nullopt;
        return ShardLayout{{path}, false};
    }
    std::ifstream in(stub);
    ShardLayout layout{{}, true};
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#') continue;
        layout.shard_paths.push_back(shard_path_from_stub_line(path, line, number));
    }
    if (layout.shard_paths.empty()) throw std::runtime_error(stub.string() + ": stub lists no database");
    return layout;
}

ShardLayout new_layout(const std::string& path, std::size_t shards) {
    if (shards <= 1) return ShardLayout{{path}, false};
    ShardLayout layout{{}, true};
    for (std::size_t k = 0; k < shards; ++k) layout.shard_paths.push_back((fs::path(path) / ("shard" + std::to_string(k))).string());
    return layout;
}

void write_stub(const std::string& path, const std::vector<std::string>& shard_dirs) {
    const fs::path stub = fs::path(path) / kStubFile;
    const fs::path temporary = fs::path(path) / (std::string(kStubFile) + ".new");
    {
        std::ofstream out(temporary, std::ios::trunc);
        for (const auto& dir : shard_dirs) out << "glass " << dir << "\n";
        out.flush();
        if (!out) throw std::runtime_error(temporary.string() + ": cannot write the shard list");
    }
    fs::rename(temporary, stub);  // atomic on POSIX: readers see the old or the new list
}

std::size_t shard_for(const std::string& id, std::size_t shards) {
    if (shards <= 1) return 0;
    return static_cast<std::size_t>(stable_hash(id) % shards);
}

ShardDocid split_docid(Xapian::docid combined, std::size_t shards) {
    return {static_cast<std::size_t>((combined - 1) % shards), static_cast<Xapian::docid>((combined - 1) / shards + 1)};
}

Xapian::docid combine_docid(ShardDocid where, std::size_t shards) {
    return static_cast<Xapian::docid>((where.local - 1) * shards + where.shard + 1);
}

}  // namespace refdex
