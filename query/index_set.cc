#include "index_set.h"

#include "cluster_count.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "schema.h"
#include "search.h"

namespace refdex {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTcpScheme = "tcp://";
constexpr const char* kStubName = "XAPIANDB";
// A stub naming itself (directly or through others) must not loop forever.
constexpr int kMaxStubDepth = 8;
// Milliseconds: how long a remote shard may stay silent (per message), and
// how long connecting may take. Xapian's defaults, written out so the README
// can state them.
constexpr unsigned kRemoteTimeoutMs = 10000;
constexpr unsigned kRemoteConnectTimeoutMs = 10000;

bool parse_port(const std::string& text, unsigned& port) {
    if (text.empty() || text.size() > 5) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    port = static_cast<unsigned>(std::stoul(text));
    return port > 0 && port < 65536;
}

// "host:port" or "[v6addr]:port" into a Tcp location; false if malformed.
bool parse_host_port(const std::string& text, ShardLocation& loc) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (!parse_port(text.substr(colon + 1), loc.port)) return false;
    loc.kind = ShardLocation::Kind::Tcp;
    loc.host = host;
    return true;
}

bool is_stub_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

void expand(const std::string& spec, const std::string& origin, int depth, std::vector<ShardLocation>& out);

// One line of a Xapian stub file, in Xapian's own syntax: "auto PATH",
// "glass PATH", "remote HOST:PORT", "remote :PROGRAM ARGS"; '#' comments.
void expand_stub(const fs::path& stub, int depth, std::vector<ShardLocation>& out) {
    std::ifstream in(stub);
    if (!in) throw IndexError(stub.string() + ": cannot read stub file");
    const fs::path base = stub.parent_path();
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::string where = stub.string() + ":" + std::to_string(number);
        const auto space = line.find(' ');
        const std::string type = line.substr(0, space);
        const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
        if ((type == "auto" || type == "glass") && !rest.empty()) {
            fs::path p(rest);
            if (p.is_relative()) p = base / p;
            expand(p.string(), where, depth + 1, out);
        } else if (type == "remote" && !rest.empty() && rest[0] == ':') {
            ShardLocation loc;
            loc.kind = ShardLocation::Kind::Program;
            const auto args_at = rest.find(' ');
            loc.path = rest.substr(1, args_at == std::string::npos ? std::string::npos : args_at - 1);
            if (args_at != std::string::npos) loc.args = rest.substr(args_at + 1);
            loc.origin = where;
            out.push_back(std::move(loc));
        } else if (type == "remote") {
            ShardLocation loc;
            if (!parse_host_port(rest, loc)) throw IndexError(where + ": remote line needs HOST:PORT or :PROGRAM ARGS");
            loc.origin = where;
            out.push_back(std::move(loc));
        } else {
            throw IndexError(where + ": not a refdex index or stub file (expected 'auto PATH', 'glass PATH', "
                                     "'remote HOST:PORT' or 'remote :PROGRAM ARGS')");
        }
    }
}

void expand(const std::string& spec, const std::string& origin, int depth, std::vector<ShardLocation>& out) {
    const std::string from = origin.empty() ? "" : " (from " + origin + ")";
    if (depth > kMaxStubDepth) throw IndexError(spec + from + ": stub files nested too deeply (a loop?)");
    if (spec.rfind(kTcpScheme, 0) == 0) {
        ShardLocation loc;
        if (!parse_host_port(spec.substr(std::string(kTcpScheme).size()), loc))
            throw IndexError(spec + from + ": expected tcp://HOST:PORT");
        loc.origin = origin;
        out.push_back(std::move(loc));
        return;
    }
    std::error_code ec;
    const fs::path p(spec);
    if (!fs::exists(p, ec)) throw IndexError(spec + from + ": no such index (build one with refdex-index --db " + spec + ")");
    if (is_stub_file(p)) return expand_stub(p, depth, out);
    // A directory holding shards and a XAPIANDB stub (a sharded index) is
    // searched through its stub; a glass directory is one shard.
    if (!fs::exists(p / "iamglass", ec) && is_stub_file(p / kStubName)) return expand_stub(p / kStubName, depth, out);
    ShardLocation loc;
    loc.path = spec;
    loc.origin = origin;
    out.push_back(std::move(loc));
}

