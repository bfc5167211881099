#include "compact.h"

#include <filesystem>

#include <xapian.h>

#include "index_writer.h"

namespace fs = std::filesystem;

namespace refdex {

void compact_index(const std::string& path) {
    const std::string fresh = path + ".compacting";
    const std::string old = path + ".old";
    std::error_code ec;
    fs::remove_all(fresh, ec);
    try {
        Xapian::Database(path).compact(fresh);
    } catch (const Xapian::Error& e) {
        fs::remove_all(fresh, ec);
        throw IndexOpenError(path + ": compaction failed (index unchanged): " + e.get_msg());
    }
    fs::remove_all(old, ec);
    fs::rename(path, old, ec);
    if (ec) throw IndexOpenError(path + ": cannot move the index aside to swap in its compacted copy: " + ec.message());
    fs::rename(fresh, path, ec);
    if (ec) {
        fs::rename(old, path);
        throw IndexOpenError(path + ": cannot swap in the compacted index: " + ec.message());
    }
    fs::remove_all(old, ec);
}

}  // namespace refdex
