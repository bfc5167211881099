#include "index_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "document_builder.h"
#include "input_paths.h"
#include "normalise.h"
#include "schema.h"

namespace refdex {

namespace {

std::string now_iso8601() {
    std::time_t t = std::time(nullptr);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buffer;
}

// A kill while Xapian creates a database can leave its empty tables without
// the revision file (iamglass); Xapian then refuses both to open and to
// create there. Nothing was ever committed in such a directory, so its
// leftovers (the lock file, empty *.glass tables, the revision file
// Xapian 1.4 writes as v.tmp before renaming it to iamglass) are removed
// and the index is created afresh. Anything else
// missing its revision file is left alone for Xapian to report, and so is a
// directory whose lock another writer holds: it may be creating it now.
void clear_interrupted_creation(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec) || fs::exists(dir / "iamglass", ec) || fs::exists(dir / "XAPIANDB", ec)) return;
    std::vector<fs::path> leftovers;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const bool empty_table = name.size() > 6 && name.compare(name.size() - 6, 6, ".glass") == 0 &&
                                 entry.is_regular_file(ec) && entry.file_size(ec) == 0;
        if (!empty_table && name != "flintlock" && name != "v.tmp" && name != "iamglass.tmp") return;
        if (name != "flintlock") leftovers.push_back(entry.path());
    }
    if (leftovers.empty()) return;
    // Xapian's write lock is an fcntl lock on flintlock: a lock of ours
    // fails while another process holds it.
    const int fd = ::open((dir / "flintlock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) return;
    struct flock whole {};
    whole.l_type = F_WRLCK;
    whole.l_whence = SEEK_SET;
    if (::fcntl(fd, F_SETLK, &whole) == 0)
        for (const auto& file : leftovers) fs::remove(file, ec);
    ::close(fd);  // releases the lock
}

Xapian::WritableDatabase open_database(const std::string& path) {
    // Xapian creates the index directory but not its parents; the README
    // promises "created if missing" for the whole path.
    clear_interrupted_creation(path);
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
        std::filesystem::create_directories(parent, ec);
        if (ec) throw IndexOpenError(path + ": cannot create the folder " + parent.string() + ": " + ec.message());
    }
    try {
        return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexOpenError(path + ": index is locked by another refdex-index (only one writer at a time)");
    } catch (const Xapian::Error& e) {
        // "mkdir failed" alone does not say why: add the system's reason.
        std::string why = e.get_msg();
        if (const char* reason = e.get_error_string()) why += std::string(" (") + reason + ")";
        throw IndexOpenError(path + ": cannot open or create the index: " + why);
    }
}

}  // namespace

IndexWriter::IndexWriter(const std::string& path, std::size_t batch_size)
    : db_(open_database(path)), batch_size_(batch_size == 0 ? 1000 : batch_size) {
    const std::string version = db_.get_metadata(schema::kMetaVersion);
    if (version.empty() && db_.get_doccount() > 0)
        throw IndexOpenError(path + ": not a refdex index (documents without a refdex schema version)");
    if (!version.empty() && version != std::to_string(schema::kVersion))
        throw IndexOpenError(path + ": index has schema version " + version + ", this refdex-index writes version " +
                             std::to_string(schema::kVersion) + "; index into a new directory");
    // Only when missing: a change left pending is written when the database
    // closes, which must not happen after a bulk build swapped it away.
    if (version.empty()) db_.set_metadata(schema::kMetaVersion, std::to_string(schema::kVersion));
    // A new index is marked as refdex's at once: killed before its first
    // batch, it must still open as an (empty) refdex index.
    if (version.empty()) db_.commit();
}

IndexWriter::~IndexWriter() {
    // Only documents still pending: after the caller's final commit a second
    // one would just bump the revision.
    if (pending_ == 0) return;
    try {
        commit();
    } catch (const Xapian::Error&) {
        // Destructors must not throw; the caller commits explicitly on the
        // normal path and reports errors there.
    }
}