void check_schema(const Xapian::Database& db, const std::string& name) {
    const std::string version = db.get_metadata(schema::kMetaVersion);
    // Empty and unversioned: a refdex-index killed between creating the
    // database and its first commit. Nothing in it can be misread.
    if (version.empty() && db.get_doccount() == 0) return;
    if (version.empty()) throw IndexError(name + ": not a refdex index (Xapian database without refdex schema version)");
    if (version != std::to_string(schema::kVersion))
        throw IndexError(name + ": index has schema version " + version + " but this refdex-query reads version " +
                         std::to_string(schema::kVersion) + "; rebuild it with this refdex-index");
}

Xapian::Database open_local(const ShardLocation& loc) {
    std::error_code ec;
    if (!fs::is_directory(loc.path, ec)) throw IndexError(loc.describe() + ": not a refdex index (not a directory)");
    try {
        return Xapian::Database(loc.path);
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw IndexError(loc.describe() + ": not a refdex index (no Xapian database in it)");
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw IndexError(loc.describe() + ": not a refdex index (" + e.get_msg() + ")");
    }
}

Xapian::Database open_remote(const ShardLocation& loc) {
    try {
        if (loc.kind == ShardLocation::Kind::Tcp)
            return Xapian::Remote::open(loc.host, loc.port, kRemoteTimeoutMs, kRemoteConnectTimeoutMs);
        return Xapian::Remote::open(loc.path, loc.args, kRemoteTimeoutMs);
    } catch (const Xapian::NetworkError& e) {
        throw IndexError(loc.describe() + ": cannot reach remote shard (" + e.get_description() + ")");
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw IndexError(loc.describe() + ": remote shard cannot open its index (" + e.get_msg() + ")");
    }
}

}  // namespace

std::string ShardLocation::describe() const {
    std::string name;
    switch (kind) {
        case Kind::Local: name = path; break;
        case Kind::Tcp: name = kTcpScheme + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port); break;
        case Kind::Program: name = path + (args.empty() ? "" : " " + args); break;
    }
    return origin.empty() ? name : name + " (from " + origin + ")";
}

std::vector<ShardLocation> resolve_db_spec(const std::string& spec) {
    std::vector<ShardLocation> out;
    expand(spec, "", 0, out);
    if (out.empty()) throw IndexError(spec + ": stub file lists no index");
    return out;
}

bool IndexSet::has_remote() const {
    for (const auto& s : shards)
        if (s.remote()) return true;
    return false;
}

bool IndexSet::marks_duplicates() const {
    if (!shared_inputs.empty()) return false;
    for (const auto& part : parts)
        if (!refdex::marks_duplicates(part)) return false;
    return !parts.empty();
}

namespace {

// The file names (schema::kMetaInputs) that shards of different --db values
// both noted. Shards of one index never share a record.
std::vector<std::string> inputs_in_several_specs(const IndexSet& set) {
    std::map<std::string, std::set<std::size_t>> specs_of;
    for (std::size_t i = 0; i < set.parts.size(); ++i) {
        const auto inputs = nlohmann::json::parse(set.parts[i].get_metadata(schema::kMetaInputs), nullptr, false);
        if (!inputs.is_object()) continue;
        for (const auto& [path, input] : inputs.items())
            specs_of[std::filesystem::path(path).filename().string()].insert(set.part_specs[i]);
    }
    std::vector<std::string> shared;
    for (const auto& [name, specs] : specs_of)
        if (specs.size() > 1) shared.push_back(name);
    return shared;
}

}  // namespace

IndexSet open_indexes(const std::vector<std::string>& specs) {
    IndexSet set;
    for (std::size_t i = 0; i < specs.size(); ++i)
        for (auto& loc : resolve_db_spec(specs[i])) {
            Xapian::Database part = loc.remote() ? open_remote(loc) : open_local(loc);
            check_schema(part, loc.describe());
            set.db.add_database(part);
            set.parts.push_back(part);
            set.part_specs.push_back(i);
            set.shards.push_back(std::move(loc));
        }
    set.shared_inputs = inputs_in_several_specs(set);
    if (!set.has_remote()) {
        std::vector<std::string> dirs;
        for (const auto& shard : set.shards) dirs.push_back(shard.path);
        set.facet_columns = FacetColumnSet::open(dirs, set.parts);
    }
    return set;
}

}  // namespace refdex