void IndexWriter::commit() {
    db_.set_metadata(schema::kMetaBuilt, now_iso8601());
    db_.commit();
    pending_ = 0;
    last_commit_ = std::chrono::steady_clock::now();
}

void IndexWriter::note_input(const std::string& path, const std::string& format, std::size_t records,
                             std::size_t rejected) {
    nlohmann::json inputs = nlohmann::json::parse(db_.get_metadata(schema::kMetaInputs), nullptr, false);
    if (!inputs.is_object()) inputs = nlohmann::json::object();
    // One entry per file: the same file under another spelling, or a file of
    // this name noted where it no longer is (moved), is this input now, so
    // PRISMA does not count its rejected records twice. Relative paths noted
    // by an older refdex are kept: their working directory is unknown.
    std::vector<std::string> gone;
    for (const auto& [noted, _] : inputs.items()) {
        std::error_code ec;
        const bool moved = std::filesystem::path(noted).is_absolute() && !std::filesystem::exists(noted, ec) &&
                           fold(source_name(noted)) == fold(source_name(path));
        if (same_input_file(noted, path) || moved) gone.push_back(noted);
    }
    for (const auto& noted : gone) inputs.erase(noted);
    inputs[noted_input_path(path)] = {{"format", format}, {"records", records}, {"rejected", rejected}, {"indexed", now_iso8601()}};
    db_.set_metadata(schema::kMetaInputs, inputs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void IndexWriter::forget_inputs_named(const std::string& name) {
    nlohmann::json inputs = nlohmann::json::parse(db_.get_metadata(schema::kMetaInputs), nullptr, false);
    if (!inputs.is_object()) return;
    std::vector<std::string> gone;
    for (const auto& [path, _] : inputs.items())
        if (fold(source_name(path)) == fold(name)) gone.push_back(path);
    if (gone.empty()) return;
    for (const auto& path : gone) inputs.erase(path);
    db_.set_metadata(schema::kMetaInputs, inputs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void mark_unclustered(Xapian::Document& doc, const std::string& id) {
    doc.add_boolean_term(schema::make_term(schema::kCluster, id));
    doc.add_value(schema::kSlotCluster, id);
    doc.add_value(schema::kSlotRule, "");
}

ClusterPassResult IndexWriter::recluster() { return run_cluster_pass(db_); }

bool IndexWriter::add_not_duplicate(const std::string& a, const std::string& b) {
    return refdex::add_not_duplicate(db_, a, b);
}

WriteResult IndexWriter::write(BuiltDocument&& built) {
    WriteResult result;
    const std::string id_term = schema::make_term(schema::kId, built.id);
    if (db_.term_exists(id_term)) {
        result.outcome = WriteOutcome::Unchanged;
        // The same record, read again from a re-export or a moved file: its
        // clustering stays, but where it is now (the file's path, its lines)
        // replaces where it was, so --duplicates and exports point at it.
        const Xapian::docid did = *db_.postlist_begin(id_term);
        Xapian::Document stored = db_.get_document(did);
        if (stored.get_data() != built.document.get_data()) {
            stored.set_data(built.document.get_data());
            db_.replace_document(did, stored);
            count_pending();
        }
        return result;
    }
    // Alone until the clustering pass at the end of the run (recluster())
    // decides, over the whole index, which records belong together.
    mark_unclustered(built.document, built.id);
    db_.replace_document(id_term, built.document);
    count_pending();
    return result;
}

void IndexWriter::count_pending() {
    // Readers keep their revision only until the next-but-one commit, so
    // commits at least a second apart give every query time to finish
    // (with --batch 50 heavy queries kept failing on DatabaseModifiedError).
    if (++pending_ >= batch_size_ && std::chrono::steady_clock::now() - last_commit_ >= std::chrono::seconds(1))
        commit();
}

}  // namespace refdex
